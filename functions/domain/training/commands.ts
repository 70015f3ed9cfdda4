import * as z from 'zod';
import { Day, Id, ModuleCode } from '../../../events/reference.js';
import { EvaluationScore } from '../../../events/training/scores.js';
import type { CommandOf } from '../shared/decider.js';
import { BilingualReasonInput, ProvinceInput } from '../shared/text.js';

// The operator (partner) reports these through signed webhooks; a report may arrive twice.

/** Reports an axis-1 session held (one rollout's schedule). */
export const ReportSessionInput = z.strictObject({
  rolloutId: Id,
  sessionId: Id,
  module: ModuleCode,
  date: Day,
  province: ProvinceInput,
  /** Why a session is keyed in later than the rules allow (functions/domain/shared/fact-date.ts). */
  lateEntryReason: BilingualReasonInput.optional(),
});

/** What a session report needs from the rollout aggregate (filled by the application layer). */
export interface SessionRegionFacts {
  /** The prefectures and provinces of the rollout's region (reference data). */
  readonly regionProvinces: readonly string[];
}

export type ReportSession = CommandOf<'ReportSession', typeof ReportSessionInput, SessionRegionFacts>;

export type TrainingScheduleCommand = ReportSession;

/** Reports, for one session, which members of one association attended it and which did not. */
export const ReportAttendanceInput = z.strictObject({
  rolloutId: Id,
  associationId: Id,
  sessionId: Id,
  attendance: z
    .array(z.strictObject({ memberId: Id, attended: z.boolean() }))
    .min(1)
    .max(50),
});

/** What an attendance report needs from the schedule and the enrolment (filled by the application layer). */
export interface AttendanceFacts {
  /** The session as the rollout's schedule holds it (schedule `sessionById`), or null if never reported. */
  readonly session: { readonly module: ModuleCode } | null;
  /** The association's nominated members (enrolment `membersOf`). */
  readonly members: readonly string[];
}

export type ReportAttendance = CommandOf<'ReportAttendance', typeof ReportAttendanceInput, AttendanceFacts>;

/** Reports that a member completed an axis-1 module, with the member's evaluation score. */
export const ReportModuleCompletionInput = z.strictObject({
  rolloutId: Id,
  associationId: Id,
  memberId: Id,
  module: ModuleCode,
  evaluationScore: EvaluationScore,
  /**
   * The day the member completed the module (a past edition's signed sheet, ADR 0135); absent, the
   * day it is recorded. Keyed in later than the rules allow, it needs `lateEntryReason`.
   */
  completedOn: Day.optional(),
  lateEntryReason: BilingualReasonInput.optional(),
});

/** What a completion report needs from the schedule, the enrolment and the rollout's settings. */
export interface ModuleCompletionFacts {
  /** The sessions of this module held in the rollout (schedule `sessionsOfModule`). */
  readonly moduleSessionIds: readonly string[];
  /** The association's nominated members (enrolment `membersOf`). */
  readonly members: readonly string[];
  /** Whether the association nominated all its members (enrolment `isAssociationComplete`). */
  readonly enrolmentComplete: boolean;
  /** The rollout's attendance threshold in percent; 75 (`DEFAULT_ATTENDANCE_THRESHOLD_PERCENT`) if unset. */
  readonly attendanceThresholdPercent?: number;
  /**
   * The modules each member follows, by member id (its topic's plan, plan.ts `modulesOfTopic`); a
   * member left out follows all eight (docs/adr/0087-training-plan-by-topic.md).
   */
  readonly requiredModules?: Readonly<Record<string, readonly ModuleCode[]>>;
}

export type ReportModuleCompletion = CommandOf<
  'ReportModuleCompletion',
  typeof ReportModuleCompletionInput,
  ModuleCompletionFacts
>;

/**
 * Corrects one member's recorded attendance at one session (the region's coordinator or the
 * ministry, from the signed attendance sheet), with the reason. Never rewrites the record.
 */
export const CorrectAttendanceInput = z.strictObject({
  rolloutId: Id,
  associationId: Id,
  sessionId: Id,
  memberId: Id,
  attended: z.boolean(),
  reason: BilingualReasonInput,
});

export type CorrectAttendance = CommandOf<'CorrectAttendance', typeof CorrectAttendanceInput>;

/** Withdraws a module completion that was recorded wrongly, with the reason. */
export const WithdrawModuleCompletionInput = z.strictObject({
  rolloutId: Id,
  associationId: Id,
  memberId: Id,
  module: ModuleCode,
  reason: BilingualReasonInput,
});

export type WithdrawModuleCompletion = CommandOf<
  'WithdrawModuleCompletion',
  typeof WithdrawModuleCompletionInput
>;

export type TrainingCommand =
  | ReportAttendance
  | ReportModuleCompletion
  | CorrectAttendance
  | WithdrawModuleCompletion;
