import type { RegionCode } from '../../events/reference.js';
import type { HttpRole, Principal } from './claims.js';
import { httpError } from './problem.js';

/**
 * Who may call a route. Every route says it: a list of roles, `public: true` spelled out for the
 * rare route anyone may call (no token needed), or a signature instead of a token: a partner's
 * inbound webhook, signed per Standard Webhooks and verified by the route itself on the raw body
 * (`roles` then only documents who calls it).
 */
export type Access =
  | { readonly public: true }
  | { readonly roles: readonly [HttpRole, ...HttpRole[]] }
  | SignatureAccess;

/** A route reached with a signature (Standard Webhooks) rather than a bearer token. */
export interface SignatureAccess {
  readonly signature: 'standard-webhooks';
  /** Who calls it (documentation only: the signature, not a token, lets the caller in). */
  readonly roles: readonly [HttpRole, ...HttpRole[]];
}

/** Where a resource belongs, as far as scoped roles care: its region, association and rollout. */
export interface ResourceScope {
  readonly region?: RegionCode | undefined;
  readonly associationId?: string | undefined;
  readonly rolloutId?: string | undefined;
}

/**
 * Roles whose reach is limited by the token: a coordinator, the Wali and the Regional Council to
 * their regions, a partner to its own.
 */
export const SCOPED_ROLES: readonly HttpRole[] = ['coordinator', 'partner', 'wali', 'regional-council'];

export const isPublic = (access: Access): access is { readonly public: true } => 'public' in access;

/** A route that takes a signature instead of a token (it verifies the raw body itself). */
export const isSignature = (access: Access): access is SignatureAccess => 'signature' in access;

/** A route that needs a bearer token: neither public nor signed. */
export const needsToken = (access: Access): boolean => !isPublic(access) && !isSignature(access);

/** The roles of the route the principal holds, in the route's order; empty means 403. */
export const heldRoles = (access: Access, principal: Principal): HttpRole[] =>
  !needsToken(access) || isPublic(access)
    ? []
    : access.roles.filter((role) => principal.roles.includes(role));

/** The first check, before anything is read: a token (401) holding one of the route's roles (403). */
export const requireRole = (access: Access, principal: Principal | undefined): void => {
  if (isPublic(access) || isSignature(access)) return;
  if (principal === undefined) throw httpError(401, 'UNAUTHENTICATED', 'A valid bearer token is required');
  if (heldRoles(access, principal).length === 0) {
    throw httpError(403, 'ROLE_NOT_ALLOWED', `This operation is open to: ${access.roles.join(', ')}`);
  }
};

/**
 * Whether a role's reach covers a resource: a coordinator's its regions, a partner's its association
 * and rollout; other roles are national.
 */
export const roleCovers = (role: HttpRole, principal: Principal, scope: ResourceScope): boolean => {
  switch (role) {
    case 'coordinator':
    case 'wali':
    case 'regional-council':
      return scope.region !== undefined && principal.regions.includes(scope.region);
    case 'partner': {
      const partner = principal.partner;
      if (partner === undefined) return false;
      if (scope.associationId === undefined && scope.rolloutId === undefined) return false;
      return (
        (scope.associationId === undefined || scope.associationId === partner.associationId) &&
        (scope.rolloutId === undefined || scope.rolloutId === partner.rolloutId)
      );
    }
    default:
      return true;
  }
};

/**
 * The role the principal acts in on this resource: the first role of the route it holds whose
 * scope covers the resource (a coordinator's regions, a partner's association and rollout; other
 * roles are national). None: 403 `OUT_OF_SCOPE`. A resource of unknown region is out of every
 * coordinator's scope.
 */
export const actingRole = (
  access: Access,
  principal: Principal | undefined,
  scope: ResourceScope | undefined,
): HttpRole | undefined => {
  if (isPublic(access) || isSignature(access)) return undefined;
  requireRole(access, principal);
  const held = heldRoles(access, principal as Principal);
  const covering = held.find((role) => roleCovers(role, principal as Principal, scope ?? {}));
  if (covering === undefined) {
    throw httpError(403, 'OUT_OF_SCOPE', 'This resource is outside the scope of your token');
  }
  return covering;
};
