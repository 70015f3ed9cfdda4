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
}

export const eventStoreTable: TableDefinition = {
  partitionKey: { name: 'pk', type: 'S' },
  sortKey: { name: 'sk', type: 'N' },
  globalSecondaryIndexes: [],
  localSecondaryIndexes: [],
};
