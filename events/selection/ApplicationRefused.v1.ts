import * as z from 'zod';
import { defineEvent } from '../define.js';
import { Instant } from '../envelope.js';
import { Id } from '../reference.js';
import { FailedRule, RefusalReason } from './parts.js';

/** A received application was refused: late (after the deadline) or ineligible (rules it failed). */
export const ApplicationRefusedV1 = defineEvent({
  type: 'ApplicationRefused',
  version: 1,
  get data() {
    return z.strictObject({
      callId: Id,
      applicationId: Id,
      associationId: Id,
      reason: RefusalReason,
      /** The eligibility rules the application failed; empty when it was refused as late. */
      failedRules: z.array(FailedRule).max(30),
      refusedAt: Instant,
    });
  },
});
