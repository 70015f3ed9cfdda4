import { DynamoDbEventStore } from '../adapters/dynamodb/event-store.js';
import { DynamoDbPartnerRegistry } from '../adapters/dynamodb/partner-reports.js';
import { countMetric, isOnLambda, logger, metrics } from '../adapters/observability/observability.js';
import { WebhookDispatcher } from '../adapters/webhooks/dispatcher.js';
import { OUTBOUND_DELIVERY_PARKED_METRIC } from '../adapters/webhooks/metrics.js';
import type { BusEvent } from '../application/bus/event-shape.js';
import { tableFromEnv } from './environment.js';
import { subscriptionsFromEnv } from './partner-deps.js';
import type { SqsBatchResponse, SqsDeliveryEvent } from './queue-batch.js';

export type { SqsBatchResponse, SqsDeliveryEvent } from './queue-batch.js';

// The outbound partner deliveries on AWS (docs/adr/0020-publishing.md): the bus rule
// `naseej-events-to-webhook-dispatcher` puts every event on an SQS queue; this function reads it.
// The dispatcher retries each partner and parks what still fails, so a record fails (and returns
// to the queue) only when the dispatcher itself could not run, e.g. the table was unreachable.
// Subscriptions come from the table, their signing secrets from Secrets Manager (cached); each
// delivery is scoped by the partner's record (its rollout) and the event's stream, both in the table.

const table = tableFromEnv();
const dispatcher = new WebhookDispatcher({
  store: subscriptionsFromEnv(process.env, table),
  scope: { partners: new DynamoDbPartnerRegistry(table), events: new DynamoDbEventStore(table) },
});

/** The Lambda entry of the delivery queue (CDK bundles this module); reports partial batch failures. */
export const handler = async (event: SqsDeliveryEvent): Promise<SqsBatchResponse> => {
  const batchItemFailures: { itemIdentifier: string }[] = [];
  try {
    for (const record of event.Records) {
      try {
        const busEvent = JSON.parse(record.body) as BusEvent;
        const outcomes = await dispatcher.dispatch(busEvent);
        const parked = outcomes.filter((outcome) => outcome.outcome === 'parked');
        if (parked.length > 0)
          logger.warn('Webhook deliveries parked', { eventId: busEvent.detail.eventId, parked });
        for (const _ of parked) countMetric(OUTBOUND_DELIVERY_PARKED_METRIC);
      } catch (error) {
        logger.error('Webhook dispatch failed; the message returns to the queue', { error: error as Error });
        batchItemFailures.push({ itemIdentifier: record.messageId });
      }
    }
  } finally {
    // The missing-secret and parked-delivery counts have alarms (infra/constructs/operations.ts).
    if (isOnLambda()) metrics.publishStoredMetrics();
  }
  return { batchItemFailures };
};
