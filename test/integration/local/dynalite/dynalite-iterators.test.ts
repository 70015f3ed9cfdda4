import { mkdtemp, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  CreateTableCommand,
  type DynamoDBClient,
  PutItemCommand,
  QueryCommand,
  ScanCommand,
  waitUntilTableExists,
} from '@aws-sdk/client-dynamodb';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startDynalite } from '../../../../local/dynalite/server.js';

// Found by the national run on disk (docs/benchmarks.md, session 12): dynalite turns each Query and
// Scan into a stream over a LevelDB iterator and, when the stream ends, "returns" the iterator, a
// method abstract-level's iterators do not have. No iterator was ever closed: each kept its
// snapshot, so the data folder kept every table file LevelDB had compacted away (20 GB at 200,000
// events, 2,970 open files) and the in-memory store every value ever overwritten.
// patches/dynalite+4.0.0.patch closes the iterator. The spy below only records the iterators the
// database hands out; the requests are real, through dynalite's HTTP API.

interface LevelIterator {
  next(): Promise<unknown>;
}
type IteratorFactory = (this: unknown, ...args: unknown[]) => LevelIterator;
const abstractLevel = createRequire(import.meta.url)('abstract-level') as {
  AbstractLevel: { prototype: Record<'keys' | 'values' | 'iterator', IteratorFactory> };
};
const prototype = abstractLevel.AbstractLevel.prototype;
const originals = { keys: prototype.keys, values: prototype.values, iterator: prototype.iterator };
const opened: LevelIterator[] = [];

beforeAll(() => {
  for (const method of ['keys', 'values', 'iterator'] as const) {
    const original = originals[method];
    prototype[method] = function (this: unknown, ...args: unknown[]) {
      const iterator = original.apply(this, args);
      opened.push(iterator);
      return iterator;
    };
  }
});

afterAll(() => {
  Object.assign(prototype, originals);
});

const folders: string[] = [];
afterEach(async () => {
  opened.length = 0;
  await Promise.all(folders.splice(0).map((folder) => rm(folder, { recursive: true, force: true })));
});

/** Whether an iterator was closed: reading a closed one is refused, an open one at its end answers. */
const isClosed = async (iterator: LevelIterator): Promise<boolean> =>
  iterator.next().then(
    () => false,
    (error: { code?: string }) => error.code === 'LEVEL_ITERATOR_NOT_OPEN',
  );

const TABLE = 'iterators';

const givenTableOfTwoStreams = async (client: DynamoDBClient) => {
  await client.send(
    new CreateTableCommand({
      TableName: TABLE,
      AttributeDefinitions: [
        { AttributeName: 'pk', AttributeType: 'S' },
        { AttributeName: 'sk', AttributeType: 'N' },
      ],
      KeySchema: [
        { AttributeName: 'pk', KeyType: 'HASH' },
        { AttributeName: 'sk', KeyType: 'RANGE' },
      ],
      ProvisionedThroughput: { ReadCapacityUnits: 5, WriteCapacityUnits: 5 },
    }),
  );
  // dynalite makes a table ACTIVE on its next turn (createTableMs 0), not within CreateTable.
  await waitUntilTableExists({ client, maxWaitTime: 30, minDelay: 1, maxDelay: 1 }, { TableName: TABLE });
  for (const [pk, sk] of [
    ['a', 1],
    ['a', 2],
    ['a', 3],
    ['b', 1],
  ] as const) {
    await client.send(
      new PutItemCommand({ TableName: TABLE, Item: { pk: { S: pk }, sk: { N: String(sk) } } }),
    );
  }
};

const query = (limit?: number) =>
  new QueryCommand({
    TableName: TABLE,
    KeyConditionExpression: 'pk = :pk',
    ExpressionAttributeValues: { ':pk': { S: 'a' } },
    ScanIndexForward: false,
    ...(limit === undefined ? {} : { Limit: limit }),
  });

describe.each([
  ['in memory', async () => startDynalite()],
  [
    'on disk',
    async () => {
      const folder = await mkdtemp(join(tmpdir(), 'naseej-iterators-'));
      folders.push(folder);
      return startDynalite({ path: folder });
    },
  ],
])('dynalite %s', (_where, start) => {
  it('closes the iterator of every query and scan once it has answered', async () => {
    const dynalite = await start();
    try {
      await givenTableOfTwoStreams(dynalite.client);
      opened.length = 0;

      const stoppedByItsLimit = await dynalite.client.send(query(1));
      const readToItsEnd = await dynalite.client.send(query());
      const scanned = await dynalite.client.send(new ScanCommand({ TableName: TABLE }));

      expect(stoppedByItsLimit.Items?.map((item) => item.sk?.N)).toEqual(['3']);
      expect(readToItsEnd.Items?.map((item) => item.sk?.N)).toEqual(['3', '2', '1']);
      expect(scanned.Count).toBe(4);
      expect(opened.length).toBeGreaterThanOrEqual(3);
      const closed = await Promise.all(opened.map(isClosed));
      expect(closed.filter((isIt) => !isIt)).toEqual([]);
    } finally {
      await dynalite.stop();
    }
  });
});
