import { defineEvent } from '../define.js';
import { Instant } from '../envelope.js';
import { LateEntry } from '../late-entry.js';
import { ApplicationScoredV1 } from './ApplicationScored.v1.js';

/**
 * v2 records when the member really scored the file (`scoredAt`, its envelope's `occurredAt`) and
 * the late entry's reason when a past edition's score sheet is keyed in from its files (ADR 0159).
 */
export const ApplicationScoredV2 = defineEvent({
  type: 'ApplicationScored',
  version: 2,
  get data() {
    return ApplicationScoredV1.data.extend({
      /** When the file was scored; null when recorded as it happened (its envelope's `occurredAt` holds it). */
      scoredAt: Instant.nullable(),
      /** Set when the scores were keyed in later than the rules allow without a reason. */
      lateEntry: LateEntry.nullable(),
    });
  },
  occurredAt: (data) => data.scoredAt ?? undefined,
});

/** v1 → v2: a v1 sheet was scored as it was recorded: its date is its envelope's, never a late entry. */
export const upcastApplicationScoredV1 = (stored: unknown): unknown => ({
  ...ApplicationScoredV1.data.parse(stored),
  scoredAt: null,
  lateEntry: null,
});
