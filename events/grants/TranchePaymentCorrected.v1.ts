import * as z from 'zod';
import { defineEvent } from '../define.js';
import { Instant } from '../envelope.js';
import { Bilingual, Id } from '../reference.js';
import { trancheOfGrant } from './parts.js';

/**
 * A paid tranche's payment record was keyed in wrongly (the transfer's reference or its date) and
 * is corrected by a finance payer, with the reason (ADR 0082). The amount is not a record to
 * correct: money returned or recovered is its own fact. The `TranchePaid` stays in the history.
 */
export const TranchePaymentCorrectedV1 = defineEvent({
  type: 'TranchePaymentCorrected',
  version: 1,
  get data() {
    return z.strictObject({
      ...trancheOfGrant(),
      /** The record as corrected, and as it was. */
      paymentReference: Id,
      paidAt: Instant.nullable(),
      previous: z.strictObject({ paymentReference: Id, paidAt: Instant.nullable() }),
      reason: Bilingual,
    });
  },
});
