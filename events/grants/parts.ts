import * as z from 'zod';
import { Bilingual, Centimes, Day, Id } from '../reference.js';

/**
 * The fields that name a tranche, first in every tranche event: the rollout, the grant, the
 * association it was awarded to and the tranche's number. A function, so that each event builds
 * them when its own schema is first read (events/define.ts).
 */
export const trancheOfGrant = () => ({
  rolloutId: Id,
  grantId: Id,
  associationId: Id,
  trancheNumber: z.number().int().min(1),
});

/** An amount of money that must be more than nothing: a grant, a share, a tranche, a commitment. */
export const PositiveCentimes = Centimes.min(1);

/**
 * A kind of evidence that releases a tranche ('attendance-report', 'interim-report',
 * 'final-report', …). Set per convention, so it is data (a slug), not a closed list in code.
 */
export const EvidenceKind = z
  .string()
  .min(1)
  .max(64)
  .regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, 'lower-case words joined by hyphens');

/** One condition of a tranche's release: the evidence the finance preparer must attach. */
export const ReleaseCondition = z.strictObject({
  evidence: EvidenceKind,
  /** What the evidence must show, for the people who check it. */
  label: Bilingual,
});

/** The part of an amount a co-funder pays. */
export const FundingShare = z.strictObject({
  coFunderId: Id,
  amount: PositiveCentimes,
});

/** A piece of evidence attached to a tranche request: its kind and the stored document's id. */
export const AttachedEvidence = z.strictObject({
  evidence: EvidenceKind,
  documentId: Id,
});

/** The legal instrument of a grant (circular 7/2003): a decision, or a partnership convention. */
export const GrantInstrument = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('decision') }),
  /** `agreementId`: the partnership convention, an agreement of the agreements aggregate. */
  z.strictObject({ kind: z.literal('convention'), agreementId: Id }),
]);

/** One tranche of a grant's plan, numbered from 1 in release order. */
export const PlannedTranche = z.strictObject({
  trancheNumber: z.number().int().min(1),
  amount: PositiveCentimes,
  releaseConditions: z.array(ReleaseCondition).max(10),
  /** How this tranche's amount is split among the grant's co-funders (sums to `amount`). */
  funding: z.array(FundingShare).min(1).max(10),
});

/**
 * What a grant must produce, as the award and its convention state it: a slug (unique within the
 * grant), what it is in both languages, and the day it is due.
 */
export const Deliverable = z.strictObject({
  deliverable: EvidenceKind,
  label: Bilingual,
  dueBy: Day,
});

/** How money paid out came back: given back by the association, or recovered by the ministry. */
export const RefundKind = z.enum(['returned', 'recovered']);
