import * as z from 'zod';
import { defineEvent } from '../define.js';
import { Id } from '../reference.js';

/** A committee member declared a conflict of interest on a file: they neither see nor score it. */
export const ConflictDeclaredV1 = defineEvent({
  type: 'ConflictDeclared',
  version: 1,
  get data() {
    return z.strictObject({
      callId: Id,
      memberId: Id,
      applicationId: Id,
      /** True when the member had already scored the file: that score no longer counts. */
      voidsScore: z.boolean(),
    });
  },
});
