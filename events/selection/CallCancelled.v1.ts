import * as z from 'zod';
import { defineEvent } from '../define.js';
import { Bilingual, Id } from '../reference.js';
import { CallWaitStep } from './parts.js';

export const CallCancelledV1 = defineEvent({
  type: 'CallCancelled',
  version: 1,
  get data() {
    return z.strictObject({
      callId: Id,
      /** The wait that had escalated. */
      step: CallWaitStep,
      reason: Bilingual,
    });
  },
});
