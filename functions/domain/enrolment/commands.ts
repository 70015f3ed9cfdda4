import * as z from 'zod';
import { Id, ModuleCode } from '../../../events/reference.js';
import { BilingualInput, ProvinceInput } from '../shared/text.js';

/** Enrols an association as a direct beneficiary of a rollout. */
export const EnrolBeneficiaryInput = z.strictObject({
  rolloutId: Id,
  associationId: Id,
  name: BilingualInput,
  province: ProvinceInput,
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
}

export type EnrolBeneficiary = {
  type: 'EnrolBeneficiary';
  data: z.infer<typeof EnrolBeneficiaryInput>;
  facts: RolloutEnrolmentFacts;
};

/** Nominates a member of an enrolled association (by id: the member's name is kept elsewhere). */
export const NominateMemberInput = z.strictObject({
  rolloutId: Id,
  associationId: Id,
  memberId: Id,
  trainingTopic: ModuleCode,
});

export type NominateMember = { type: 'NominateMember'; data: z.infer<typeof NominateMemberInput> };

/** Closes a rollout's enrolment once every enrolled association has all its members. */
export const CloseEnrolmentInput = z.strictObject({ rolloutId: Id });

export type CloseEnrolment = { type: 'CloseEnrolment'; data: z.infer<typeof CloseEnrolmentInput> };

export type EnrolmentCommand = EnrolBeneficiary | NominateMember | CloseEnrolment;
