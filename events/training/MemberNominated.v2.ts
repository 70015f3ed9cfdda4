import { defineEvent } from '../define.js';
import { Instant } from '../envelope.js';
import { LateEntry } from '../late-entry.js';
import { MemberNominatedV1 } from './MemberNominated.v1.js';

/**
 * v2 records when the association nominated the member (`nominatedAt`, its envelope's `occurredAt`)
 * and the late entry's reason when a past edition's nomination is keyed in from its files (ADR 0161).
 */
export const MemberNominatedV2 = defineEvent({
  type: 'MemberNominated',
  version: 2,
  get data() {
    return MemberNominatedV1.data.extend({
      /** When it was nominated; null when recorded as it happened (its envelope's `occurredAt` holds it). */
      nominatedAt: Instant.nullable(),
      /** Set when the nomination was keyed in later than the rules allow without a reason. */
      lateEntry: LateEntry.nullable(),
    });
  },
  occurredAt: (data) => data.nominatedAt ?? undefined,
});

/** v1 → v2: a v1 nomination was recorded as it happened: its date is its envelope's, never a late entry. */
export const upcastMemberNominatedV1 = (stored: unknown): unknown => ({
  ...MemberNominatedV1.data.parse(stored),
  nominatedAt: null,
  lateEntry: null,
});
