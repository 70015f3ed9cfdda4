import { defineEvent } from '../define.js';
import { Instant } from '../envelope.js';
import { LateEntry } from '../late-entry.js';
import { TrancheApprovedV1 } from './TrancheApproved.v1.js';

/**
 * v2 records when a finance approver approved the tranche (`approvedAt`, its envelope's `occurredAt`) and the late entry's reason when
 * a past edition's tranche is keyed in from its files (ADR 0153).
 */
export const TrancheApprovedV2 = defineEvent({
  type: 'TrancheApproved',
  version: 2,
  get data() {
    return TrancheApprovedV1.data.extend({
      /** When it was approved; null for a v1 event, whose envelope's `occurredAt` holds it. */
      approvedAt: Instant.nullable(),
      /** Set when it was keyed in later than the rules allow without a reason. */
      lateEntry: LateEntry.nullable(),
    });
  },
  occurredAt: (data) => data.approvedAt ?? undefined,
});

/** v1 → v2: a v1 event was recorded as it happened: its date is its envelope's, never a late entry. */
export const upcastTrancheApprovedV1 = (stored: unknown): unknown => ({
  ...TrancheApprovedV1.data.parse(stored),
  approvedAt: null,
  lateEntry: null,
});
