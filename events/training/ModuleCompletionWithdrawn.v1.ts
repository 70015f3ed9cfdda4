import * as z from 'zod';
import { defineEvent } from '../define.js';
import { Bilingual, Id, ModuleCode } from '../reference.js';
import { Percent } from './scores.js';

/**
 * A member's recorded module completion no longer stands: its attendance was corrected below the
 * threshold, or the completion itself was recorded wrongly. The `ModuleCompleted` stays in the
 * history; views, figures and certificates follow this event (a training certificate issued on it
 * is revoked). The operator may report the completion again once it is true.
 */
export const ModuleCompletionWithdrawnV1 = defineEvent({
  type: 'ModuleCompletionWithdrawn',
  version: 1,
  get data() {
    return z.strictObject({
      rolloutId: Id,
      associationId: Id,
      memberId: Id,
      module: ModuleCode,
      cause: z.enum(['attendance-corrected', 'completion-corrected']),
      /** The attendance the completion now rests on (after an attendance correction), else null. */
      attendance: z
        .strictObject({
          sessionsHeld: z.number().int().min(1),
          sessionsAttended: z.number().int().min(0),
          attendanceRatePercent: Percent,
          thresholdPercent: Percent,
        })
        .nullable(),
      reason: Bilingual,
    });
  },
});
