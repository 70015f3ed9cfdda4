import * as z from 'zod';
import { defineEvent } from '../define.js';
import { Id, REGIONS, RegionCode } from '../reference.js';
import { RolloutLaunchedV1 } from './RolloutLaunched.v1.js';
import { ProgramEdition, RolloutTargets } from './schemas.js';

/** The ministry launched a region's rollout for one program edition, with its targets. */
export const RolloutLaunchedV2 = defineEvent({
  type: 'RolloutLaunched',
  version: 2,
  get data() {
    return z.strictObject({
      rolloutId: Id,
      regionCode: RegionCode,
      edition: ProgramEdition,
      targets: RolloutTargets,
    });
  },
});

/** Every v1 event was written during the first edition (Naseej 2022–2026), before editions were explicit. */
export const EDITION_OF_V1_ROLLOUTS = '2026';

/** v1 → v2: the French region name becomes its code, and the edition becomes explicit. */
export const upcastRolloutLaunchedV1 = (stored: unknown): unknown => {
  const v1 = RolloutLaunchedV1.data.parse(stored);
  const region = REGIONS.find((candidate) => candidate.fr === v1.region);
  // v1's schema only accepts the twelve French names, so every stored v1 region is found here.
  if (!region) throw new Error(`RolloutLaunched v1 names an unknown region: ${v1.region}`);
  return {
    rolloutId: v1.rolloutId,
    regionCode: region.code,
    edition: EDITION_OF_V1_ROLLOUTS,
    targets: v1.targets,
  };
};
