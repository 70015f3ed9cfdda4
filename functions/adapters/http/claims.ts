import { Role } from '../../../events/envelope.js';
import { Id, RegionCode } from '../../../events/reference.js';
import { findJsonShapeProblem } from './body.js';
import { CLAIM } from './claim-names.js';
import { httpError } from './problem.js';

/** The roles a person can hold in a token; `system` is the platform's own and never comes over HTTP. */
export type HttpRole = Exclude<Role, 'system'>;

/** Every role a token may carry, in the order routes usually list them. */
export const HTTP_ROLES: readonly HttpRole[] = Role.options.filter(
  (role): role is HttpRole => role !== 'system',
);

export { CLAIM };

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
  /** The regions a coordinator or a signatory acts for; empty for every other role. */
  readonly regions: readonly RegionCode[];
  readonly partner: PartnerScope | undefined;
  /**
   * The association an `association` token acts for (the portal's sign-in): the same
   * `naseej:association` claim as a partner's, read for that role. Absent: the role covers nothing.
   */
  readonly association?: string | undefined;
}

/** The JWT authorizer's rendering of an array claim: its items between brackets, one space apart. */
const FLATTENED_LIST = /^\[(.*)\]$/s;

/** A 401 for a token whose signature holds but whose claims this server does not take. */
const invalidToken = (detail: string) =>
  httpError(401, 'INVALID_TOKEN', detail, {
    headers: { 'www-authenticate': 'Bearer error="invalid_token"' },
  });

const refusedClaim = (name: string, reason: string) => invalidToken(`The token's ${name} claim ${reason}`);

/**
 * Reads a list claim strictly: every item one of `allowed`, exactly. A token carries a JSON array;
 * the API Gateway HTTP API JWT authorizer hands it to Lambda as a string, `["FM","CS"]` as
 * `"[FM CS]"` (items one space apart, between brackets), and that form is read too, as is the
 * array as JSON text. Anything else is refused (401 `INVALID_TOKEN`), never trimmed, split on
 * commas or filtered: a plain string, an empty item, an unknown value, an item holding a space or
 * a comma. No claim at all is an empty list. The flattened form cannot tell `["reader ministry"]`
 * from `["reader","ministry"]`; `claimsToRead` reads the token's own payload so that it need not.
 */
export const parseListClaim = <T extends string>(
  name: string,
  value: unknown,
  allowed: readonly T[],
): T[] => {
  if (value === undefined || value === null) return [];
  let items: unknown;
  if (Array.isArray(value)) items = value;
  else if (typeof value === 'string' && value.startsWith('["')) {
    try {
      items = JSON.parse(value);
    } catch {
      items = undefined;
    }
  } else if (typeof value === 'string') {
    const inner = FLATTENED_LIST.exec(value)?.[1];
    items = inner === undefined ? undefined : inner === '' ? [] : inner.split(' ');
  }
  if (!Array.isArray(items)) throw refusedClaim(name, 'must be a list');
  const unknown = items.find(
    (item) => typeof item !== 'string' || !(allowed as readonly unknown[]).includes(item),
  );
  if (unknown !== undefined) {
    throw refusedClaim(name, `holds ${JSON.stringify(unknown)}, which is not one of: ${allowed.join(', ')}`);
  }
  return [...new Set(items as T[])];
};

/** A claim holding one id (association, rollout): a plain string that is an `Id`, or nothing. */
const singleClaim = (name: string, value: unknown): string | undefined => {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string' || !Id.safeParse(value).success) throw refusedClaim(name, 'must be one id');
  return value;
};

const REGION_CODES: readonly RegionCode[] = RegionCode.options;

/**
 * Builds the principal from verified claims (a JWT payload, or the claims API Gateway passes on).
 * A missing `sub` is a 401, and so is a role or region claim that is not a list of exact members
 * of the known roles and region codes (see `parseListClaim`): a claim that says something this
 * server does not issue is a token not made for it, not a token to read generously. Regions count
 * for coordinators and signatories only; a partner scope needs both the association and the
 * rollout; an association's scope its `naseej:association` claim (docs/adr/0101-association-principal.md).
 */
export const principalFromClaims = (claims: Readonly<Record<string, unknown>>): Principal => {
  const subject = claims.sub;
  if (typeof subject !== 'string' || subject.trim().length === 0 || subject.length > 200) {
    throw invalidToken('The token names no subject (sub)');
  }
  // An OpenID Connect ID token (Cognito marks it `token_use: id`) says who signed in, to the client;
  // the API takes access tokens, which alone carry the roles (docs/adr/0073-workspace-sign-in.md).
  if (claims.token_use === 'id') {
    throw invalidToken('The token is an ID token; call the API with the access token');
  }
  const roles = parseListClaim(CLAIM.roles, claims[CLAIM.roles], HTTP_ROLES);
  const regions = parseListClaim(CLAIM.regions, claims[CLAIM.regions], REGION_CODES);
  const associationId = singleClaim(CLAIM.association, claims[CLAIM.association]);
  const rolloutId = singleClaim(CLAIM.rollout, claims[CLAIM.rollout]);
  return {
    subject,
    roles,
    regions: roles.includes('coordinator') || roles.includes('signatory') ? regions : [],
    partner:
      roles.includes('partner') && associationId !== undefined && rolloutId !== undefined
        ? { associationId, rolloutId }
        : undefined,
    ...(roles.includes('association') && associationId !== undefined ? { association: associationId } : {}),
  };
};

