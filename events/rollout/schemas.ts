import * as z from 'zod';
import { Bilingual, Centimes, Id } from '../reference.js';

/**
 * Schemas shared by the events of the rollout area (regional rollouts, agreements, national waves).
 * Event files of a version that is no longer the latest must not depend on this file: they keep
 * their own frozen copy of whatever they need (see RolloutLaunched.v1.ts).
 */

/**
 * The phases of a region's rollout, in program order (program.md, "A region's rollout, in order").
 * A rollout moves forward through them one at a time; `closed` is reached only by completion.
 */
export const ROLLOUT_PHASES = [
  'launch',
  'regional-agreement',
  'call-for-interest',
  'committee-selection',
  'partner-agreement',
  'enrolment',
  'axis-1-training',
  'axis-2-trainers-and-hub',
  'axis-3-grants',
  'closed',
] as const;
export const RolloutPhase = z.enum(ROLLOUT_PHASES);
export type RolloutPhase = z.infer<typeof RolloutPhase>;

/** A program edition, e.g. `2026` for the Naseej strategy 2022–2026; part of a rollout's id. */
export const ProgramEdition = z
  .string()
  .regex(/^[0-9A-Za-z][0-9A-Za-z.]{0,31}$/, 'letters, digits and dots only (e.g. 2026)');
export type ProgramEdition = z.infer<typeof ProgramEdition>;

const count = z.number().int().nonnegative().max(1_000_000);
const positiveCount = z.number().int().min(1).max(1_000_000);

/** What a region's rollout aims for (program.md: 30 associations × 4 members, 15 trainers, horizon 600). */
export const RolloutTargets = z.strictObject({
  /** Beneficiary associations trained directly (axis 1). */
  associations: positiveCount,
  /** Members trained per beneficiary association. */
  membersPerAssociation: positiveCount,
  /** At most this many members trained as trainers (axis 2). */
  trainers: count,
  /** Associations the region aims to reach in the end, directly and through the competence hub. */
  horizon: positiveCount,
});
export type RolloutTargets = z.infer<typeof RolloutTargets>;

/** The final figures of a rollout, recorded against its targets when it closes. */
export const RolloutFigures = z.strictObject({
  associationsEnrolled: count,
  membersEnrolled: count,
  associationsCompletedAxisOne: count,
  membersCompletedAxisOne: count,
  trainersCertified: count,
  /** Distinct associations reached by the hub's cascade sessions, beneficiaries excluded. */
  cascadeAssociationsReached: count,
  grantsAwarded: count,
  grantsAwardedCentimes: Centimes,
  grantsPaidCentimes: Centimes,
});
export type RolloutFigures = z.infer<typeof RolloutFigures>;

/** Why a phase's wait ended in an escalation. */
export const EscalationReason = z.enum(['wait-timed-out', 'task-failed']);
export type EscalationReason = z.infer<typeof EscalationReason>;

/** The kinds of agreement of a rollout. */
export const AgreementKind = z.enum(['regional-partnership', 'partner', 'co-funding', 'grant-convention']);
export type AgreementKind = z.infer<typeof AgreementKind>;

/** The role a party signs in. */
export const PartyRole = z.enum([
  'ministry',
  'wali',
  'regional-council',
  'operator',
  'co-funder',
  'beneficiary-association',
]);
export type PartyRole = z.infer<typeof PartyRole>;

/**
 * The office in which a person signs for a party (issue 20, item 7): the Wali; the Regional
 * Council's president or vice-president; an association's president, vice-president or other
 * legal representative; the minister or an official the ministry delegated.
 */
export const SignerOffice = z.enum([
  'minister',
  'ministry-delegate',
  'wali',
  'council-president',
  'council-vice-president',
  'president',
  'vice-president',
  'legal-representative',
]);
export type SignerOffice = z.infer<typeof SignerOffice>;

/** The signer's capacity: the office, and its title as printed under the signature. */
export const SignerCapacity = z.strictObject({
  office: SignerOffice,
  title: Bilingual,
});
export type SignerCapacity = z.infer<typeof SignerCapacity>;

/**
 * The agreement's text the signature covers: its SHA-256 (hex) and the reference of the document
 * that holds it. Every signature of an agreement covers the same text.
 */
export const SignedText = z.strictObject({
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
  documentId: Id,
});
export type SignedText = z.infer<typeof SignedText>;

/**
 * A signatory of an agreement: `partyId` is the id of the account that signs for the institution
 * (the same id as the acting `Actor.id` when it signs), never a person's name.
 */
export const AgreementParty = z.strictObject({ partyId: Id, role: PartyRole });
export type AgreementParty = z.infer<typeof AgreementParty>;

/** When the next regional wave may start: on the ministry's decision, or once the previous wave's rollout reached a phase. */
export const WaveStartRule = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('ministry-decision') }),
  z.strictObject({ kind: z.literal('previous-reached-phase'), phase: RolloutPhase }),
]);
export type WaveStartRule = z.infer<typeof WaveStartRule>;
