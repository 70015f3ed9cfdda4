import * as z from 'zod';
import { defineEvent } from '../define.js';
import { attendanceOfMember } from './parts.js';

export const AttendanceRecordedV1 = defineEvent({
  type: 'AttendanceRecorded',
  version: 1,
  get data() {
    return z.strictObject({
      ...attendanceOfMember(),
      attended: z.boolean(),
    });
  },
});
