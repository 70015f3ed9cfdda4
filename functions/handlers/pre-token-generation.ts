import { naseejClaimsOf } from '../adapters/http/cognito-claims.js';

// The user pool's pre token generation trigger, event version V2_0 (infra/constructs/user-pool.ts):
// it writes the claims the API reads (`naseej:roles`, `naseej:regions`, `naseej:association`,
// `naseej:rollout`: CLAIM in functions/adapters/http/claims.ts) into the access token, from the user's groups and custom attributes
// (functions/adapters/http/cognito-claims.ts). The ID token gets none of them, so an ID token presented to
// the API carries no role. See docs/adr/0073-workspace-sign-in.md.

/**
 * What Cognito sends a V2_0 pre token generation trigger and expects back (the event itself, its
 * `response` filled in), as far as this trigger reads and writes it: the user's attributes and
 * groups in, claims for the access token out
 * (https://docs.aws.amazon.com/cognito/latest/developerguide/user-pool-lambda-pre-token-generation.html).
 */
export interface PreTokenGenerationV2Event {
  readonly version: string;
  readonly triggerSource: string;
  readonly region: string;
  readonly userPoolId: string;
  readonly userName: string;
  readonly callerContext: { readonly awsSdkVersion: string; readonly clientId: string };
  readonly request: {
    readonly userAttributes: Readonly<Record<string, string>>;
    readonly groupConfiguration: { readonly groupsToOverride?: readonly string[] };
    readonly scopes?: readonly string[];
  };
  response: {
    claimsAndScopeOverrideDetails?: {
      readonly accessTokenGeneration?: { readonly claimsToAddOrOverride?: Readonly<Record<string, string>> };
    };
  };
}

/**
 * The claim values as the trigger hands them over: a list claim as JSON text (`["FM","CS"]`), a
 * form the API reads as the list itself (functions/adapters/http/claims.ts, `parseListClaim`), and one id
 * as a plain string. A string is the value type every version of the trigger event takes.
 */
export const accessTokenClaimsOf = (
  groups: readonly string[],
  attributes: Readonly<Record<string, string | undefined>>,
): Record<string, string> => {
  const claims = naseejClaimsOf(groups, attributes);
  return Object.fromEntries(
    Object.entries(claims).map(([name, value]) => [
      name,
      Array.isArray(value) ? JSON.stringify(value) : value,
    ]),
  );
};

export const handler = async (event: PreTokenGenerationV2Event): Promise<PreTokenGenerationV2Event> => {
  const claims = accessTokenClaimsOf(
    event.request.groupConfiguration.groupsToOverride ?? [],
    event.request.userAttributes,
  );
  event.response = {
    claimsAndScopeOverrideDetails: {
      // The access token only: an ID token never carries a role, so the API cannot be called with one.
      accessTokenGeneration: { claimsToAddOrOverride: claims },
    },
  };
  return event;
};
