import { defineEvent } from '../define.js';
import { Instant } from '../envelope.js';
import { LateEntry } from '../late-entry.js';
import { ApplicationSubmittedV1 } from './ApplicationSubmitted.v1.js';

/**
 * v2 records when the file reached the ministry (`receivedAt`, the fact's date the call's deadline
 * is judged by: a paper file received on time and keyed in later is on time) beside when it was
 * keyed in (`submittedAt`, as v1), and the late entry's reason when it was keyed in late (ADR 0080).
 */
export const ApplicationSubmittedV2 = defineEvent({
  type: 'ApplicationSubmitted',
  version: 2,
  get data() {
    return ApplicationSubmittedV1.data.extend({
      /** When the file reached the ministry (a paper file's registry stamp, an online file's sending). */
      receivedAt: Instant,
      /** Set when the file was keyed in later than the rules allow without a reason. */
      lateEntry: LateEntry.nullable(),
    });
  },
  occurredAt: (data) => data.receivedAt,
});

/** v1 → v2: a v1 file was keyed in as it arrived: received when submitted, never a late entry. */
export const upcastApplicationSubmittedV1 = (stored: unknown): unknown => {
  const v1 = ApplicationSubmittedV1.data.parse(stored);
  return { ...v1, receivedAt: v1.submittedAt, lateEntry: null };
};
