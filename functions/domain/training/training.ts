import { type ModuleCode, TRAINING_MODULES } from '../../../events/reference.js';
import type { TrainingEventOf } from '../../../events/training/index.js';
import { trainingStreamId } from '../ids.js';
import { assertNever, type CommandContext, type Decider, type Fold } from '../shared/decider.js';
import { domainError } from '../shared/errors.js';
import { checkCommandFactDate, latestFactDate } from '../shared/fact-date.js';
import type {
  CorrectAttendance,
  ReportAttendance,
  ReportModuleCompletion,
  TrainingCommand,
  WithdrawModuleCompletion,
} from './commands.js';

export { trainingStreamId };

/**
 * Axis 1 for one beneficiary association: its members' attendance and module completions, and its
 * completion of the axis. One stream per association of a rollout, so that the operator's reports
 * for 30 associations never contend on one partition.
 */

export type AssociationTrainingEvent = TrainingEventOf<
  | 'AttendanceRecorded'
  | 'ModuleCompleted'
  | 'AxisOneCompleted'
  | 'AttendanceCorrected'
  | 'ModuleCompletionWithdrawn'
>;

/** A member completes a module with at least this share of the module's sessions attended. */
export const DEFAULT_ATTENDANCE_THRESHOLD_PERCENT = 75;

const ALL_MODULES: readonly ModuleCode[] = TRAINING_MODULES.map((module) => module.code);

/** One member's attendance at one session. */
export interface AttendanceEntry {
  readonly sessionId: string;
  readonly module: ModuleCode;
  readonly memberId: string;
  readonly attended: boolean;
}

/** One member's completion of one module, with the evidence it was accepted on. */
export interface ModuleCompletion {
  readonly memberId: string;
  readonly module: ModuleCode;
  readonly sessionsHeld: number;
  readonly sessionsAttended: number;
  readonly evaluationScore: number;
  /** The threshold the completion was accepted against. */
  readonly thresholdPercent: number;
  /** The day it was completed (ModuleCompleted v2); null or absent: the day it was recorded. */
  readonly completedOn?: string | null;
}

export interface TrainingState {
  readonly rolloutId: string | null;
  readonly associationId: string | null;
  readonly attendance: readonly AttendanceEntry[];
  readonly completions: readonly ModuleCompletion[];
  readonly axisOneCompleted: boolean;
  /**
   * The day the association completed axis 1, when its completions are dated (a past edition, ADR
   * 0135): the latest `completedOn` of its completions when `AxisOneCompleted` was recorded. Null
   * (or absent, a state folded before it was kept): no completion dated, it happened when recorded.
   */
  readonly axisOneCompletedOn?: string | null;
}

export const initialTrainingState = (): TrainingState => ({
  rolloutId: null,
  associationId: null,
  attendance: [],
  completions: [],
  axisOneCompleted: false,
});

export const evolveTraining = (state: TrainingState, event: AssociationTrainingEvent): TrainingState => {
  switch (event.type) {
    case 'AttendanceRecorded': {
      const { rolloutId, associationId, sessionId, module, memberId, attended } = event.data;
      return {
        ...state,
        rolloutId,
        associationId,
        attendance: [...state.attendance, { sessionId, module, memberId, attended }],
      };
    }
    case 'ModuleCompleted': {
      const {
        rolloutId,
        associationId,
        attendanceRatePercent: _rate,
        lateEntry: _late,
        ...completion
      } = event.data;
      return { ...state, rolloutId, associationId, completions: [...state.completions, completion] };
    }
    case 'AxisOneCompleted':
      return {
        ...state,
        axisOneCompleted: true,
        axisOneCompletedOn: event.data.completedOn ?? lastCompletedOn(state),
      };
    case 'AttendanceCorrected': {
      const { sessionId, memberId, module, attended } = event.data;
      // The record is corrected in place in the state (the history keeps both events); a standing
      // completion of the module counts the session as now recorded.
      return {
        ...state,
        attendance: state.attendance.map((entry) =>
          entry.sessionId === sessionId && entry.memberId === memberId ? { ...entry, attended } : entry,
        ),
        completions: state.completions.map((completion) =>
          completion.memberId === memberId && completion.module === module
            ? { ...completion, sessionsAttended: completion.sessionsAttended + (attended ? 1 : -1) }
            : completion,
        ),
      };
    }
    case 'ModuleCompletionWithdrawn': {
      const { memberId, module } = event.data;
      return {
        ...state,
        completions: state.completions.filter(
          (completion) => !(completion.memberId === memberId && completion.module === module),
        ),
      };
    }
    default:
      // Every case is handled (checked at compile time); an event of another aggregate changes nothing.
      event satisfies never;
      return state;
  }
};

