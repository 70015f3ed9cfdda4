import * as z from 'zod';
import { defineEvent } from '../define.js';
import { Instant } from '../envelope.js';
import { Bilingual, Id } from '../reference.js';
import { RegistrationNumber } from './parts.js';

/**
 * The ministry could not verify the identity an association declared, and says why; the
 * association may declare it again, corrected.
 */
export const AssociationVerificationRefusedV1 = defineEvent({
  type: 'AssociationVerificationRefused',
  version: 1,
  get data() {
    return z.strictObject({
      associationId: Id,
      registrationNumber: RegistrationNumber,
      reason: Bilingual,
      refusedAt: Instant,
    });
  },
});
