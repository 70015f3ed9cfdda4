import { defineEvent } from '../define.js';
import { Instant } from '../envelope.js';
import { LateEntry } from '../late-entry.js';
import { TrancheRejectedV1 } from './TrancheRejected.v1.js';

/**
 * v2 records when a finance approver rejected the tranche's request (`rejectedAt`, its envelope's
 * `occurredAt`) and the late entry's reason when a past edition's rejection is keyed in from its
 * files (ADR 0161).
 */
export const TrancheRejectedV2 = defineEvent({
  type: 'TrancheRejected',
  version: 2,
  get data() {
    return TrancheRejectedV1.data.extend({
      /** When it was rejected; null for a v1 event, whose envelope's `occurredAt` holds it. */
      rejectedAt: Instant.nullable(),
      /** Set when it was keyed in later than the rules allow without a reason. */
      lateEntry: LateEntry.nullable(),
    });
  },
  occurredAt: (data) => data.rejectedAt ?? undefined,
});

/** v1 → v2: a v1 event was recorded as it happened: its date is its envelope's, never a late entry. */
export const upcastTrancheRejectedV1 = (stored: unknown): unknown => ({
  ...TrancheRejectedV1.data.parse(stored),
  rejectedAt: null,
  lateEntry: null,
});
