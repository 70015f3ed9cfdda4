import * as z from 'zod';
import { defineEvent } from '../define.js';
import { Bilingual, Id } from '../reference.js';
import { RolloutPhase } from './schemas.js';

export const RolloutCancelledV1 = defineEvent({
  type: 'RolloutCancelled',
  version: 1,
  get data() {
    return z.strictObject({
      rolloutId: Id,
      phase: RolloutPhase,
      reason: Bilingual,
      wasEscalated: z.boolean(),
    });
  },
});