// Queries other layers use (pure). -----------------------------------------------------------------

const roundToHundredths = (value: number): number => Math.round(value * 100) / 100;

/** The modules a member completed, in the program's order. */
export const completedModulesOf = (state: TrainingState, memberId: string): readonly ModuleCode[] =>
  ALL_MODULES.filter((module) =>
    state.completions.some((completion) => completion.memberId === memberId && completion.module === module),
  );

/**
 * Whether a member completed every module they follow: `required` (their topic's plan), or all
 * eight when absent (docs/adr/0087-training-plan-by-topic.md).
 */
export const hasCompletedPlan = (
  state: TrainingState,
  memberId: string,
  required: readonly ModuleCode[] = ALL_MODULES,
): boolean => {
  const completed = completedModulesOf(state, memberId);
  return required.every((module) => completed.includes(module));
};

/** True once every member of the association completed all eight modules. */
export const hasCompletedAxisOne = (state: TrainingState): boolean => state.axisOneCompleted;

/**
 * The day the association completed axis 1 when its completions are dated (the latest dated
 * completion, a lower bound when some are not); null when not completed or none is dated.
 */
export const axisOneCompletedOn = (state: TrainingState): string | null =>
  state.axisOneCompleted ? (state.axisOneCompletedOn ?? null) : null;

/**
 * The day of the association's latest dated completion (ModuleCompleted v2 `completedOn`), in
 * whatever order they were keyed in; null when none is dated.
 */
export const lastCompletedOn = (state: TrainingState): string | null =>
  latestFactDate(state.completions.map((completion) => completion.completedOn));

/** One participant's axis-1 record: what the selection of trainees (axis 2) ranks. */
export interface MemberTrainingRecord {
  readonly memberId: string;
  readonly associationId: string;
  readonly modulesCompleted: readonly ModuleCode[];
  /** Sessions attended over sessions held, across the modules completed (0 when none). */
  readonly attendanceRatePercent: number;
  /** Mean of the evaluation scores of the modules completed; null when none. */
  readonly evaluationScore: number | null;
}

/**
 * The axis-1 record of each of the given members (the association's members, from enrolment
 * `membersOf`): the candidates of this association for the training of trainers.
 */
export const memberTrainingRecords = (
  state: TrainingState,
  associationId: string,
  memberIds: readonly string[],
): MemberTrainingRecord[] =>
  memberIds.map((memberId) => {
    const completions = state.completions.filter((completion) => completion.memberId === memberId);
    const held = completions.reduce((sum, completion) => sum + completion.sessionsHeld, 0);
    const attended = completions.reduce((sum, completion) => sum + completion.sessionsAttended, 0);
    const scores = completions.map((completion) => completion.evaluationScore);
    return {
      memberId,
      associationId,
      modulesCompleted: completedModulesOf(state, memberId),
      attendanceRatePercent: held === 0 ? 0 : roundToHundredths((attended * 100) / held),
      evaluationScore:
        scores.length === 0
          ? null
          : roundToHundredths(scores.reduce((sum, score) => sum + score, 0) / scores.length),
    };
  });

// Decisions. ----------------------------------------------------------------------------------------

