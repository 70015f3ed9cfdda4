import * as z from 'zod';
import { defineEvent } from '../define.js';
import { Instant } from '../envelope.js';
import { Bilingual, Id } from '../reference.js';
import { AppealOutcome } from './parts.js';

/** An appeal was decided, once: upheld or dismissed, with the reason in French and Arabic. */
export const AppealDecidedV1 = defineEvent({
  type: 'AppealDecided',
  version: 1,
  get data() {
    return z.strictObject({
      callId: Id,
      appealId: Id,
      associationId: Id,
      outcome: AppealOutcome,
      reason: Bilingual,
      decidedAt: Instant,
    });
  },
});
