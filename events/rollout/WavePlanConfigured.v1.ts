import * as z from 'zod';
import { defineEvent } from '../define.js';
import { RegionCode } from '../reference.js';
import { ProgramEdition, WaveStartRule } from './schemas.js';

export const WavePlanConfiguredV1 = defineEvent({
  type: 'WavePlanConfigured',
  version: 1,
  get data() {
    return z.strictObject({
      edition: ProgramEdition,
      regions: z.array(RegionCode).min(1).max(12),
      nextWaveRule: WaveStartRule,
    });
  },
});
