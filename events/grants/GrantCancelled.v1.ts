import * as z from 'zod';
import { defineEvent } from '../define.js';
import { Bilingual, Centimes, Id } from '../reference.js';
import { FundingShare, PositiveCentimes } from './parts.js';

/**
 * The ministry cancelled a grant, with a reason: its unpaid tranches will never be paid, and what
 * was not paid goes back to the co-funders' budgets. What the association holds stays accounted
 * for (and may still be recovered).
 */
export const GrantCancelledV1 = defineEvent({
  type: 'GrantCancelled',
  version: 1,
  get data() {
    return z.strictObject({
      rolloutId: Id,
      grantId: Id,
      associationId: Id,
      /** The grant's amount when it was cancelled. */
      amount: PositiveCentimes,
      /** What the association held of it when it was cancelled (paid less refunded). */
      held: Centimes,
      /** `amount − held`: what goes back to the co-funders' budgets. */
      released: Centimes,
      /** Each co-funder's part of `released` (sums to it; empty when nothing is released). */
      releasedFunding: z.array(FundingShare).max(10),
      /** The tranches that will never be paid (any request under way is dropped with them). */
      droppedTranches: z.array(z.number().int().min(1)).max(12),
      reason: Bilingual,
      /** Who cancelled it for the ministry (an id, never a name). */
      cancelledBy: Id,
    });
  },
});
