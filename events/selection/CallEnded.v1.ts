import * as z from 'zod';
import { defineEvent } from '../define.js';
import { Instant } from '../envelope.js';
import { Bilingual, Id } from '../reference.js';

/**
 * The ministry ended a call without result (appel infructueux), with a reason: nobody is selected
 * from it; the call may be relaunched.
 */
export const CallEndedV1 = defineEvent({
  type: 'CallEnded',
  version: 1,
  get data() {
    return z.strictObject({
      callId: Id,
      endedAt: Instant,
      /** Files the call had received, and how many of them were still eligible. */
      received: z.number().int().nonnegative(),
      eligible: z.number().int().nonnegative(),
      reason: Bilingual,
    });
  },
});
