import type { Role } from '../../../events/envelope.js';
import type { AgreementEvent, RolloutEvent } from '../../../events/rollout/index.js';
import type {
  AgreementKind,
  AgreementParty,
  PartyRole,
  SignerOffice,
} from '../../../events/rollout/schemas.js';
import { agreementStreamId, rolloutAgreementId } from '../ids.js';
import { assertNever, type CommandContext, type Decider, type Fold } from '../shared/decider.js';
import { domainError } from '../shared/errors.js';
import { checkFactDate } from '../shared/fact-date.js';
import type { AgreementCommand, DraftAgreement, SignAgreement } from './commands.js';

export { agreementStreamId, rolloutAgreementId };

/**
 * The roles each kind of agreement needs among its parties (docs/program.md: the regional agreement is
 * signed by the ministry, the Wali and the Regional Council, co-funders may join; the partner
 * agreement binds the ministry and the operator). Other parties may be added to any kind.
 */
export const REQUIRED_PARTY_ROLES = {
  'regional-partnership': ['ministry', 'wali', 'regional-council'],
  partner: ['ministry', 'operator'],
  'co-funding': ['co-funder'],
  // A grant above 50,000 MAD needs a partnership convention with the beneficiary (circular 7/2003).
  'grant-convention': ['ministry', 'beneficiary-association'],
} as const satisfies Record<AgreementKind, readonly PartyRole[]>;

/**
 * The parties that sign only with the `signatory` role (the region's institutions, which sign and
 * operate nothing: docs/adr/0073-workspace-sign-in.md, docs/adr/0092-institutions-sign-with-their-own-roles.md).
 */
export const CAPACITY_ROLES = {
  wali: 'signatory',
  'regional-council': 'signatory',
  // A beneficiary association signs its grant convention in its portal (docs/adr/0120).
  'beneficiary-association': 'association',
} as const satisfies Partial<Record<PartyRole, Role>>;

const lookupCapacityRole = (partyRole: PartyRole): Role | undefined =>
  Object.hasOwn(CAPACITY_ROLES, partyRole)
    ? CAPACITY_ROLES[partyRole as keyof typeof CAPACITY_ROLES]
    : undefined;

/** A drawn-up agreement and the parties who signed it so far. */
export interface DraftedAgreement {
  readonly status: 'awaiting-signatures' | 'in-force';
  readonly agreementId: string;
  readonly kind: AgreementKind;
  readonly rolloutId: string | null;
  /** What the parties read before signing, in French and Arabic. */
  readonly title: { readonly fr: string; readonly ar: string };
  readonly parties: readonly AgreementParty[];
  /** The ids of the parties who signed, in signature order. */
  readonly signedBy: readonly string[];
  /** The SHA-256 of the text the first signature stating one covered (issue 20); every other must match. */
  readonly textSha256?: string;
  /** The document holding that text, as the first signature stating it named it. */
  readonly textDocumentId?: string;
  /** The latest date a party signed on (the agreement is in force from it). */
  readonly lastSignedAt?: string;
}

/**
 * The offices each party signs in (issue 20, item 7): the Wali in person; the Regional Council by
 * its president or a vice-president; the ministry by the minister or an official it delegated; an
 * association (operator, beneficiary, co-funder) by its president, a vice-president or another
 * legal representative.
 */
export const OFFICES_OF_PARTY = {
  ministry: ['minister', 'ministry-delegate'],
  wali: ['wali'],
  'regional-council': ['council-president', 'council-vice-president'],
  operator: ['president', 'vice-president', 'legal-representative'],
  'co-funder': ['president', 'vice-president', 'legal-representative', 'minister', 'ministry-delegate'],
  'beneficiary-association': ['president', 'vice-president', 'legal-representative'],
} as const satisfies Record<PartyRole, readonly SignerOffice[]>;

export type AgreementState = { readonly status: 'none' } | DraftedAgreement;

export const initialState = (): AgreementState => ({ status: 'none' });

const AGREEMENT_TYPES: ReadonlySet<string> = new Set<AgreementEvent['type']>([
  'AgreementDrafted',
  'AgreementSigned',
  'AgreementInForceRecorded',
]);
const isAgreementEvent = (event: RolloutEvent): event is AgreementEvent => AGREEMENT_TYPES.has(event.type);

