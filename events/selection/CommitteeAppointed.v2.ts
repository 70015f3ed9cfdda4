import { defineEvent } from '../define.js';
import { Instant } from '../envelope.js';
import { LateEntry } from '../late-entry.js';
import { CommitteeAppointedV1 } from './CommitteeAppointed.v1.js';

/**
 * v2 records when the committee was really appointed (`appointedAt`, its envelope's `occurredAt`)
 * and the late entry's reason when a past edition's appointment is keyed in from its files (ADR 0159).
 */
export const CommitteeAppointedV2 = defineEvent({
  type: 'CommitteeAppointed',
  version: 2,
  get data() {
    return CommitteeAppointedV1.data.extend({
      /** When it was appointed; null when recorded as it happened (its envelope's `occurredAt` holds it). */
      appointedAt: Instant.nullable(),
      /** Set when the appointment was keyed in later than the rules allow without a reason. */
      lateEntry: LateEntry.nullable(),
    });
  },
  occurredAt: (data) => data.appointedAt ?? undefined,
});

/** v1 → v2: a v1 committee was appointed as it was recorded: its date is its envelope's, never a late entry. */
export const upcastCommitteeAppointedV1 = (stored: unknown): unknown => ({
  ...CommitteeAppointedV1.data.parse(stored),
  appointedAt: null,
  lateEntry: null,
});