/**
 * What a token's times may say: issued at most `clockSkewSeconds` ahead of the server's clock, and
 * valid for at most `maxLifetimeSeconds` (the dev CLI mints 12 hours by default, 24 at most).
 */
export const TOKEN_LIMITS = { maxLifetimeSeconds: 24 * 60 * 60, clockSkewSeconds: 60 } as const;

/** A NumericDate claim: a number, or the decimal string the JWT authorizer makes of it. */
const numericDate = (value: unknown): number | undefined => {
  if (typeof value === 'number') return Number.isFinite(value) ? value : undefined;
  if (typeof value === 'string' && /^\d{1,15}(?:\.\d{1,9})?$/.test(value)) return Number(value);
  return undefined;
};

/**
 * Checks a verified token's times beyond what the JWT authorizer checks (signature, issuer,
 * audience, `exp` and `nbf` against the current time: see
 * https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-jwt-authorizer.html; it
 * bounds neither how long a token lives nor, reliably, when it says it was issued). Both `iat` and
 * `exp` are required; `iat` may be at most a minute ahead of `nowSeconds` (clock skew); `exp` must
 * come after `iat`, by at most 24 hours. So a token minted for 50 years, or dated a year ahead (to
 * outlive a key rotation or a revocation), is refused with 401 `INVALID_TOKEN` saying why.
 */
export const checkTokenTimes = (
  claims: Readonly<Record<string, unknown>>,
  nowSeconds: number,
  limits: typeof TOKEN_LIMITS = TOKEN_LIMITS,
): void => {
  const issuedAt = numericDate(claims.iat);
  const expiresAt = numericDate(claims.exp);
  if (issuedAt === undefined || expiresAt === undefined) {
    throw invalidToken('The token must say when it was issued (iat) and when it expires (exp)');
  }
  if (issuedAt > nowSeconds + limits.clockSkewSeconds) {
    throw invalidToken(
      'The token says it was issued in the future (iat); check the clock of the service that issued it',
    );
  }
  if (expiresAt <= issuedAt || expiresAt - issuedAt > limits.maxLifetimeSeconds) {
    throw invalidToken(
      `The token is valid for longer than this server accepts (${limits.maxLifetimeSeconds / 3600} hours ` +
        'at most, from iat to exp); sign in again or mint a shorter one',
    );
  }
};

/** The claims Naseej reads; the token's payload must agree with the authorizer on each of them. */
const READ_CLAIMS: readonly string[] = ['sub', 'iat', 'exp', 'token_use', ...Object.values(CLAIM)];

/**
 * The words of a claim, however it is rendered: an array's items, or a string split on brackets,
 * quotes, commas and spaces. Two renderings of one claim have the same words, sorted; the
 * comparison does not depend on how the authorizer renders an array (`[a b]`, `[a, b]`, JSON).
 */
const wordsOf = (value: unknown): string =>
  (value === undefined || value === null
    ? []
    : Array.isArray(value)
      ? value.flatMap((item) => String(item).split(/[\s,"[\]]+/))
      : String(value).split(/[\s,"[\]]+/)
  )
    .filter((word) => word.length > 0)
    .sort()
    .join(' ');

const BEARER = /^(?:Bearer\s+)?([A-Za-z0-9_-]+)\.([A-Za-z0-9_-]+)\.([A-Za-z0-9_-]*)$/i;

/**
 * The claims to build the principal from. The JWT authorizer verified the bearer token of the
 * `Authorization` header (its identity source) and passes its claims flattened to strings, which
 * loses the difference between `["reader ministry"]` and `["reader","ministry"]`. So when the
 * request carries that token, its own payload is read instead, and only if it agrees with the
 * authorizer's claims on every claim Naseej reads (the same words: see `wordsOf`): it is then the
 * payload the authorizer verified, and it can only say exactly what the flattened form said
 * ambiguously. A payload that disagrees, or repeats a claim name (the JWT rule lets a parser
 * keep the last; Naseej refuses), is a 401. Without a bearer token (an event built by hand), the
 * authorizer's claims are read as they are, strictly.
 */
export const claimsToRead = (
  authorizerClaims: Readonly<Record<string, unknown>>,
  authorization: string | undefined,
): Readonly<Record<string, unknown>> => {
  const payloadPart = authorization === undefined ? undefined : BEARER.exec(authorization.trim())?.[2];
  if (payloadPart === undefined) return authorizerClaims;
  const text = Buffer.from(payloadPart, 'base64url').toString('utf8');
  let payload: unknown;
  try {
    payload = JSON.parse(text);
  } catch {
    payload = undefined;
  }
  if (payload === null || typeof payload !== 'object' || Array.isArray(payload)) {
    throw invalidToken('The bearer token has no readable claims');
  }
  const shape = findJsonShapeProblem(text);
  if (shape !== undefined) {
    throw invalidToken(
      shape.kind === 'duplicate-key'
        ? 'The token names a claim twice'
        : 'The token nests its claims too deep',
    );
  }
  const claims = payload as Record<string, unknown>;
  const disagreeing = READ_CLAIMS.find((name) => wordsOf(claims[name]) !== wordsOf(authorizerClaims[name]));
  if (disagreeing !== undefined) {
    throw invalidToken('The bearer token is not the one that was verified');
  }
  return claims;
};
