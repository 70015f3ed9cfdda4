import * as z from 'zod';
import { defineEvent } from '../define.js';
import { Bilingual, Id } from '../reference.js';

/** A finance approver rejected a tranche request; the tranche may be requested again. */
export const TrancheRejectedV1 = defineEvent({
  type: 'TrancheRejected',
  version: 1,
  summary: 'A finance approver rejected a grant tranche request with a reason; it may be requested again.',
  get data() {
    return z.strictObject({
      rolloutId: Id,
      grantId: Id,
      associationId: Id,
      trancheNumber: z.number().int().min(1),
      reason: Bilingual,
      /** The finance approver (an id, never a name). */
      approverId: Id,
    });
  },
});
