import type { RegionCode } from '../../../events/reference.js';
import {
  ROLLOUT_LIFECYCLE_TYPES,
  type RolloutEvent,
  type RolloutLifecycleEvent,
} from '../../../events/rollout/index.js';
import {
  type EscalationReason,
  type ProgramEdition,
  ROLLOUT_PHASES,
  RolloutFigures,
  type RolloutPhase,
  type RolloutTargets,
} from '../../../events/rollout/schemas.js';
import { rolloutStreamId } from '../ids.js';
import { assertNever, type CommandContext, type Decider, type Fold } from '../shared/decider.js';
import { domainError } from '../shared/errors.js';
import { checkCommandFactDate } from '../shared/fact-date.js';
import type {
  AdvanceRolloutPhase,
  CancelRollout,
  CompleteRollout,
  EscalateRollout,
  ExtendRolloutDeadline,
  LaunchRollout,
  RolloutCommand,
  RolloutCompletionFacts,
  RolloutPhaseFacts,
  SetRolloutTargets,
} from './commands.js';

export { ROLLOUT_PHASES, type RolloutPhase, rolloutStreamId };

/** A phase's position in ROLLOUT_PHASES (0 for `launch`). */
export const phaseIndex = (phase: RolloutPhase): number => ROLLOUT_PHASES.indexOf(phase);

/** The phase after `phase`, or null after `closed`. */
export const nextPhase = (phase: RolloutPhase): RolloutPhase | null =>
  ROLLOUT_PHASES[phaseIndex(phase) + 1] ?? null;

/**
 * The fact that must hold to enter each phase (null: none). `closed` is entered by completion;
 * its condition is a completion fact. The workflow reads this table to know what to wait for.
 */
export const PHASE_ENTRY_CONDITIONS = {
  launch: null,
  'regional-agreement': null,
  'call-for-interest': 'regionalAgreementInForce',
  'committee-selection': 'operatorCallClosed',
  'partner-agreement': 'operatorSelected',
  enrolment: 'partnerAgreementInForce',
  'axis-1-training': 'enrolmentComplete',
  'axis-2-trainers-and-hub': 'axisOneCompleted',
  'axis-3-grants': 'competenceHubEstablished',
  closed: 'grantsSettled',
} as const satisfies Record<RolloutPhase, keyof RolloutPhaseFacts | 'grantsSettled' | null>;

/** An escalation in progress: the phase whose wait ended badly, why, and since when. */
export interface RolloutEscalation {
  readonly phase: RolloutPhase;
  readonly reason: EscalationReason;
  readonly since: string;
}

/** A launched rollout: active, or ended (closed with its figures, or cancelled). */
export interface LaunchedRollout {
  readonly status: 'active' | 'closed' | 'cancelled';
  readonly rolloutId: string;
  readonly regionCode: RegionCode;
  readonly edition: ProgramEdition;
  readonly targets: RolloutTargets;
  readonly phase: RolloutPhase;
  /** When the current phase's wait times out, if it has a deadline. */
  readonly deadline: string | null;
  readonly escalation: RolloutEscalation | null;
  readonly figures: RolloutFigures | null;
}

export type RolloutState = { readonly status: 'not-launched' } | LaunchedRollout;

export const initialState = (): RolloutState => ({ status: 'not-launched' });

const LIFECYCLE_TYPES: ReadonlySet<string> = new Set(ROLLOUT_LIFECYCLE_TYPES);
const isLifecycleEvent = (event: RolloutEvent): event is RolloutLifecycleEvent =>
  LIFECYCLE_TYPES.has(event.type);

/** Applies one event; events of other aggregates of the area leave the state unchanged. */
export const evolve = (state: RolloutState, event: RolloutEvent): RolloutState => {
  if (!isLifecycleEvent(event)) return state;
  if (event.type === 'RolloutLaunched') {
    return {
      status: 'active',
      rolloutId: event.data.rolloutId,
      regionCode: event.data.regionCode,
      edition: event.data.edition,
      targets: event.data.targets,
      phase: 'launch',
      deadline: null,
      escalation: null,
      figures: null,
    };
  }
  // Every other lifecycle event follows a launch in a well-formed stream.
  if (state.status === 'not-launched') return state;
  switch (event.type) {
    case 'RolloutTargetsSet':
      return { ...state, targets: event.data.targets };
    case 'RolloutPhaseAdvanced':
      return { ...state, phase: event.data.to, deadline: event.data.deadline, escalation: null };
    case 'RolloutEscalated':
      return {
        ...state,
        escalation: { phase: event.data.phase, reason: event.data.reason, since: event.data.since },
      };
    case 'RolloutDeadlineExtended':
      return { ...state, deadline: event.data.deadline, escalation: null };
    case 'RolloutCancelled':
      return { ...state, status: 'cancelled', deadline: null, escalation: null };
    case 'RolloutCompleted':
      return {
        ...state,
        status: 'closed',
        phase: 'closed',
        targets: event.data.targets,
        figures: event.data.figures,
        deadline: null,
        escalation: null,
      };
    default:
      return assertNever(event);
  }
};

