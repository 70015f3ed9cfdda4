import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { type HttpDependencies, systemClock, systemIds } from '../http/lambda.js';
import { DynamoDbIdempotencyStore } from '../idempotency/dynamodb.js';
import { logger } from '../observability.js';
import { DynamoDbEventStore } from '../store/dynamodb.js';
import { DynamoDbPartnerRegistry, DynamoDbWebhookDeliveryLog } from '../webhooks/inbound/dynamodb.js';
import type { SecurityTrace } from '../webhooks/inbound/ports.js';

/** The environment variable naming the event store's table (set by CDK). */
export const TABLE_NAME_VARIABLE = 'NASEEJ_TABLE_NAME';

/** On Lambda, refusals are traced by the warn log and the metric the route writes; this adds an error-level line. */
const logSecurityTrace: SecurityTrace = {
  record: async (refusal) => {
    logger.error('Security: inbound webhook refused', { securityEvent: 'InboundWebhookRefused', ...refusal });
  },
};

/**
 * The handlers' dependencies from the environment, created once per container: the DynamoDB event
 * store, idempotency records, partner records and webhook deliveries on the same table. Partner
 * secrets are read from the table for now; Secrets Manager replaces that adapter on AWS later.
 */
export const depsFromEnv = (env: NodeJS.ProcessEnv = process.env): HttpDependencies => {
  const tableName = env[TABLE_NAME_VARIABLE];
  if (tableName === undefined || tableName.length === 0) {
    throw new Error(`${TABLE_NAME_VARIABLE} is not set: the handler cannot find the event store`);
  }
  const client = new DynamoDBClient({});
  return {
    store: new DynamoDbEventStore({ client, tableName }),
    idempotency: new DynamoDbIdempotencyStore({ client, tableName }),
    clock: systemClock,
    newId: systemIds,
    inboundWebhooks: {
      partners: new DynamoDbPartnerRegistry({ client, tableName }),
      deliveries: new DynamoDbWebhookDeliveryLog({ client, tableName }),
      security: logSecurityTrace,
    },
  };
};
