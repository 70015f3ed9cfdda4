import * as z from 'zod';
import { defineEvent } from '../define.js';
import { Bilingual, Id } from '../reference.js';
import { trancheOfGrant } from './parts.js';

/** A finance approver rejected a tranche request; the tranche may be requested again. */
export const TrancheRejectedV1 = defineEvent({
  type: 'TrancheRejected',
  version: 1,
  get data() {
    return z.strictObject({
      ...trancheOfGrant(),
      reason: Bilingual,
      /** The finance approver (an id, never a name). */
      approverId: Id,
    });
  },
});
