import { defineEvent } from '../define.js';
import { Instant } from '../envelope.js';
import { LateEntry } from '../late-entry.js';
import { TranchePaidV1 } from './TranchePaid.v1.js';

/**
 * v2 records when the transfer was made (`paidAt`, the fact's date: the ledger, the open data and
 * the annual report count the payment in its year) beside when it was recorded (the envelope's
 * `recordedAt`), and the late entry's reason when it was recorded late (ADR 0080).
 */
export const TranchePaidV2 = defineEvent({
  type: 'TranchePaid',
  version: 2,
  get data() {
    return TranchePaidV1.data.extend({
      /**
       * When the transfer was made (the payment system's value date). Null only for a payment
       * recorded as v1, which was recorded as it was made: its envelope's `occurredAt` is the date.
       */
      paidAt: Instant.nullable(),
      /** Set when the payment was recorded later than the rules allow without a reason. */
      lateEntry: LateEntry.nullable(),
    });
  },
  occurredAt: (data) => data.paidAt ?? undefined,
});

/** v1 → v2: the date was not in v1's data (the envelope's `occurredAt` holds it); never a late entry. */
export const upcastTranchePaidV1 = (stored: unknown): unknown => ({
  ...TranchePaidV1.data.parse(stored),
  paidAt: null,
  lateEntry: null,
});
