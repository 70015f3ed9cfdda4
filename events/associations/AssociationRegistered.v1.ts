import * as z from 'zod';
import { defineEvent } from '../define.js';
import { Instant } from '../envelope.js';
import { Bilingual, Id } from '../reference.js';
import { LegalRepresentative, RegistrationNumber, Seat } from './parts.js';

/**
 * An association declared its identity through the portal: registration number, names, seat and
 * legal representative. It awaits the ministry's verification before it may apply to a call.
 */
export const AssociationRegisteredV1 = defineEvent({
  type: 'AssociationRegistered',
  version: 1,
  get data() {
    return z.strictObject({
      associationId: Id,
      registrationNumber: RegistrationNumber,
      name: Bilingual,
      seat: Seat,
      legalRepresentative: LegalRepresentative,
      registeredAt: Instant,
    });
  },
});
