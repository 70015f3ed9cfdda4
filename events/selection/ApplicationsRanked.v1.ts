import * as z from 'zod';
import { defineEvent } from '../define.js';
import { Instant } from '../envelope.js';
import { Bilingual, Id } from '../reference.js';
import { RankDecidedBy } from './parts.js';

/** One file of a ranking, with what placed it there. */
export const RankedApplication = z.strictObject({
  rank: z.number().int().min(1),
  applicationId: Id,
  associationId: Id,
  associationName: Bilingual,
  /** The mean over counted members of Σ(weight × score) / Σ weight, rounded to 2 decimals. */
  weightedAverage: z.number().nonnegative(),
  /** The mean score on the first-weighted criterion (first tie-break), rounded to 2 decimals. */
  firstCriterionAverage: z.number().nonnegative(),
  submittedAt: Instant,
  /** The non-conflicted members whose scores were counted. */
  scoredBy: z.array(Id).min(1),
  decidedBy: RankDecidedBy,
});
export type RankedApplication = z.infer<typeof RankedApplication>;

/** The committee ranked every eligible file by weighted average, ties broken by a documented rule. */
export const ApplicationsRankedV1 = defineEvent({
  type: 'ApplicationsRanked',
  version: 1,
  get data() {
    return z.strictObject({
      callId: Id,
      /** The criterion used as first tie-break: the heaviest, the first in the grid among equals. */
      firstWeightedCriterionId: Id,
      ranking: z.array(RankedApplication).min(1),
    });
  },
});
