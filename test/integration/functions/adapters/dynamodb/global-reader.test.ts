import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import { describe, expect, it } from 'vitest';
import { DynamoDbEventStore } from '../../../../../functions/adapters/dynamodb/event-store.js';
import { DynamoDbGlobalReader } from '../../../../../functions/adapters/dynamodb/global-reader.js';
import { RegisteredDays } from '../../../../../functions/adapters/dynamodb/registered-days.js';
import { GLOBAL_ORDER_INDEX } from '../../../../../functions/adapters/dynamodb/table-definition.js';
import type {
  AppendRequest,
  EventStore,
  GlobalCheckpoint,
} from '../../../../../functions/application/ports/event-store.js';
import { dynaliteClient } from '../../../../../local/dynalite/server.js';
import { createFreshEventStoreTable, dynaliteForTheFile } from '../../../../support/dynalite.js';
import { dynamoDbStoreUnderTest } from '../../../../support/dynamodb-store-under-test.js';
import {
  describeEventStoreContract,
  type MakeContractStore,
} from '../../../../support/event-store-contract.js';
import { firstCommitOf, givenALateCommit } from '../../../../support/late-index-client.js';

// The keys-first global reader (functions/adapters/dynamodb/global-reader.ts) keeps every promise
// of the store's own readGlobal: the contract's global-order tests run with it as the store's
// reader, and a commit the index shows late is delivered and reported. It reads whole commits only
// from the first key it has not delivered.

const dynamo = dynaliteForTheFile();

/**
 * The store read by the keys-first reader; with `shareDays`, every instance of the table notes its
 * days in one registry, as the local runtime's sole writer and feed do (ADR 0146).
 */
const readByTheReader =
  (shareDays: boolean): MakeContractStore =>
  async (options) => {
    const tableName = await createFreshEventStoreTable(dynamo);
    const days = shareDays ? new RegisteredDays() : undefined;
    const open = (): EventStore => {
      const store = dynamoDbStoreUnderTest(dynamo.client, tableName, options, {
        settleMs: 10_000,
        requestTimeoutMs: 2_000,
        ...(days === undefined ? {} : { dayRegistry: days }),
      });
      const reader = new DynamoDbGlobalReader({
        client: dynamo.client,
        tableName,
        clock: options.clock,
        ...(options.upcast === undefined ? {} : { upcast: options.upcast }),
        settleMs: 10_000,
        requestTimeoutMs: 2_000,
        ...(days === undefined ? {} : { days }),
      });
      return Object.assign(Object.create(store) as EventStore, {
        readGlobal: reader.readGlobal.bind(reader),
      });
    };
    return { store: open(), another: open, cleanup: async () => {} };
  };

describeEventStoreContract('DynamoDbEventStore read by the keys-first global reader', readByTheReader(false));

describeEventStoreContract(
  'DynamoDbEventStore and the keys-first reader sharing the days they register',
  readByTheReader(true),
);

const T0 = Date.parse('2026-03-01T09:00:00.000Z');
const append = (streamId: string): AppendRequest => ({
  streamId,
  expectedVersion: 'no-stream',
  events: [{ type: 'RolloutLaunched', schemaVersion: 1, data: {} }],
  metadata: { actor: { id: 'ministry-1', role: 'ministry' }, correlationId: 'c-1', causationId: null },
});

