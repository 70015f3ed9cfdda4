import * as z from 'zod';
import { defineEvent } from '../define.js';
import { Instant } from '../envelope.js';
import { Id } from '../reference.js';
import { RegistrationNumber } from './parts.js';

/** The ministry checked the identity an association declared: from now on it may apply to calls. */
export const AssociationVerifiedV1 = defineEvent({
  type: 'AssociationVerified',
  version: 1,
  get data() {
    return z.strictObject({
      associationId: Id,
      /** The number that was checked (the registration verified, should it be declared again). */
      registrationNumber: RegistrationNumber,
      verifiedAt: Instant,
    });
  },
});
