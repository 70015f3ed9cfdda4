import * as z from 'zod';
import { defineEvent } from '../define.js';
import { Bilingual, Id, RegionCode } from '../reference.js';

export const CompetenceHubEstablishedV1 = defineEvent({
  type: 'CompetenceHubEstablished',
  version: 1,
  get data() {
    return z.strictObject({
      rolloutId: Id,
      hubId: Id,
      region: RegionCode,
      name: Bilingual,
      trainerIds: z.array(Id).min(1),
    });
  },
});
