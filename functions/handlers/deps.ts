import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { dynamoDbFeedServices } from '../feed-cursors/dynamodb.js';
import type { FeedDependencies } from '../feed-cursors/port.js';
import { type HttpDependencies, systemClock, systemIds } from '../http/lambda.js';
import type { PartnerAdministrationDependencies } from '../http/routes/partners.js';
import { DynamoDbIdempotencyStore } from '../idempotency/dynamodb.js';
import { countMetric, logger } from '../observability.js';
import { DynamoDbEventStore } from '../store/dynamodb.js';
import { LATE_GLOBAL_COMMIT_METRIC } from '../store/global-order.js';
import { DynamoDbPartnerRegistry, DynamoDbWebhookDeliveryLog } from '../webhooks/inbound/dynamodb.js';
import type { InboundWebhookDependencies, SecurityTrace } from '../webhooks/inbound/ports.js';
import { DynamoDbOutboundWebhookStore } from '../webhooks/outbound/dynamodb-store.js';
import {
  SecretsManagerPartnerRegistry,
  SecretsManagerSigningSecrets,
  SecretsManagerSubscriptionStore,
} from '../webhooks/secrets-manager.js';
import {
  PARTNER_SECRETS_PREFIX_VARIABLE,
  requiredVariable,
  SUBSCRIPTION_SECRETS_PREFIX_VARIABLE,
  TABLE_NAME_VARIABLE,
  tableFromEnv,
} from './environment.js';

export { TABLE_NAME_VARIABLE };

/** The event store table and its client, as the handlers share them. */
type Table = { readonly client: DynamoDBClient; readonly tableName: string };

/** On Lambda, refusals are traced by the warn log and the metric the route writes; this adds an error-level line. */
const logSecurityTrace: SecurityTrace = {
  record: async (refusal) => {
    logger.error('Security: inbound webhook refused', { securityEvent: 'InboundWebhookRefused', ...refusal });
  },
};

/**
 * The HTTP handlers' dependencies from the environment, created once per container: the DynamoDB
 * event store, idempotency records and the event feed's cursors on the table. Route groups that need more add it: the
 * inbound webhooks (`inboundWebhooksFromEnv`) and the partner administration
 * (`partnerAdministrationFromEnv`).
 */
export const depsFromEnv = (
  env: NodeJS.ProcessEnv = process.env,
  table: Table = tableFromEnv(env),
): HttpDependencies & FeedDependencies => ({
  store: new DynamoDbEventStore({
    ...table,
    // The index showed a commit after the settle bound: delivered, but the bound's margin is gone.
    onLateCommit: (late) => {
      logger.warn('A commit showed in the global index after the settle bound', late);
      countMetric(LATE_GLOBAL_COMMIT_METRIC);
    },
  }),
  idempotency: new DynamoDbIdempotencyStore(table),
  feed: dynamoDbFeedServices(table),
  clock: systemClock,
  newId: systemIds,
});

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
 * stale list.
 */
export const partnerAdministrationFromEnv = (
  env: NodeJS.ProcessEnv = process.env,
  table: Table = tableFromEnv(env),
): Required<NonNullable<PartnerAdministrationDependencies['partnerAdministration']>> => ({
  partners: new SecretsManagerPartnerRegistry({
    records: new DynamoDbPartnerRegistry(table),
    secrets: new SecretsManagerSigningSecrets({
      prefix: requiredVariable(PARTNER_SECRETS_PREFIX_VARIABLE, env),
      maxAgeSeconds: 0,
    }),
  }),
  subscriptions: subscriptionsFromEnv(env, table, 0),
});
