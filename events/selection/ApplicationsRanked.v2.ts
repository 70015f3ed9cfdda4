import { defineEvent } from '../define.js';
import { Instant } from '../envelope.js';
import { LateEntry } from '../late-entry.js';
import { ApplicationsRankedV1 } from './ApplicationsRanked.v1.js';

/**
 * v2 records when the committee really ranked the files (`rankedAt`, its envelope's `occurredAt`)
 * and the late entry's reason when a past edition's ranking is keyed in from its minutes (ADR 0159).
 */
export const ApplicationsRankedV2 = defineEvent({
  type: 'ApplicationsRanked',
  version: 2,
  get data() {
    return ApplicationsRankedV1.data.extend({
      /** When the files were ranked; null when recorded as it happened (its envelope's `occurredAt` holds it). */
      rankedAt: Instant.nullable(),
      /** Set when the ranking was keyed in later than the rules allow without a reason. */
      lateEntry: LateEntry.nullable(),
    });
  },
  occurredAt: (data) => data.rankedAt ?? undefined,
});

/** v1 → v2: a v1 ranking was made as it was recorded: its date is its envelope's, never a late entry. */
export const upcastApplicationsRankedV1 = (stored: unknown): unknown => ({
  ...ApplicationsRankedV1.data.parse(stored),
  rankedAt: null,
  lateEntry: null,
});
