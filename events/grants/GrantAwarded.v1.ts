import * as z from 'zod';
import { defineEvent } from '../define.js';
import { Centimes, Id } from '../reference.js';
import { FundingShare, GrantInstrument, PlannedTranche, PositiveCentimes } from './parts.js';

/** A grant was awarded to a beneficiary association, with its co-funders and its tranche plan. */
export const GrantAwardedV1 = defineEvent({
  type: 'GrantAwarded',
  version: 1,
  get data() {
    return z.strictObject({
      rolloutId: Id,
      grantId: Id,
      associationId: Id,
      amount: PositiveCentimes,
      instrument: GrantInstrument,
      /** The amount above which a convention was required when this grant was awarded. */
      conventionThreshold: Centimes,
      funding: z.array(FundingShare).min(1).max(10),
      tranches: z.array(PlannedTranche).min(1).max(12),
    });
  },
});