const requireLaunched = (state: RolloutState): LaunchedRollout => {
  if (state.status === 'not-launched') {
    throw domainError('not-found', 'ROLLOUT_NOT_LAUNCHED', 'This rollout has not been launched.');
  }
  return state;
};

/** A launched rollout that is neither closed nor cancelled. */
const requireActive = (state: RolloutState): LaunchedRollout => {
  const rollout = requireLaunched(state);
  if (rollout.status === 'closed') {
    throw domainError('conflict', 'ROLLOUT_ALREADY_CLOSED', 'This rollout is closed.', {
      rolloutId: rollout.rolloutId,
    });
  }
  if (rollout.status === 'cancelled') {
    throw domainError('conflict', 'ROLLOUT_ALREADY_CANCELLED', 'This rollout was cancelled.', {
      rolloutId: rollout.rolloutId,
    });
  }
  return rollout;
};

const requireNotEscalated = (rollout: LaunchedRollout): void => {
  if (rollout.escalation) {
    throw domainError(
      'conflict',
      'ROLLOUT_ESCALATED',
      'This rollout is escalated: the ministry must extend its deadline or cancel it first.',
      { rolloutId: rollout.rolloutId, escalation: rollout.escalation },
    );
  }
};

const requireFutureDeadline = (deadline: string, context: CommandContext): void => {
  if (Date.parse(deadline) <= Date.parse(context.now)) {
    throw domainError('invalid', 'ROLLOUT_DEADLINE_NOT_IN_FUTURE', 'A deadline must be later than now.', {
      deadline,
      now: context.now,
    });
  }
};

/** Targets that contradict each other: more trainers than trained members, a horizon below the direct target. */
export const targetInconsistencies = (targets: RolloutTargets): string[] => {
  const problems: string[] = [];
  if (targets.trainers > targets.associations * targets.membersPerAssociation) {
    problems.push('trainers exceed associations × membersPerAssociation');
  }
  if (targets.horizon < targets.associations) problems.push('horizon is below associations');
  return problems;
};

const requireConsistentTargets = (targets: RolloutTargets): void => {
  const problems = targetInconsistencies(targets);
  if (problems.length > 0) {
    throw domainError('invalid', 'ROLLOUT_TARGETS_INCONSISTENT', 'These targets contradict each other.', {
      targets,
      problems,
    });
  }
};

/** Figures that cannot all be true at once (e.g. more members completed than enrolled). */
export const figureInconsistencies = (figures: RolloutFigures): string[] => {
  const problems: string[] = [];
  const atMost = (name: string, value: number, limitName: string, limit: number) => {
    if (value > limit) problems.push(`${name} exceeds ${limitName}`);
  };
  atMost(
    'associationsCompletedAxisOne',
    figures.associationsCompletedAxisOne,
    'associationsEnrolled',
    figures.associationsEnrolled,
  );
  atMost(
    'membersCompletedAxisOne',
    figures.membersCompletedAxisOne,
    'membersEnrolled',
    figures.membersEnrolled,
  );
  atMost(
    'trainersCertified',
    figures.trainersCertified,
    'membersCompletedAxisOne',
    figures.membersCompletedAxisOne,
  );
  atMost('grantsAwarded', figures.grantsAwarded, 'associationsEnrolled', figures.associationsEnrolled);
  atMost(
    'grantsPaidCentimes',
    figures.grantsPaidCentimes,
    'grantsAwardedCentimes',
    figures.grantsAwardedCentimes,
  );
  return problems;
};

const requireNextPhase = (rollout: LaunchedRollout, requested: RolloutPhase): void => {
  const next = nextPhase(rollout.phase);
  if (requested !== next) {
    throw domainError('conflict', 'ROLLOUT_PHASE_NOT_NEXT', 'A rollout moves forward one phase at a time.', {
      rolloutId: rollout.rolloutId,
      current: rollout.phase,
      next,
      requested,
    });
  }
};

