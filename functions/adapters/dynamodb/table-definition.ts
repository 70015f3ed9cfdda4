/**
 * The one definition of the event store table: its keys and indexes. The local table-creation
 * step passes it to CreateTable and the CDK construct declares the same keys and indexes from it,
 * so the embedded store and the deployed table cannot drift apart.
 * (See docs/adr for the item layout.)
 */
export interface KeyAttribute {
  readonly name: string;
  readonly type: 'S' | 'N';
}

export interface IndexDefinition {
  readonly indexName: string;
  readonly partitionKey: KeyAttribute;
  readonly sortKey: KeyAttribute;
  /** Attributes projected besides the keys; `'ALL'` projects the whole item. */
  readonly projection: 'ALL' | 'KEYS_ONLY' | readonly string[];
}

export interface TableDefinition {
  readonly partitionKey: KeyAttribute;
  readonly sortKey: KeyAttribute;
  readonly globalSecondaryIndexes: readonly IndexDefinition[];
  /** Local indexes share the table's partition key (and so allow strongly consistent queries). */
  readonly localSecondaryIndexes: readonly IndexDefinition[];
  /**
   * The epoch-seconds attribute DynamoDB's TTL deletes items by: idempotency records, received
   * webhook deliveries and feed cursors carry it; commits never do (history is never expired).
   */
  readonly timeToLiveAttribute: string;
}

/** Name of the global index that orders every commit by the time it was recorded (ADR 0002). */
export const GLOBAL_ORDER_INDEX = 'byGlobalOrder';
/** Name of the local index that finds a stream's commit by its command id (ADR 0001). */
export const COMMAND_ID_INDEX = 'byCommandId';

export const eventStoreTable: TableDefinition = {
  timeToLiveAttribute: 'expiresAt',
  // pk: the stream id (or `snapshot#…`, `global-days`); sk: the commit's first version.
  partitionKey: { name: 'pk', type: 'S' },
  sortKey: { name: 'sk', type: 'N' },
  globalSecondaryIndexes: [
    {
      indexName: GLOBAL_ORDER_INDEX,
      // `g#<day of recordedAt>` and `<recordedAt>#<streamId>#<first version, padded>`; only commits.
      partitionKey: { name: 'globalBucket', type: 'S' },
      sortKey: { name: 'globalKey', type: 'S' },
      projection: 'ALL',
    },
  ],
  localSecondaryIndexes: [
    {
      indexName: COMMAND_ID_INDEX,
      // Sparse: only commits appended with a command id. Local, so it can be read consistently.
      partitionKey: { name: 'pk', type: 'S' },
      sortKey: { name: 'commandId', type: 'S' },
      projection: 'KEYS_ONLY',
    },
  ],
};
