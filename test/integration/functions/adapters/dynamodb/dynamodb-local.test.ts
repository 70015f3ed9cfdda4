import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEventStoreTable } from '../../../../../functions/adapters/dynamodb/create-table.js';
import { dynamoDbStoreUnderTest } from '../../../../support/dynamodb-store-under-test.js';
import { describeEventStoreContract } from '../../../../support/event-store-contract.js';
import {
  type DynamoDbLocal,
  dynamoDbLocalUnavailableReason,
  startDynamoDbLocal,
} from '../../../../support/reliability-dynamodb-local.js';
import {
  eventStoreModelProperty,
  type StoreUnderTestOptions,
} from '../../../../support/reliability-model.js';

// The same contract the store passes on dynalite, and the model-based property with a few runs,
// on AWS's own DynamoDB Local: a difference between the two emulators shows up here.
const unavailable = dynamoDbLocalUnavailableReason();
const SETTLE_MS = 10_000;

if (unavailable !== undefined) {
  describe('DynamoDbEventStore on DynamoDB Local', () => {
    it('does not run here', () => {
      console.warn(`DynamoDB Local tests not run: ${unavailable}`);
      expect(unavailable).toBeTruthy();
    });
  });
} else {
  let local: DynamoDbLocal;

  beforeAll(async () => {
    local = await startDynamoDbLocal();
  }, 120_000);

  afterAll(async () => {
    await local.stop();
  });

  const freshTable = async () => {
    const tableName = `events-${randomUUID()}`;
    await createEventStoreTable(local.client, tableName);
    return tableName;
  };

  /** Opens stores on one fresh table, each a writer of its own, with the test's options (all of them). */
  const storesOnFreshTable = async <Options extends StoreUnderTestOptions>(options: Options) => {
    const tableName = await freshTable();
    return () =>
      dynamoDbStoreUnderTest(local.client, tableName, options, {
        settleMs: SETTLE_MS,
        requestTimeoutMs: 5_000,
      });
  };

  describeEventStoreContract('DynamoDbEventStore on DynamoDB Local', async (options) => {
    const open = await storesOnFreshTable(options);
    return { store: open(), another: open, cleanup: async () => {} };
  });

  describe('DynamoDbEventStore on DynamoDB Local against a model', () => {
    it('agrees with the model over any commands and interleavings, across three instances', async () => {
      await fc.assert(
        eventStoreModelProperty(
          async (options) => {
            const open = await storesOnFreshTable(options);
            return { writers: [open(), open(), open()], settleMs: SETTLE_MS, cleanup: async () => {} };
          },
          { maxCommands: 20 },
        ),
        { numRuns: 5 },
      );
    }, 120_000);
  });
}
