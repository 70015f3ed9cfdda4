import { defineEvent } from '../define.js';
import { LateEntry } from '../late-entry.js';
import { AppealLodgedV1 } from './AppealLodged.v1.js';

/**
 * v2 keeps the late entry's reason when the appeal letter was keyed in later than the rules allow
 * (a past edition entered from its files, ADR 0135); `lodgedAt` is when the letter reached the
 * ministry, which the appeal window is judged by and the envelope's `occurredAt` carries.
 */
export const AppealLodgedV2 = defineEvent({
  type: 'AppealLodged',
  version: 2,
  get data() {
    return AppealLodgedV1.data.extend({
      /** Set when the appeal was keyed in later than the rules allow without a reason. */
      lateEntry: LateEntry.nullable(),
    });
  },
  occurredAt: (data) => data.lodgedAt,
});

/** v1 → v2: a v1 appeal was lodged as it was recorded, never a late entry. */
export const upcastAppealLodgedV1 = (stored: unknown): unknown => ({
  ...AppealLodgedV1.data.parse(stored),
  lateEntry: null,
});
