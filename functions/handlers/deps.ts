import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDbEventStore } from '../adapters/dynamodb/event-store.js';
import { dynamoDbFeedServices } from '../adapters/dynamodb/feed-cursors.js';
import { LATE_GLOBAL_COMMIT_METRIC } from '../adapters/dynamodb/global-order.js';
import { DynamoDbIdempotencyStore } from '../adapters/dynamodb/idempotency.js';
import { type HttpDependencies, systemClock, systemIds } from '../adapters/http/lambda.js';
import { countMetric, logger } from '../adapters/observability/observability.js';
import { withFoldCache } from '../application/fold-cache.js';
import type { FeedDependencies } from '../application/ports/feed-cursors.js';
import { TABLE_NAME_VARIABLE, tableFromEnv } from './environment.js';

export { TABLE_NAME_VARIABLE };

/** The event store table and its client, as the handlers share them. */
export type Table = { readonly client: DynamoDBClient; readonly tableName: string };

/**
 * The HTTP handlers' dependencies from the environment, created once per container: the DynamoDB
 * event store, idempotency records and the event feed's cursors on the table. Route groups that need more add it: the
 * inbound webhooks and the partner administration (./partner-deps.ts, the only handlers that load
 * the Secrets Manager client).
 */
export const depsFromEnv = (
  env: NodeJS.ProcessEnv = process.env,
  table: Table = tableFromEnv(env),
): HttpDependencies & FeedDependencies => ({
  // Commands fold their streams through the container's fold cache (docs/adr/0111-one-caching-story.md).
  store: withFoldCache(
    new DynamoDbEventStore({
      ...table,
      // The index showed a commit after the settle bound: delivered, but the bound's margin is gone.
      onLateCommit: (late) => {
        logger.warn('A commit showed in the global index after the settle bound', late);
        countMetric(LATE_GLOBAL_COMMIT_METRIC);
      },
    }),
  ),
  idempotency: new DynamoDbIdempotencyStore(table),
  feed: dynamoDbFeedServices(table),
  clock: systemClock,
  newId: systemIds,
});
