import { GetItemCommand, PutItemCommand } from '@aws-sdk/client-dynamodb';
import { marshall, unmarshall } from '@aws-sdk/util-dynamodb';
import { FEED_CURSOR_RETENTION_SECONDS, feedCursorRecordKey } from '../../application/feed/cursor.js';
import type {
  FeedCursorRecord,
  FeedCursorStore,
  FeedServices,
} from '../../application/ports/feed-cursors.js';
import { isConditionFailure } from './conditions.js';
import { type DynamoDbFeedTable, DynamoDbGlobalTailFinder } from './feed-tail.js';

/** The sort key of a cursor's record. */
const RECORD_SORT_KEY = 0;

/**
 * Feed cursors in the event store's table, under pk `feed-cursor#<cursor>`, sk 0, written with a
 * conditional put (a cursor kept already is not written again). `expiresAt` (epoch seconds) is
 * there for a TTL on AWS; reads check it too, since TTL deletes late and dynalite never does.
 */
export class DynamoDbFeedCursorStore implements FeedCursorStore {
  constructor(private readonly table: DynamoDbFeedTable) {}

  async save(record: FeedCursorRecord): Promise<void> {
    try {
      await this.table.client.send(
        new PutItemCommand({
          TableName: this.table.tableName,
          Item: marshall({
            pk: feedCursorRecordKey(record.cursor),
            sk: RECORD_SORT_KEY,
            checkpoint: record.checkpoint,
            expiresAt: record.expiresAt,
          }),
          ConditionExpression: 'attribute_not_exists(pk) OR expiresAt < :refreshBelow',
          ExpressionAttributeValues: marshall({
            ':refreshBelow': record.expiresAt - FEED_CURSOR_RETENTION_SECONDS / 2,
          }),
        }),
      );
    } catch (error) {
      if (!isConditionFailure(error)) throw error;
    }
  }

  async find(cursor: string, nowSeconds: number): Promise<string | undefined> {
    const found = await this.table.client.send(
      new GetItemCommand({
        TableName: this.table.tableName,
        Key: marshall({ pk: feedCursorRecordKey(cursor), sk: RECORD_SORT_KEY }),
        // A cursor is read right after the page that handed it out was answered.
        ConsistentRead: true,
      }),
    );
    if (found.Item === undefined) return undefined;
    const { checkpoint, expiresAt } = unmarshall(found.Item) as { checkpoint: string; expiresAt: number };
    return expiresAt <= nowSeconds ? undefined : checkpoint;
  }
}

/** The feed's services on the event store's table: cursors and the tail finder. */
export const dynamoDbFeedServices = (table: DynamoDbFeedTable): FeedServices => ({
  cursors: new DynamoDbFeedCursorStore(table),
  tail: new DynamoDbGlobalTailFinder(table),
});
