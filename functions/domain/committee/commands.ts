import * as z from 'zod';
import { Instant } from '../../../events/envelope.js';
import { Id } from '../../../events/reference.js';
import {
  AppealOutcome,
  CriterionScore,
  Minutes,
  ReopenedStage,
  ScoringCriterion,
} from '../../../events/selection/parts.js';
import type { CallFacts } from '../call/call.js';
import type { CommandOf } from '../shared/decider.js';
import { BilingualInput, BilingualReasonInput } from '../shared/text.js';

/** Appoints the selection committee of a call: members by id, a chair among them, a quorum, a grid. */
export const AppointCommitteeInput = z.strictObject({
  callId: Id,
  memberIds: z.array(Id).min(1).max(25),
  chairId: Id,
  quorum: z.number().int().min(1).max(25),
  scoringGrid: z
    .array(ScoringCriterion.extend({ label: BilingualInput }))
    .min(1)
    .max(20),
  /**
   * When the committee was really appointed (a past edition entered from its files, ADR 0159);
   * absent, as it is recorded. Never before the call's opening; keyed in later than the rules allow,
   * it needs `lateEntryReason`.
   */
  appointedAt: Instant.optional(),
  lateEntryReason: BilingualReasonInput.optional(),
});

/** The acting committee member declares a conflict of interest on one file. */
export const DeclareConflictInput = z.strictObject({
  callId: Id,
  applicationId: Id,
});

/** The acting committee member scores one file on every criterion of the grid (integers). */
export const SubmitScoresInput = z.strictObject({
  callId: Id,
  applicationId: Id,
  scores: z.array(CriterionScore).min(1).max(20),
  /**
   * When the member really scored the file (its signed score sheet, ADR 0159); absent, as it is
   * recorded. Never before the committee's appointment nor the call's closing; keyed in later than
   * the rules allow, it needs `lateEntryReason`.
   */
  scoredAt: Instant.optional(),
  lateEntryReason: BilingualReasonInput.optional(),
});

/**
 * A committee member corrects the scores it gave a file, before the selection is published, with
 * the reason (ADR 0082). A ranking already made is withdrawn: the chair ranks and selects again.
 */
export const CorrectScoresInput = SubmitScoresInput.extend({ reason: BilingualReasonInput });

/**
 * Ranks every eligible file once scoring is complete (see the committee's README for ties).
 * `rankedAt` is when the committee really ranked them (its minutes, ADR 0159); absent, as it is
 * recorded. Never before the last score it ranks by; keyed in later than the rules allow, it needs
 * `lateEntryReason`.
 */
export const RankApplicationsInput = z.strictObject({
  callId: Id,
  rankedAt: Instant.optional(),
  lateEntryReason: BilingualReasonInput.optional(),
});

/** Selects the top of the ranking: one association, or the top N of a beneficiary call. */
export const SelectAssociationsInput = z.strictObject({
  callId: Id,
});

/** Publishes the selection with its minutes (fr, ar) and the end of the appeal window. */
export const PublishSelectionInput = z.strictObject({
  callId: Id,
  appealWindowEndsAt: Instant,
  minutes: Minutes,
  /**
   * When the selection was really published (a past edition entered from its files, ADR 0135);
   * absent, as it is recorded. Keyed in later than the rules allow, it needs `lateEntryReason`, and
   * its appeal window, which ends after the publication, may have ended already.
   */
  publishedAt: Instant.optional(),
  lateEntryReason: BilingualReasonInput.optional(),
});

/** Records an applicant association's appeal, within the appeal window. */
export const LodgeAppealInput = z.strictObject({
  callId: Id,
  associationId: Id,
  groundsDocumentId: Id,
  /**
   * When the appeal letter reached the ministry (its registry stamp): the appeal window is judged by
   * it; absent, as it is recorded. Keyed in later than the rules allow, it needs `lateEntryReason`.
   */
  lodgedAt: Instant.optional(),
  lateEntryReason: BilingualReasonInput.optional(),
});

/** Decides an appeal, once. */
export const DecideAppealInput = z.strictObject({
  callId: Id,
  appealId: Id,
  outcome: AppealOutcome,
  reason: BilingualReasonInput,
  /**
   * An upheld appeal says what it re-opens (issue 20, item 4): `ranking` (scores corrected, files
   * ranked again) or `selection` (the appellant, ranked, selected with the top of the ranking).
   * Required when upheld; not given when dismissed.
   */
  reopens: ReopenedStage.optional(),
});

/** The workflow's reminder that the appeal window closes soon (no person sends it). */
export const RemindAppealWindowClosingInput = z.strictObject({
  callId: Id,
});

/**
 * Facts from the call's own stream, filled by the application layer with `callFacts(callState)`
 * from functions/domain/call (never from an HTTP body): the call's purpose and seats, whether it is
 * closed, and every file it received with its eligibility. `null` when the call was never opened.
 */
export interface CallFactsOfCommittee {
  readonly call: CallFacts | null;
}

export type AppointCommittee = CommandOf<
  'AppointCommittee',
  typeof AppointCommitteeInput,
  CallFactsOfCommittee
>;
export type DeclareConflict = CommandOf<'DeclareConflict', typeof DeclareConflictInput, CallFactsOfCommittee>;
export type SubmitScores = CommandOf<'SubmitScores', typeof SubmitScoresInput, CallFactsOfCommittee>;
export type RankApplications = CommandOf<
  'RankApplications',
  typeof RankApplicationsInput,
  CallFactsOfCommittee
>;
export type SelectAssociations = CommandOf<'SelectAssociations', typeof SelectAssociationsInput>;
export type PublishSelection = CommandOf<'PublishSelection', typeof PublishSelectionInput>;
export type LodgeAppeal = CommandOf<'LodgeAppeal', typeof LodgeAppealInput, CallFactsOfCommittee>;
export type RemindAppealWindowClosing = CommandOf<
  'RemindAppealWindowClosing',
  typeof RemindAppealWindowClosingInput,
  CallFactsOfCommittee
>;
export type DecideAppeal = CommandOf<'DecideAppeal', typeof DecideAppealInput>;

export type CorrectScores = CommandOf<'CorrectScores', typeof CorrectScoresInput>;

/** Every command of a call's selection committee. */
export type CommitteeCommand =
  | AppointCommittee
  | DeclareConflict
  | SubmitScores
  | CorrectScores
  | RankApplications
  | SelectAssociations
  | PublishSelection
  | LodgeAppeal
  | DecideAppeal
  | RemindAppealWindowClosing;
