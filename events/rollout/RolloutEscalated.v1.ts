import * as z from 'zod';
import { defineEvent } from '../define.js';
import { Instant } from '../envelope.js';
import { Id } from '../reference.js';
import { EscalationReason, RolloutPhase } from './schemas.js';

export const RolloutEscalatedV1 = defineEvent({
  type: 'RolloutEscalated',
  version: 1,
  get data() {
    return z.strictObject({
      rolloutId: Id,
      phase: RolloutPhase,
      reason: EscalationReason,
      /** The instant the escalation began. */
      since: Instant,
      /** The deadline that passed, or null when the phase had none. */
      missedDeadline: Instant.nullable(),
    });
  },
});
