import { createFreshEventStoreTable, dynaliteForTheFile } from '../../../../support/dynalite.js';
import { dynamoDbStoreUnderTest } from '../../../../support/dynamodb-store-under-test.js';
import { describeEventStoreContract } from '../../../../support/event-store-contract.js';

const dynamo = dynaliteForTheFile();

describeEventStoreContract('DynamoDbEventStore on dynalite', async (options) => {
  const tableName = await createFreshEventStoreTable(dynamo);
  const open = () =>
    dynamoDbStoreUnderTest(dynamo.client, tableName, options, { settleMs: 10_000, requestTimeoutMs: 2_000 });
  return { store: open(), another: open, cleanup: async () => {} };
});
