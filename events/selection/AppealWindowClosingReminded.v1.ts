import * as z from 'zod';
import { defineEvent } from '../define.js';
import { Instant } from '../envelope.js';
import { Id } from '../reference.js';

/**
 * The workflow reminded, once, that a selection's appeal window closes soon: the applicants that
 * were not selected and have not appealed are told (ids only; their contacts stay in the recipient
 * directory, docs/adr/0104-notification-recipients.md).
 */
export const AppealWindowClosingRemindedV1 = defineEvent({
  type: 'AppealWindowClosingReminded',
  version: 1,
  get data() {
    return z.strictObject({
      callId: Id,
      appealWindowEndsAt: Instant,
      remindedAt: Instant,
      /** The associations that may still appeal: applied, not selected, no appeal lodged. */
      associationIds: z.array(Id).max(1000),
    });
  },
});
