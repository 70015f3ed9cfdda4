import { Id, RegionCode } from '../../../events/reference.js';
import { codedError, isErrorWithCode } from '../../domain/shared/coded-error.js';
import { CLAIM, type HttpRole } from './claims.js';

// The one mapping from a Cognito user (its groups and custom attributes) to the claims the API
// reads (functions/adapters/http/claims.ts). The user pool's pre token generation trigger
// (functions/handlers/pre-token-generation.ts) writes its result into the access token, so the API
// reads the same `naseej:*` claims from a Cognito token as from a dev token (docs/adr/0073-workspace-sign-in.md).

/** The user pool's groups, one per kind of staff account (infra/constructs/user-pool.ts creates them). */
export const COGNITO_GROUPS = [
  'ministry',
  'regional-coordinator',
  'committee-member',
  'implementing-partner',
  'finance-preparer',
  'finance-approver',
  'finance-payer',
  'reader',
  'wali',
  'regional-council',
] as const;
export type CognitoGroup = (typeof COGNITO_GROUPS)[number];

/**
 * The API roles each group carries. The Wali and the Regional Council review and sign agreements
 * and run nothing: their groups carry the `signatory` role, scoped to the regions of
 * `custom:regions`, which signs and reads and opens no operation.
 */
export const GROUP_ROLES: Readonly<Record<CognitoGroup, readonly HttpRole[]>> = {
  ministry: ['ministry'],
  'regional-coordinator': ['coordinator'],
  'committee-member': ['committee-member'],
  'implementing-partner': ['partner'],
  'finance-preparer': ['finance-preparer'],
  'finance-approver': ['finance-approver'],
  'finance-payer': ['finance-payer'],
  reader: ['reader'],
  wali: ['signatory'],
  'regional-council': ['signatory'],
};

/** What each group is for, as the user pool describes it to whoever provisions accounts. */
export const GROUP_DESCRIPTIONS: Readonly<Record<CognitoGroup, string>> = {
  ministry: 'Ministry staff: rollouts, waves, committees, decisions, grants, partners (API role ministry)',
  'regional-coordinator':
    'Regional coordinators: agreements, calls, applications, enrolment in the regions of custom:regions (API role coordinator)',
  'committee-member': 'Selection committee members: the files assigned to them (API role committee-member)',
  'implementing-partner':
    'Implementing partner staff, for the association and rollout of custom:association and custom:rollout (API role partner)',
  'finance-preparer': 'Finance: prepares tranche payments (API role finance-preparer)',
  'finance-approver': 'Finance: approves tranche payments (API role finance-approver)',
  'finance-payer': 'Finance: pays approved tranches (API role finance-payer)',
  reader: 'Read-only oversight (API role reader)',
  wali: "The Wali's office: reviews and signs the agreements of the regions of custom:regions, operates nothing (API role signatory)",
  'regional-council':
    'The Regional Council: reviews and signs the agreements of the regions of custom:regions, operates nothing (API role signatory)',
};

/** The custom attributes the user pool declares, without Cognito's `custom:` prefix. */
export const CUSTOM_ATTRIBUTES = {
  /** A coordinator's or a signatory's regions, as region codes one space apart: `FM CS`. */
  regions: 'regions',
  /** The association a partner account acts for (its id). */
  association: 'association',
  /** The rollout a partner account acts in (its id). */
  rollout: 'rollout',
} as const;

/** The claims the trigger adds to an access token (the names of `CLAIM`). */
export interface NaseejClaims {
  readonly [CLAIM.roles]: HttpRole[];
  readonly [CLAIM.regions]?: RegionCode[];
  readonly [CLAIM.association]?: string;
  readonly [CLAIM.rollout]?: string;
}

export const INVALID_ACCOUNT = 'INVALID_ACCOUNT';

/** An account whose attributes say something Naseej cannot read: no token is issued for it. */
export interface InvalidAccountError extends Error {
  readonly code: typeof INVALID_ACCOUNT;
  readonly attribute: string;
}

export const isInvalidAccountError = isErrorWithCode<InvalidAccountError>(INVALID_ACCOUNT);

const invalidAccount = (attribute: string, reason: string): InvalidAccountError =>
  codedError(
    'InvalidAccountError',
    INVALID_ACCOUNT,
    `The account's custom:${attribute} attribute ${reason}; fix it before signing in`,
    { attribute: `custom:${attribute}` },
  );

const isGroup = (name: string): name is CognitoGroup => (COGNITO_GROUPS as readonly string[]).includes(name);

/** A coordinator's regions: codes one space apart, each a known region; empty or absent is none. */
const regionsOf = (value: string | undefined): RegionCode[] => {
  if (value === undefined || value.trim() === '') return [];
  const codes = value.split(' ');
  const unknown = codes.find((code) => !RegionCode.safeParse(code).success);
  if (unknown !== undefined) {
    throw invalidAccount(
      CUSTOM_ATTRIBUTES.regions,
      `holds ${JSON.stringify(unknown)}, which is not one of: ${RegionCode.options.join(', ')} (codes one space apart)`,
    );
  }
  return [...new Set(codes as RegionCode[])];
};

const idOf = (attribute: string, value: string | undefined): string | undefined => {
  if (value === undefined || value === '') return undefined;
  if (!Id.safeParse(value).success) throw invalidAccount(attribute, 'is not an id');
  return value;
};

/**
 * The claims of a Cognito user: the roles its groups carry (GROUP_ROLES, in HTTP_ROLES' order of
 * first appearance; a group Naseej does not know carries nothing), a coordinator's or a signatory's regions from
 * `custom:regions`, a partner's association and rollout from `custom:association` and
 * `custom:rollout` (both, or no partner scope). Scope attributes count only for the role they
 * scope, as `principalFromClaims` reads them. A malformed attribute throws `InvalidAccountError`:
 * Cognito then issues no token, and whoever provisioned the account sees why.
 */
export const naseejClaimsOf = (
  groups: readonly string[],
  attributes: Readonly<Record<string, string | undefined>>,
): NaseejClaims => {
  const roles = [...new Set(groups.filter(isGroup).flatMap((group) => GROUP_ROLES[group]))];
  const regions = regionsOf(attributes[`custom:${CUSTOM_ATTRIBUTES.regions}`]);
  const association = idOf(
    CUSTOM_ATTRIBUTES.association,
    attributes[`custom:${CUSTOM_ATTRIBUTES.association}`],
  );
  const rollout = idOf(CUSTOM_ATTRIBUTES.rollout, attributes[`custom:${CUSTOM_ATTRIBUTES.rollout}`]);
  return {
    [CLAIM.roles]: roles,
    ...(roles.includes('coordinator') || roles.includes('signatory') ? { [CLAIM.regions]: regions } : {}),
    ...(roles.includes('partner') && association !== undefined && rollout !== undefined
      ? { [CLAIM.association]: association, [CLAIM.rollout]: rollout }
      : {}),
  };
};
