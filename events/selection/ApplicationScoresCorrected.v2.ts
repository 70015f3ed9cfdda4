import { defineEvent } from '../define.js';
import { Instant } from '../envelope.js';
import { LateEntry } from '../late-entry.js';
import { ApplicationScoresCorrectedV1 } from './ApplicationScoresCorrected.v1.js';

/**
 * v2 records when the member really gave the corrected scores (`scoredAt`, its envelope's
 * `occurredAt`) and the late entry's reason when a past edition's correction is keyed in from its
 * files (ADR 0159).
 */
export const ApplicationScoresCorrectedV2 = defineEvent({
  type: 'ApplicationScoresCorrected',
  version: 2,
  get data() {
    return ApplicationScoresCorrectedV1.data.extend({
      /** When the scores were corrected; null when recorded as it happened (its envelope's `occurredAt`). */
      scoredAt: Instant.nullable(),
      /** Set when the correction was keyed in later than the rules allow without a reason. */
      lateEntry: LateEntry.nullable(),
    });
  },
  occurredAt: (data) => data.scoredAt ?? undefined,
});

/** v1 → v2: a v1 correction was made as it was recorded: its date is its envelope's, never a late entry. */
export const upcastApplicationScoresCorrectedV1 = (stored: unknown): unknown => ({
  ...ApplicationScoresCorrectedV1.data.parse(stored),
  scoredAt: null,
  lateEntry: null,
});
