import { DynamoDbEventStore } from '../../../../../functions/adapters/dynamodb/event-store.js';
import { createFreshEventStoreTable, dynaliteForTheFile } from '../../../../support/dynalite.js';
import { describeEventStoreContract } from '../../../../support/event-store-contract.js';

const dynamo = dynaliteForTheFile();

describeEventStoreContract('DynamoDbEventStore on dynalite', async (options) => {
  const tableName = await createFreshEventStoreTable(dynamo);
  const open = () =>
    new DynamoDbEventStore({
      ...options,
      client: dynamo.client,
      tableName,
      hooks: { beforePut: options.beforePut },
      settleMs: 10_000,
      requestTimeoutMs: 2_000,
    });
  return { store: open(), another: open, cleanup: async () => {} };
});
