import { DynamoDbEventStore } from '../adapters/dynamodb/event-store.js';
import { DynamoDbPartnerRegistry, DynamoDbWebhookDeliveryLog } from '../adapters/dynamodb/partner-reports.js';
import type { PartnerAdministrationDependencies } from '../adapters/http/routes/partners.js';
import { logger } from '../adapters/observability/observability.js';
import {
  SecretsManagerPartnerRegistry,
  SecretsManagerSigningSecrets,
  SecretsManagerSubscriptionStore,
} from '../adapters/secrets-manager.js';
import { WebhookDispatcher } from '../adapters/webhooks/dispatcher.js';
import { DynamoDbOutboundWebhookStore } from '../adapters/webhooks/dynamodb-store.js';
import type { InboundWebhookDependencies, SecurityTrace } from '../application/ports/partner-reports.js';
import type { Table } from './deps.js';
import {
  PARTNER_SECRETS_PREFIX_VARIABLE,
  requiredVariable,
  SUBSCRIPTION_SECRETS_PREFIX_VARIABLE,
  tableFromEnv,
} from './environment.js';

// The dependencies of the handlers that deal with partners (inbound webhooks, the partner
// administration, the outbound dispatcher): apart from ./deps.ts so that only these handlers
// bundle and load the Secrets Manager client.

/** On Lambda, refusals are traced by the warn log and the metric the route writes; this adds an error-level line. */
const logSecurityTrace: SecurityTrace = {
  record: async (refusal) => {
    logger.error('Security: inbound webhook refused', { securityEvent: 'InboundWebhookRefused', ...refusal });
  },
};

/**
 * Inbound partner webhooks on AWS: partner records from the table and their secrets from Secrets
 * Manager (`<NASEEJ_PARTNER_SECRETS_PREFIX><partnerId>`, cached a few minutes), received
 * deliveries in the table.
 */
export const inboundWebhooksFromEnv = (
  env: NodeJS.ProcessEnv = process.env,
  table: Table = tableFromEnv(env),
): InboundWebhookDependencies => ({
  partners: new SecretsManagerPartnerRegistry({
    records: new DynamoDbPartnerRegistry(table),
    secrets: new SecretsManagerSigningSecrets({
      prefix: requiredVariable(PARTNER_SECRETS_PREFIX_VARIABLE, env),
    }),
  }),
  deliveries: new DynamoDbWebhookDeliveryLog(table),
  security: logSecurityTrace,
});

/** Outbound subscriptions on AWS: records in the table, signing secrets in Secrets Manager. */
export const subscriptionsFromEnv = (
  env: NodeJS.ProcessEnv = process.env,
  table: Table = tableFromEnv(env),
  maxAgeSeconds?: number,
): SecretsManagerSubscriptionStore =>
  new SecretsManagerSubscriptionStore({
    records: new DynamoDbOutboundWebhookStore(table),
    secrets: new SecretsManagerSigningSecrets({
      prefix: requiredVariable(SUBSCRIPTION_SECRETS_PREFIX_VARIABLE, env),
      ...(maxAgeSeconds === undefined ? {} : { maxAgeSeconds }),
    }),
  });

/**
 * The ministry's partner administration on AWS: partners and subscriptions written through to the
 * table (records) and Secrets Manager (secrets), read uncached so a rotation never starts from a
 * stale list; parked deliveries replayed by a dispatcher like the delivery queue's, scoped the same.
 */
export const partnerAdministrationFromEnv = (
  env: NodeJS.ProcessEnv = process.env,
  table: Table = tableFromEnv(env),
): Required<NonNullable<PartnerAdministrationDependencies['partnerAdministration']>> => {
  const records = new DynamoDbPartnerRegistry(table);
  // The replay's dispatcher signs with the same, uncached subscriptions the routes write.
  const subscriptions = subscriptionsFromEnv(env, table, 0);
  return {
    partners: new SecretsManagerPartnerRegistry({
      records,
      secrets: new SecretsManagerSigningSecrets({
        prefix: requiredVariable(PARTNER_SECRETS_PREFIX_VARIABLE, env),
        maxAgeSeconds: 0,
      }),
    }),
    subscriptions,
    deliveries: new WebhookDispatcher({
      store: subscriptions,
      scope: { partners: records, events: new DynamoDbEventStore(table) },
    }),
  };
};
