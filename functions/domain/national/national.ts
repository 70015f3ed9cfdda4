import type { RegionCode } from '../../../events/reference.js';
import type { RolloutEvent, WavePlanEvent } from '../../../events/rollout/index.js';
import type { ProgramEdition, WaveStartRule } from '../../../events/rollout/schemas.js';
import { wavePlanStreamId } from '../ids.js';
import { phaseIndex, rolloutStreamId } from '../rollout/rollout.js';
import { assertNever, type CommandContext, type Decider, type Fold } from '../shared/decider.js';
import { domainError } from '../shared/errors.js';
import type { ConfigureWavePlan, StartNextWave, WavePlanCommand } from './commands.js';

export { wavePlanStreamId };

/** A region whose wave has started, with the id its rollout is launched under. */
export interface StartedWave {
  readonly regionCode: RegionCode;
  readonly rolloutId: string;
}

/** A configured plan: the order of regions, the rule for the next wave, the waves started in order. */
export interface ConfiguredWavePlan {
  readonly status: 'configured';
  readonly edition: ProgramEdition;
  readonly regions: readonly RegionCode[];
  readonly nextWaveRule: WaveStartRule;
  readonly started: readonly StartedWave[];
}

export type WavePlanState = { readonly status: 'unplanned' } | ConfiguredWavePlan;

export const initialState = (): WavePlanState => ({ status: 'unplanned' });

const WAVE_PLAN_TYPES: ReadonlySet<string> = new Set<WavePlanEvent['type']>([
  'WavePlanConfigured',
  'WaveStarted',
]);
const isWavePlanEvent = (event: RolloutEvent): event is WavePlanEvent => WAVE_PLAN_TYPES.has(event.type);

/** Applies one event; events of other aggregates of the area leave the state unchanged. */
export const evolve = (state: WavePlanState, event: RolloutEvent): WavePlanState => {
  if (!isWavePlanEvent(event)) return state;
  switch (event.type) {
    case 'WavePlanConfigured':
      return {
        status: 'configured',
        edition: event.data.edition,
        regions: event.data.regions,
        nextWaveRule: event.data.nextWaveRule,
        started: state.status === 'configured' ? state.started : [],
      };
    case 'WaveStarted':
      // A wave starts only under a configured plan in a well-formed stream.
      if (state.status !== 'configured') return state;
      return {
        ...state,
        started: [...state.started, { regionCode: event.data.regionCode, rolloutId: event.data.rolloutId }],
      };
    default:
      return assertNever(event);
  }
};

const sameRule = (left: WaveStartRule, right: WaveStartRule): boolean =>
  left.kind === right.kind &&
  (left.kind === 'ministry-decision' ||
    (right.kind === 'previous-reached-phase' && left.phase === right.phase));

const configure = ({ data }: ConfigureWavePlan, state: WavePlanState): WavePlanEvent[] => {
  if (data.regions.length === 0) {
    throw domainError('invalid', 'WAVE_PLAN_EMPTY', 'A wave plan names at least one region.');
  }
  const duplicated = data.regions.filter((region, index) => data.regions.indexOf(region) !== index);
  if (duplicated.length > 0) {
    throw domainError('invalid', 'WAVE_PLAN_REGION_DUPLICATED', 'A region appears once in a wave plan.', {
      duplicated: [...new Set(duplicated)],
    });
  }
  if (state.status === 'configured') {
    if (state.edition !== data.edition) {
      throw domainError('conflict', 'WAVE_PLAN_EDITION_MISMATCH', 'This plan belongs to another edition.', {
        edition: state.edition,
        requested: data.edition,
      });
    }
    // The order of waves is data the ministry may change, but not for the waves already started.
    const keepsStartedWaves = state.started.every((wave, index) => data.regions[index] === wave.regionCode);
    if (!keepsStartedWaves) {
      throw domainError(
        'conflict',
        'WAVE_PLAN_REWRITES_STARTED_WAVES',
        'A new order must begin with the regions already started, in the order they started.',
        { started: state.started.map((wave) => wave.regionCode), requested: data.regions },
      );
    }
    const unchanged =
      state.regions.length === data.regions.length &&
      state.regions.every((region, index) => data.regions[index] === region) &&
      sameRule(state.nextWaveRule, data.nextWaveRule);
    if (unchanged) return [];
  }
  return [
    {
      type: 'WavePlanConfigured',
      data: { edition: data.edition, regions: data.regions, nextWaveRule: data.nextWaveRule },
    },
  ];
};

