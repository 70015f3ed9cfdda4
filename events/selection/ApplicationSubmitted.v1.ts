import * as z from 'zod';
import { defineEvent } from '../define.js';
import { Instant } from '../envelope.js';
import { Bilingual, Id } from '../reference.js';
import { DeclaredFacts, Province } from './parts.js';

/** An association's application (file) was received by a call, with its declared eligibility facts. */
export const ApplicationSubmittedV1 = defineEvent({
  type: 'ApplicationSubmitted',
  version: 1,
  summary: "An association's application was received by a call, with its declared eligibility facts.",
  get data() {
    return z.strictObject({
      callId: Id,
      applicationId: Id,
      associationId: Id,
      /** The association's legal name (a legal entity, not a person), in French and Arabic. */
      associationName: Bilingual,
      /** The prefecture or province of the association's seat. */
      province: Province,
      declaredFacts: DeclaredFacts,
      submittedAt: Instant,
    });
  },
});
