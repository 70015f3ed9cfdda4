import * as z from 'zod';
import { Instant } from '../../../events/envelope.js';
import { Day, Id, ModuleCode, type RegionCode, TrainerModuleCode } from '../../../events/reference.js';
import { EvaluationScore, Percent } from '../../../events/training/scores.js';
import type { CommandOf } from '../shared/decider.js';
import { BilingualInput, BilingualReasonInput, ProvinceInput } from '../shared/text.js';
import type { MemberTrainingRecord } from '../training/training.js';

/** Selects up to the target number of trainees for axis 2, by criteria the ministry states. */
export const SelectTraineesInput = z.strictObject({
  rolloutId: Id,
  minimumAttendanceRatePercent: Percent,
  minimumEvaluationScore: EvaluationScore,
  /** When they were selected (absent: now); a past selection is a late entry (ADR 0161). */
  selectedAt: Instant.optional(),
  lateEntryReason: BilingualReasonInput.optional(),
});

/** What the selection needs from the rollout and from axis 1 (filled by the application layer). */
export interface TraineeSelectionFacts {
  /** The most trainees the rollout's targets allow (15 per region in the program). */
  readonly trainerTarget: number;
  /** Every participant's axis-1 record (training `memberTrainingRecords`, over every enrolled association). */
  readonly candidates: readonly MemberTrainingRecord[];
  /**
   * The day of the latest dated completion among those records (training `lastCompletedOn`, over
   * every enrolled association): the selection, which judges them, is not dated before it (ADR
   * 0161). Null: none is dated.
   */
  readonly lastCompletedOn: string | null;
}

export type SelectTrainees = CommandOf<'SelectTrainees', typeof SelectTraineesInput, TraineeSelectionFacts>;

/** The operator reports that a trainee completed one of the three trainer modules. */
export const ReportTrainerModuleCompletionInput = z.strictObject({
  rolloutId: Id,
  memberId: Id,
  module: TrainerModuleCode,
  /**
   * The day the trainee completed it (a past edition's signed sheet, ADR 0152); absent, the day it
   * is recorded. Keyed in later than the rules allow, it needs `lateEntryReason`.
   */
  completedOn: Day.optional(),
  lateEntryReason: BilingualReasonInput.optional(),
});

export type ReportTrainerModuleCompletion = CommandOf<
  'ReportTrainerModuleCompletion',
  typeof ReportTrainerModuleCompletionInput
>;

/** Establishes the region's competence hub with the trainers certified so far. */
export const EstablishCompetenceHubInput = z.strictObject({
  rolloutId: Id,
  name: BilingualInput,
  /** When it was established (absent: now); a past hub is a late entry (ADR 0152). */
  establishedAt: Instant.optional(),
  lateEntryReason: BilingualReasonInput.optional(),
});

/** What establishing the hub needs from the rollout aggregate. */
export interface HubRegionFacts {
  /** The rollout's region. */
  readonly region: RegionCode;
}

export type EstablishCompetenceHub = CommandOf<
  'EstablishCompetenceHub',
  typeof EstablishCompetenceHubInput,
  HubRegionFacts
>;

/** The operator reports a cascade session run by a hub trainer for associations of a province. */
export const ReportCascadeSessionInput = z.strictObject({
  rolloutId: Id,
  sessionId: Id,
  trainerId: Id,
  province: ProvinceInput,
  date: Day,
  topic: ModuleCode,
  participantCount: z.number().int().min(0).max(10_000),
  /** The associations that attended (direct beneficiaries among them are not counted as cascade reach). */
  associationIds: z.array(Id).min(1).max(500),
});

/** What a cascade report needs from the rollout and the enrolment (filled by the application layer). */
export interface CascadeFacts {
  /** The prefectures and provinces of the rollout's region (reference data). */
  readonly regionProvinces: readonly string[];
  /** The rollout's direct beneficiaries (enrolment `enrolledAssociationIds`). */
  readonly beneficiaryAssociationIds: readonly string[];
}

export type ReportCascadeSession = CommandOf<
  'ReportCascadeSession',
  typeof ReportCascadeSessionInput,
  CascadeFacts
>;

export type TrainersCommand =
  | SelectTrainees
  | ReportTrainerModuleCompletion
  | EstablishCompetenceHub
  | ReportCascadeSession;
