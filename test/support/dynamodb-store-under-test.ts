import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import {
  DynamoDbEventStore,
  type DynamoDbEventStoreOptions,
} from '../../functions/adapters/dynamodb/event-store.js';
import type { StoreUnderTestOptions } from './reliability-model.js';

/**
 * The DynamoDB store that the contract and model tests open: the test's options, all of them (its
 * clock, ids and, for the contract, upcasters and page size), its hook before each put, on a table
 * of `client`, with the emulator's `settings` (how long a late commit may take, a request's timeout).
 */
export const dynamoDbStoreUnderTest = (
  client: DynamoDBClient,
  tableName: string,
  options: StoreUnderTestOptions,
  settings: Omit<Partial<DynamoDbEventStoreOptions>, 'client' | 'tableName' | 'hooks'> & {
    readonly settleMs: number;
    readonly requestTimeoutMs: number;
  },
): DynamoDbEventStore =>
  new DynamoDbEventStore({
    ...options,
    client,
    tableName,
    hooks: { beforePut: options.beforePut },
    ...settings,
  });
