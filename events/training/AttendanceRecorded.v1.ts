import * as z from 'zod';
import { defineEvent } from '../define.js';
import { Id, ModuleCode } from '../reference.js';

export const AttendanceRecordedV1 = defineEvent({
  type: 'AttendanceRecorded',
  version: 1,
  summary: 'The operator reported whether one member attended one axis-1 session.',
  get data() {
    return z.strictObject({
      rolloutId: Id,
      associationId: Id,
      sessionId: Id,
      /** The module of the session, so that the association's stream alone gives attendance per module. */
      module: ModuleCode,
      memberId: Id,
      attended: z.boolean(),
    });
  },
});