/** Applies one event; events of other aggregates of the area leave the state unchanged. */
export const evolve = (state: AgreementState, event: RolloutEvent): AgreementState => {
  if (!isAgreementEvent(event)) return state;
  if (event.type === 'AgreementDrafted') {
    return {
      status: 'awaiting-signatures',
      agreementId: event.data.agreementId,
      kind: event.data.kind,
      rolloutId: event.data.rolloutId,
      title: event.data.title,
      parties: event.data.parties,
      signedBy: [],
    };
  }
  // Signatures follow the draft in a well-formed stream.
  if (state.status === 'none') return state;
  switch (event.type) {
    case 'AgreementSigned': {
      const { partyId, signedAt, text } = event.data;
      const later = state.lastSignedAt === undefined || Date.parse(signedAt) > Date.parse(state.lastSignedAt);
      return {
        ...state,
        signedBy: [...state.signedBy, partyId],
        ...(later ? { lastSignedAt: signedAt } : {}),
        ...(state.textSha256 === undefined && text !== null
          ? { textSha256: text.sha256, textDocumentId: text.documentId }
          : {}),
      };
    }
    case 'AgreementInForceRecorded':
      return { ...state, status: 'in-force' };
    default:
      return assertNever(event);
  }
};

const draft = ({ data }: DraftAgreement, state: AgreementState): AgreementEvent[] => {
  if (state.status !== 'none') {
    throw domainError('conflict', 'AGREEMENT_ALREADY_DRAFTED', 'This agreement already exists.', {
      agreementId: state.agreementId,
    });
  }
  if (data.parties.length < 2) {
    throw domainError('invalid', 'AGREEMENT_NEEDS_TWO_PARTIES', 'An agreement binds at least two parties.', {
      parties: data.parties.length,
    });
  }
  const partyIds = data.parties.map((party) => party.partyId);
  const duplicated = partyIds.filter((partyId, index) => partyIds.indexOf(partyId) !== index);
  if (duplicated.length > 0) {
    throw domainError('invalid', 'AGREEMENT_PARTY_DUPLICATED', 'A party is listed once.', {
      duplicated: [...new Set(duplicated)],
    });
  }
  const roles = new Set(data.parties.map((party) => party.role));
  const missingRoles = REQUIRED_PARTY_ROLES[data.kind].filter((role) => !roles.has(role));
  if (missingRoles.length > 0) {
    throw domainError(
      'invalid',
      'AGREEMENT_PARTY_ROLE_MISSING',
      'This kind of agreement needs a party in each of these roles.',
      { kind: data.kind, missingRoles },
    );
  }
  return [
    {
      type: 'AgreementDrafted',
      data: {
        agreementId: data.agreementId,
        kind: data.kind,
        rolloutId: data.rolloutId ?? null,
        title: data.title,
        parties: data.parties,
      },
    },
  ];
};

