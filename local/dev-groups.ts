import { CLAIM } from '../functions/adapters/http/claims.js';
import { naseejClaimsOf } from '../functions/adapters/http/cognito-claims.js';
import type { DevTokenRequest } from './dev-auth.js';

// A dev token for an account described as the user pool describes it (its groups and custom
// attributes), through the same mapping the pool's pre token generation trigger applies on AWS
// (functions/adapters/http/cognito-claims.ts): a local sign-in as "the Wali of FM" then carries exactly the
// claims a Cognito sign-in of that account carries (docs/adr/0073-workspace-sign-in.md).

/** The token request of an account in `groups` with `attributes` (`custom:regions`, …). */
export const devTokenRequestFor = (
  subject: string,
  groups: readonly string[],
  attributes: Readonly<Record<string, string | undefined>>,
  expiresInSeconds?: number,
): DevTokenRequest => {
  const claims = naseejClaimsOf(groups, attributes);
  const regions = claims[CLAIM.regions];
  const associationId = claims[CLAIM.association];
  const rolloutId = claims[CLAIM.rollout];
  return {
    subject,
    roles: claims[CLAIM.roles],
    ...(regions === undefined ? {} : { regions }),
    ...(associationId === undefined || rolloutId === undefined
      ? {}
      : { partner: { associationId, rolloutId } }),
    ...(expiresInSeconds === undefined ? {} : { expiresInSeconds }),
  };
};
