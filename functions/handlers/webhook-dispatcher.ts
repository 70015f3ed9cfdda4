import type { BusEvent } from '../bus/event-shape.js';
import { isOnLambda, logger, metrics } from '../observability.js';
import { WebhookDispatcher } from '../webhooks/outbound/dispatcher.js';
import { subscriptionsFromEnv } from './deps.js';
import type { SqsBatchResponse, SqsDeliveryEvent } from './queue-batch.js';

export type { SqsBatchResponse, SqsDeliveryEvent } from './queue-batch.js';

// The outbound partner deliveries on AWS (docs/adr/0020-publishing.md): the bus rule
// `naseej-events-to-webhook-dispatcher` puts every event on an SQS queue; this function reads it.
// The dispatcher retries each partner and parks what still fails, so a record fails (and returns
// to the queue) only when the dispatcher itself could not run, e.g. the table was unreachable.
// Subscriptions come from the table, their signing secrets from Secrets Manager (cached).

const dispatcher = new WebhookDispatcher({ store: subscriptionsFromEnv() });

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
      } catch (error) {
        logger.error('Webhook dispatch failed; the message returns to the queue', { error: error as Error });
        batchItemFailures.push({ itemIdentifier: record.messageId });
      }
    }
  } finally {
    // The missing-secret count (functions/webhooks/secrets-manager.ts) has an alarm.
    if (isOnLambda()) metrics.publishStoredMetrics();
  }
  return { batchItemFailures };
};
