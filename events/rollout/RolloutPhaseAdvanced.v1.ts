import * as z from 'zod';
import { defineEvent } from '../define.js';
import { Instant } from '../envelope.js';
import { Id } from '../reference.js';
import { RolloutPhase } from './schemas.js';

export const RolloutPhaseAdvancedV1 = defineEvent({
  type: 'RolloutPhaseAdvanced',
  version: 1,
  get data() {
    return z.strictObject({
      rolloutId: Id,
      from: RolloutPhase,
      to: RolloutPhase,
      /** The fact that allowed the move (e.g. `regionalAgreementInForce`), or null when none is needed. */
      condition: z.string().min(1).max(100).nullable(),
      /** When the wait of the new phase times out, or null when it has no deadline. */
      deadline: Instant.nullable(),
    });
  },
});
