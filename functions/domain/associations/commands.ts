import * as z from 'zod';
import { RegistrationNumber } from '../../../events/associations/parts.js';
import { Id, RegionCode } from '../../../events/reference.js';
import type { CommandOf } from '../shared/decider.js';
import { BilingualInput, BilingualReasonInput, ProvinceInput, personText } from '../shared/text.js';

/**
 * An association declares its identity in the portal (docs/adr/0106-association-registration.md):
 * the number of its final receipt, its names, its seat (the province is checked against the
 * region) and its legal representative.
 */
export const RegisterAssociationInput = z.strictObject({
  associationId: Id,
  registrationNumber: RegistrationNumber,
  name: BilingualInput,
  seat: z.strictObject({
    street: personText({ max: 300 }),
    province: ProvinceInput,
    regionCode: RegionCode,
  }),
  /** Who represents it: names in the vault under `personId` (the route records them first). */
  legalRepresentative: z.strictObject({
    personId: Id,
    function: BilingualInput,
  }),
});
export type RegisterAssociation = CommandOf<'RegisterAssociation', typeof RegisterAssociationInput>;

/** The ministry verifies the identity an association declared. */
export const VerifyAssociationInput = z.strictObject({ associationId: Id });
export type VerifyAssociation = CommandOf<'VerifyAssociation', typeof VerifyAssociationInput>;

/** The ministry refuses to verify it, and says why. */
export const RefuseAssociationVerificationInput = z.strictObject({
  associationId: Id,
  reason: BilingualReasonInput,
});
export type RefuseAssociationVerification = CommandOf<
  'RefuseAssociationVerification',
  typeof RefuseAssociationVerificationInput
>;

export type AssociationCommand = RegisterAssociation | VerifyAssociation | RefuseAssociationVerification;