const conditionNotMet = (rollout: LaunchedRollout, phase: RolloutPhase, condition: string) =>
  domainError('conflict', 'ROLLOUT_PHASE_CONDITION_NOT_MET', `The rollout cannot enter ${phase} yet.`, {
    rolloutId: rollout.rolloutId,
    phase,
    condition,
  });

const launch = (
  { data }: LaunchRollout,
  state: RolloutState,
  context: CommandContext,
): RolloutLifecycleEvent[] => {
  if (state.status !== 'not-launched') {
    throw domainError('conflict', 'ROLLOUT_ALREADY_LAUNCHED', 'This rollout was already launched.', {
      rolloutId: state.rolloutId,
    });
  }
  requireConsistentTargets(data.targets);
  const launchedAt = data.launchedAt ?? context.now;
  const lateEntry = checkCommandFactDate(
    context,
    'rollout-launched',
    'launchedAt',
    launchedAt,
    data.lateEntryReason,
  );
  return [
    {
      type: 'RolloutLaunched',
      data: {
        rolloutId: rolloutStreamId(data.regionCode, data.edition),
        regionCode: data.regionCode,
        edition: data.edition,
        targets: data.targets,
        launchedAt,
        lateEntry,
      },
    },
  ];
};

const sameTargets = (left: RolloutTargets, right: RolloutTargets): boolean =>
  left.associations === right.associations &&
  left.membersPerAssociation === right.membersPerAssociation &&
  left.trainers === right.trainers &&
  left.horizon === right.horizon;

const setTargets = ({ data }: SetRolloutTargets, state: RolloutState): RolloutLifecycleEvent[] => {
  const rollout = requireActive(state);
  requireConsistentTargets(data.targets);
  // Setting the targets they already have changes nothing: a repeated request records nothing.
  if (sameTargets(rollout.targets, data.targets)) return [];
  return [
    {
      type: 'RolloutTargetsSet',
      data: {
        rolloutId: rollout.rolloutId,
        targets: data.targets,
        previousTargets: rollout.targets,
        reason: data.reason ?? null,
      },
    },
  ];
};

const advance = (
  { data, facts }: AdvanceRolloutPhase,
  state: RolloutState,
  context: CommandContext,
): RolloutLifecycleEvent[] => {
  const rollout = requireActive(state);
  requireNotEscalated(rollout);
  if (data.to === 'closed') {
    throw domainError(
      'invalid',
      'ROLLOUT_CLOSES_BY_COMPLETION',
      'A rollout is closed by completing it, with its final figures.',
      { rolloutId: rollout.rolloutId },
    );
  }
  requireNextPhase(rollout, data.to);
  const condition = PHASE_ENTRY_CONDITIONS[data.to];
  if (condition !== null && facts?.[condition] !== true) throw conditionNotMet(rollout, data.to, condition);
  if (data.deadline !== undefined) requireFutureDeadline(data.deadline, context);
  return [
    {
      type: 'RolloutPhaseAdvanced',
      data: {
        rolloutId: rollout.rolloutId,
        from: rollout.phase,
        to: data.to,
        condition,
        deadline: data.deadline ?? null,
      },
    },
  ];
};

const escalate = (
  { data }: EscalateRollout,
  state: RolloutState,
  context: CommandContext,
): RolloutLifecycleEvent[] => {
  const rollout = requireActive(state);
  if (data.phase !== rollout.phase) {
    throw domainError(
      'conflict',
      'ROLLOUT_PHASE_MISMATCH',
      'The rollout is no longer in the phase whose wait ended: nothing to escalate.',
      { rolloutId: rollout.rolloutId, current: rollout.phase, reported: data.phase },
    );
  }
  // The same timeout reported again (a retried workflow task) is the same fact: nothing new.
  if (rollout.escalation) return [];
  return [
    {
      type: 'RolloutEscalated',
      data: {
        rolloutId: rollout.rolloutId,
        phase: rollout.phase,
        reason: data.reason,
        since: context.now,
        missedDeadline: rollout.deadline,
      },
    },
  ];
};

