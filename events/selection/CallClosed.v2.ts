import { defineEvent } from '../define.js';
import { LateEntry } from '../late-entry.js';
import { CallClosedV1 } from './CallClosed.v1.js';

/**
 * v2 keeps the late entry's reason when the closing was keyed in later than the rules allow (a past
 * edition's call, closed by a person once its files are keyed in, ADR 0159); `closedAt` is the
 * closing's true date, which the envelope's `occurredAt` carries.
 */
export const CallClosedV2 = defineEvent({
  type: 'CallClosed',
  version: 2,
  get data() {
    return CallClosedV1.data.extend({
      /** Set when the closing was keyed in later than the rules allow without a reason. */
      lateEntry: LateEntry.nullable(),
    });
  },
  occurredAt: (data) => data.closedAt,
});

/** v1 → v2: a v1 call was closed as it was recorded, never a late entry. */
export const upcastCallClosedV1 = (stored: unknown): unknown => ({
  ...CallClosedV1.data.parse(stored),
  lateEntry: null,
});
