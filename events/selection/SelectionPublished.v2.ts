import { defineEvent } from '../define.js';
import { LateEntry } from '../late-entry.js';
import { SelectionPublishedV1 } from './SelectionPublished.v1.js';

/**
 * v2 keeps the late entry's reason when the publication was keyed in later than the rules allow (a
 * past edition entered from its files, ADR 0135); `publishedAt` is the publication's true date, which
 * the envelope's `occurredAt` carries, and the appeal window ends after it.
 */
export const SelectionPublishedV2 = defineEvent({
  type: 'SelectionPublished',
  version: 2,
  get data() {
    return SelectionPublishedV1.data.extend({
      /** Set when the publication was keyed in later than the rules allow without a reason. */
      lateEntry: LateEntry.nullable(),
    });
  },
  occurredAt: (data) => data.publishedAt,
});

/** v1 → v2: a v1 selection was published as it was recorded, never a late entry. */
export const upcastSelectionPublishedV1 = (stored: unknown): unknown => ({
  ...SelectionPublishedV1.data.parse(stored),
  lateEntry: null,
});
