import * as z from 'zod';
import { defineEvent } from '../define.js';
import { Instant } from '../envelope.js';
import { Bilingual, Id } from '../reference.js';
import { CallPurpose } from './parts.js';

/**
 * The ministry relaunched a call that ended without result (or, for the contact-centre call, was
 * cancelled): it is open again until a new deadline, and its workflow takes it up again.
 */
export const CallRelaunchedV1 = defineEvent({
  type: 'CallRelaunched',
  version: 1,
  get data() {
    return z.strictObject({
      callId: Id,
      purpose: CallPurpose,
      /** 2 for the first relaunch, then 3, … (the opening is round 1). */
      round: z.number().int().min(2),
      deadline: Instant,
      reason: Bilingual,
    });
  },
});
