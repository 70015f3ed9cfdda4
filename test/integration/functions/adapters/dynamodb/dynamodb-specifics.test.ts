import { DescribeTableCommand } from '@aws-sdk/client-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEventStoreTable } from '../../../../../functions/adapters/dynamodb/create-table.js';
import { DynamoDbEventStore } from '../../../../../functions/adapters/dynamodb/event-store.js';
import { eventStoreTable } from '../../../../../functions/adapters/dynamodb/table-definition.js';
import type {
  AppendRequest,
  EventStore,
  StoredEvent,
} from '../../../../../functions/application/ports/event-store.js';
import { isConcurrencyError } from '../../../../../functions/application/ports/event-store-errors.js';
import type { BeforePutInfo } from '../../../../../functions/application/ports/event-store-options.js';
import { type DynaliteServer, dynaliteClient } from '../../../../../local/dynalite/server.js';
import { createFreshEventStoreTable, startDynalite } from '../../../../support/dynalite.js';
import { gatedClient } from '../../../../support/reliability-gated-client.js';

const metadata = {
  actor: { id: 'user-1', role: 'coordinator' as const },
  correlationId: 'c-1',
  causationId: null,
};
const append = (streamId: string, expectedVersion: AppendRequest['expectedVersion'], data: unknown = {}) => ({
  streamId,
  expectedVersion,
  events: [{ type: 'Happened', schemaVersion: 1, data }],
  metadata,
});
const fixedClock = (iso: string) => () => new Date(iso);

const collect = async (store: EventStore, streamId: string): Promise<StoredEvent[]> => {
  const events: StoredEvent[] = [];
  for await (const event of store.readStream(streamId)) events.push(event);
  return events;
};

let dynamo: DynaliteServer;

/** A client of the test's dynalite that counts the queries it sends. */
const queryCountingClient = () => {
  const client = dynaliteClient(dynamo.endpoint);
  const queries = { count: 0 };
  client.middlewareStack.add(
    (next, context) => async (args) => {
      if (context.commandName === 'QueryCommand') queries.count += 1;
      return next(args);
    },
    { step: 'initialize' },
  );
  return { client, queries };
};

/** A client of the test's dynalite that names every request it sends, in order. */
const requestLoggingClient = () => {
  const client = dynaliteClient(dynamo.endpoint);
  const sent: string[] = [];
  client.middlewareStack.add(
    (next, context) => async (args) => {
      const input = args.input as { IndexName?: string };
      sent.push(`${context.commandName}${input.IndexName === undefined ? '' : ` ${input.IndexName}`}`);
      return next(args);
    },
    { step: 'initialize' },
  );
  return { client, sent };
};

/** A client of the test's dynalite that counts the items its queries return. */
const itemCountingClient = () => {
  const client = dynaliteClient(dynamo.endpoint);
  const items = { count: 0 };
  client.middlewareStack.add(
    (next, context) => async (args) => {
      const result = await next(args);
      if (context.commandName === 'QueryCommand') {
        items.count += ((result.output as { Items?: unknown[] }).Items ?? []).length;
      }
      return result;
    },
    { step: 'initialize' },
  );
  return { client, items };
};

beforeAll(async () => {
  dynamo = await startDynalite();
});

afterAll(async () => {
  await dynamo.stop();
});

