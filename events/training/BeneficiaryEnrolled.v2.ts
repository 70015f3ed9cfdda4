import { defineEvent } from '../define.js';
import { Instant } from '../envelope.js';
import { LateEntry } from '../late-entry.js';
import { BeneficiaryEnrolledV1 } from './BeneficiaryEnrolled.v1.js';

/**
 * v2 records when the association was really enrolled (`enrolledAt`, its envelope's `occurredAt`)
 * and the late entry's reason when a past edition's enrolment is keyed in from its files (ADR 0154).
 */
export const BeneficiaryEnrolledV2 = defineEvent({
  type: 'BeneficiaryEnrolled',
  version: 2,
  get data() {
    return BeneficiaryEnrolledV1.data.extend({
      /** When it was enrolled; null when recorded as it happened (its envelope's `occurredAt` holds it). */
      enrolledAt: Instant.nullable(),
      /** Set when the enrolment was keyed in later than the rules allow without a reason. */
      lateEntry: LateEntry.nullable(),
    });
  },
  occurredAt: (data) => data.enrolledAt ?? undefined,
});

/** v1 → v2: a v1 enrolment was recorded as it happened: its date is its envelope's, never a late entry. */
export const upcastBeneficiaryEnrolledV1 = (stored: unknown): unknown => ({
  ...BeneficiaryEnrolledV1.data.parse(stored),
  enrolledAt: null,
  lateEntry: null,
});
