import * as z from 'zod';
import { defineEvent } from '../define.js';
import { Bilingual, Centimes, Id } from '../reference.js';
import { GrantAwardedV1 } from './GrantAwarded.v1.js';
import { Deliverable, FundingShare, GrantInstrument, PlannedTranche, PositiveCentimes } from './parts.js';

/** A grant was awarded to a beneficiary association for a purpose, with its deliverables, co-funders and tranche plan. */
export const GrantAwardedV2 = defineEvent({
  type: 'GrantAwarded',
  version: 2,
  get data() {
    return z.strictObject({
      rolloutId: Id,
      grantId: Id,
      associationId: Id,
      amount: PositiveCentimes,
      /** What the grant is for; null only for a grant awarded before purposes were recorded (v1). */
      purpose: Bilingual.nullable(),
      /** What the association must produce; empty only for a grant awarded before v2. */
      deliverables: z.array(Deliverable).max(20),
      instrument: GrantInstrument,
      /** The amount above which a convention was required when this grant was awarded. */
      conventionThreshold: Centimes,
      funding: z.array(FundingShare).min(1).max(10),
      tranches: z.array(PlannedTranche).min(1).max(12),
    });
  },
});

/**
 * v1 → v2: a grant awarded before v2 recorded neither purpose nor deliverables. They are not
 * invented: the purpose reads null and the deliverables empty, and every other field is kept.
 */
export const upcastGrantAwardedV1 = (stored: unknown): unknown => {
  const v1 = GrantAwardedV1.data.parse(stored);
  const { instrument, conventionThreshold, funding, tranches, ...head } = v1;
  return { ...head, purpose: null, deliverables: [], instrument, conventionThreshold, funding, tranches };
};
