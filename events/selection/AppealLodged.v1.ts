import * as z from 'zod';
import { defineEvent } from '../define.js';
import { Instant } from '../envelope.js';
import { Id } from '../reference.js';

/** An applicant association appealed against a published selection, within the appeal window. */
export const AppealLodgedV1 = defineEvent({
  type: 'AppealLodged',
  version: 1,
  get data() {
    return z.strictObject({
      callId: Id,
      appealId: Id,
      associationId: Id,
      /** The appeal letter, by document id (its text may name people, so it stays out of events). */
      groundsDocumentId: Id,
      lodgedAt: Instant,
    });
  },
});
