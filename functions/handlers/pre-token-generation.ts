import { DynamoDbPersonalDataVault } from '../adapters/dynamodb/personal-data.js';
import { DynamoDbRecipientDirectory } from '../adapters/dynamodb/recipients.js';
import { CLAIM } from '../adapters/http/claims.js';
import { naseejClaimsOf } from '../adapters/http/cognito-claims.js';
import { keepStaffRecipient } from '../application/notifications/staff-recipients.js';
import type { RecipientDirectory } from '../application/ports/notifications.js';
import type { PersonalDataVault } from '../application/ports/personal-data.js';
import { TABLE_NAME_VARIABLE, tableFromEnv } from './environment.js';

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

/** Where the trigger keeps the person's recipient entry and address (docs/adr/0033-recipients-from-sign-in.md). */
export interface RecipientPorts {
  readonly directory: RecipientDirectory;
  readonly vault: PersonalDataVault;
}

/** How long keeping the recipient may take: Cognito waits five seconds for the whole trigger. */
export const RECIPIENT_BUDGET_MS = 2_000;

/**
 * The trigger: the claims of the access token and, when `recipients` is given, the person's
 * recipient entry kept up to date (roles, regions, association, language, verified address). A
 * failure or a slow table never stops the sign-in: it is logged, and the entry is corrected at
 * the next token (a refresh within the hour).
 */
export const preTokenGenerationHandler =
  (recipients?: RecipientPorts, budgetMs = RECIPIENT_BUDGET_MS) =>
  async (event: PreTokenGenerationV2Event): Promise<PreTokenGenerationV2Event> => {
    const groups = event.request.groupConfiguration.groupsToOverride ?? [];
    const attributes = event.request.userAttributes;
    const claims = naseejClaimsOf(groups, attributes);
    if (recipients !== undefined && attributes.sub !== undefined) {
      const kept = keepStaffRecipient(recipients, {
        recipientId: attributes.sub,
        locale: attributes.locale,
        verifiedEmail: attributes.email_verified === 'true' ? attributes.email : undefined,
        roles: claims[CLAIM.roles],
        regions: claims[CLAIM.regions] ?? [],
        associationId: claims[CLAIM.association],
      });
      // Settled late, after the sign-in went on: its failure is then not an unhandled rejection.
      kept.catch(() => undefined);
      let timer: NodeJS.Timeout | undefined;
      const late = new Promise<'late'>((resolve) => {
        timer = setTimeout(() => resolve('late'), budgetMs);
      });
      try {
        const outcome = await Promise.race([kept, late]);
        if (outcome === 'late') console.warn(JSON.stringify({ message: 'recipient entry not kept in time' }));
      } catch (error) {
        // No personal data in the log: the error's kind only.
        console.error(
          JSON.stringify({
            message: 'recipient entry not kept',
            error: error instanceof Error ? error.name : 'unknown',
            code: (error as { code?: unknown } | undefined)?.code,
          }),
        );
      } finally {
        clearTimeout(timer);
      }
    }
    event.response = {
      claimsAndScopeOverrideDetails: {
        // The access token only: an ID token never carries a role, so the API cannot be called with one.
        accessTokenGeneration: { claimsToAddOrOverride: accessTokenClaimsOf(groups, attributes) },
      },
    };
    return event;
  };

/**
 * The Lambda entry (CDK bundles this module). The CDK app gives it the event store table, where
 * the recipient directory and the vault live; without one (a test of the claims alone) it keeps
 * no recipient.
 */
const table = process.env[TABLE_NAME_VARIABLE] === undefined ? undefined : tableFromEnv();
export const handler = preTokenGenerationHandler(
  table === undefined
    ? undefined
    : { directory: new DynamoDbRecipientDirectory(table), vault: new DynamoDbPersonalDataVault(table) },
);
