import * as z from 'zod';
import { defineEvent } from '../define.js';
import { Instant } from '../envelope.js';
import { Id } from '../reference.js';
import { PartyRole } from './schemas.js';

export const AgreementSignedV1 = defineEvent({
  type: 'AgreementSigned',
  version: 1,
  get data() {
    return z.strictObject({
      agreementId: Id,
      partyId: Id,
      role: PartyRole,
      signedAt: Instant,
    });
  },
});
