import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import {
  type AttributeValue,
  BatchWriteItemCommand,
  type BatchWriteItemCommandOutput,
  type DynamoDBClient,
  QueryCommand,
  type QueryCommandOutput,
  type WriteRequest,
} from '@aws-sdk/client-dynamodb';
import { marshall, unmarshall } from '@aws-sdk/util-dynamodb';
import { createEventStoreTable } from '../functions/adapters/dynamodb/create-table.js';
import { DynamoDbEventStore } from '../functions/adapters/dynamodb/event-store.js';
import { buildCommit, commitItem } from '../functions/adapters/dynamodb/item-layout.js';
import { loadStream } from '../functions/application/execute-command.js';
import { withFoldCache } from '../functions/application/fold-cache.js';
import type { StoredEvent } from '../functions/application/ports/event-store.js';
import { median } from './stats.js';
import {
  benchEvent,
  benchMetadata,
  CASTORE_EVENT_STORE_ID,
  castoreEventStore,
  createCastoreTable,
} from './targets.js';

/** The state a replay folds: enough to prove that every event was read, in order. */
interface Attendance {
  readonly version: number;
  readonly present: number;
}

const initial: Attendance = { version: 0, present: 0 };

const evolve = (state: Attendance, event: StoredEvent): Attendance => {
  if (event.version !== state.version + 1) {
    throw new Error(`Replay read version ${event.version} after ${state.version}`);
  }
  return { version: event.version, present: state.present + 1 };
};

const fold = async (events: AsyncIterable<StoredEvent>, from: Attendance): Promise<Attendance> => {
  let state = from;
  for await (const event of events) state = evolve(state, event);
  return state;
};

/** What loading a long stream measured, as medians over trials, in milliseconds. */
export interface LoadingResult {
  readonly events: number;
  readonly tail: number;
  /** The floor: one paged, consistent Query of the stream, items unmarshalled, events parsed. */
  readonly rawQueryMs: number;
  readonly naseejFullReplayMs: number;
  /** `loadStream` on a store that loaded the stream before, after `tail` events by another writer. */
  readonly naseejWarmLoadMs: number;
  readonly castoreFullReplayMs: number;
  /** The median over trials of Naseej's full load ÷ the raw Query of the same trial. */
  readonly pairedFullLoadRatio: number;
}

const timed = async (action: () => Promise<void>): Promise<number> => {
  const started = performance.now();
  await action();
  return performance.now() - started;
};

/** Writes items with BatchWriteItem, 25 at a time, until none is left unprocessed. */
const batchWrite = async (
  client: DynamoDBClient,
  tableName: string,
  items: readonly Record<string, AttributeValue>[],
): Promise<void> => {
  for (let start = 0; start < items.length; start += 25) {
    let pending: WriteRequest[] | undefined = items
      .slice(start, start + 25)
      .map((item) => ({ PutRequest: { Item: item } }));
    while (pending && pending.length > 0) {
      const output: BatchWriteItemCommandOutput = await client.send(
        new BatchWriteItemCommand({ RequestItems: { [tableName]: pending } }),
      );
      pending = output.UnprocessedItems?.[tableName];
    }
  }
};

/**
 * Builds one stream of `events` single-event commits (the worst case for a replay: one item per
 * event). The commits are made by the store's own
 * item layout (`buildCommit`, `commitItem`, hash-chained) and written in batches, which is much
 * faster than 10,000 appends and stores the same items.
 */
const prepareNaseejStream = async (client: DynamoDBClient, events: number) => {
  const tableName = `bench-loading-${randomUUID().slice(0, 8)}`;
  await createEventStoreTable(client, tableName);
  const streamId = 'cohort-fm-2026';
  const startedAt = Date.parse('2026-03-14T09:00:00.000Z');
  const items: Record<string, AttributeValue>[] = [];
  let prevHash: string | undefined;
  for (let version = 1; version <= events; version += 1) {
    const { type, data } = benchEvent(version - 1);
    const commit = buildCommit(
      {
        streamId,
        expectedVersion: version - 1,
        events: [{ type, schemaVersion: 1, data }],
        metadata: benchMetadata,
      },
      version,
      new Date(startedAt + version).toISOString(),
      [randomUUID()],
      ...(prevHash === undefined ? [] : [prevHash]),
    );
    prevHash = commit.hash;
    items.push(commitItem(commit));
  }
  await batchWrite(client, tableName, items);
  const store = new DynamoDbEventStore({ client, tableName });
  if ((await store.streamVersion(streamId)) !== events) throw new Error('The loading stream is incomplete');
  return { tableName, streamId };
};

/** The same stream for Castore, written with the items its adapter's `pushEvent` would put. */
const prepareCastoreStream = async (client: DynamoDBClient, events: number) => {
  const tableName = `bench-castore-loading-${randomUUID().slice(0, 8)}`;
  await createCastoreTable(client, tableName);
  const aggregateId = 'cohort-fm-2026';
  const timestamp = new Date().toISOString();
  const items = Array.from({ length: events }, (_, index) => {
    const version = index + 1;
    const { type, data } = benchEvent(index);
    return marshall(
      {
        aggregateId: `${CASTORE_EVENT_STORE_ID}#${aggregateId}`,
        version,
        type,
        timestamp,
        payload: data,
        metadata: benchMetadata,
        ...(version === 1 ? { eventStoreId: CASTORE_EVENT_STORE_ID } : {}),
      },
      { removeUndefinedValues: true },
    );
  });
  await batchWrite(client, tableName, items);
  return { tableName, aggregateId };
};

