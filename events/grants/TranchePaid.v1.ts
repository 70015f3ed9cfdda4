import * as z from 'zod';
import { defineEvent } from '../define.js';
import { Id } from '../reference.js';
import { FundingShare, PositiveCentimes, trancheOfGrant } from './parts.js';

/** A finance payer, other than its preparer and approver, paid an approved tranche. */
export const TranchePaidV1 = defineEvent({
  type: 'TranchePaid',
  version: 1,
  get data() {
    return z.strictObject({
      ...trancheOfGrant(),
      amount: PositiveCentimes,
      /** What each co-funder paid of this tranche (sums to `amount`), as planned at the award. */
      funding: z.array(FundingShare).min(1).max(10),
      /** The transfer's reference in the payment system. */
      paymentReference: Id,
      /** True when this was the grant's last tranche: the grant is fully paid. */
      grantFullyPaid: z.boolean(),
      /** The finance payer (an id, never a name). */
      payerId: Id,
    });
  },
});
