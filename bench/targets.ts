import { randomUUID } from 'node:crypto';
import {
  CreateTableCommand,
  type DynamoDBClient,
  PutItemCommand,
  QueryCommand,
} from '@aws-sdk/client-dynamodb';
import { marshall, unmarshall } from '@aws-sdk/util-dynamodb';
import { EventStore as CastoreEventStore, EventType, isEventAlreadyExistsError } from '@castore/core';
import {
  DynamoDBSingleTableEventStorageAdapter,
  EVENT_TABLE_EVENT_STORE_ID_KEY,
  EVENT_TABLE_INITIAL_EVENT_INDEX_NAME,
  EVENT_TABLE_PK,
  EVENT_TABLE_SK,
  EVENT_TABLE_TIMESTAMP_KEY,
} from '@castore/event-storage-adapter-dynamodb';
import type { CommitMetadata } from '../events/envelope.js';
import { createEventStoreTable } from '../functions/adapters/dynamodb/create-table.js';
import { DynamoDbEventStore } from '../functions/adapters/dynamodb/event-store.js';
import { isConcurrencyError } from '../functions/application/ports/event-store-errors.js';

/** Appends one event to its stream, retrying after lost races; resolves with the attempts it took. */
export interface StreamWriter {
  append(): Promise<number>;
}

/**
 * A system under test: it makes writers, each with its own client-side state (as one Lambda);
 * writer `index` of a workload is the same warm Lambda from one trial to the next.
 */
export interface AppendTarget {
  readonly name: string;
  writer(streamId: string, index: number): StreamWriter;
}

/** The event every system appends: an attendance record of about 200 bytes. */
export const benchEvent = (sequence: number) => ({
  type: 'AttendanceRecorded' as const,
  data: {
    sessionId: 'session-fm-2026-03-14-m4',
    associationId: `association-${String(sequence % 30).padStart(3, '0')}`,
    memberId: `member-${String(sequence % 120).padStart(4, '0')}`,
    module: 'project-design',
    present: true,
    minutes: 180,
  },
});

export const benchMetadata: CommitMetadata = {
  actor: { id: 'partner-amsed', role: 'partner' },
  correlationId: 'bench-correlation',
  causationId: null,
};

/** The systems' names, as the tables print them and the targets find them. */
export const TARGET_NAMES = {
  floor: 'raw conditional PutItem (floor)',
  naseej: 'Naseej DynamoDbEventStore',
  naseejCommandId: 'Naseej DynamoDbEventStore, with command id',
  castoreFloor: 'raw conditional PutItem, Castore item',
  castore: "Castore's DynamoDB adapter",
} as const;

/** Castore's event store id in the benchmark; it prefixes every aggregate id in the table. */
export const CASTORE_EVENT_STORE_ID = 'ATTENDANCE';

const PLACEHOLDER_HASH = 'f'.repeat(64);
const MAX_ATTEMPTS = 1_000;

const isConditionalCheckFailed = (error: unknown): boolean =>
  error instanceof Error && error.name === 'ConditionalCheckFailedException';

/**
 * The two floors' writer: puts the item of the next version (`put`, conditional on its key being
 * free) and, when a race is lost, reads the stream's last version (`lastVersion`, one consistent
 * head query) and puts again; resolves with the attempts it took.
 */
const conditionalPutWriter = (
  streamId: string,
  put: (next: number, sequence: number) => Promise<void>,
  lastVersion: () => Promise<number>,
): StreamWriter => {
  let version = 0;
  let sequence = 0;
  return {
    append: async () => {
      for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt += 1) {
        try {
          await put(version + 1, sequence);
          version += 1;
          sequence += 1;
          return attempt;
        } catch (error) {
          if (!isConditionalCheckFailed(error)) throw error;
          version = await lastVersion();
        }
      }
      throw new Error(`No append to ${streamId} after ${MAX_ATTEMPTS} attempts`);
    },
  };
};

/**
 * The floor: one conditional PutItem of an item shaped like a Naseej commit (same attributes, so
 * the same index writes), built by hand with no validation, hashing or result parsing. A lost race
 * costs one consistent head query, then a new put.
 */
