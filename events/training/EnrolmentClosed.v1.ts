import * as z from 'zod';
import { defineEvent } from '../define.js';
import { Id } from '../reference.js';

export const EnrolmentClosedV1 = defineEvent({
  type: 'EnrolmentClosed',
  version: 1,
  get data() {
    return z.strictObject({
      rolloutId: Id,
      associationCount: z.number().int().min(1),
      memberCount: z.number().int().min(1),
    });
  },
});
