import { defineEvent } from '../define.js';
import { Instant } from '../envelope.js';
import { LateEntry } from '../late-entry.js';
import { TraineesSelectedV2 } from './TraineesSelected.v2.js';

/**
 * v3 records when the trainees were selected (`selectedAt`, its envelope's `occurredAt`) and the
 * late entry's reason when a past edition's selection is keyed in from its files (ADR 0161).
 */
export const TraineesSelectedV3 = defineEvent({
  type: 'TraineesSelected',
  version: 3,
  get data() {
    // safeExtend: v2's checks of its counts hold for v3 too.
    return TraineesSelectedV2.data.safeExtend({
      /** When they were selected; null when recorded as it happened (its envelope's `occurredAt` holds it). */
      selectedAt: Instant.nullable(),
      /** Set when the selection was keyed in later than the rules allow without a reason. */
      lateEntry: LateEntry.nullable(),
    });
  },
  occurredAt: (data) => data.selectedAt ?? undefined,
});

/** v2 → v3: a v2 selection was recorded as it happened: its date is its envelope's, never a late entry. */
export const upcastTraineesSelectedV2 = (stored: unknown): unknown => ({
  ...TraineesSelectedV2.data.parse(stored),
  selectedAt: null,
  lateEntry: null,
});