const ensureSameStream = (state: TrainingState, rolloutId: string, associationId: string): void => {
  if (
    (state.rolloutId !== null && state.rolloutId !== rolloutId) ||
    (state.associationId !== null && state.associationId !== associationId)
  ) {
    throw domainError('invalid', 'STREAM_MISMATCH', "This is another rollout's or association's training.", {
      expected: { rolloutId: state.rolloutId, associationId: state.associationId },
      received: { rolloutId, associationId },
    });
  }
};

const ensureMember = (members: readonly string[], memberId: string, associationId: string): void => {
  if (!members.includes(memberId)) {
    throw domainError(
      'not-found',
      'MEMBER_NOT_IN_ASSOCIATION',
      'The member is not nominated by this association.',
      { memberId, associationId },
    );
  }
};

const reportAttendance = (command: ReportAttendance, state: TrainingState): AssociationTrainingEvent[] => {
  const { data, facts } = command;
  ensureSameStream(state, data.rolloutId, data.associationId);
  if (facts.session === null) {
    throw domainError('not-found', 'SESSION_NOT_FOUND', 'No session with this id was reported as held.', {
      sessionId: data.sessionId,
    });
  }
  const module = facts.session.module;
  const memberIds = data.attendance.map((entry) => entry.memberId);
  const repeated = memberIds.filter((memberId, index) => memberIds.indexOf(memberId) !== index);
  if (repeated.length > 0) {
    throw domainError('invalid', 'DUPLICATE_ATTENDANCE_ENTRY', 'A member appears twice in one report.', {
      memberIds: [...new Set(repeated)],
    });
  }
  for (const memberId of memberIds) ensureMember(facts.members, memberId, data.associationId);
  const events: AssociationTrainingEvent[] = [];
  for (const entry of data.attendance) {
    const recorded = state.attendance.find(
      (known) => known.sessionId === data.sessionId && known.memberId === entry.memberId,
    );
    if (recorded?.attended === entry.attended) continue;
    if (recorded) {
      throw domainError(
        'conflict',
        'ATTENDANCE_CONTRADICTS',
        "This member's attendance at this session was already reported otherwise.",
        { sessionId: data.sessionId, memberId: entry.memberId, recorded: recorded.attended },
      );
    }
    events.push({
      type: 'AttendanceRecorded',
      data: {
        rolloutId: data.rolloutId,
        associationId: data.associationId,
        sessionId: data.sessionId,
        module,
        memberId: entry.memberId,
        attended: entry.attended,
      },
    });
  }
  return events;
};

const requiredOf = (
  facts: ReportModuleCompletion['facts'],
  memberId: string,
): readonly ModuleCode[] | undefined =>
  facts.requiredModules !== undefined && Object.hasOwn(facts.requiredModules, memberId)
    ? facts.requiredModules[memberId]
    : undefined;

