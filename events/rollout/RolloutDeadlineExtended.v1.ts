import * as z from 'zod';
import { defineEvent } from '../define.js';
import { Instant } from '../envelope.js';
import { Bilingual, Id } from '../reference.js';
import { RolloutPhase } from './schemas.js';

export const RolloutDeadlineExtendedV1 = defineEvent({
  type: 'RolloutDeadlineExtended',
  version: 1,
  get data() {
    return z.strictObject({
      rolloutId: Id,
      phase: RolloutPhase,
      deadline: Instant,
      previousDeadline: Instant.nullable(),
      reason: Bilingual.nullable(),
    });
  },
});
