import * as z from 'zod';
import { defineEvent } from '../define.js';
import { Instant } from '../envelope.js';
import { Bilingual, Id } from '../reference.js';

/** The ministry extended an open call's deadline, with a reason: files are received until the new one. */
export const CallDeadlineExtendedV1 = defineEvent({
  type: 'CallDeadlineExtended',
  version: 1,
  get data() {
    return z.strictObject({
      callId: Id,
      previousDeadline: Instant,
      deadline: Instant,
      reason: Bilingual,
    });
  },
});
