import { defineEvent } from '../define.js';
import { LateEntry } from '../late-entry.js';
import { SessionHeldV1 } from './SessionHeld.v1.js';

/**
 * v2 keeps the late entry's reason when a session is keyed in later than the rules allow (from the
 * signed attendance sheet, by the region's coordinator or the ministry; a past edition, ADR 0135);
 * the session's day is the fact's date, which the envelope's `occurredAt` carries (its first instant).
 */
export const SessionHeldV2 = defineEvent({
  type: 'SessionHeld',
  version: 2,
  get data() {
    return SessionHeldV1.data.extend({
      /** Set when the session was reported later than the rules allow without a reason. */
      lateEntry: LateEntry.nullable(),
    });
  },
  occurredAt: (data) => `${data.date}T00:00:00.000Z`,
});

/** v1 → v2: a v1 session was reported within the rules' time, never a late entry. */
export const upcastSessionHeldV1 = (stored: unknown): unknown => ({
  ...SessionHeldV1.data.parse(stored),
  lateEntry: null,
});
