import * as z from 'zod';
import { defineEvent } from '../define.js';
import { Id, ModuleCode } from '../reference.js';
import { EvaluationScore, Percent } from './scores.js';

export const ModuleCompletedV1 = defineEvent({
  type: 'ModuleCompleted',
  version: 1,
  get data() {
    return z.strictObject({
      rolloutId: Id,
      associationId: Id,
      memberId: Id,
      module: ModuleCode,
      /** The module's sessions counted, and how many of them the member attended. */
      sessionsHeld: z.number().int().min(1),
      sessionsAttended: z.number().int().min(0),
      attendanceRatePercent: Percent,
      /** The threshold in force when the completion was accepted. */
      thresholdPercent: Percent,
      evaluationScore: EvaluationScore,
    });
  },
});
