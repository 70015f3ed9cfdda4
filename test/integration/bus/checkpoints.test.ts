import { afterAll, beforeAll } from 'vitest';
import { DynamoDbCheckpointStore } from '../../../local/bus/checkpoints.js';
import type { DynaliteServer } from '../../../local/dynalite/server.js';
import { describeCheckpointStoreContract } from '../../support/bus-checkpoint-contract.js';
import { createFreshEventStoreTable, startDynalite } from '../../support/dynalite.js';

let dynamo: DynaliteServer;

beforeAll(async () => {
  dynamo = await startDynalite();
});

afterAll(async () => {
  await dynamo.stop();
});

describeCheckpointStoreContract('DynamoDbCheckpointStore on dynalite', async () => {
  const tableName = await createFreshEventStoreTable(dynamo);
  return new DynamoDbCheckpointStore({ client: dynamo.client, tableName });
});
