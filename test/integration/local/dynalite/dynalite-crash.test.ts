import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type AttributeValue, type DynamoDBClient, ScanCommand } from '@aws-sdk/client-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import { afterAll, describe, expect, it } from 'vitest';
import { DynamoDbEventStore } from '../../../../functions/adapters/dynamodb/event-store.js';
import {
  COMMAND_ID_INDEX,
  GLOBAL_ORDER_INDEX,
} from '../../../../functions/adapters/dynamodb/table-definition.js';
import { readGlobalFrom, repeated } from '../../../../local/child-runtime.js';
import { startDynalite } from '../../../../local/dynalite/server.js';

// Found by the kill -9 demo test (docs/reliability.md): dynalite wrote a put's index entries and
// then, separately, its item. A process killed between the two left a global-index entry without
// its item; the retried command was stored under a new global key, and the global order read the
// commit twice. patches/dynalite+4.0.0.patch writes both in one LevelDB batch. Without the patch
// this test finds orphan entries in nearly every run (13 in 30 kills when it was found).

const KILLS = 12;
const CRASH_TABLE = 'crash-writes';
const folders: string[] = [];

afterAll(async () => {
  await Promise.all(folders.map((folder) => rm(folder, { recursive: true, force: true })));
});

/** Runs the writer on `folder` until it has stored a commit, lets it write a while, kills it -9. */
const writeThenKill = async (folder: string, writeMs: number): Promise<void> => {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', 'test/support/reliability-crash-writer.ts', folder, CRASH_TABLE],
    {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
    },
  );
  let output = '';
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  await new Promise<void>((resolve, reject) => {
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes('ready')) resolve();
    });
    child.stderr.on('data', (chunk: Buffer) => {
      output += chunk.toString();
    });
    void exited.then(() => reject(new Error(`the writer exited before it was ready: ${output}`)));
  });
  await new Promise((resolve) => setTimeout(resolve, writeMs));
  child.kill('SIGKILL');
  await exited;
};

/** The items of the table, or of one of its indexes. */
const scanAll = async (client: DynamoDBClient, indexName?: string): Promise<Record<string, unknown>[]> => {
  const items: Record<string, unknown>[] = [];
  let startKey: Record<string, AttributeValue> | undefined;
  do {
    const page = await client.send(
      new ScanCommand({ TableName: CRASH_TABLE, IndexName: indexName, ExclusiveStartKey: startKey }),
    );
    items.push(...(page.Items ?? []).map((item) => unmarshall(item)));
    startKey = page.LastEvaluatedKey;
  } while (startKey !== undefined);
  return items;
};

describe('dynalite on disk, killed -9 while four writers append', () => {
  it(`keeps its indexes equal to its items across ${KILLS} kills, and the global order reads each commit once`, async () => {
    // Given a data folder written by a process killed -9 mid-write, again and again
    const folder = await mkdtemp(join(tmpdir(), 'naseej-dynalite-crash-'));
    folders.push(folder);
    for (let kill = 0; kill < KILLS; kill += 1) await writeThenKill(folder, 150 + ((kill * 137) % 400));

    // When it is opened again
    const dynamo = await startDynalite({ path: folder });
    try {
      const commits = (await scanAll(dynamo.client)).filter((item) => typeof item.globalKey === 'string');
      const byGlobalOrder = await scanAll(dynamo.client, GLOBAL_ORDER_INDEX);
      const byCommandId = await scanAll(dynamo.client, COMMAND_ID_INDEX);
      const store = new DynamoDbEventStore({
        client: dynamo.client,
        tableName: CRASH_TABLE,
        // Nothing is written any more: every commit counts as settled.
        clock: () => new Date(Date.now() + 60 * 60 * 1000),
      });
      const events = await readGlobalFrom(store, null);

      // Then every index entry has its item and every item its entries
      expect(commits.length).toBeGreaterThan(KILLS);
      // Every index projects the table's key.
      const keys = (items: Record<string, unknown>[]) =>
        items.map((item) => `${String(item.pk)}@${String(item.sk)}`).sort();
      expect(keys(byGlobalOrder)).toEqual(keys(commits));
      expect(keys(byCommandId)).toEqual(keys(commits));
      // And the global order delivers each stored event exactly once
      const positions = events.map((event) => `${event.streamId}@${event.version}`);
      expect(repeated(positions)).toEqual([]);
      expect(events).toHaveLength(commits.length * 2);
    } finally {
      await dynamo.stop();
    }
  }, 120_000);
});