/**
 * The floor of a load: what any reader of these items must do, with nothing else. One paged,
 * consistent Query of the stream, each item unmarshalled and its events parsed, then folded.
 */
const rawQueryLoad = async (client: DynamoDBClient, tableName: string, streamId: string) => {
  let state = initial;
  let exclusiveStartKey: Record<string, AttributeValue> | undefined;
  do {
    const page: QueryCommandOutput = await client.send(
      new QueryCommand({
        TableName: tableName,
        KeyConditionExpression: 'pk = :pk',
        ExpressionAttributeValues: marshall({ ':pk': streamId }),
        ConsistentRead: true,
        ...(exclusiveStartKey === undefined ? {} : { ExclusiveStartKey: exclusiveStartKey }),
      }),
    );
    for (const item of page.Items ?? []) {
      const commit = unmarshall(item);
      const events = JSON.parse(String(commit.events)) as unknown[];
      events.forEach((_, index) => {
        const version = Number(commit.sk) + index;
        if (version !== state.version + 1) throw new Error(`Raw load read ${version} after ${state.version}`);
        state = { version, present: state.present + 1 };
      });
    }
    exclusiveStartKey = page.LastEvaluatedKey;
  } while (exclusiveStartKey !== undefined);
  return state;
};

const attendanceFolder = {
  initialState: () => initial,
  evolve: evolve,
};

/**
 * Loads a stream of `events` events, cold (a fresh instance each time, as a cold Lambda): one raw
 * paged Query (the floor), Naseej's `readStream` and Castore's `getAggregate`, in a rotating
 * order; then warm: `loadStream` on a long-lived instance after another writer added `tail` events.
 */
export const measureLoading = async (
  client: DynamoDBClient,
  options: { events: number; tail: number; trials: number },
): Promise<LoadingResult> => {
  const naseej = await prepareNaseejStream(client, options.events);
  const castore = await prepareCastoreStream(client, options.events);
  const expectFull = (state: Attendance | undefined) => {
    if (state?.version !== options.events) throw new Error(`A load ended at ${state?.version}`);
  };
  const systems: readonly (readonly [string, () => Promise<void>])[] = [
    ['raw', async () => expectFull(await rawQueryLoad(client, naseej.tableName, naseej.streamId))],
    [
      'naseej',
      async () => {
        const store = new DynamoDbEventStore({ client, tableName: naseej.tableName });
        expectFull(await fold(store.readStream(naseej.streamId), initial));
      },
    ],
    [
      'castore',
      async () => {
        const { aggregate } = await castoreEventStore(client, castore.tableName).getAggregate(
          castore.aggregateId,
        );
        expectFull(aggregate);
      },
    ],
  ];
  const cold = new Map<string, number[]>(systems.map(([name]) => [name, []]));
  // The first round warms up and is not counted.
  for (let trial = 0; trial <= options.trials; trial += 1) {
    for (let turn = 0; turn < systems.length; turn += 1) {
      const [name, load] = systems[(turn + trial) % systems.length] as (typeof systems)[number];
      const took = await timed(load);
      if (trial > 0) cold.get(name)?.push(took);
    }
  }
  // A long-lived instance that loads the stream as commands do, and another writer that adds to it.
  // Wrapped as the runtimes wrap theirs (docs/adr/0111-one-caching-story.md).
  const warm = withFoldCache(new DynamoDbEventStore({ client, tableName: naseej.tableName }));
  const other = new DynamoDbEventStore({ client, tableName: naseej.tableName });
  const identity = (stored: StoredEvent) => stored;
  let head = (await loadStream(warm, naseej.streamId, attendanceFolder, identity)).version;
  const warmLoads: number[] = [];
  for (let trial = 0; trial <= options.trials; trial += 1) {
    for (let count = 0; count < options.tail; count += 1) {
      const { type, data } = benchEvent(head);
      head = (
        await other.append({
          streamId: naseej.streamId,
          expectedVersion: 'any',
          events: [{ type, schemaVersion: 1, data }],
          metadata: benchMetadata,
        })
      ).lastVersion;
    }
    const took = await timed(async () => {
      const loaded = await loadStream(warm, naseej.streamId, attendanceFolder, identity);
      if (loaded.version !== head) throw new Error(`A warm load ended at ${loaded.version}, not ${head}`);
    });
    if (trial > 0) warmLoads.push(took);
  }
  return {
    events: options.events,
    tail: options.tail,
    rawQueryMs: median(cold.get('raw') ?? []),
    naseejFullReplayMs: median(cold.get('naseej') ?? []),
    naseejWarmLoadMs: median(warmLoads),
    castoreFullReplayMs: median(cold.get('castore') ?? []),
    pairedFullLoadRatio: median(
      (cold.get('naseej') ?? []).map((took, index) => took / (cold.get('raw')?.[index] ?? Number.NaN)),
    ),
  };
};
