import * as z from 'zod';
import { defineEvent } from '../define.js';
import { Id } from '../reference.js';
import { EvaluationScore, Percent } from './scores.js';

/** Why a candidate was or was not selected: one code per criterion, plus the ranking's outcome. */
export const TraineeSelectionReason = z.enum([
  'ALL_MODULES_COMPLETED',
  'MODULES_MISSING',
  'ATTENDANCE_MET',
  'ATTENDANCE_BELOW_MINIMUM',
  'EVALUATION_MET',
  'EVALUATION_BELOW_MINIMUM',
  'EVALUATION_MISSING',
  'RANKED_WITHIN_TARGET',
  'RANKED_BEYOND_TARGET',
]);

/** One participant as the selection saw them: their record against the criteria, and why. */
export const TraineeCandidate = z.strictObject({
  memberId: Id,
  associationId: Id,
  modulesCompleted: z.number().int().min(0).max(8),
  attendanceRatePercent: Percent,
  /** Mean of the member's module evaluation scores; null when none was reported. */
  evaluationScore: EvaluationScore.nullable(),
  /** Rank among the eligible candidates (1 is best); null for a candidate who is not eligible. */
  rank: z.number().int().min(1).nullable(),
  reasons: z.array(TraineeSelectionReason).min(1),
});

export const TraineesSelectedV1 = defineEvent({
  type: 'TraineesSelected',
  version: 1,
  get data() {
    return z.strictObject({
      rolloutId: Id,
      /** The most trainees the rollout's targets allow (15 per region). */
      target: z.number().int().min(1).max(100),
      criteria: z.strictObject({
        allModulesRequired: z.literal(true),
        minimumAttendanceRatePercent: Percent,
        minimumEvaluationScore: EvaluationScore,
        ranking: z.literal('evaluation-score-then-attendance-rate-then-member-id'),
      }),
      selected: z.array(TraineeCandidate).min(1).max(100),
      notSelected: z.array(TraineeCandidate).max(1000),
    });
  },
});
