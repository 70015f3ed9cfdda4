import { Role } from '../../events/envelope.js';
import { Id, RegionCode } from '../../events/reference.js';
import { httpError } from './problem.js';

/** The roles a person can hold in a token; `system` is the platform's own and never comes over HTTP. */
export type HttpRole = Exclude<Role, 'system'>;

/** Every role a token may carry, in the order routes usually list them. */
export const HTTP_ROLES: readonly HttpRole[] = Role.options.filter(
  (role): role is HttpRole => role !== 'system',
);

/** Names of the token claims Naseej reads besides `sub` (namespaced, as OIDC recommends for custom claims). */
export const CLAIM = {
  roles: 'naseej:roles',
  regions: 'naseej:regions',
  association: 'naseej:association',
  rollout: 'naseej:rollout',
} as const;

/** The association and rollout a partner (operator association) token is bound to. */
export interface PartnerScope {
  readonly associationId: string;
  readonly rolloutId: string;
}

/**
 * Who is calling, as the verified token says. Region and partner scope come only from here, never
 * from a request body. A committee member is identified by `subject` (the member id).
 */
export interface Principal {
  readonly subject: string;
  readonly roles: readonly HttpRole[];
  /** The regions a coordinator acts for; empty for every other role. */
  readonly regions: readonly RegionCode[];
  readonly partner: PartnerScope | undefined;
}

/**
 * Reads a claim that holds a list. Tokens carry JSON arrays, but the API Gateway HTTP API JWT
 * authorizer hands claims to Lambda as strings and flattens an array into its brackets-and-spaces
 * form (`["FM","CS"]` arrives as `"[FM CS]"`; some reports show `"[FM, CS]"`). All forms are read,
 * and a single plain value is a list of one. Our values (roles, region codes, ids) contain no
 * spaces, commas or brackets, so splitting on them is safe.
 */
export const parseListClaim = (value: unknown): string[] => {
  if (value === undefined || value === null) return [];
  if (Array.isArray(value)) return value.filter((item): item is string => typeof item === 'string');
  if (typeof value !== 'string') return [];
  const text = value.trim();
  if (text.startsWith('[') && text.endsWith(']')) {
    try {
      const parsed: unknown = JSON.parse(text);
      if (Array.isArray(parsed)) return parsed.filter((item): item is string => typeof item === 'string');
    } catch {
      // Not JSON: the flattened `[a b]` form, split below.
    }
    return splitList(text.slice(1, -1));
  }
  return splitList(text);
};

const splitList = (text: string): string[] =>
  text
    .split(/[\s,]+/)
    .map((item) => item.replace(/^"|"$/g, ''))
    .filter((item) => item.length > 0);

const singleClaim = (value: unknown): string | undefined => {
  const [first, ...rest] = parseListClaim(value);
  return first !== undefined && rest.length === 0 && Id.safeParse(first).success ? first : undefined;
};

/**
 * Builds the principal from verified claims (a JWT payload, or the claims API Gateway passes on).
 * A missing `sub` is a 401; unknown roles and region codes are ignored (they grant nothing); a
 * partner scope needs both the association and the rollout.
 */
export const principalFromClaims = (claims: Readonly<Record<string, unknown>>): Principal => {
  const subject = claims.sub;
  if (typeof subject !== 'string' || subject.trim().length === 0 || subject.length > 200) {
    throw httpError(401, 'INVALID_TOKEN', 'The token names no subject (sub)');
  }
  const roles = [...new Set(parseListClaim(claims[CLAIM.roles]))].filter((role): role is HttpRole =>
    (HTTP_ROLES as readonly string[]).includes(role),
  );
  const regions = [...new Set(parseListClaim(claims[CLAIM.regions]))].filter(
    (region): region is RegionCode => RegionCode.safeParse(region).success,
  );
  const associationId = singleClaim(claims[CLAIM.association]);
  const rolloutId = singleClaim(claims[CLAIM.rollout]);
  return {
    subject,
    roles,
    regions: roles.includes('coordinator') ? regions : [],
    partner:
      roles.includes('partner') && associationId !== undefined && rolloutId !== undefined
        ? { associationId, rolloutId }
        : undefined,
  };
};