const sign = (command: SignAgreement, state: AgreementState, context: CommandContext): AgreementEvent[] => {
  if (state.status === 'none') {
    throw domainError('not-found', 'AGREEMENT_NOT_FOUND', 'There is no such agreement to sign.');
  }
  // An association's accounts sign for the association, a party by its association id; every other
  // party is the account that signs.
  const actingAssociation =
    context.actor.role === 'association' ? command.facts?.actingAssociation : undefined;
  const party =
    actingAssociation === undefined
      ? state.parties.find((candidate) => candidate.partyId === context.actor.id)
      : state.parties.find(
          (candidate) =>
            candidate.role === 'beneficiary-association' && candidate.partyId === actingAssociation,
        );
  if (!party) {
    throw domainError('forbidden', 'AGREEMENT_SIGNER_NOT_A_PARTY', 'Only a party to an agreement signs it.', {
      agreementId: state.agreementId,
      actorId: context.actor.id,
    });
  }
  // The region's institutions sign as signatories (issue 20): a coordinator's account, which
  // operates the rollout, never signs for the Wali or the Council.
  const capacityRole = lookupCapacityRole(party.role);
  if (capacityRole !== undefined && context.actor.role !== capacityRole) {
    throw domainError(
      'forbidden',
      'AGREEMENT_SIGNER_CAPACITY_MISMATCH',
      `This party signs as ${party.role}, with the ${capacityRole} role.`,
      { agreementId: state.agreementId, partyRole: party.role, actorRole: context.actor.role },
    );
  }
  if (state.signedBy.includes(party.partyId)) {
    throw domainError('conflict', 'AGREEMENT_ALREADY_SIGNED', 'This party has already signed.', {
      agreementId: state.agreementId,
      partyId: party.partyId,
    });
  }
  const { capacity, text, lateEntryReason } = command.data;
  const offices: readonly SignerOffice[] = OFFICES_OF_PARTY[party.role];
  if (!offices.includes(capacity.office)) {
    throw domainError(
      'invalid',
      'SIGNER_CAPACITY_NOT_FOR_PARTY',
      `A party of role ${party.role} signs as ${offices.join(' or ')}`,
      { field: 'capacity.office', office: capacity.office, partyRole: party.role, offices: [...offices] },
    );
  }
  if (text !== undefined && state.textSha256 !== undefined && text.sha256 !== state.textSha256) {
    throw domainError(
      'conflict',
      'AGREEMENT_TEXT_MISMATCH',
      'Every party signs the same text: this signature covers another one',
      {
        field: 'text.sha256',
        agreementId: state.agreementId,
        signedText: state.textSha256,
        sha256: text.sha256,
      },
    );
  }
  // The day it was signed (issue 20, item 1): never in the future, a late record with a reason.
  const signedAt = command.data.signedAt ?? context.now;
  const lateEntry = checkFactDate({
    kind: 'agreement-signed',
    field: 'signedAt',
    date: signedAt,
    now: context.now,
    role: context.actor.role,
    lateEntryReason,
    reasonField: 'lateEntryReason',
  });
  const signed: AgreementEvent = {
    type: 'AgreementSigned',
    data: {
      agreementId: state.agreementId,
      partyId: party.partyId,
      role: party.role,
      signedAt,
      capacity,
      text: text ?? null,
      lateEntry,
    },
  };
  const lastSignedAt =
    state.lastSignedAt !== undefined && Date.parse(state.lastSignedAt) > Date.parse(signedAt)
      ? state.lastSignedAt
      : signedAt;
  const everyPartySigned = state.parties.length === state.signedBy.length + 1;
  if (!everyPartySigned) return [signed];
  return [
    signed,
    {
      type: 'AgreementInForceRecorded',
      data: {
        agreementId: state.agreementId,
        kind: state.kind,
        rolloutId: state.rolloutId,
        // In force from the last signature's day (a convention signed on paper and entered later).
        inForceAt: lastSignedAt,
      },
    },
  ];
};

/** Decides an agreement command: the events to append, or a domain error. */
export const decide = (
  command: AgreementCommand,
  state: AgreementState,
  context: CommandContext,
): AgreementEvent[] => {
  switch (command.type) {
    case 'DraftAgreement':
      return draft(command, state);
    case 'SignAgreement':
      return sign(command, state, context);
    default:
      return assertNever(command);
  }
};

/** An agreement: its parties, their signatures, and its entry into force when all have signed. */
export const agreementDecider: Decider<AgreementCommand, AgreementState, RolloutEvent> = {
  initialState,
  evolve,
  decide,
};

/**
 * The fold alone (no `decide`): what readers of this stream load it with, so that a bundle that
 * only reads it does not carry its rules (docs/adr/0066-bundles-within-300-kb.md).
 */
export const agreementFold: Fold<AgreementState, RolloutEvent> = { initialState, evolve };

/** Whether the agreement is in force (every party signed): a fact for the rollout's phases and for grants. */
export const isInForce = (state: AgreementState): boolean => state.status === 'in-force';

/** The parties who have not signed yet (empty before the draft and once in force). */
export const pendingSignatories = (state: AgreementState): AgreementParty[] =>
  state.status === 'none' ? [] : state.parties.filter((party) => !state.signedBy.includes(party.partyId));