const reportModuleCompletion = (
  command: ReportModuleCompletion,
  state: TrainingState,
  context: CommandContext,
): AssociationTrainingEvent[] => {
  const { data, facts } = command;
  ensureSameStream(state, data.rolloutId, data.associationId);
  ensureMember(facts.members, data.memberId, data.associationId);
  const completed = state.completions.find(
    (completion) => completion.memberId === data.memberId && completion.module === data.module,
  );
  if (completed) {
    if (completed.evaluationScore === data.evaluationScore) return [];
    throw domainError(
      'conflict',
      'MODULE_COMPLETION_CONTRADICTS',
      'This completion was already reported with another evaluation score.',
      { memberId: data.memberId, module: data.module, recordedScore: completed.evaluationScore },
    );
  }
  const moduleSessionIds = [...new Set(facts.moduleSessionIds)];
  if (moduleSessionIds.length === 0) {
    throw domainError('conflict', 'MODULE_NOT_HELD', 'No session of this module was reported as held.', {
      module: data.module,
    });
  }
  // The operator may split the beneficiaries into groups (by province, say), each with its own
  // sessions of a module: what counts for a member is the sessions its association's group was
  // at, i.e. those where the association's attendance was taken. A member not listed on such a
  // session's sheet counts as absent.
  const groupSessionIds = moduleSessionIds.filter((sessionId) =>
    state.attendance.some((entry) => entry.sessionId === sessionId),
  );
  if (groupSessionIds.length === 0) {
    throw domainError(
      'conflict',
      'NO_ATTENDANCE_FOR_MODULE',
      "No attendance of this association was reported at this module's sessions.",
      { module: data.module, associationId: data.associationId },
    );
  }
  const thresholdPercent = facts.attendanceThresholdPercent ?? DEFAULT_ATTENDANCE_THRESHOLD_PERCENT;
  const sessionsHeld = groupSessionIds.length;
  const sessionsAttended = groupSessionIds.filter((sessionId) =>
    state.attendance.some(
      (entry) => entry.sessionId === sessionId && entry.memberId === data.memberId && entry.attended,
    ),
  ).length;
  // Compared on integers scaled by 100, so that 3 of 4 sessions meets exactly 75 %.
  if (sessionsAttended * 100 < thresholdPercent * sessionsHeld) {
    throw domainError(
      'conflict',
      'ATTENDANCE_BELOW_THRESHOLD',
      "The member's attendance at this module's sessions is below the threshold.",
      { memberId: data.memberId, module: data.module, sessionsHeld, sessionsAttended, thresholdPercent },
    );
  }
  // A completion dated from its signed sheet (a past edition, ADR 0135) is judged by its day.
  const lateEntry =
    data.completedOn === undefined
      ? null
      : checkCommandFactDate(
          context,
          'module-completed',
          'completedOn',
          data.completedOn,
          data.lateEntryReason,
        );
  const moduleCompleted: AssociationTrainingEvent = {
    type: 'ModuleCompleted',
    data: {
      rolloutId: data.rolloutId,
      associationId: data.associationId,
      memberId: data.memberId,
      module: data.module,
      sessionsHeld,
      sessionsAttended,
      attendanceRatePercent: roundToHundredths((sessionsAttended * 100) / sessionsHeld),
      thresholdPercent,
      evaluationScore: data.evaluationScore,
      completedOn: data.completedOn ?? null,
      lateEntry,
    },
  };
  const after = evolveTraining(state, moduleCompleted);
  const everyoneDone =
    facts.enrolmentComplete &&
    facts.members.length > 0 &&
    facts.members.every((memberId) => hasCompletedPlan(after, memberId, requiredOf(facts, memberId)));
  if (state.axisOneCompleted || !everyoneDone) return [moduleCompleted];
  // Completed on the day of its latest completion, whatever order they were keyed in; undated when
  // the completion that closes the axis is recorded as it happens (its day is the recording's).
  const completedOn =
    data.completedOn === undefined
      ? null
      : latestFactDate(after.completions.map((completion) => completion.completedOn));
  return [
    moduleCompleted,
    {
      type: 'AxisOneCompleted',
      data: {
        rolloutId: data.rolloutId,
        associationId: data.associationId,
        memberIds: [...facts.members],
        completedOn,
      },
    },
  ];
};

// Corrections (ADR 0082): new events with a reason; the actor is the envelope's. -------------------

/** A completion withdrawn once the association completed axis 1 would unsettle the rollout's next phase. */
const ensureAxisOneOpen = (state: TrainingState, details: Record<string, unknown>): void => {
  if (state.axisOneCompleted) {
    throw domainError(
      'conflict',
      'AXIS_ONE_ALREADY_COMPLETED',
      'This association completed axis 1: a completion it rests on can no longer be withdrawn.',
      details,
    );
  }
};

