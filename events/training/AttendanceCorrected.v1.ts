import * as z from 'zod';
import { defineEvent } from '../define.js';
import { Bilingual } from '../reference.js';
import { attendanceOfMember } from './parts.js';

/**
 * A member's recorded attendance at one session was wrong and is corrected: the earlier
 * `AttendanceRecorded` stays in the history; this one says what is true now, why, and (in the
 * envelope) who corrected it. A completion that no longer meets the threshold is withdrawn in the
 * same decision (`ModuleCompletionWithdrawn`).
 */
export const AttendanceCorrectedV1 = defineEvent({
  type: 'AttendanceCorrected',
  version: 1,
  get data() {
    return z.strictObject({
      ...attendanceOfMember(),
      /** What the record said, and what is true. */
      recorded: z.boolean(),
      attended: z.boolean(),
      reason: Bilingual,
    });
  },
});
