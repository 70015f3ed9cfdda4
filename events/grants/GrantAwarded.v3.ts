import { defineEvent } from '../define.js';
import { Instant } from '../envelope.js';
import { LateEntry } from '../late-entry.js';
import { GrantAwardedV2 } from './GrantAwarded.v2.js';

/**
 * v3 records when the grant was really awarded (`awardedAt`, its envelope's `occurredAt`) and the
 * late entry's reason when a past edition's award is keyed in from its files (ADR 0137).
 */
export const GrantAwardedV3 = defineEvent({
  type: 'GrantAwarded',
  version: 3,
  get data() {
    return GrantAwardedV2.data.extend({
      /** When the grant was awarded; null for a v2 award, whose envelope's `occurredAt` holds it. */
      awardedAt: Instant.nullable(),
      /** Set when the award was keyed in later than the rules allow without a reason. */
      lateEntry: LateEntry.nullable(),
    });
  },
  occurredAt: (data) => data.awardedAt ?? undefined,
});

/** v2 → v3: a v2 award was recorded as it happened: its date is its envelope's, never a late entry. */
export const upcastGrantAwardedV2 = (stored: unknown): unknown => ({
  ...GrantAwardedV2.data.parse(stored),
  awardedAt: null,
  lateEntry: null,
});
