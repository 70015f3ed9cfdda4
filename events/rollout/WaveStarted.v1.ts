import * as z from 'zod';
import { defineEvent } from '../define.js';
import { Id, RegionCode } from '../reference.js';
import { ProgramEdition, RolloutPhase } from './schemas.js';

export const WaveStartedV1 = defineEvent({
  type: 'WaveStarted',
  version: 1,
  get data() {
    return z.strictObject({
      edition: ProgramEdition,
      waveNumber: z.number().int().min(1).max(12),
      regionCode: RegionCode,
      rolloutId: Id,
      /** Why it could start: the first wave, the ministry's decision, or the previous wave's progress. */
      trigger: z.enum(['first-wave', 'ministry-decision', 'previous-reached-phase']),
      previousRolloutId: Id.nullable(),
      /** The phase the previous wave's rollout had reached when this one started, when known. */
      previousPhase: RolloutPhase.nullable(),
    });
  },
});
