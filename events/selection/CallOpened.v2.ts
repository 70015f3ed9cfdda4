import { defineEvent } from '../define.js';
import { LateEntry } from '../late-entry.js';
import { CallOpenedV1 } from './CallOpened.v1.js';

/**
 * v2 keeps the late entry's reason when the call's opening was keyed in later than the rules allow
 * (a past edition entered from its files, ADR 0135); `openedAt` is the opening's true date, which
 * the envelope's `occurredAt` carries.
 */
export const CallOpenedV2 = defineEvent({
  type: 'CallOpened',
  version: 2,
  get data() {
    return CallOpenedV1.data.extend({
      /** Set when the opening was keyed in later than the rules allow without a reason. */
      lateEntry: LateEntry.nullable(),
    });
  },
  occurredAt: (data) => data.openedAt,
});

/** v1 → v2: a v1 call was opened as it was recorded, never a late entry. */
export const upcastCallOpenedV1 = (stored: unknown): unknown => ({
  ...CallOpenedV1.data.parse(stored),
  lateEntry: null,
});
