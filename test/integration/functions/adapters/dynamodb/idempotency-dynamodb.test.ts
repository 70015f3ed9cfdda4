import { afterAll, beforeAll } from 'vitest';
import { DynamoDbIdempotencyStore } from '../../../../../functions/adapters/dynamodb/idempotency.js';
import type { DynaliteServer } from '../../../../../local/dynalite/server.js';
import { createFreshEventStoreTable, startDynalite } from '../../../../support/dynalite.js';
import { idempotencyStoreContract } from '../../../../support/http-idempotency-contract.js';

let dynalite: DynaliteServer;
let tableName: string;

beforeAll(async () => {
  dynalite = await startDynalite();
  tableName = await createFreshEventStoreTable(dynalite);
});

afterAll(async () => {
  await dynalite?.stop();
});

idempotencyStoreContract(
  'DynamoDB on dynalite',
  async () => new DynamoDbIdempotencyStore({ client: dynalite.client, tableName }),
);
