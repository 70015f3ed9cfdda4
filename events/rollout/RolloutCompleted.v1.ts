import * as z from 'zod';
import { defineEvent } from '../define.js';
import { Id } from '../reference.js';
import { RolloutFigures, RolloutTargets } from './schemas.js';

export const RolloutCompletedV1 = defineEvent({
  type: 'RolloutCompleted',
  version: 1,
  get data() {
    return z.strictObject({
      rolloutId: Id,
      targets: RolloutTargets,
      figures: RolloutFigures,
    });
  },
});
