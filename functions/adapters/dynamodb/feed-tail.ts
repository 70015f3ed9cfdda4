import { type AttributeValue, type DynamoDBClient, QueryCommand } from '@aws-sdk/client-dynamodb';
import { marshall, unmarshall } from '@aws-sdk/util-dynamodb';
import type { GlobalTailFinder } from '../../application/feed/tail.js';
import type { GlobalCheckpoint } from '../../application/ports/event-store.js';
import { encodeGlobalCheckpoint } from './global-order.js';
import { dayOfNumber, GLOBAL_DAYS_PK, globalBucketOf } from './item-layout.js';
import { GLOBAL_ORDER_INDEX } from './table-definition.js';

/**
 * Where the feed's adapters live: the DynamoDB event store's table (its global-order index and day
 * registry for the tail finder, records of its own for the cursor store) and its client.
 */
export interface DynamoDbFeedTable {
  readonly client: DynamoDBClient;
  readonly tableName: string;
}

/** Commits asked per query while walking back. */
const WALK_PAGE = 200;

/**
 * Finds the tail of the DynamoDB event store's global order by walking its index backwards
 * (ADR 0002): the registered days from the newest, each day's commits from the last, counting
 * events, until `events` are behind. The checkpoint it answers is the store's own (a horizon at
 * that commit's key, nothing delivered above it), so it is only for a `DynamoDbEventStore` on
 * the same table. A commit still in flight below that key is before the tail: it is not read.
 */
export class DynamoDbGlobalTailFinder implements GlobalTailFinder {
  constructor(private readonly table: DynamoDbFeedTable) {}

  async startOfTail(events: number): Promise<GlobalCheckpoint> {
    let counted = 0;
    for await (const dayNumber of this.#daysNewestFirst()) {
      let exclusiveStartKey: Record<string, AttributeValue> | undefined;
      do {
        const page = await this.table.client.send(
          new QueryCommand({
            TableName: this.table.tableName,
            IndexName: GLOBAL_ORDER_INDEX,
            KeyConditionExpression: 'globalBucket = :bucket',
            ExpressionAttributeValues: marshall({ ':bucket': globalBucketOf(dayOfNumber(dayNumber)) }),
            ProjectionExpression: 'globalKey, sk, lastVersion',
            ScanIndexForward: false,
            Limit: WALK_PAGE,
            ...(exclusiveStartKey === undefined ? {} : { ExclusiveStartKey: exclusiveStartKey }),
          }),
        );
        for (const item of page.Items ?? []) {
          const commit = unmarshall(item) as { globalKey: string; sk: number; lastVersion: number };
          counted += commit.lastVersion - commit.sk + 1;
          if (counted >= events) {
            return encodeGlobalCheckpoint({
              horizon: commit.globalKey,
              floor: commit.globalKey,
              delivered: [],
              partial: [],
            });
          }
        }
        exclusiveStartKey = page.LastEvaluatedKey;
      } while (exclusiveStartKey !== undefined);
    }
    return null;
  }

  async *#daysNewestFirst(): AsyncIterable<number> {
    let exclusiveStartKey: Record<string, AttributeValue> | undefined;
    do {
      const page = await this.table.client.send(
        new QueryCommand({
          TableName: this.table.tableName,
          KeyConditionExpression: 'pk = :pk',
          ExpressionAttributeValues: marshall({ ':pk': GLOBAL_DAYS_PK }),
          ProjectionExpression: 'sk',
          ScanIndexForward: false,
          ConsistentRead: true,
          ...(exclusiveStartKey === undefined ? {} : { ExclusiveStartKey: exclusiveStartKey }),
        }),
      );
      for (const item of page.Items ?? []) yield Number(unmarshall(item).sk);
      exclusiveStartKey = page.LastEvaluatedKey;
    } while (exclusiveStartKey !== undefined);
  }
}