export const rawPutItemTarget = (client: DynamoDBClient, tableName: string): AppendTarget => ({
  name: TARGET_NAMES.floor,
  writer: (streamId) =>
    conditionalPutWriter(
      streamId,
      async (next, sequence) => {
        const recordedAt = new Date().toISOString();
        const { type, data } = benchEvent(sequence);
        const item = marshall({
          pk: streamId,
          sk: next,
          lastVersion: next,
          events: JSON.stringify([
            { eventId: randomUUID(), type, schemaVersion: 1, occurredAt: recordedAt, data },
          ]),
          recordedAt,
          actor: benchMetadata.actor,
          correlationId: benchMetadata.correlationId,
          causationId: null,
          prevHash: PLACEHOLDER_HASH,
          hash: PLACEHOLDER_HASH,
          globalBucket: `g#${recordedAt.slice(0, 10)}`,
          globalKey: `${recordedAt}#${streamId}#${String(next).padStart(12, '0')}`,
        });
        await client.send(
          new PutItemCommand({
            TableName: tableName,
            Item: item,
            ConditionExpression: 'attribute_not_exists(pk)',
          }),
        );
      },
      async () => {
        const head = await client.send(
          new QueryCommand({
            TableName: tableName,
            KeyConditionExpression: 'pk = :pk',
            ExpressionAttributeValues: marshall({ ':pk': streamId }),
            ProjectionExpression: 'lastVersion',
            ScanIndexForward: false,
            Limit: 1,
            ConsistentRead: true,
          }),
        );
        const last = head.Items?.[0];
        return last ? Number(unmarshall(last).lastVersion) : 0;
      },
    ),
});

/**
 * The floor for Castore's item layout: one conditional PutItem of the item Castore's adapter
 * writes (built by its own `getPushEventInput`), and the same recovery as the other floor.
 */
export const rawCastorePutItemTarget = (client: DynamoDBClient, tableName: string): AppendTarget => ({
  name: TARGET_NAMES.castoreFloor,
  writer: (aggregateId) => {
    const adapter = new DynamoDBSingleTableEventStorageAdapter({ tableName, dynamoDBClient: client });
    return conditionalPutWriter(
      aggregateId,
      async (next, sequence) => {
        const { type, data } = benchEvent(sequence);
        const input = adapter.getPushEventInput(
          {
            aggregateId,
            version: next,
            type,
            timestamp: new Date().toISOString(),
            payload: data,
            metadata: { ...benchMetadata },
          },
          { eventStoreId: CASTORE_EVENT_STORE_ID },
        );
        await client.send(new PutItemCommand(input));
      },
      async () => {
        const head = await client.send(
          new QueryCommand({
            TableName: tableName,
            KeyConditionExpression: '#pk = :pk',
            ExpressionAttributeNames: { '#pk': EVENT_TABLE_PK, '#sk': EVENT_TABLE_SK },
            ExpressionAttributeValues: marshall({ ':pk': `${CASTORE_EVENT_STORE_ID}#${aggregateId}` }),
            ProjectionExpression: '#sk',
            ScanIndexForward: false,
            Limit: 1,
            ConsistentRead: true,
          }),
        );
        const last = head.Items?.[0];
        return last ? Number(unmarshall(last)[EVENT_TABLE_SK]) : 0;
      },
    );
  },
});

/**
 * Naseej's `DynamoDbEventStore`, one instance per writer (as one Lambda each), appending with the
 * expected version the writer knows; on a conflict it takes the actual version from the error.
 * With `withCommandId`, every append carries a command id (the application service's default).
 */
export const naseejTarget = (
  client: DynamoDBClient,
  tableName: string,
  options: { withCommandId: boolean },
): AppendTarget => {
  // One instance per writer, kept from trial to trial as a warm Lambda keeps it: what it learnt
  // once per container (the day it registered, ADR 0002) is not paid again on every trial.
  const instances = new Map<number, DynamoDbEventStore>();
  return {
    name: options.withCommandId ? TARGET_NAMES.naseejCommandId : TARGET_NAMES.naseej,
    writer: (streamId, index) => {
      const store = instances.get(index) ?? new DynamoDbEventStore({ client, tableName });
      instances.set(index, store);
      let version = 0;
      let sequence = 0;
      return {
        append: async () => {
          const commandId = options.withCommandId ? randomUUID() : undefined;
          for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt += 1) {
            const { type, data } = benchEvent(sequence);
            try {
              const result = await store.append({
                streamId,
                expectedVersion: version === 0 ? 'no-stream' : version,
                events: [{ type, schemaVersion: 1, data }],
                metadata: benchMetadata,
                ...(commandId === undefined ? {} : { commandId }),
              });
              version = result.lastVersion;
              sequence += 1;
              return attempt;
            } catch (error) {
              if (!isConcurrencyError(error)) throw error;
              version = error.actual;
            }
          }
          throw new Error(`No append to ${streamId} after ${MAX_ATTEMPTS} attempts`);
        },
      };
    },
  };
};

const attendanceRecorded = new EventType<
  'AttendanceRecorded',
  ReturnType<typeof benchEvent>['data'],
  CommitMetadata
>({ type: 'AttendanceRecorded' });

/** Castore's aggregate in the benchmark: only what a replay needs to prove it read everything. */
export interface CastoreCounter {
  readonly aggregateId: string;
  readonly version: number;
  readonly present: number;
}