const extend = (
  { data }: ExtendRolloutDeadline,
  state: RolloutState,
  context: CommandContext,
): RolloutLifecycleEvent[] => {
  const rollout = requireActive(state);
  if (!rollout.escalation) {
    throw domainError(
      'conflict',
      'ROLLOUT_NOT_ESCALATED',
      'A deadline is extended in answer to an escalation; this rollout is not escalated.',
      { rolloutId: rollout.rolloutId },
    );
  }
  requireFutureDeadline(data.deadline, context);
  return [
    {
      type: 'RolloutDeadlineExtended',
      data: {
        rolloutId: rollout.rolloutId,
        phase: rollout.phase,
        deadline: data.deadline,
        previousDeadline: rollout.deadline,
        reason: data.reason ?? null,
      },
    },
  ];
};

const cancel = ({ data }: CancelRollout, state: RolloutState): RolloutLifecycleEvent[] => {
  const rollout = requireActive(state);
  return [
    {
      type: 'RolloutCancelled',
      data: {
        rolloutId: rollout.rolloutId,
        phase: rollout.phase,
        reason: data.reason,
        wasEscalated: rollout.escalation !== null,
      },
    },
  ];
};

const requireFigures = (
  rollout: LaunchedRollout,
  facts: RolloutCompletionFacts | undefined,
): RolloutFigures => {
  const parsed = RolloutFigures.safeParse(facts?.figures);
  if (!parsed.success) {
    throw domainError('invalid', 'ROLLOUT_FIGURES_MISSING', 'Closing a rollout needs its final figures.', {
      rolloutId: rollout.rolloutId,
      issues: parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`),
    });
  }
  const problems = figureInconsistencies(parsed.data);
  if (problems.length > 0) {
    throw domainError('invalid', 'ROLLOUT_FIGURES_INCONSISTENT', 'These figures contradict each other.', {
      rolloutId: rollout.rolloutId,
      problems,
    });
  }
  return parsed.data;
};

const complete = ({ facts }: CompleteRollout, state: RolloutState): RolloutLifecycleEvent[] => {
  const rollout = requireActive(state);
  requireNotEscalated(rollout);
  requireNextPhase(rollout, 'closed');
  if (facts?.grantsSettled !== true) throw conditionNotMet(rollout, 'closed', PHASE_ENTRY_CONDITIONS.closed);
  const figures = requireFigures(rollout, facts);
  return [
    { type: 'RolloutCompleted', data: { rolloutId: rollout.rolloutId, targets: rollout.targets, figures } },
  ];
};

/** Decides a rollout command: the events to append, or a domain error. */
export const decide = (
  command: RolloutCommand,
  state: RolloutState,
  context: CommandContext,
): RolloutLifecycleEvent[] => {
  switch (command.type) {
    case 'LaunchRollout':
      return launch(command, state, context);
    case 'SetRolloutTargets':
      return setTargets(command, state);
    case 'AdvanceRolloutPhase':
      return advance(command, state, context);
    case 'EscalateRollout':
      return escalate(command, state, context);
    case 'ExtendRolloutDeadline':
      return extend(command, state, context);
    case 'CancelRollout':
      return cancel(command, state);
    case 'CompleteRollout':
      return complete(command, state);
    default:
      return assertNever(command);
  }
};

/** A region's rollout: launch, targets, phases in order, escalation, cancellation and close. */
export const rolloutDecider: Decider<RolloutCommand, RolloutState, RolloutEvent> = {
  initialState,
  evolve,
  decide,
};

/**
 * The fold alone (no `decide`): what readers of this stream load it with, so that a bundle that
 * only reads it does not carry its rules (docs/adr/0066-bundles-within-300-kb.md).
 */
export const rolloutFold: Fold<RolloutState, RolloutEvent> = { initialState, evolve };

/** The phase a rollout is in, or null before its launch (a fact for the national wave plan). */
export const currentPhase = (state: RolloutState): RolloutPhase | null =>
  state.status === 'not-launched' ? null : state.phase;

/** Whether a rollout has reached `phase` (or gone past it). A cancelled rollout stays where it stopped. */
export const hasReachedPhase = (state: RolloutState, phase: RolloutPhase): boolean =>
  state.status !== 'not-launched' && phaseIndex(state.phase) >= phaseIndex(phase);

/** The rollout's current targets, or null before its launch (a fact for enrolment and trainers). */
export const rolloutTargets = (state: RolloutState): RolloutTargets | null =>
  state.status === 'not-launched' ? null : state.targets;

/** Whether the rollout waits for the ministry after a timed-out or failed phase. */
export const isEscalated = (state: RolloutState): boolean =>
  state.status !== 'not-launched' && state.escalation !== null;
