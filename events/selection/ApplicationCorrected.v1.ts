import * as z from 'zod';
import { defineEvent } from '../define.js';
import { Instant } from '../envelope.js';
import { Bilingual } from '../reference.js';
import { applicationRecord, FailedRule, RefusalReason } from './parts.js';

/**
 * An application's record was keyed in wrongly and is corrected, before the committee ranked, with
 * the reason (ADR 0082). The record as it now stands, and its eligibility judged again: the earlier
 * `ApplicationSubmitted` and `ApplicationRefused` stay in the history; views and figures follow this.
 */
export const ApplicationCorrectedV1 = defineEvent({
  type: 'ApplicationCorrected',
  version: 1,
  get data() {
    return z.strictObject({
      ...applicationRecord(),
      receivedAt: Instant,
      /** Which fields the correction changed. */
      correctedFields: z
        .array(z.enum(['associationName', 'province', 'declaredFacts', 'receivedAt']))
        .min(1)
        .max(4),
      /** The refusal before the correction, and after it (null: eligible). */
      previousRefusal: RefusalReason.nullable(),
      refusal: z.strictObject({ reason: RefusalReason, failedRules: z.array(FailedRule).max(30) }).nullable(),
      reason: Bilingual,
    });
  },
});
