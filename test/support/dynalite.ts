import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll } from 'vitest';
import { createEventStoreTable } from '../../functions/adapters/dynamodb/create-table.js';
import { type DynaliteServer, startDynalite as startDynaliteServer } from '../../local/dynalite/server.js';

/**
 * Starts an in-memory dynalite on 127.0.0.1 with a random port, for one test file:
 *
 *   const dynamo = await startDynalite(); … await dynamo.stop();
 */
export const startDynalite = (): Promise<DynaliteServer> => startDynaliteServer();

/** Creates a fresh, empty event store table on `server` and returns its name. */
export const createFreshEventStoreTable = async (server: DynaliteServer): Promise<string> => {
  const tableName = `events-${randomUUID()}`;
  await createEventStoreTable(server.client, tableName);
  return tableName;
};

/**
 * The dynalite of one test file, started before its tests and stopped after them:
 *
 *   const dynamo = dynaliteForTheFile();   // at the top of the file; use it in tests and hooks
 *
 * Reading it before the file's tests start (at module load) throws.
 */
export const dynaliteForTheFile = (): DynaliteServer => {
  let server: DynaliteServer | undefined;
  beforeAll(async () => {
    server = await startDynalite();
  });
  afterAll(async () => {
    await server?.stop();
  });
  const started = (): DynaliteServer => {
    if (server === undefined)
      throw new Error("dynalite starts before the file's tests: use it in a test or a hook");
    return server;
  };
  return {
    get endpoint() {
      return started().endpoint;
    },
    get client() {
      return started().client;
    },
    stop: () => started().stop(),
  };
};
