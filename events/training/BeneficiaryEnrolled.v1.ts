import * as z from 'zod';
import { defineEvent } from '../define.js';
import { Bilingual, Id } from '../reference.js';
import { Province } from './province.js';

export const BeneficiaryEnrolledV1 = defineEvent({
  type: 'BeneficiaryEnrolled',
  version: 1,
  get data() {
    return z.strictObject({
      rolloutId: Id,
      associationId: Id,
      /** The association's legal name (a legal entity, not a person), in French and Arabic. */
      name: Bilingual,
      province: Province,
      /** How many members the association must nominate for its enrolment to be complete. */
      memberTarget: z.number().int().min(1).max(50),
    });
  },
});
