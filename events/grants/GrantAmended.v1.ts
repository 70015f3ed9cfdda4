import * as z from 'zod';
import { defineEvent } from '../define.js';
import { Bilingual, Id } from '../reference.js';
import { FundingShare, GrantInstrument, PlannedTranche, PositiveCentimes } from './parts.js';

/**
 * The ministry amended a grant's amount and the schedule of its unpaid tranches, with a reason.
 * Paid tranches are history and keep their numbers; the new schedule follows them.
 */
export const GrantAmendedV1 = defineEvent({
  type: 'GrantAmended',
  version: 1,
  get data() {
    return z.strictObject({
      rolloutId: Id,
      grantId: Id,
      associationId: Id,
      /** The amount before the amendment. */
      previousAmount: PositiveCentimes,
      /** The amount after it: never less than what the association holds of it (paid less refunded). */
      amount: PositiveCentimes,
      /** The instrument after the amendment (a convention when the amount crosses the threshold). */
      instrument: GrantInstrument,
      /** Each co-funder's share of the amended amount (sums to `amount`). */
      funding: z.array(FundingShare).min(1).max(10),
      /**
       * The tranches still to pay, replacing every unpaid tranche of the previous plan, numbered
       * after the paid ones; empty when what is held already equals the amount.
       */
      tranches: z.array(PlannedTranche).max(12),
      reason: Bilingual,
      /** Who amended it for the ministry (an id, never a name). */
      amendedBy: Id,
    });
  },
});
