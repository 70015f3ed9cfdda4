import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import { describe, expect, it } from 'vitest';
import { DynamoDbEventStore } from '../../../../../functions/adapters/dynamodb/event-store.js';
import { DynamoDbGlobalReader } from '../../../../../functions/adapters/dynamodb/global-reader.js';
import { GLOBAL_ORDER_INDEX } from '../../../../../functions/adapters/dynamodb/table-definition.js';
import type { EventStore, GlobalCheckpoint } from '../../../../../functions/application/ports/event-store.js';
import { dynaliteClient } from '../../../../../local/dynalite/server.js';
import { createFreshEventStoreTable, dynaliteForTheFile } from '../../../../support/dynalite.js';
import { describeEventStoreContract } from '../../../../support/event-store-contract.js';
import { firstCommitOf, givenALateCommit } from '../../../../support/late-index-client.js';

// The keys-first global reader (functions/adapters/dynamodb/global-reader.ts) keeps every promise
// of the store's own readGlobal: the contract's global-order tests run with it as the store's
// reader, and a commit the index shows late is delivered and reported. It reads whole commits only
// from the first key it has not delivered.

const dynamo = dynaliteForTheFile();

describeEventStoreContract('DynamoDbEventStore read by the keys-first global reader', async (options) => {
  const tableName = await createFreshEventStoreTable(dynamo);
  const open = (): EventStore => {
    const store = new DynamoDbEventStore({
      ...options,
      client: dynamo.client,
      tableName,
      hooks: { beforePut: options.beforePut },
      settleMs: 10_000,
      requestTimeoutMs: 2_000,
    });
    const reader = new DynamoDbGlobalReader({
      client: dynamo.client,
      tableName,
      clock: options.clock,
      ...(options.upcast === undefined ? {} : { upcast: options.upcast }),
      settleMs: 10_000,
      requestTimeoutMs: 2_000,
    });
    return Object.assign(Object.create(store) as EventStore, {
      readGlobal: reader.readGlobal.bind(reader),
    });
  };
  return { store: open(), another: open, cleanup: async () => {} };
});

const T0 = Date.parse('2026-03-01T09:00:00.000Z');

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
