import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import {
  type AttributeValue,
  BatchWriteItemCommand,
  type BatchWriteItemCommandOutput,
  type DynamoDBClient,
  type WriteRequest,
} from '@aws-sdk/client-dynamodb';
import { marshall } from '@aws-sdk/util-dynamodb';
import { createEventStoreTable } from '../functions/adapters/dynamodb/create-table.js';
import { DynamoDbEventStore } from '../functions/adapters/dynamodb/event-store.js';
import { buildCommit, commitItem } from '../functions/adapters/dynamodb/item-layout.js';
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

const REVISION = 'attendance@1';
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
  readonly naseejFullReplayMs: number;
  readonly naseejSnapshotMs: number;
  readonly castoreFullReplayMs: number;
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
 * event), with a snapshot `tail` events before its end. The commits are made by the store's own
 * item layout (`buildCommit`, `commitItem`, hash-chained) and written in batches, which is much
 * faster than 10,000 appends and stores the same items.
 */
const prepareNaseejStream = async (client: DynamoDBClient, events: number, tail: number) => {
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
  const snapshotVersion = events - tail;
  await store.saveSnapshot<Attendance>({
    streamId,
    version: snapshotVersion,
    revision: REVISION,
    state: { version: snapshotVersion, present: snapshotVersion },
  });
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
 * Loads a stream of `events` events: Naseej's full replay, Naseej's snapshot + tail, and Castore's
 * full replay (Castore has no snapshots), each from a fresh store instance (a cold Lambda).
 */
export const measureLoading = async (
  client: DynamoDBClient,
  options: { events: number; tail: number; trials: number },
): Promise<LoadingResult> => {
  const naseej = await prepareNaseejStream(client, options.events, options.tail);
  const castore = await prepareCastoreStream(client, options.events);
  const fullReplay: number[] = [];
  const snapshotLoads: number[] = [];
  const castoreReplay: number[] = [];
  const expectFull = (state: Attendance | undefined) => {
    if (state?.version !== options.events) throw new Error(`A load ended at ${state?.version}`);
  };
  // The first round warms up and is not counted.
  for (let trial = 0; trial <= options.trials; trial += 1) {
    const full = await timed(async () => {
      const store = new DynamoDbEventStore({ client, tableName: naseej.tableName });
      expectFull(await fold(store.readStream(naseej.streamId), initial));
    });
    const snapshot = await timed(async () => {
      const store = new DynamoDbEventStore({ client, tableName: naseej.tableName });
      const loaded = await store.loadSnapshot<Attendance>(naseej.streamId, REVISION);
      const from = loaded?.state ?? initial;
      expectFull(await fold(store.readStream(naseej.streamId, { fromVersion: from.version + 1 }), from));
    });
    const castoreFull = await timed(async () => {
      const store = castoreEventStore(client, castore.tableName);
      const { aggregate } = await store.getAggregate(castore.aggregateId);
      expectFull(aggregate);
    });
    if (trial > 0) {
      fullReplay.push(full);
      snapshotLoads.push(snapshot);
      castoreReplay.push(castoreFull);
    }
  }
  return {
    events: options.events,
    tail: options.tail,
    naseejFullReplayMs: median(fullReplay),
    naseejSnapshotMs: median(snapshotLoads),
    castoreFullReplayMs: median(castoreReplay),
  };
};
