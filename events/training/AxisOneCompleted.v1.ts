import * as z from 'zod';
import { defineEvent } from '../define.js';
import { Id } from '../reference.js';

export const AxisOneCompletedV1 = defineEvent({
  type: 'AxisOneCompleted',
  version: 1,
  get data() {
    return z.strictObject({
      rolloutId: Id,
      associationId: Id,
      memberIds: z.array(Id).min(1),
    });
  },
});