describe('DynamoDbEventStore on dynalite, beyond the contract', () => {
  it('creates the table with the shared definition, and creating it again changes nothing', async () => {
    // Act
    const tableName = await createFreshEventStoreTable(dynamo);
    await createEventStoreTable(dynamo.client, tableName);

    // Assess
    const { Table } = await dynamo.client.send(new DescribeTableCommand({ TableName: tableName }));
    expect(Table?.TableStatus).toBe('ACTIVE');
    expect(Table?.KeySchema?.map((key) => key.AttributeName)).toEqual(['pk', 'sk']);
    expect(Table?.GlobalSecondaryIndexes?.map((index) => index.IndexName)).toEqual(
      eventStoreTable.globalSecondaryIndexes.map((index) => index.indexName),
    );
    expect(Table?.LocalSecondaryIndexes?.map((index) => index.IndexName)).toEqual(
      eventStoreTable.localSecondaryIndexes.map((index) => index.indexName),
    );
  });

  it("reads a stream larger than DynamoDB's 1 MB query page in several pages", async () => {
    // Prepare: 16 commits of about 240 KB (an event fits in one 256 KB bus entry), counting the
    // queries of a dedicated client
    const tableName = await createFreshEventStoreTable(dynamo);
    const { client, queries } = queryCountingClient();
    const store = new DynamoDbEventStore({ client, tableName });
    for (let commit = 0; commit < 16; commit += 1) {
      await store.append(
        append('large', commit === 0 ? 'no-stream' : commit, { commit, text: 'x'.repeat(240_000) }),
      );
    }
    const reader = new DynamoDbEventStore({ client, tableName });

    // Act
    queries.count = 0;
    const events = await collect(reader, 'large');

    // Assess
    expect(events.map((event) => event.version)).toEqual(Array.from({ length: 16 }, (_, i) => i + 1));
    expect(queries.count).toBeGreaterThanOrEqual(4);
    client.destroy();
  });

  it('stamps a writer again when it paused past the send delay, so a reader cannot have passed it', async () => {
    // Prepare: settle 10 s and request timeout 2 s leave 4 s to send a put after its stamp
    const tableName = await createFreshEventStoreTable(dynamo);
    let now = Date.parse('2026-03-01T09:00:00.000Z');
    const seen: BeforePutInfo[] = [];
    const store = new DynamoDbEventStore({
      client: dynamo.client,
      tableName,
      clock: () => new Date(now),
      settleMs: 10_000,
      requestTimeoutMs: 2_000,
      hooks: {
        beforePut: async (info) => {
          seen.push(info);
          if (info.attempt === 1) now += 4_001;
        },
      },
    });

    // Act
    const result = await store.append(append('slow', 'no-stream'));

    // Assess
    expect(seen.map((info) => [info.attempt, info.recordedAt])).toEqual([
      [1, '2026-03-01T09:00:00.000Z'],
      [2, '2026-03-01T09:00:04.001Z'],
    ]);
    expect(result.events[0]?.recordedAt).toBe('2026-03-01T09:00:04.001Z');
  });

  it("stamps a commit after its stream's previous one even when the writer's clock is behind", async () => {
    // Prepare
    const tableName = await createFreshEventStoreTable(dynamo);
    const ahead = new DynamoDbEventStore({
      client: dynamo.client,
      tableName,
      clock: fixedClock('2026-03-01T09:00:05.000Z'),
    });
    const behind = new DynamoDbEventStore({
      client: dynamo.client,
      tableName,
      clock: fixedClock('2026-03-01T09:00:00.000Z'),
    });
    await ahead.append(append('skewed', 'no-stream'));

    // Act
    const second = await behind.append(append('skewed', 1));
    await behind.append(append('elsewhere', 'no-stream'));
    const { events } = await behind.readGlobal(null);

    // Assess
    expect(second.events[0]?.recordedAt).toBe('2026-03-01T09:00:05.001Z');
    expect(events.map((event) => `${event.streamId}@${event.version}`)).toEqual([
      'elsewhere@1',
      'skewed@1',
      'skewed@2',
    ]);
  });

  it('reads a stream again from its cached commits plus the ones appended since, by any instance', async () => {
    // Prepare: one instance writes, another has read the stream once
    const tableName = await createFreshEventStoreTable(dynamo);
    const writer = new DynamoDbEventStore({ client: dynamo.client, tableName });
    const reader = new DynamoDbEventStore({ client: dynamo.client, tableName });
    await writer.append(append('cached-1', 'no-stream', { n: 1 }));
    await writer.append(append('cached-1', 1, { n: 2 }));
    expect((await collect(reader, 'cached-1')).map((event) => event.version)).toEqual([1, 2]);
    // Act: more commits by the writer, then the reader reads again, whole and from a version
    await writer.append(append('cached-1', 2, { n: 3 }));
    await writer.append(append('cached-1', 3, { n: 4 }));
    const again = await collect(reader, 'cached-1');
    const tail: StoredEvent[] = [];
    for await (const event of reader.readStream('cached-1', { fromVersion: 3 })) tail.push(event);
    // Assess: every event once, in order; the shared cached history cannot be changed by a reader
    expect(again.map((event) => [event.version, (event.data as { n: number }).n])).toEqual([
      [1, 1],
      [2, 2],
      [3, 3],
      [4, 4],
    ]);
    expect(tail.map((event) => event.version)).toEqual([3, 4]);
    const cached = (await collect(reader, 'cached-1'))[0]?.data as { n: number };
    expect(() => {
      cached.n = 99;
    }).toThrow(TypeError);
  });

  it('reads what a sole writer appended without a query, and learns of another writer from a refused put', async () => {
    // Prepare: a sole writer whose queries are counted, on a stream it created
    const tableName = await createFreshEventStoreTable(dynamo);
    const { client, queries } = queryCountingClient();
    const sole = new DynamoDbEventStore({ client, tableName, soleWriter: true });
    await sole.append(append('sole-1', 'no-stream', { n: 1 }));
    await sole.append(append('sole-1', 1, { n: 2 }));
    // Act: it reads the stream back
    queries.count = 0;
    const read = await collect(sole, 'sole-1');
    // Assess: from memory, no query
    expect(read.map((event) => (event.data as { n: number }).n)).toEqual([1, 2]);
    expect(queries.count).toBe(0);

    // Prepare: the promise is broken, another instance appends to the stream
    await new DynamoDbEventStore({ client: dynamo.client, tableName }).append(append('sole-1', 2, { n: 3 }));
    // Act: the sole writer's next append at the version it knows is refused
    await expect(sole.append(append('sole-1', 2, { n: 4 }))).rejects.toSatisfy(isConcurrencyError);
    // Assess: it forgot the stream, so it reads the other commit and appends after it
    expect((await collect(sole, 'sole-1')).map((event) => event.version)).toEqual([1, 2, 3]);
    await sole.append(append('sole-1', 3, { n: 4 }));
    expect((await collect(sole, 'sole-1')).map((event) => (event.data as { n: number }).n)).toEqual([
      1, 2, 3, 4,
    ]);
    client.destroy();
  });

  it('reads a stream a sole writer found empty again without a query, until it appends to it', async () => {
    // Given a sole writer whose queries are counted, and another stream of three commits
    const tableName = await createFreshEventStoreTable(dynamo);
    const { client, queries } = queryCountingClient();
    const sole = new DynamoDbEventStore({ client, tableName, soleWriter: true });
    const writer = new DynamoDbEventStore({ client: dynamo.client, tableName });
    for (const [n, expected] of [
      [1, 'no-stream'],
      [2, 1],
      [3, 2],
    ] as const) {
      await writer.append(append('present-1', expected, { n }));
    }
    // When it reads an absent stream three times
    const reads = [
      await collect(sole, 'absent-1'),
      await collect(sole, 'absent-1'),
      await collect(sole, 'absent-1'),
    ];
    // Then the table was asked once
    expect(reads).toEqual([[], [], []]);
    expect(queries.count).toBe(1);
    // When it appends to that stream, then a read gives the commit from memory
    await sole.append(append('absent-1', 'no-stream', { n: 1 }));
    expect((await collect(sole, 'absent-1')).map((event) => event.version)).toEqual([1]);
    expect(queries.count).toBe(1);
    // And a read that started past a stream's end (nothing there) does not make the stream empty
    const past: StoredEvent[] = [];
    for await (const event of sole.readStream('present-1', { fromVersion: 4 })) past.push(event);
    expect(past).toEqual([]);
    expect((await collect(sole, 'present-1')).map((event) => event.version)).toEqual([1, 2, 3]);
    // And an instance that is not the sole writer asks the table every time (others may write)
    const shared = new DynamoDbEventStore({ client, tableName });
    queries.count = 0;
    await collect(shared, 'absent-2');
    await collect(shared, 'absent-2');
    expect(queries.count).toBe(2);
    client.destroy();
  });

  it('gives a sole writer the whole stream after an earlier read of it stopped early', async () => {
    // Given a stream of three commits in the table, and a sole writer that has not read it yet
    const tableName = await createFreshEventStoreTable(dynamo);
    const writer = new DynamoDbEventStore({ client: dynamo.client, tableName });
    await writer.append(append('sole-3', 'no-stream', { n: 1 }));
    await writer.append(append('sole-3', 1, { n: 2 }));
    await writer.append(append('sole-3', 2, { n: 3 }));
    const sole = new DynamoDbEventStore({ client: dynamo.client, tableName, soleWriter: true, pageSize: 1 });
    // When a first reader stops after one event (as `?limit=1` does)
    for await (const event of sole.readStream('sole-3')) {
      expect(event.version).toBe(1);
      break;
    }
    // Then the next read still gives every event, and so does one after an append of its own
    expect((await collect(sole, 'sole-3')).map((event) => event.version)).toEqual([1, 2, 3]);
    await sole.append(append('sole-3', 3, { n: 4 }));
    expect((await collect(sole, 'sole-3')).map((event) => event.version)).toEqual([1, 2, 3, 4]);
  });

  it('gives a sole writer the whole stream when its own append lands while a read of it is paused', async () => {
    // Given a sole writer reading a two-commit stream, paused after the first event
    const tableName = await createFreshEventStoreTable(dynamo);
    const sole = new DynamoDbEventStore({ client: dynamo.client, tableName, soleWriter: true });
    await new DynamoDbEventStore({ client: dynamo.client, tableName }).append(
      append('sole-4', 'no-stream', { n: 1 }),
    );
    await new DynamoDbEventStore({ client: dynamo.client, tableName }).append(append('sole-4', 1, { n: 2 }));
    const reading = sole.readStream('sole-4')[Symbol.asyncIterator]();
    expect((await reading.next()).value?.version).toBe(1);
    // When it appends meanwhile, then the paused read goes on to its end
    await sole.append(append('sole-4', 'any', { n: 3 }));
    const rest: number[] = [];
    for (let next = await reading.next(); !next.done; next = await reading.next())
      rest.push(next.value.version);
    expect(rest).toEqual([2]);
    // Then a new read gives all three events
    expect((await collect(sole, 'sole-4')).map((event) => event.version)).toEqual([1, 2, 3]);
  });

  it('gives a sole writer its own commit once it is in the table, before the put is answered', async () => {
    // Given a sole writer whose put of a stream's second commit, and of another stream's first,
    // will be held once stored: the change feed may show such a commit before the answer is back
    const tableName = await createFreshEventStoreTable(dynamo);
    const putOf = (stream: string, version: number) => (name: string, input: Record<string, unknown>) => {
      const item = input.Item as { pk?: { S?: string }; sk?: { N?: string } } | undefined;
      return name === 'PutItemCommand' && item?.pk?.S === stream && item.sk?.N === String(version);
    };
    const second = gatedClient(dynamo.endpoint, putOf('sole-6', 2));
    const sole = new DynamoDbEventStore({ client: second.client, tableName, soleWriter: true });
    await sole.append(append('sole-6', 'no-stream', { n: 1 }));
    expect((await collect(sole, 'sole-6')).map((event) => event.version)).toEqual([1]);
    // When its append of the second commit is stored but not yet answered
    const appending = sole.append(append('sole-6', 1, { n: 2 }));
    await second.gate.reached;
    // Then a read gives both commits, and so does one after the answer
    expect((await collect(sole, 'sole-6')).map((event) => event.version)).toEqual([1, 2]);
    second.gate.open();
    await appending;
    expect((await collect(sole, 'sole-6')).map((event) => event.version)).toEqual([1, 2]);
    second.client.destroy();

    // Given a sole writer that found a stream empty, whose first put to it will be held once stored
    const first = gatedClient(dynamo.endpoint, putOf('sole-7', 1));
    const another = new DynamoDbEventStore({ client: first.client, tableName, soleWriter: true });
    expect(await collect(another, 'sole-7')).toEqual([]);
    // When that put is stored but not yet answered, then a read gives its commit
    const opening = another.append(append('sole-7', 'no-stream', { n: 1 }));
    await first.gate.reached;
    expect((await collect(another, 'sole-7')).map((event) => event.version)).toEqual([1]);
    first.gate.open();
    await opening;
    first.client.destroy();
  });

  it('keeps what it read of a stream after a refused put, and then queries only the commits after it', async () => {
    // Given a sole writer that kept a three-commit stream, and another instance appending a fourth
    const tableName = await createFreshEventStoreTable(dynamo);
    const { client, items } = itemCountingClient();
    const sole = new DynamoDbEventStore({ client, tableName, soleWriter: true });
    await sole.append(append('sole-5', 'no-stream', { n: 1 }));
    await sole.append(append('sole-5', 1, { n: 2 }));
    await sole.append(append('sole-5', 2, { n: 3 }));
    await new DynamoDbEventStore({ client: dynamo.client, tableName }).append(append('sole-5', 3, { n: 4 }));
    // When its own append at the version it knew is refused
    await expect(sole.append(append('sole-5', 3, { n: 5 }))).rejects.toSatisfy(isConcurrencyError);
    items.count = 0;
    // Then the next read gives the four events, having read one commit item from the table
    expect((await collect(sole, 'sole-5')).map((event) => event.version)).toEqual([1, 2, 3, 4]);
    expect(items.count).toBe(1);
    client.destroy();
  });

  it("gives a sole writer the whole stream when its own append lands while a read's query is in flight", async () => {
    // Given a two-commit stream, and a sole writer whose first read is held once the table answered
    const tableName = await createFreshEventStoreTable(dynamo);
    const other = new DynamoDbEventStore({ client: dynamo.client, tableName });
    await other.append(append('sole-6', 'no-stream', { n: 1 }));
    await other.append(append('sole-6', 1, { n: 2 }));
    const { client, gate } = gatedClient(
      dynamo.endpoint,
      (command, input) =>
        command === 'QueryCommand' && String(input.KeyConditionExpression).includes('sk >= :sk'),
    );
    const sole = new DynamoDbEventStore({ client, tableName, soleWriter: true });
    const firstRead = collect(sole, 'sole-6');
    await gate.reached;
    // When it appends before that read has seen its answer
    await sole.append(append('sole-6', 'any', { n: 3 }));
    gate.open();
    // Then the first read gives what the table held when it asked, and the next one all three
    expect((await firstRead).map((event) => event.version)).toEqual([1, 2]);
    expect((await collect(sole, 'sole-6')).map((event) => event.version)).toEqual([1, 2, 3]);
    client.destroy();
  });

  it('appends a command with an id in one conditional put when it keeps the stream up to the expected version', async () => {
    // Given a writer (not a sole writer: others write too) that keeps the stream it loaded
    const tableName = await createFreshEventStoreTable(dynamo);
    const { client, sent } = requestLoggingClient();
    const writer = new DynamoDbEventStore({ client, tableName });
    await writer.append({ ...append('one-put', 'no-stream', { n: 1 }), commandId: 'cmd-1' });
    await collect(writer, 'one-put');
    sent.length = 0;
    // When it appends the next command at the version it knows
    const result = await writer.append({ ...append('one-put', 1, { n: 2 }), commandId: 'cmd-2' });
    // Then one request: the put itself, whose condition proves the command new (ADR 0110)
    expect(result).toMatchObject({ firstVersion: 2, duplicate: false });
    expect(sent).toEqual(['PutItemCommand']);
    client.destroy();
  });

  it('finds a command that another instance committed in the slot it wanted, in one query after the refused put', async () => {
    // Given two instances that both keep the stream at version 1
    const tableName = await createFreshEventStoreTable(dynamo);
    const { client, sent } = requestLoggingClient();
    const slow = new DynamoDbEventStore({ client, tableName });
    const fast = new DynamoDbEventStore({ client: dynamo.client, tableName });
    await slow.append(append('retried', 'no-stream', { n: 1 }));
    await collect(fast, 'retried');
    // When the same command, retried, commits through the fast one, then the slow one puts it
    const first = await fast.append({ ...append('retried', 1, { tranche: 1 }), commandId: 'pay-1' });
    sent.length = 0;
    const retried = await slow.append({ ...append('retried', 1, { tranche: 1 }), commandId: 'pay-1' });
    // Then the slow one's put is refused and it returns the first result, stored once
    expect(retried).toEqual({ ...first, duplicate: true });
    expect(sent).toEqual(['PutItemCommand', 'QueryCommand']);
    expect((await collect(fast, 'retried')).map((event) => event.version)).toEqual([1, 2]);
    // And a third try from the slow one, which now keeps version 2, needs only the head read of 'any'
    sent.length = 0;
    expect(await slow.append({ ...append('retried', 'any', { tranche: 1 }), commandId: 'pay-1' })).toEqual({
      ...first,
      duplicate: true,
    });
    expect(sent).toEqual(['QueryCommand']);
    client.destroy();
  });

  it("answers a sole writer's retried command from memory, and an unknown stream's from the table", async () => {
    // Prepare: a sole writer that counts its queries
    const tableName = await createFreshEventStoreTable(dynamo);
    const { client, queries } = queryCountingClient();
    const sole = new DynamoDbEventStore({ client, tableName, soleWriter: true });
    const first = await sole.append({ ...append('sole-2', 'no-stream', { n: 1 }), commandId: 'cmd-1' });
    await sole.append({ ...append('sole-2', 1, { n: 2 }), commandId: 'cmd-2' });
    // Act: the first command is retried with the version its sender saw
    queries.count = 0;
    const retried = await sole.append({ ...append('sole-2', 'no-stream', { n: 1 }), commandId: 'cmd-1' });
    // Assess: the first result, from memory
    expect(retried).toMatchObject({ duplicate: true, firstVersion: 1, lastVersion: 1 });
    expect(retried.events.map((event) => event.eventId)).toEqual(first.events.map((event) => event.eventId));
    expect(queries.count).toBe(0);
    // And a fresh instance (nothing kept) finds it in the table
    const fresh = new DynamoDbEventStore({ client, tableName, soleWriter: true });
    expect(
      await fresh.append({ ...append('sole-2', 'no-stream', { n: 1 }), commandId: 'cmd-1' }),
    ).toMatchObject({
      duplicate: true,
      firstVersion: 1,
    });
    expect(queries.count).toBeGreaterThan(0);
    client.destroy();
  });
});
