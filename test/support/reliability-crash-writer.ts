import { createEventStoreTable } from '../../functions/adapters/dynamodb/create-table.js';
import { DynamoDbEventStore } from '../../functions/adapters/dynamodb/event-store.js';
import { startDynalite } from '../../local/dynalite/server.js';

// A child process for the dynalite crash test (test/integration/local/dynalite/dynalite-crash.test.ts):
// starts dynalite on the folder given as its argument, with the event store table named by the
// second, and appends two-event commits from four
// concurrent writers until it is killed. Prints "ready" once the first commit is stored.

const WRITERS = 4;

const [folder, tableName] = process.argv.slice(2);
if (folder === undefined || tableName === undefined) {
  throw new Error('usage: reliability-crash-writer.ts <folder> <table>');
}
const dynamo = await startDynalite({ path: folder });
await createEventStoreTable(dynamo.client, tableName);
const store = new DynamoDbEventStore({ client: dynamo.client, tableName });

const append = (writer: number, n: number) =>
  store.append({
    streamId: `crash-${process.pid}-${writer}-${n}`,
    expectedVersion: 'no-stream',
    commandId: `crash-${process.pid}-${writer}-${n}`,
    events: [
      { type: 'ModuleCompleted', schemaVersion: 1, data: { n } },
      { type: 'ModuleCompleted', schemaVersion: 1, data: { n } },
    ],
    metadata: { actor: { id: 'crash-writer', role: 'ministry' }, correlationId: 'crash', causationId: null },
  });

await append(0, 0);
process.stdout.write('ready\n');
await Promise.all(
  Array.from({ length: WRITERS }, async (_, writer) => {
    for (let n = 1; ; n += 1) await append(writer, n);
  }),
);