const correctAttendance = (command: CorrectAttendance, state: TrainingState): AssociationTrainingEvent[] => {
  const { data } = command;
  ensureSameStream(state, data.rolloutId, data.associationId);
  const recorded = state.attendance.find(
    (entry) => entry.sessionId === data.sessionId && entry.memberId === data.memberId,
  );
  if (recorded === undefined) {
    throw domainError(
      'not-found',
      'ATTENDANCE_NOT_RECORDED',
      'No attendance of this member at this session was recorded: report it, there is nothing to correct.',
      { sessionId: data.sessionId, memberId: data.memberId },
    );
  }
  if (recorded.attended === data.attended) {
    throw domainError('conflict', 'ATTENDANCE_UNCHANGED', 'The record already says this.', {
      sessionId: data.sessionId,
      memberId: data.memberId,
      attended: data.attended,
    });
  }
  const corrected: AssociationTrainingEvent = {
    type: 'AttendanceCorrected',
    data: {
      rolloutId: data.rolloutId,
      associationId: data.associationId,
      sessionId: data.sessionId,
      module: recorded.module,
      memberId: data.memberId,
      recorded: recorded.attended,
      attended: data.attended,
      reason: data.reason,
    },
  };
  const completion = evolveTraining(state, corrected).completions.find(
    (entry) => entry.memberId === data.memberId && entry.module === recorded.module,
  );
  // Compared on integers scaled by 100, as when the completion was accepted.
  if (
    completion === undefined ||
    completion.sessionsAttended * 100 >= completion.thresholdPercent * completion.sessionsHeld
  ) {
    return [corrected];
  }
  ensureAxisOneOpen(state, { memberId: data.memberId, module: recorded.module });
  return [
    corrected,
    {
      type: 'ModuleCompletionWithdrawn',
      data: {
        rolloutId: data.rolloutId,
        associationId: data.associationId,
        memberId: data.memberId,
        module: recorded.module,
        cause: 'attendance-corrected',
        attendance: {
          sessionsHeld: completion.sessionsHeld,
          sessionsAttended: completion.sessionsAttended,
          attendanceRatePercent: roundToHundredths(
            (completion.sessionsAttended * 100) / completion.sessionsHeld,
          ),
          thresholdPercent: completion.thresholdPercent,
        },
        reason: data.reason,
      },
    },
  ];
};

const withdrawModuleCompletion = (
  command: WithdrawModuleCompletion,
  state: TrainingState,
): AssociationTrainingEvent[] => {
  const { data } = command;
  ensureSameStream(state, data.rolloutId, data.associationId);
  const completed = state.completions.some(
    (completion) => completion.memberId === data.memberId && completion.module === data.module,
  );
  if (!completed) {
    throw domainError(
      'not-found',
      'MODULE_NOT_COMPLETED',
      'No completion of this module is recorded for this member.',
      {
        memberId: data.memberId,
        module: data.module,
      },
    );
  }
  ensureAxisOneOpen(state, { memberId: data.memberId, module: data.module });
  return [
    {
      type: 'ModuleCompletionWithdrawn',
      data: {
        rolloutId: data.rolloutId,
        associationId: data.associationId,
        memberId: data.memberId,
        module: data.module,
        cause: 'completion-corrected',
        attendance: null,
        reason: data.reason,
      },
    },
  ];
};

export const decideTraining = (
  command: TrainingCommand,
  state: TrainingState,
  context: CommandContext,
): AssociationTrainingEvent[] => {
  switch (command.type) {
    case 'ReportAttendance':
      return reportAttendance(command, state);
    case 'ReportModuleCompletion':
      return reportModuleCompletion(command, state, context);
    case 'CorrectAttendance':
      return correctAttendance(command, state);
    case 'WithdrawModuleCompletion':
      return withdrawModuleCompletion(command, state);
    default:
      return assertNever(command);
  }
};

/** Axis-1 training of one beneficiary association: attendance, module completions, the axis done. */
export const trainingDecider: Decider<TrainingCommand, TrainingState, AssociationTrainingEvent> = {
  initialState: initialTrainingState,
  evolve: evolveTraining,
  decide: decideTraining,
};

/**
 * The fold alone (no `decide`): what readers of this stream load it with, so that a bundle that
 * only reads it does not carry its rules (docs/adr/0066-bundles-within-300-kb.md).
 */
export const trainingFold: Fold<TrainingState, AssociationTrainingEvent> = {
  initialState: initialTrainingState,
  evolve: evolveTraining,
};
