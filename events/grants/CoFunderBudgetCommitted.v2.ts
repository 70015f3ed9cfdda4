import { defineEvent } from '../define.js';
import { Instant } from '../envelope.js';
import { LateEntry } from '../late-entry.js';
import { CoFunderBudgetCommittedV1 } from './CoFunderBudgetCommitted.v1.js';

/**
 * v2 records when the co-funder committed the budget (`committedAt`, its envelope's `occurredAt`)
 * and the late entry's reason when a past edition's commitment is keyed in from its files (ADR 0153).
 */
export const CoFunderBudgetCommittedV2 = defineEvent({
  type: 'CoFunderBudgetCommitted',
  version: 2,
  get data() {
    return CoFunderBudgetCommittedV1.data.extend({
      /** When it was committed; null for a v1 commitment, whose envelope's `occurredAt` holds it. */
      committedAt: Instant.nullable(),
      /** Set when the commitment was keyed in later than the rules allow without a reason. */
      lateEntry: LateEntry.nullable(),
    });
  },
  occurredAt: (data) => data.committedAt ?? undefined,
});

/** v1 → v2: a v1 commitment was recorded as it happened: its date is its envelope's, never a late entry. */
export const upcastCoFunderBudgetCommittedV1 = (stored: unknown): unknown => ({
  ...CoFunderBudgetCommittedV1.data.parse(stored),
  committedAt: null,
  lateEntry: null,
});
