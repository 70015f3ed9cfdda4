import * as z from 'zod';
import { RegionCode } from '../../events/reference.js';
import { ProgramEdition } from '../../events/rollout/schemas.js';
import { executeCommand, loadStream } from '../../functions/app/execute-command.js';
import {
  nextWaveRegion,
  type StartedWave,
  startedWaves,
  wavePlanDecider,
  wavePlanStreamId,
} from '../../functions/domain/national/national.js';
import { currentPhase, phaseIndex, rolloutDecider } from '../../functions/domain/rollout/rollout.js';
import { WAVE_WAIT_DAYS } from './phase-durations.js';
import { daysInSeconds, WORKFLOW_ACTOR, type WorkflowServices } from './services.js';

/** The steps of the national waves workflow (`RouteToWaveStep`). */
export type WaveStep = 'await-plan' | 'await-next-wave' | 'start-next-wave' | 'all-started';

/** What `DetermineNextWave` returns. */
export interface WavePosition {
  readonly edition: string;
  /** The wave plan's stream: the subject its tokens are parked under. */
  readonly subjectId: string;
  /** `plan`, then `wave-<n>` for the wave awaited next. */
  readonly phase: string;
  readonly step: WaveStep;
  readonly started: readonly StartedWave[];
  readonly nextRegion: RegionCode | null;
  readonly timeoutSeconds: number;
}

const EditionInput = z.object({ edition: ProgramEdition });
const StartInput = z.object({ edition: ProgramEdition, regionCode: RegionCode });

/** Where the national plan stands: which rollouts to (re)start, and what the next wave waits for. */
export const determineWavePosition = async (
  services: WorkflowServices,
  edition: string,
): Promise<WavePosition> => {
  const subjectId = wavePlanStreamId(edition);
  const plan = (await loadStream(services.store, subjectId, wavePlanDecider)).state;
  const started = startedWaves(plan);
  const base = { edition, subjectId, started, timeoutSeconds: daysInSeconds(WAVE_WAIT_DAYS) };
  if (plan.status === 'unplanned') return { ...base, phase: 'plan', step: 'await-plan', nextRegion: null };
  const nextRegion = nextWaveRegion(plan);
  const phase = `wave-${started.length + 1}`;
  if (nextRegion === null) return { ...base, phase, step: 'all-started', nextRegion };
  const previous = started.at(-1);
  const rule = plan.nextWaveRule;
  // The first wave, and every wave under the ministry-decision rule, starts by the ministry's command.
  if (previous === undefined || rule.kind === 'ministry-decision') {
    return { ...base, phase, step: 'await-next-wave', nextRegion };
  }
  const previousRollout = (await loadStream(services.store, previous.rolloutId, rolloutDecider)).state;
  const reached = currentPhase(previousRollout);
  const ready = reached !== null && phaseIndex(reached) >= phaseIndex(rule.phase);
  return { ...base, phase, step: ready ? 'start-next-wave' : 'await-next-wave', nextRegion };
};

/** `DetermineNextWave`. */
export const determineNextWave = (services: WorkflowServices, payload: unknown): Promise<WavePosition> =>
  determineWavePosition(services, EditionInput.parse(payload).edition);

/** `StartNextWave`: appends WaveStarted when the previous wave's rollout reached the plan's phase. */
export const startNextWave = async (
  services: WorkflowServices,
  payload: unknown,
): Promise<{ appended: number }> => {
  const { edition, regionCode } = StartInput.parse(payload);
  const streamId = wavePlanStreamId(edition);
  const result = await executeCommand(services, wavePlanDecider, {
    streamId,
    command: async (loaded) => {
      const previous = startedWaves(loaded.state).at(-1);
      const previousWave =
        previous === undefined
          ? undefined
          : {
              rolloutId: previous.rolloutId,
              phase: currentPhase(
                (await loadStream(services.store, previous.rolloutId, rolloutDecider)).state,
              ),
            };
      return {
        type: 'StartNextWave' as const,
        data: { regionCode },
        ...(previousWave === undefined ? {} : { facts: { previousWave } }),
      };
    },
    actor: WORKFLOW_ACTOR,
    correlationId: streamId,
    commandId: `${streamId}:${regionCode}:start`,
  });
  return { appended: result.duplicate ? 0 : result.events.length };
};
