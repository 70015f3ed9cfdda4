import { defineEvent } from '../define.js';
import { LateEntry } from '../late-entry.js';
import { Day } from '../reference.js';
import { ModuleCompletedV1 } from './ModuleCompleted.v1.js';

/**
 * v2 records the day the member completed the module (`completedOn`, the fact's date a certificate
 * shows) and the late entry's reason when it is keyed in later than the rules allow (a past
 * edition entered from its signed sheets, ADR 0135).
 */
export const ModuleCompletedV2 = defineEvent({
  type: 'ModuleCompleted',
  version: 2,
  get data() {
    return ModuleCompletedV1.data.extend({
      /** The day the module was completed; null for a v1 completion, whose envelope's `occurredAt` holds it. */
      completedOn: Day.nullable(),
      /** Set when the completion was reported later than the rules allow without a reason. */
      lateEntry: LateEntry.nullable(),
    });
  },
  occurredAt: (data) => (data.completedOn === null ? undefined : `${data.completedOn}T00:00:00.000Z`),
});

/** v1 → v2: a v1 completion was reported as it happened: its date is its envelope's, never a late entry. */
export const upcastModuleCompletedV1 = (stored: unknown): unknown => ({
  ...ModuleCompletedV1.data.parse(stored),
  completedOn: null,
  lateEntry: null,
});
