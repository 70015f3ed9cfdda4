import fc from 'fast-check';
import { afterAll, beforeAll, describe, it } from 'vitest';
import type { DynaliteServer } from '../../../../../local/dynalite/server.js';
import { createFreshEventStoreTable, startDynalite } from '../../../../support/dynalite.js';
import { dynamoDbStoreUnderTest } from '../../../../support/dynamodb-store-under-test.js';
import {
  eventStoreModelProperty,
  type StoreUnderTestOptions,
} from '../../../../support/reliability-model.js';

const SETTLE_MS = 10_000;

let dynamo: DynaliteServer;

/** A store on a table of the test's dynalite, with the model's options. */
const storeOn = (
  tableName: string,
  options: StoreUnderTestOptions,
  soleWriter = false,
  historyCacheEvents?: number,
) =>
  dynamoDbStoreUnderTest(dynamo.client, tableName, options, {
    ...(historyCacheEvents === undefined ? {} : { historyCacheEvents }),
    settleMs: SETTLE_MS,
    requestTimeoutMs: 2_000,
    soleWriter,
  });

beforeAll(async () => {
  dynamo = await startDynalite();
});

afterAll(async () => {
  await dynamo.stop();
});

describe('DynamoDbEventStore on dynalite against a model', () => {
  it('agrees with the model over any commands and interleavings, across three instances', async () => {
    await fc.assert(
      eventStoreModelProperty(
        async (options) => {
          const tableName = await createFreshEventStoreTable(dynamo);
          const writers = [1, 2, 3].map(() => storeOn(tableName, options));
          return { writers, settleMs: SETTLE_MS, cleanup: async () => {} };
        },
        { maxCommands: 25 },
      ),
      { numRuns: 12 },
    );
  });

  it('agrees with the model when one instance, as the sole writer, serves every concurrent caller', async () => {
    // The local runtime's store: every handler shares one instance that trusts what it keeps.
    await fc.assert(
      eventStoreModelProperty(
        async (options) => {
          const tableName = await createFreshEventStoreTable(dynamo);
          // A small cache, so that streams are evicted and kept again from reads, early-stopped ones too.
          const sole = storeOn(tableName, options, true, 6);
          return { writers: [sole, sole, sole], settleMs: SETTLE_MS, cleanup: async () => {} };
        },
        { maxCommands: 25 },
      ),
      { numRuns: 12 },
    );
  });
});