describe('the keys-first global reader', () => {
  it('delivers a commit the index shows late, and reports it, under the 60 s settle bound', async () => {
    // Prepare: as test/integration/functions/adapters/dynamodb/late-index.test.ts, read by the keys-first reader
    const { tableName, clock, client, late, onLateCommit, at } = await givenALateCommit(dynamo);
    const reader = new DynamoDbGlobalReader({ client, tableName, clock, settleMs: 60_000, onLateCommit });
    let checkpoint: GlobalCheckpoint = null;
    const delivered: string[] = [];

    // Act: reads at 5 s, 70 s (the horizon passes the late commit's key), 100 s and 130 s.
    for (const ms of [5_000, 70_000, 100_000, 130_000]) {
      at(ms);
      const page = await reader.readGlobal(checkpoint, { limit: 100 });
      checkpoint = page.checkpoint;
      delivered.push(...page.events.map((event) => event.streamId));
    }

    // Assess
    expect(delivered).toEqual(['a', 'b', 'late']);
    expect(late).toEqual([{ key: '2026-03-01T09:00:01.000Z#late#000000000001', lateByMs: 39_000 }]);
    client.destroy();
  });

  it('goes on to the next day when every commit of the window in the first day was delivered', async () => {
    // Prepare: a commit just before midnight, read, then one just after
    const tableName = await createFreshEventStoreTable(dynamo);
    let now = Date.parse('2026-03-01T23:59:59.000Z');
    const clock = () => new Date(now);
    const store = new DynamoDbEventStore({
      client: dynamo.client,
      tableName,
      clock,
      settleMs: 5_000,
      requestTimeoutMs: 2_000,
    });
    const reader = new DynamoDbGlobalReader({
      client: dynamo.client,
      tableName,
      clock,
      settleMs: 5_000,
      requestTimeoutMs: 2_000,
    });
    await store.append(firstCommitOf('before-midnight'));
    now += 500;
    const first = await reader.readGlobal(null);
    now += 700;
    await store.append(firstCommitOf('after-midnight'));
    now += 300;

    // Act
    const second = await reader.readGlobal(first.checkpoint);

    // Assess
    expect(first.events.map((event) => event.streamId)).toEqual(['before-midnight']);
    expect(second.events.map((event) => event.streamId)).toEqual(['after-midnight']);
  });

  it('reads whole commits only from the first one it has not delivered', async () => {
    // Prepare: 40 commits within the settle window, all delivered, then one more
    const tableName = await createFreshEventStoreTable(dynamo);
    let now = T0;
    const clock = () => new Date(now);
    const wholeItems: string[] = [];
    const client = dynaliteClient(dynamo.endpoint);
    client.middlewareStack.add(
      (next, context) => async (args) => {
        const result = await next(args);
        const input = args.input as { IndexName?: string; ProjectionExpression?: string };
        if (
          context.commandName === 'QueryCommand' &&
          input.IndexName === GLOBAL_ORDER_INDEX &&
          input.ProjectionExpression === undefined
        ) {
          const items = (result.output as { Items?: Record<string, AttributeValue>[] }).Items ?? [];
          wholeItems.push(...items.map((item) => String(item.pk?.S)));
        }
        return result;
      },
      { step: 'initialize', name: 'countWholeItems' },
    );
    const store = new DynamoDbEventStore({
      client,
      tableName,
      clock,
      settleMs: 5_000,
      requestTimeoutMs: 2_000,
    });
    const reader = new DynamoDbGlobalReader({
      client,
      tableName,
      clock,
      settleMs: 5_000,
      requestTimeoutMs: 2_000,
    });
    for (let index = 0; index < 40; index += 1) {
      now += 10;
      await store.append(firstCommitOf(`stream-${index}`));
    }
    const first = await reader.readGlobal(null, { limit: 500 });
    wholeItems.length = 0;
    now += 200;
    await store.append(firstCommitOf('stream-new'));

    // Act: two polls, 200 ms apart, within the window
    now += 200;
    const second = await reader.readGlobal(first.checkpoint, { limit: 500 });
    now += 200;
    const third = await reader.readGlobal(second.checkpoint, { limit: 500 });

    // Assess
    expect(first.events).toHaveLength(40);
    expect(second.events.map((event) => event.streamId)).toEqual(['stream-new']);
    expect(third.events).toEqual([]);
    expect(wholeItems).toEqual(['stream-new']);
    client.destroy();
  });
});

/** A client of `dynamo` that counts its queries of the day registry. */
const countingRegistryQueries = (): { client: ReturnType<typeof dynaliteClient>; queries: () => number } => {
  let queries = 0;
  const client = dynaliteClient(dynamo.endpoint);
  client.middlewareStack.add(
    (next, context) => async (args) => {
      const values = (args.input as { ExpressionAttributeValues?: Record<string, AttributeValue> })
        .ExpressionAttributeValues;
      if (context.commandName === 'QueryCommand' && values?.[':pk']?.S === 'global#days') queries += 1;
      return next(args);
    },
    { step: 'initialize', name: 'countRegistryQueries' },
  );
  return { client, queries: () => queries };
};

