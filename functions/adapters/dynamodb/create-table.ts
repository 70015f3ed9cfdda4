import {
  type AttributeDefinition,
  CreateTableCommand,
  DescribeTableCommand,
  type DynamoDBClient,
  type Projection,
  ResourceInUseException,
  ResourceNotFoundException,
} from '@aws-sdk/client-dynamodb';
import { eventStoreTable, type IndexDefinition, type KeyAttribute } from './table-definition.js';

const POLL_START_MS = 20;
const POLL_MAX_MS = 1_000;
const ACTIVE_TIMEOUT_MS = 120_000;

const projectionOf = (projection: IndexDefinition['projection']): Projection =>
  projection === 'ALL' || projection === 'KEYS_ONLY'
    ? { ProjectionType: projection }
    : { ProjectionType: 'INCLUDE', NonKeyAttributes: [...projection] };

const keySchemaOf = (partitionKey: KeyAttribute, sortKey: KeyAttribute) => [
  { AttributeName: partitionKey.name, KeyType: 'HASH' as const },
  { AttributeName: sortKey.name, KeyType: 'RANGE' as const },
];

/** The attribute definitions of every key of the table and its indexes, each named once. */
const attributeDefinitions = (): AttributeDefinition[] => {
  const keys = [eventStoreTable.partitionKey, eventStoreTable.sortKey];
  for (const index of [...eventStoreTable.globalSecondaryIndexes, ...eventStoreTable.localSecondaryIndexes]) {
    keys.push(index.partitionKey, index.sortKey);
  }
  const byName = new Map(keys.map((key) => [key.name, key.type]));
  return [...byName].map(([AttributeName, AttributeType]) => ({ AttributeName, AttributeType }));
};

const tableStatus = async (client: DynamoDBClient, tableName: string): Promise<string | undefined> => {
  try {
    const { Table } = await client.send(new DescribeTableCommand({ TableName: tableName }));
    return Table?.TableStatus;
  } catch (error) {
    if (error instanceof ResourceNotFoundException) return undefined;
    throw error;
  }
};

/**
 * Creates the event store table from `eventStoreTable` (on-demand capacity) and waits until it is
 * ACTIVE. Does nothing but wait when the table already exists.
 */
export const createEventStoreTable = async (client: DynamoDBClient, tableName: string): Promise<void> => {
  try {
    await client.send(
      new CreateTableCommand({
        TableName: tableName,
        BillingMode: 'PAY_PER_REQUEST',
        AttributeDefinitions: attributeDefinitions(),
        KeySchema: keySchemaOf(eventStoreTable.partitionKey, eventStoreTable.sortKey),
        GlobalSecondaryIndexes: eventStoreTable.globalSecondaryIndexes.map((index) => ({
          IndexName: index.indexName,
          KeySchema: keySchemaOf(index.partitionKey, index.sortKey),
          Projection: projectionOf(index.projection),
        })),
        LocalSecondaryIndexes: eventStoreTable.localSecondaryIndexes.map((index) => ({
          IndexName: index.indexName,
          KeySchema: keySchemaOf(index.partitionKey, index.sortKey),
          Projection: projectionOf(index.projection),
        })),
      }),
    );
  } catch (error) {
    if (!(error instanceof ResourceInUseException)) throw error;
  }
  const deadline = Date.now() + ACTIVE_TIMEOUT_MS;
  let delay = POLL_START_MS;
  for (;;) {
    if ((await tableStatus(client, tableName)) === 'ACTIVE') return;
    if (Date.now() > deadline) {
      throw new Error(`Table ${tableName} is not ACTIVE after ${ACTIVE_TIMEOUT_MS} ms`);
    }
    await new Promise((resolve) => setTimeout(resolve, delay));
    delay = Math.min(delay * 2, POLL_MAX_MS);
  }
};
