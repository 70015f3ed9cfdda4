import type { AssociationEvent } from '../../../events/associations/index.js';
import type { RegionCode } from '../../../events/reference.js';
import { REGION_PROVINCES } from '../rollout/region-provinces.js';
import { assertNever, type CommandContext, type Decider } from '../shared/decider.js';
import { domainError } from '../shared/errors.js';
import type {
  AssociationCommand,
  RefuseAssociationVerification,
  RegisterAssociation,
  VerifyAssociation,
} from './commands.js';

// An association's identity, as it declares it in the portal and the ministry verifies it
// (docs/adr/0106-association-registration.md). Declared → verified, or refused with a reason and
// declared again. Only a verified association applies to calls (`verifiedAssociation`).

/** The stream of one association's identity. */
export const associationStreamId = (associationId: string): string => `association-${associationId}`;

type Bilingual = { readonly fr: string; readonly ar: string };

export interface Identity {
  readonly registrationNumber: string;
  readonly name: Bilingual;
  readonly seat: { readonly street: string; readonly province: string; readonly regionCode: RegionCode };
  readonly legalRepresentative: { readonly personId: string; readonly function: Bilingual };
}

export type AssociationState =
  | { readonly status: 'unregistered' }
  | ({
      readonly status: 'pending' | 'verified' | 'refused';
      readonly associationId: string;
      readonly registeredAt: string;
      readonly verifiedAt: string | null;
      /** The ministry's reason, when it refused the last declaration. */
      readonly refusal: Bilingual | null;
    } & Identity);

export type RegisteredAssociation = Exclude<AssociationState, { status: 'unregistered' }>;

export const initialState = (): AssociationState => ({ status: 'unregistered' });

export const evolve = (state: AssociationState, event: AssociationEvent): AssociationState => {
  switch (event.type) {
    case 'AssociationRegistered': {
      const { associationId, registrationNumber, name, seat, legalRepresentative, registeredAt } = event.data;
      return {
        status: 'pending',
        associationId,
        registrationNumber,
        name,
        seat,
        legalRepresentative,
        registeredAt,
        verifiedAt: null,
        refusal: null,
      };
    }
    case 'AssociationVerified':
      return state.status === 'unregistered'
        ? state
        : { ...state, status: 'verified', verifiedAt: event.data.verifiedAt, refusal: null };
    case 'AssociationVerificationRefused':
      return state.status === 'unregistered'
        ? state
        : { ...state, status: 'refused', refusal: event.data.reason };
    default:
      return assertNever(event);
  }
};

const registered = (state: AssociationState, associationId: string): RegisteredAssociation => {
  if (state.status === 'unregistered') {
    throw domainError(
      'not-found',
      'ASSOCIATION_NOT_REGISTERED',
      `Association ${associationId} has not registered`,
      {
        associationId,
      },
    );
  }
  return state;
};

const pending = (state: AssociationState, associationId: string): RegisteredAssociation => {
  const association = registered(state, associationId);
  if (association.status !== 'pending') {
    throw domainError(
      'conflict',
      association.status === 'verified' ? 'ASSOCIATION_ALREADY_VERIFIED' : 'ASSOCIATION_NOT_PENDING',
      `Association ${associationId} has no declaration awaiting verification (${association.status})`,
      { associationId, status: association.status },
    );
  }
  return association;
};

export const registerAssociation = (
  { data }: RegisterAssociation,
  state: AssociationState,
  context: CommandContext,
): AssociationEvent[] => {
  // A declaration is made once, then verified; only a refused one is declared again, corrected.
  if (state.status === 'pending' || state.status === 'verified') {
    throw domainError(
      'conflict',
      'ASSOCIATION_ALREADY_REGISTERED',
      `Association ${data.associationId} has registered already (${state.status})`,
      { associationId: data.associationId, status: state.status },
    );
  }
  if (!REGION_PROVINCES[data.seat.regionCode].includes(data.seat.province)) {
    throw domainError(
      'invalid',
      'PROVINCE_NOT_IN_REGION',
      `${data.seat.province} is not a province of region ${data.seat.regionCode}`,
      { province: data.seat.province, regionCode: data.seat.regionCode },
    );
  }
  return [{ type: 'AssociationRegistered', data: { ...data, registeredAt: context.now } }];
};

export const verifyAssociation = (
  { data }: VerifyAssociation,
  state: AssociationState,
  context: CommandContext,
): AssociationEvent[] => {
  const association = pending(state, data.associationId);
  return [
    {
      type: 'AssociationVerified',
      data: {
        associationId: data.associationId,
        registrationNumber: association.registrationNumber,
        verifiedAt: context.now,
      },
    },
  ];
};

export const refuseAssociationVerification = (
  { data }: RefuseAssociationVerification,
  state: AssociationState,
  context: CommandContext,
): AssociationEvent[] => {
  const association = pending(state, data.associationId);
  return [
    {
      type: 'AssociationVerificationRefused',
      data: {
        associationId: data.associationId,
        registrationNumber: association.registrationNumber,
        reason: data.reason,
        refusedAt: context.now,
      },
    },
  ];
};

export const decide = (
  command: AssociationCommand,
  state: AssociationState,
  context: CommandContext,
): AssociationEvent[] => {
  switch (command.type) {
    case 'RegisterAssociation':
      return registerAssociation(command, state, context);
    case 'VerifyAssociation':
      return verifyAssociation(command, state, context);
    case 'RefuseAssociationVerification':
      return refuseAssociationVerification(command, state, context);
    default:
      return assertNever(command);
  }
};

export const associationDecider: Decider<AssociationCommand, AssociationState, AssociationEvent> = {
  initialState,
  evolve,
  decide,
};

/**
 * The association, if the ministry verified it: only then may it apply to a call (issue 25). A
 * declaration awaiting verification, refused, or never made is refused with its own code.
 */
export const verifiedAssociation = (
  state: AssociationState,
  associationId: string,
): RegisteredAssociation => {
  const association = registered(state, associationId);
  if (association.status !== 'verified') {
    throw domainError(
      'forbidden',
      'ASSOCIATION_NOT_VERIFIED',
      `Association ${associationId} may apply once the ministry verified it (${association.status})`,
      { associationId, status: association.status },
    );
  }
  return association;
};