describe('the days of the global order learnt from the writer (ADR 0146)', () => {
  it('delivers every commit of a day registered after the reader listed its days, the writer ahead across midnight, with one query of the registry', async () => {
    // Prepare: the writer's clock 3 s ahead of the reader's, which reads from 23:59:51
    const tableName = await createFreshEventStoreTable(dynamo);
    const { client, queries } = countingRegistryQueries();
    let readerNow = Date.parse('2026-03-01T23:59:50.000Z');
    const days = new RegisteredDays();
    const store = new DynamoDbEventStore({
      client,
      tableName,
      clock: () => new Date(readerNow + 3_000),
      settleMs: 5_000,
      requestTimeoutMs: 2_000,
      soleWriter: true,
      dayRegistry: days,
    });
    const reader = new DynamoDbGlobalReader({
      client,
      tableName,
      clock: () => new Date(readerNow),
      settleMs: 5_000,
      requestTimeoutMs: 2_000,
      days,
    });
    await store.append(append('before-midnight'));
    let checkpoint: GlobalCheckpoint = null;
    const delivered: string[] = [];
    const poll = async (at: string) => {
      readerNow = Date.parse(at);
      const page = await reader.readGlobal(checkpoint, { limit: 100 });
      checkpoint = page.checkpoint;
      delivered.push(...page.events.map((event) => event.streamId));
    };

    // Act: the reader lists the days (1 March only), then the writer stamps 00:00:00.500 on 2 March
    // while the reader's clock still says 23:59:57.500; polls go on past the settle bound
    await poll('2026-03-01T23:59:51.000Z');
    readerNow = Date.parse('2026-03-01T23:59:57.500Z');
    await store.append(append('after-midnight'));
    await poll('2026-03-01T23:59:58.000Z');
    readerNow = Date.parse('2026-03-02T00:00:09.000Z');
    await store.append(append('later'));
    for (const at of ['2026-03-02T00:00:10.000Z', '2026-03-02T00:00:20.000Z', '2026-03-02T00:00:30.000Z']) {
      await poll(at);
    }

    // Assess
    expect(delivered).toEqual(['before-midnight', 'after-midnight', 'later']);
    expect(queries()).toBe(1);
    client.destroy();
  });

  it('reads the registry once for the days earlier processes registered, then learns new ones from its writer', async () => {
    // Prepare: an earlier process wrote on 1 and 2 March (no shared registry: every read queries)
    const tableName = await createFreshEventStoreTable(dynamo);
    let now = Date.parse('2026-03-01T12:00:00.000Z');
    const clock = () => new Date(now);
    const options = { tableName, clock, settleMs: 5_000, requestTimeoutMs: 2_000 };
    const earlier = new DynamoDbEventStore({ client: dynamo.client, ...options });
    await earlier.append(append('first-day'));
    now = Date.parse('2026-03-02T12:00:00.000Z');
    await earlier.append(append('second-day'));
    const { client, queries } = countingRegistryQueries();
    const days = new RegisteredDays();
    const store = new DynamoDbEventStore({ client, ...options, soleWriter: true, dayRegistry: days });
    const reader = new DynamoDbGlobalReader({ client, ...options, days });

    // Act: a read from the start, a commit on 3 March, two reads past its settle bound
    now = Date.parse('2026-03-02T13:00:00.000Z');
    const first = await reader.readGlobal(null, { limit: 100 });
    now = Date.parse('2026-03-03T08:00:00.000Z');
    await store.append(append('third-day'));
    now += 10_000;
    const second = await reader.readGlobal(first.checkpoint, { limit: 100 });
    now += 10_000;
    const third = await reader.readGlobal(second.checkpoint, { limit: 100 });

    // Assess
    expect(first.events.map((event) => event.streamId)).toEqual(['first-day', 'second-day']);
    expect(second.events.map((event) => event.streamId)).toEqual(['third-day']);
    expect(third.events).toEqual([]);
    expect(queries()).toBe(1);
    client.destroy();
  });
});