const requireMinistry = (context: CommandContext, regionCode: RegionCode): void => {
  if (context.actor.role !== 'ministry') {
    throw domainError(
      'forbidden',
      'WAVE_START_NEEDS_MINISTRY_DECISION',
      "This wave starts on the ministry's decision.",
      { regionCode, actorRole: context.actor.role },
    );
  }
};

const startNext = (
  { data, facts }: StartNextWave,
  state: WavePlanState,
  context: CommandContext,
): WavePlanEvent[] => {
  if (state.status !== 'configured') {
    throw domainError(
      'not-found',
      'WAVE_PLAN_NOT_CONFIGURED',
      'No wave plan has been configured for this edition.',
    );
  }
  if (state.started.some((wave) => wave.regionCode === data.regionCode)) {
    throw domainError('conflict', 'WAVE_ALREADY_STARTED', "This region's wave has already started.", {
      regionCode: data.regionCode,
    });
  }
  if (!state.regions.includes(data.regionCode)) {
    throw domainError('conflict', 'WAVE_REGION_NOT_IN_PLAN', 'This region is not in the wave plan.', {
      regionCode: data.regionCode,
      regions: state.regions,
    });
  }
  const next = state.regions[state.started.length];
  if (data.regionCode !== next) {
    throw domainError('conflict', 'WAVE_NOT_NEXT_IN_PLAN', 'Waves start in the order of the plan.', {
      regionCode: data.regionCode,
      next,
    });
  }
  const previous = state.started.at(-1);
  const started = (
    trigger: 'first-wave' | 'ministry-decision' | 'previous-reached-phase',
  ): WavePlanEvent[] => [
    {
      type: 'WaveStarted',
      data: {
        edition: state.edition,
        waveNumber: state.started.length + 1,
        regionCode: data.regionCode,
        rolloutId: rolloutStreamId(data.regionCode, state.edition),
        trigger,
        previousRolloutId: previous?.rolloutId ?? null,
        previousPhase:
          previous && facts?.previousWave?.rolloutId === previous.rolloutId ? facts.previousWave.phase : null,
      },
    },
  ];
  // The first wave has no previous one to wait for: it starts when the ministry says so.
  if (!previous) {
    requireMinistry(context, data.regionCode);
    return started('first-wave');
  }
  if (state.nextWaveRule.kind === 'ministry-decision') {
    requireMinistry(context, data.regionCode);
    return started('ministry-decision');
  }
  const previousWave = facts?.previousWave;
  if (previousWave && previousWave.rolloutId !== previous.rolloutId) {
    throw domainError(
      'invalid',
      'WAVE_FACTS_MISMATCH',
      "The facts describe another rollout than the previous wave's.",
      {
        expected: previous.rolloutId,
        given: previousWave.rolloutId,
      },
    );
  }
  const required = state.nextWaveRule.phase;
  const reached = previousWave?.phase ?? null;
  if (reached === null || phaseIndex(reached) < phaseIndex(required)) {
    throw domainError(
      'conflict',
      'PREVIOUS_WAVE_NOT_FAR_ENOUGH',
      'The next wave starts once the previous wave has reached the phase the plan names.',
      { previousRolloutId: previous.rolloutId, reached, required },
    );
  }
  return started('previous-reached-phase');
};

/** Decides a wave-plan command: the events to append, or a domain error. */
export const decide = (
  command: WavePlanCommand,
  state: WavePlanState,
  context: CommandContext,
): WavePlanEvent[] => {
  switch (command.type) {
    case 'ConfigureWavePlan':
      return configure(command, state);
    case 'StartNextWave':
      return startNext(command, state, context);
    default:
      return assertNever(command);
  }
};

/** The national plan of regional waves: their order, the rule for the next, each region started once. */
export const wavePlanDecider: Decider<WavePlanCommand, WavePlanState, RolloutEvent> = {
  initialState,
  evolve,
  decide,
};

/**
 * The fold alone (no `decide`): what readers of this stream load it with, so that a bundle that
 * only reads it does not carry its rules (docs/adr/0066-bundles-within-300-kb.md).
 */
export const wavePlanFold: Fold<WavePlanState, RolloutEvent> = { initialState, evolve };

/** The region whose wave starts next, or null when none is left (or no plan yet). */
export const nextWaveRegion = (state: WavePlanState): RegionCode | null =>
  state.status === 'configured' ? (state.regions[state.started.length] ?? null) : null;

/** The waves started so far, in order. */
export const startedWaves = (state: WavePlanState): readonly StartedWave[] =>
  state.status === 'configured' ? state.started : [];
