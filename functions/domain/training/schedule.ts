import type { ModuleCode } from '../../../events/reference.js';
import type { TrainingEventOf } from '../../../events/training/index.js';
import { trainingScheduleStreamId } from '../ids.js';
import { assertNever, type CommandContext, type Decider, type Fold } from '../shared/decider.js';
import { domainError } from '../shared/errors.js';
import { checkCommandFactDate } from '../shared/fact-date.js';
import { requireProvinceOfRegion } from '../shared/reported-place.js';
import type { ReportSession, TrainingScheduleCommand } from './commands.js';

export { trainingScheduleStreamId };

/**
 * The axis-1 sessions held in one rollout, as the operator reports them. One stream per rollout
 * (a few dozen sessions); attendance lives in each association's own stream (see training.ts).
 */

export type TrainingScheduleEvent = TrainingEventOf<'SessionHeld'>;

/** A session held: its module, day and province. */
export interface HeldSession {
  readonly sessionId: string;
  readonly module: ModuleCode;
  readonly date: string;
  readonly province: string;
}

export interface TrainingScheduleState {
  readonly rolloutId: string | null;
  readonly sessions: readonly HeldSession[];
}

export const initialTrainingScheduleState = (): TrainingScheduleState => ({ rolloutId: null, sessions: [] });

export const evolveTrainingSchedule = (
  state: TrainingScheduleState,
  event: TrainingScheduleEvent,
): TrainingScheduleState => {
  switch (event.type) {
    case 'SessionHeld': {
      const { rolloutId, sessionId, module, date, province } = event.data;
      return { rolloutId, sessions: [...state.sessions, { sessionId, module, date, province }] };
    }
    default:
      // Every case is handled (checked at compile time); an event of another aggregate changes nothing.
      event.type satisfies never;
      return state;
  }
};

// Queries other layers use (pure). -----------------------------------------------------------------

/** A session of the schedule, or null (the fact `AttendanceFacts.session`). */
export const sessionById = (state: TrainingScheduleState, sessionId: string): HeldSession | null =>
  state.sessions.find((session) => session.sessionId === sessionId) ?? null;

/** The ids of the sessions held for one module (the fact `ModuleCompletionFacts.moduleSessionIds`). */
export const sessionsOfModule = (state: TrainingScheduleState, module: ModuleCode): readonly string[] =>
  state.sessions.filter((session) => session.module === module).map((session) => session.sessionId);

/** Every session held, in the order reported. */
export const heldSessions = (state: TrainingScheduleState): readonly HeldSession[] => state.sessions;

// Decisions. ----------------------------------------------------------------------------------------

const reportSession = (
  command: ReportSession,
  state: TrainingScheduleState,
  context: CommandContext,
): TrainingScheduleEvent[] => {
  const { data, facts } = command;
  if (state.rolloutId !== null && state.rolloutId !== data.rolloutId) {
    throw domainError('invalid', 'ROLLOUT_MISMATCH', 'This schedule belongs to another rollout.', {
      expected: state.rolloutId,
      received: data.rolloutId,
    });
  }
  requireProvinceOfRegion(data.province, facts.regionProvinces);
  const existing = sessionById(state, data.sessionId);
  if (existing) {
    const sameFact =
      existing.module === data.module && existing.date === data.date && existing.province === data.province;
    if (sameFact) return [];
    throw domainError(
      'conflict',
      'SESSION_REPORT_CONTRADICTS',
      'This session was already reported with another module, date or province.',
      { sessionId: data.sessionId, recorded: existing },
    );
  }
  // Judged by the session's day (ADR 0080, 0081): never ahead; reported after the fortnight, a late
  // entry keyed in from the signed sheet by the coordinator or the ministry, with its reason.
  const lateEntry = checkCommandFactDate(context, 'session-held', 'date', data.date, data.lateEntryReason);
  const { lateEntryReason: _reason, ...session } = data;
  return [{ type: 'SessionHeld', data: { ...session, lateEntry } }];
};

export const decideTrainingSchedule = (
  command: TrainingScheduleCommand,
  state: TrainingScheduleState,
  context: CommandContext,
): TrainingScheduleEvent[] => {
  switch (command.type) {
    case 'ReportSession':
      return reportSession(command, state, context);
    default:
      return assertNever(command.type);
  }
};

/** The axis-1 sessions held in a rollout. */
export const trainingScheduleDecider: Decider<
  TrainingScheduleCommand,
  TrainingScheduleState,
  TrainingScheduleEvent
> = {
  initialState: initialTrainingScheduleState,
  evolve: evolveTrainingSchedule,
  decide: decideTrainingSchedule,
};

/**
 * The fold alone (no `decide`): what readers of this stream load it with, so that a bundle that
 * only reads it does not carry its rules (docs/adr/0066-bundles-within-300-kb.md).
 */
export const trainingScheduleFold: Fold<TrainingScheduleState, TrainingScheduleEvent> = {
  initialState: initialTrainingScheduleState,
  evolve: evolveTrainingSchedule,
};
