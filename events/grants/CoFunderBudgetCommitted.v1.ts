import * as z from 'zod';
import { defineEvent } from '../define.js';
import { Bilingual, Centimes, Id } from '../reference.js';
import { PositiveCentimes } from './parts.js';

/** A co-funder committed (more) budget to the grants of one rollout. */
export const CoFunderBudgetCommittedV1 = defineEvent({
  type: 'CoFunderBudgetCommitted',
  version: 1,
  get data() {
    return z.strictObject({
      rolloutId: Id,
      coFunderId: Id,
      name: Bilingual,
      /** This commitment. */
      amount: PositiveCentimes,
      /** All this co-funder has committed to the rollout, this commitment included. */
      totalCommitted: Centimes,
    });
  },
});
