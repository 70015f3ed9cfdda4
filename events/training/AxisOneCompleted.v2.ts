import { defineEvent } from '../define.js';
import { Day } from '../reference.js';
import { AxisOneCompletedV1 } from './AxisOneCompleted.v1.js';

/**
 * v2 records the day the association completed axis 1 (`completedOn`, its envelope's `occurredAt`):
 * the latest day of its dated completions, when the completion that closes the axis is dated (a
 * past edition keyed in from its signed sheets, ADR 0151).
 */
export const AxisOneCompletedV2 = defineEvent({
  type: 'AxisOneCompleted',
  version: 2,
  get data() {
    return AxisOneCompletedV1.data.extend({
      /** The day of the last completion; null when it carries no day (its envelope's `occurredAt` holds it). */
      completedOn: Day.nullable(),
    });
  },
  occurredAt: (data) => (data.completedOn === null ? undefined : `${data.completedOn}T00:00:00.000Z`),
});

/** v1 → v2: a v1 completion of axis 1 happened when it was recorded: its date is its envelope's. */
export const upcastAxisOneCompletedV1 = (stored: unknown): unknown => ({
  ...AxisOneCompletedV1.data.parse(stored),
  completedOn: null,
});
