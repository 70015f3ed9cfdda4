import * as z from 'zod';
import { defineEvent } from '../define.js';
import { Bilingual, Id } from '../reference.js';

/** The association that will run the national contact and support centre was selected. */
export const ContactCentreOperatorSelectedV1 = defineEvent({
  type: 'ContactCentreOperatorSelected',
  version: 1,
  get data() {
    return z.strictObject({
      callId: Id,
      associationId: Id,
      associationName: Bilingual,
      /** The centre's seat: Rabat (regional centres may follow). */
      seat: Bilingual,
    });
  },
});
