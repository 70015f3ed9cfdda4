import * as z from 'zod';
import { defineEvent } from '../define.js';
import { Id, TrainerModuleCode } from '../reference.js';

export const TrainerModuleCompletedV1 = defineEvent({
  type: 'TrainerModuleCompleted',
  version: 1,
  get data() {
    return z.strictObject({
      rolloutId: Id,
      associationId: Id,
      memberId: Id,
      module: TrainerModuleCode,
    });
  },
});
