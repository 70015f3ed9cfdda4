import * as z from 'zod';
import { defineEvent } from '../define.js';
import { Instant } from '../envelope.js';
import { Id } from '../reference.js';
import { EscalationReason } from '../rollout/schemas.js';
import { CallWaitStep } from './parts.js';

export const CallEscalatedV1 = defineEvent({
  type: 'CallEscalated',
  version: 1,
  get data() {
    return z.strictObject({
      callId: Id,
      step: CallWaitStep,
      reason: EscalationReason,
      /** The instant the escalation began. */
      since: Instant,
    });
  },
});
