import * as z from 'zod';
import { defineEvent } from '../define.js';
import { Id, ModuleCode } from '../reference.js';

/** The modules the members of one training topic follow. */
export const TopicPlan = z.strictObject({
  topic: ModuleCode,
  modules: z.array(ModuleCode).min(1).max(8),
});

export const TrainingPlanSetV1 = defineEvent({
  type: 'TrainingPlanSet',
  version: 1,
  get data() {
    return z.strictObject({
      rolloutId: Id,
      topics: z.array(TopicPlan).min(1).max(8),
    });
  },
});
