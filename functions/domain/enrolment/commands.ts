import * as z from 'zod';
import { Instant } from '../../../events/envelope.js';
import { Id, ModuleCode } from '../../../events/reference.js';
import { BeneficiaryDeparture } from '../../../events/training/BeneficiaryWithdrawn.v1.js';
import type { CommandOf } from '../shared/decider.js';
import { BilingualInput, BilingualReasonInput, ProvinceInput } from '../shared/text.js';

/**
 * Enrols an association as a direct beneficiary of a rollout: one the rollout's beneficiary call
 * selected, when it has one (docs/adr/0086-beneficiaries-from-their-call.md).
 */
export const EnrolBeneficiaryInput = z.strictObject({
  rolloutId: Id,
  associationId: Id,
  name: BilingualInput,
  province: ProvinceInput,
  /** When it was enrolled (absent: now); a past enrolment is a late entry (ADR 0154). */
  enrolledAt: Instant.optional(),
  lateEntryReason: BilingualReasonInput.optional(),
});

/**
 * What enrolment needs from the rollout aggregate (filled by the application layer from the rollout's
 * targets and region, never from the HTTP body).
 */
export interface RolloutEnrolmentFacts {
  /** Most associations the rollout may enrol (30 per region in the program). */
  readonly associationTarget: number;
  /** Members each association nominates (4 per association in the program). */
  readonly memberTarget: number;
  /** The prefectures and provinces of the rollout's region (reference data; 9 in Fès-Meknès). */
  readonly regionProvinces: readonly string[];
  /**
   * The rollout's beneficiary call as its committee ranked it (`beneficiaryListOf`), or null when
   * the rollout opened no beneficiary call (its associations are then enrolled directly).
   */
  readonly beneficiaryList: BeneficiaryList | null;
}

/** One association the committee of a beneficiary call ranked. */
export interface RankedBeneficiary {
  readonly associationId: string;
  readonly name: { readonly fr: string; readonly ar: string };
  readonly province: string;
  readonly rank: number;
  /** Among the call's seats; the others, in rank order, are the reserve. */
  readonly selected: boolean;
}

/**
 * What enrolment needs of the rollout's beneficiary call (read by the application layer from the
 * call's and its committee's streams): whether its selection was published, and its ranking.
 */
export interface BeneficiaryList {
  readonly callId: string;
  /** The committee published its selection (with its minutes): enrolment may take from it. */
  readonly published: boolean;
  /** When that selection was published (its true date, ADR 0135); absent or null: not known. */
  readonly publishedAt?: string | null;
  /** Every ranked association, in rank order (empty before the ranking). */
  readonly ranking: readonly RankedBeneficiary[];
}

export type EnrolBeneficiary = CommandOf<
  'EnrolBeneficiary',
  typeof EnrolBeneficiaryInput,
  RolloutEnrolmentFacts
>;

/** Nominates a member of an enrolled association (by id: the member's name is kept elsewhere). */
export const NominateMemberInput = z.strictObject({
  rolloutId: Id,
  associationId: Id,
  memberId: Id,
  trainingTopic: ModuleCode,
  /** When it was nominated (absent: now); a past nomination is a late entry (ADR 0161). */
  nominatedAt: Instant.optional(),
  lateEntryReason: BilingualReasonInput.optional(),
});

export type NominateMember = CommandOf<'NominateMember', typeof NominateMemberInput>;

/** Closes a rollout's enrolment once every enrolled association has all its members. */
export const CloseEnrolmentInput = z.strictObject({
  rolloutId: Id,
  /** When it was closed (absent: now); a past closing is a late entry (ADR 0161). */
  closedAt: Instant.optional(),
  lateEntryReason: BilingualReasonInput.optional(),
});

export type CloseEnrolment = CommandOf<'CloseEnrolment', typeof CloseEnrolmentInput>;

/** Records that an enrolled association withdrew or was excluded, with the reason. */
export const WithdrawBeneficiaryInput = z.strictObject({
  rolloutId: Id,
  associationId: Id,
  departure: BeneficiaryDeparture,
  reason: BilingualReasonInput,
});

/**
 * What a withdrawal needs besides the enrolment: the beneficiary call's list, so that an association
 * it selected may decline before it is enrolled (and the reserve replace it).
 */
export interface WithdrawalFacts {
  readonly beneficiaryList: BeneficiaryList | null;
}

export type WithdrawBeneficiary = CommandOf<
  'WithdrawBeneficiary',
  typeof WithdrawBeneficiaryInput,
  WithdrawalFacts
>;

/** Replaces an association that left by the next one of the beneficiary call's reserve. */
export const ReplaceBeneficiaryInput = z.strictObject({
  rolloutId: Id,
  /** The association that withdrew or was excluded. */
  associationId: Id,
});

/** What a replacement needs besides the enrolment: the reserve, the member target, the phase. */
export interface ReplacementFacts {
  readonly memberTarget: number;
  readonly beneficiaryList: BeneficiaryList | null;
  /** True while the rollout has not gone past axis 1 (a replacement could still be trained). */
  readonly trainingOpen: boolean;
}

export type ReplaceBeneficiary = CommandOf<
  'ReplaceBeneficiary',
  typeof ReplaceBeneficiaryInput,
  ReplacementFacts
>;

/** A member leaves an enrolled association and another takes their place, for the same topic. */
export const ReplaceMemberInput = z.strictObject({
  rolloutId: Id,
  associationId: Id,
  leavingMemberId: Id,
  replacementMemberId: Id,
  reason: BilingualReasonInput,
});

export type ReplaceMember = CommandOf<'ReplaceMember', typeof ReplaceMemberInput>;

export type EnrolmentCommand =
  | EnrolBeneficiary
  | NominateMember
  | CloseEnrolment
  | WithdrawBeneficiary
  | ReplaceBeneficiary
  | ReplaceMember;