const castoreStore = (adapter: DynamoDBSingleTableEventStorageAdapter) =>
  new CastoreEventStore({
    eventStoreId: CASTORE_EVENT_STORE_ID,
    eventTypes: [attendanceRecorded],
    reducer: (aggregate: CastoreCounter | undefined, event): CastoreCounter => ({
      aggregateId: event.aggregateId,
      version: event.version,
      present: (aggregate?.present ?? 0) + 1,
    }),
    eventStorageAdapter: adapter,
  });

/** A Castore event store over its DynamoDB single-table adapter. */
export const castoreEventStore = (client: DynamoDBClient, tableName: string) =>
  castoreStore(new DynamoDBSingleTableEventStorageAdapter({ tableName, dynamoDBClient: client }));

/** Creates a table as Castore's README declares it (keys, and the `initialEvents` index). */
export const createCastoreTable = async (client: DynamoDBClient, tableName: string): Promise<void> => {
  await client.send(
    new CreateTableCommand({
      TableName: tableName,
      BillingMode: 'PAY_PER_REQUEST',
      AttributeDefinitions: [
        { AttributeName: EVENT_TABLE_PK, AttributeType: 'S' },
        { AttributeName: EVENT_TABLE_SK, AttributeType: 'N' },
        { AttributeName: EVENT_TABLE_EVENT_STORE_ID_KEY, AttributeType: 'S' },
        { AttributeName: EVENT_TABLE_TIMESTAMP_KEY, AttributeType: 'S' },
      ],
      KeySchema: [
        { AttributeName: EVENT_TABLE_PK, KeyType: 'HASH' },
        { AttributeName: EVENT_TABLE_SK, KeyType: 'RANGE' },
      ],
      GlobalSecondaryIndexes: [
        {
          IndexName: EVENT_TABLE_INITIAL_EVENT_INDEX_NAME,
          KeySchema: [
            { AttributeName: EVENT_TABLE_EVENT_STORE_ID_KEY, KeyType: 'HASH' },
            { AttributeName: EVENT_TABLE_TIMESTAMP_KEY, KeyType: 'RANGE' },
          ],
          Projection: { ProjectionType: 'KEYS_ONLY' },
        },
      ],
    }),
  );
};

/**
 * Castore's `DynamoDBSingleTableEventStorageAdapter` through its `EventStore.pushEvent`, the
 * path a Castore user takes: one conditional PutItem per event. A lost race (`EventAlreadyExists`)
 * costs a reload of the aggregate (`getAggregate`, one query on these short streams), then a new push.
 */
export const castoreTarget = (client: DynamoDBClient, tableName: string): AppendTarget => ({
  name: TARGET_NAMES.castore,
  writer: (aggregateId) => {
    const store = castoreEventStore(client, tableName);
    let version = 0;
    let sequence = 0;
    return {
      append: async () => {
        for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt += 1) {
          const { type, data } = benchEvent(sequence);
          try {
            await store.pushEvent({
              aggregateId,
              version: version + 1,
              type,
              payload: data,
              metadata: { ...benchMetadata },
            });
            version += 1;
            sequence += 1;
            return attempt;
          } catch (error) {
            if (!isEventAlreadyExistsError(error)) throw error;
            // Reload as a Castore command does. Not `getEvents(id, { reverse: true, limit: 1 })`:
            // the adapter keeps paging past `limit`, one event per query, to the stream's start.
            const { aggregate } = await store.getAggregate(aggregateId);
            version = aggregate?.version ?? 0;
          }
        }
        throw new Error(`No append to ${aggregateId} after ${MAX_ATTEMPTS} attempts`);
      },
    };
  },
});

/**
 * Creates the tables every target needs on one DynamoDB and returns the targets: the floor for
 * Naseej's item first (the baseline of every ratio), then Naseej, the floor for Castore's item, Castore.
 */
export const prepareTargets = async (client: DynamoDBClient): Promise<AppendTarget[]> => {
  const suffix = randomUUID().slice(0, 8);
  const floorTable = `bench-floor-${suffix}`;
  const naseejTable = `bench-naseej-${suffix}`;
  const naseejCommandTable = `bench-naseej-cmd-${suffix}`;
  const castoreTable = `bench-castore-${suffix}`;
  const castoreFloorTable = `bench-castore-floor-${suffix}`;
  await createEventStoreTable(client, floorTable);
  await createEventStoreTable(client, naseejTable);
  await createEventStoreTable(client, naseejCommandTable);
  await createCastoreTable(client, castoreTable);
  await createCastoreTable(client, castoreFloorTable);
  return [
    rawPutItemTarget(client, floorTable),
    naseejTarget(client, naseejTable, { withCommandId: false }),
    naseejTarget(client, naseejCommandTable, { withCommandId: true }),
    rawCastorePutItemTarget(client, castoreFloorTable),
    castoreTarget(client, castoreTable),
  ];
};
