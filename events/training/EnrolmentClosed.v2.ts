import { defineEvent } from '../define.js';
import { Instant } from '../envelope.js';
import { LateEntry } from '../late-entry.js';
import { EnrolmentClosedV1 } from './EnrolmentClosed.v1.js';

/**
 * v2 records when the enrolment was closed (`closedAt`, its envelope's `occurredAt`) and the late
 * entry's reason when a past edition's closing is keyed in from its files (ADR 0161).
 */
export const EnrolmentClosedV2 = defineEvent({
  type: 'EnrolmentClosed',
  version: 2,
  get data() {
    return EnrolmentClosedV1.data.extend({
      /** When it was closed; null when recorded as it happened (its envelope's `occurredAt` holds it). */
      closedAt: Instant.nullable(),
      /** Set when the closing was keyed in later than the rules allow without a reason. */
      lateEntry: LateEntry.nullable(),
    });
  },
  occurredAt: (data) => data.closedAt ?? undefined,
});

/** v1 → v2: a v1 closing was recorded as it happened: its date is its envelope's, never a late entry. */
export const upcastEnrolmentClosedV1 = (stored: unknown): unknown => ({
  ...EnrolmentClosedV1.data.parse(stored),
  closedAt: null,
  lateEntry: null,
});
