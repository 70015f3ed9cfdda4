import * as z from 'zod';
import { defineEvent } from '../define.js';
import { Instant } from '../envelope.js';
import { Bilingual, Id } from '../reference.js';
import { CallWaitStep } from './parts.js';

export const CallWaitExtendedV1 = defineEvent({
  type: 'CallWaitExtended',
  version: 1,
  get data() {
    return z.strictObject({
      callId: Id,
      step: CallWaitStep,
      /** The wait now times out at this instant. */
      until: Instant,
      reason: Bilingual.nullable(),
    });
  },
});
