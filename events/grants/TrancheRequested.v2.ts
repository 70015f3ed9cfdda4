import { defineEvent } from '../define.js';
import { Instant } from '../envelope.js';
import { LateEntry } from '../late-entry.js';
import { TrancheRequestedV1 } from './TrancheRequested.v1.js';

/**
 * v2 records when a finance preparer requested the tranche's release (`requestedAt`, its envelope's `occurredAt`) and the late entry's reason when
 * a past edition's tranche is keyed in from its files (ADR 0153).
 */
export const TrancheRequestedV2 = defineEvent({
  type: 'TrancheRequested',
  version: 2,
  get data() {
    return TrancheRequestedV1.data.extend({
      /** When it was requested; null for a v1 event, whose envelope's `occurredAt` holds it. */
      requestedAt: Instant.nullable(),
      /** Set when it was keyed in later than the rules allow without a reason. */
      lateEntry: LateEntry.nullable(),
    });
  },
  occurredAt: (data) => data.requestedAt ?? undefined,
});

/** v1 → v2: a v1 event was recorded as it happened: its date is its envelope's, never a late entry. */
export const upcastTrancheRequestedV1 = (stored: unknown): unknown => ({
  ...TrancheRequestedV1.data.parse(stored),
  requestedAt: null,
  lateEntry: null,
});
