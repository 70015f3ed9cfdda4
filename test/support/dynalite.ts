import { randomUUID } from 'node:crypto';
import { createEventStoreTable } from '../../functions/adapters/dynamodb/create-table.js';
import { type DynaliteServer, startDynalite as startDynaliteServer } from '../../local/dynalite/server.js';
import { forTheFile } from './for-the-file.js';

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

/** The dynalite of one test file, started before its tests and stopped after them (`forTheFile`). */
export const dynaliteForTheFile = (): DynaliteServer => forTheFile(startDynalite, (server) => server.stop());
