import * as z from 'zod';
import { defineEvent } from '../define.js';
import { Id } from '../reference.js';

export const BeneficiaryReplacedV1 = defineEvent({
  type: 'BeneficiaryReplaced',
  version: 1,
  get data() {
    return z.strictObject({
      rolloutId: Id,
      /** The association that withdrew or was excluded. */
      replacedAssociationId: Id,
      /** The association taken from the reserve (enrolled by the `BeneficiaryEnrolled` that follows). */
      replacementAssociationId: Id,
      /** The beneficiary call whose committee ranked the reserve. */
      callId: Id,
      /** The replacement's rank in the committee's ranking (the selected come first). */
      rank: z.number().int().min(1),
    });
  },
});
