import * as z from 'zod';
import { defineEvent } from '../define.js';
import { Bilingual, Id } from '../reference.js';
import { RolloutTargets } from './schemas.js';

export const RolloutTargetsSetV1 = defineEvent({
  type: 'RolloutTargetsSet',
  version: 1,
  get data() {
    return z.strictObject({
      rolloutId: Id,
      targets: RolloutTargets,
      previousTargets: RolloutTargets,
      reason: Bilingual.nullable(),
    });
  },
});
