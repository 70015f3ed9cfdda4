import * as z from 'zod';
import { defineEvent } from '../define.js';
import { Id } from '../reference.js';

/**
 * v1, kept forever for the events stored with it: the region was written as its French name and
 * there was no edition. This file is frozen: it depends on nothing that may change with v2.
 */
export const REGION_FRENCH_NAMES_V1 = [
  'Tanger-Tétouan-Al Hoceïma',
  "L'Oriental",
  'Fès-Meknès',
  'Rabat-Salé-Kénitra',
  'Béni Mellal-Khénifra',
  'Casablanca-Settat',
  'Marrakech-Safi',
  'Drâa-Tafilalet',
  'Souss-Massa',
  'Guelmim-Oued Noun',
  'Laâyoune-Sakia El Hamra',
  'Dakhla-Oued Ed-Dahab',
] as const;

const count = z.number().int().nonnegative().max(1_000_000);

export const RolloutLaunchedV1 = defineEvent({
  type: 'RolloutLaunched',
  version: 1,
  get data() {
    return z.strictObject({
      rolloutId: Id,
      region: z.enum(REGION_FRENCH_NAMES_V1),
      targets: z.strictObject({
        associations: count,
        membersPerAssociation: count,
        trainers: count,
        horizon: count,
      }),
    });
  },
});
