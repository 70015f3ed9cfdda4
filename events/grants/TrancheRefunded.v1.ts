import * as z from 'zod';
import { defineEvent } from '../define.js';
import { Bilingual, Id } from '../reference.js';
import { FundingShare, PositiveCentimes, RefundKind, trancheOfGrant } from './parts.js';

/** Money of a paid tranche came back to the treasury: returned by the association or recovered. */
export const TrancheRefundedV1 = defineEvent({
  type: 'TrancheRefunded',
  version: 1,
  get data() {
    return z.strictObject({
      ...trancheOfGrant(),
      kind: RefundKind,
      /** What came back: at most what the tranche paid less what came back of it before. */
      amount: PositiveCentimes,
      /** What each co-funder gets back (sums to `amount`), in proportion to the tranche's funding. */
      funding: z.array(FundingShare).min(1).max(10),
      /** The receipt's reference in the payment system. */
      refundReference: Id,
      reason: Bilingual,
      /**
       * True when the grant was cancelled before: the money then also goes back to the co-funders'
       * budgets (a cancelled grant weighs what the association still holds of it).
       */
      grantCancelled: z.boolean(),
      /** The finance payer who recorded the receipt (an id, never a name). */
      payerId: Id,
    });
  },
});
