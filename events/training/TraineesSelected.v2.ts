import * as z from 'zod';
import { defineEvent } from '../define.js';
import { Id } from '../reference.js';
import { EvaluationScore, Percent } from './scores.js';
import { TraineeCandidate, TraineesSelectedV1 } from './TraineesSelected.v1.js';

/** How many candidates failed each criterion (a candidate failing two criteria counts under both). */
const IneligibleByReason = z.strictObject({
  MODULES_MISSING: z.number().int().min(0),
  ATTENDANCE_BELOW_MINIMUM: z.number().int().min(0),
  EVALUATION_BELOW_MINIMUM: z.number().int().min(0),
  EVALUATION_MISSING: z.number().int().min(0),
});

/**
 * v2 records the selected trainees and the reserve (the next eligible candidates, as many as the
 * target) one by one, and every other candidate as a count by reason. v1 listed every candidate,
 * which a region of 600 associations (2,400 candidates) could not hold in one commit (ADR 0045).
 * Each candidate's own reasons stay derivable: the criteria are recorded here, and their training
 * records are events.
 */
export const TraineesSelectedV2 = defineEvent({
  type: 'TraineesSelected',
  version: 2,
  get data() {
    return z
      .strictObject({
        rolloutId: Id,
        /** The most trainees the rollout's targets allow (15 per region). */
        target: z.number().int().min(1).max(100),
        criteria: TraineesSelectedV1.data.shape.criteria,
        /** How many participants the selection considered. */
        candidates: z.number().int().min(1),
        /** The trainees, best ranked first (ranks 1..n). */
        selected: z.array(TraineeCandidate).min(1).max(100),
        /** Where the ranking was cut: the last selected trainee's rank and record. */
        cutOff: z.strictObject({
          rank: z.number().int().min(1),
          evaluationScore: EvaluationScore,
          attendanceRatePercent: Percent,
        }),
        /** The eligible candidates ranked just beyond the target, best first, at most the target. */
        reserve: z.array(TraineeCandidate).max(100),
        notSelected: z.strictObject({
          count: z.number().int().min(0),
          /** Eligible, but ranked beyond the target (the reserve is the best of them). */
          rankedBeyondTarget: z.number().int().min(0),
          /** Failing at least one criterion. */
          ineligible: z.number().int().min(0),
          ineligibleByReason: IneligibleByReason,
        }),
      })
      .superRefine((data, context) => {
        const problem = (path: (string | number)[], message: string) =>
          context.addIssue({ code: 'custom', path, message });
        const { notSelected } = data;
        if (data.selected.length > data.target) problem(['selected'], 'more trainees than the target');
        if (data.candidates !== data.selected.length + notSelected.count)
          problem(['candidates'], 'the candidates are not the selected plus those not selected');
        if (notSelected.count !== notSelected.rankedBeyondTarget + notSelected.ineligible)
          problem(['notSelected', 'count'], 'not the ranked beyond the target plus the ineligible');
        if (data.reserve.length !== Math.min(data.target, notSelected.rankedBeyondTarget))
          problem(['reserve'], 'the reserve holds the best ranked beyond the target, as many as the target');
        if (data.cutOff.rank !== data.selected.length)
          problem(['cutOff', 'rank'], 'the cut-off is the last selected trainee');
      });
  },
});

type V2 = z.infer<typeof TraineesSelectedV2.data>;
type Candidate = z.infer<typeof TraineeCandidate>;

/** Counts candidates by the criteria they failed. */
export const countIneligibleByReason = (
  candidates: readonly { readonly reasons: readonly string[] }[],
): V2['notSelected']['ineligibleByReason'] => {
  const count = (reason: string) =>
    candidates.filter((candidate) => candidate.reasons.includes(reason)).length;
  return {
    MODULES_MISSING: count('MODULES_MISSING'),
    ATTENDANCE_BELOW_MINIMUM: count('ATTENDANCE_BELOW_MINIMUM'),
    EVALUATION_BELOW_MINIMUM: count('EVALUATION_BELOW_MINIMUM'),
    EVALUATION_MISSING: count('EVALUATION_MISSING'),
  };
};

/**
 * v1 → v2: the selected stay as they were; v1's candidates ranked beyond the target become the
 * reserve (the best of them, as many as the target) and a count; its ineligible become counts by
 * reason. Nothing a v1 reader used is lost: the trainees, their ranks and the criteria.
 */
export const upcastTraineesSelectedV1 = (stored: unknown): unknown => {
  const v1 = TraineesSelectedV1.data.parse(stored);
  const byRank = (left: Candidate, right: Candidate) => (left.rank ?? 0) - (right.rank ?? 0);
  const selected = [...v1.selected].sort(byRank);
  const last = selected.at(-1);
  // A selected trainee met every criterion, so v1 recorded their rank and evaluation score.
  if (!last || last.rank === null || last.evaluationScore === null)
    throw new Error('TraineesSelected v1 has a selected trainee with no rank or evaluation score');
  const beyond = v1.notSelected.filter((candidate) => candidate.rank !== null).sort(byRank);
  const ineligible = v1.notSelected.filter((candidate) => candidate.rank === null);
  const data: V2 = {
    rolloutId: v1.rolloutId,
    target: v1.target,
    criteria: v1.criteria,
    candidates: v1.selected.length + v1.notSelected.length,
    selected,
    cutOff: {
      rank: last.rank,
      evaluationScore: last.evaluationScore,
      attendanceRatePercent: last.attendanceRatePercent,
    },
    reserve: beyond.slice(0, v1.target),
    notSelected: {
      count: v1.notSelected.length,
      rankedBeyondTarget: beyond.length,
      ineligible: ineligible.length,
      ineligibleByReason: countIneligibleByReason(ineligible),
    },
  };
  return data;
};
