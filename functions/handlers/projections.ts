import { DynamoDbEventStore } from '../adapters/dynamodb/event-store.js';
import { DynamoDbViewStore } from '../adapters/dynamodb/view-store.js';
import { publishProjectionLag } from '../adapters/observability/lag-metric.js';
import { isOnLambda, metrics } from '../adapters/observability/observability.js';
import { ProjectionConsumer } from '../application/read-models/consumer.js';
import { tableFromEnv } from './environment.js';
import { consumeQueueBatch, type SqsBatchResponse, type SqsDeliveryEvent } from './queue-batch.js';

const { client, tableName } = tableFromEnv();
const consumer = new ProjectionConsumer({
  store: new DynamoDbEventStore({ client, tableName }),
  views: new DynamoDbViewStore({ client, tableName }),
  onLag: (lagMs) => publishProjectionLag(lagMs),
});

/**
 * The Lambda entry of the bus target `projections`, fed by its queue: a batch of events is taken
 * at once (each document loaded and saved once for the batch); a failed message returns to the
 * queue, and reaches its dead-letter queue after the queue's receives.
 */
export const handler = async (event: SqsDeliveryEvent): Promise<SqsBatchResponse> => {
  try {
    return await consumeQueueBatch(event, { one: consumer.handle, batch: consumer.handleBatch });
  } finally {
    if (isOnLambda()) metrics.publishStoredMetrics();
  }
};
