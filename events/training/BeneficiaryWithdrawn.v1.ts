import * as z from 'zod';
import { defineEvent } from '../define.js';
import { Bilingual, Id } from '../reference.js';

/** Why an association left a rollout: it withdrew, or the ministry or coordinator excluded it. */
export const BeneficiaryDeparture = z.enum(['withdrew', 'excluded']);

export const BeneficiaryWithdrawnV1 = defineEvent({
  type: 'BeneficiaryWithdrawn',
  version: 1,
  get data() {
    return z.strictObject({
      rolloutId: Id,
      associationId: Id,
      departure: BeneficiaryDeparture,
      /** The reason, in French and Arabic (who recorded it is the envelope's actor). */
      reason: Bilingual,
      /** The members that leave with it (ids, never names), so that counts stay exact without a lookup. */
      memberIds: z.array(Id).max(50),
    });
  },
});
