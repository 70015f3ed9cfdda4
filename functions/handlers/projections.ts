import type { BusEvent } from '../bus/event-shape.js';
import { isOnLambda, metrics } from '../observability.js';
import { ProjectionConsumer } from '../read-models/consumer.js';
import { DynamoDbViewStore } from '../read-models/dynamodb-view-store.js';
import { publishProjectionLag } from '../read-models/lag-metric.js';
import { DynamoDbEventStore } from '../store/dynamodb.js';
import { tableFromEnv } from './environment.js';

const { client, tableName } = tableFromEnv();
const consumer = new ProjectionConsumer({
  store: new DynamoDbEventStore({ client, tableName }),
  views: new DynamoDbViewStore({ client, tableName }),
  onLag: (lagMs) => publishProjectionLag(lagMs),
});

/** The Lambda entry of the bus target `projections`: one event per invocation; a throw asks for a retry. */
export const handler = async (event: BusEvent): Promise<void> => {
  try {
    await consumer.handle(event);
  } finally {
    if (isOnLambda()) metrics.publishStoredMetrics();
  }
};
