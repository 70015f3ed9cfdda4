import * as z from 'zod';
import { defineEvent } from '../define.js';
import { Bilingual, Id } from '../reference.js';
import { CriterionScore } from './parts.js';

/**
 * A committee member corrected the scores it gave a file, before the selection was published,
 * with the reason. The first `ApplicationScored` stays in the history. When the files were already
 * ranked (or selected), the ranking and selection no longer hold (`rankingWithdrawn`): the chair
 * ranks and selects again before the publication.
 */
export const ApplicationScoresCorrectedV1 = defineEvent({
  type: 'ApplicationScoresCorrected',
  version: 1,
  get data() {
    return z.strictObject({
      callId: Id,
      applicationId: Id,
      memberId: Id,
      /** The scores as corrected, and as first given. */
      scores: z.array(CriterionScore).min(1).max(20),
      previousScores: z.array(CriterionScore).min(1).max(20),
      reason: Bilingual,
      /** True when a ranking (and any selection) existed and no longer holds. */
      rankingWithdrawn: z.boolean(),
    });
  },
});
