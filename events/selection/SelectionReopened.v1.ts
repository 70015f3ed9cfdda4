import * as z from 'zod';
import { defineEvent } from '../define.js';
import { Id } from '../reference.js';
import { ReopenedStage } from './parts.js';

/**
 * An upheld appeal withdrew the published selection (issue 20, item 4): the committee ranks again
 * (`ranking`) or selects again from its ranking with the appellant admitted (`selection`), then
 * publishes anew with a new appeal window. Recorded with the `AppealDecided` that caused it.
 */
export const SelectionReopenedV1 = defineEvent({
  type: 'SelectionReopened',
  version: 1,
  get data() {
    return z.strictObject({
      callId: Id,
      /** The upheld appeal that re-opened it. */
      appealId: Id,
      reopens: ReopenedStage,
      /** The associations whose selection is withdrawn (they may be selected again). */
      withdrawnAssociationIds: z.array(Id).max(1000),
      /** `selection`: the appellant, selected with the top of the ranking; null for `ranking`. */
      admittedAssociationId: Id.nullable(),
      /** Appeals of the withdrawn publication still pending: they lapse (their associations may appeal anew). */
      lapsedAppealIds: z.array(Id).max(1000),
    });
  },
});
