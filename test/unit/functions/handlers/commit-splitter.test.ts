import { readFileSync } from 'node:fs';
import { EventBridgeClient, PutEventsCommand, type PutEventsRequestEntry } from '@aws-sdk/client-eventbridge';
import { marshall } from '@aws-sdk/util-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { upcastEvent } from '../../../../events/catalog.js';
import { buildCommit, commitItem } from '../../../../functions/adapters/dynamodb/item-layout.js';
import { entrySizeBytes } from '../../../../functions/adapters/eventbridge/put-events.js';
import type { AppendRequest } from '../../../../functions/application/ports/event-store.js';
import {
  type CommitStreamRecord,
  handler,
  publishCommits,
  splitCommits,
} from '../../../../functions/handlers/commit-splitter.js';

const fixture = (name: string): unknown =>
  JSON.parse(readFileSync(new URL(`../../../../events/fixtures/${name}.json`, import.meta.url), 'utf8'));

const metadata = {
  actor: { id: 'ministry-1', role: 'ministry' as const },
  correlationId: 'corr-1',
  causationId: null,
};

/** The stream record DynamoDB writes for a commit appended at `firstVersion`. */
const commitRecord = (
  request: AppendRequest,
  options: { firstVersion?: number; recordedAt?: string; eventIds?: string[] } = {},
): CommitStreamRecord => {
  const commit = buildCommit(
    request,
    options.firstVersion ?? 1,
    options.recordedAt ?? '2026-03-02T08:00:00.000Z',
    options.eventIds ?? request.events.map((_, index) => `event-${index + 1}`),
  );
  return { eventName: 'INSERT', dynamodb: { NewImage: commitItem(commit) } };
};

const launch: AppendRequest = {
  streamId: 'rollout-FM-2026',
  expectedVersion: 'no-stream',
  events: [
    { type: 'RolloutLaunched', schemaVersion: 2, data: fixture('RolloutLaunched.v2') },
    { type: 'RolloutTargetsSet', schemaVersion: 1, data: fixture('RolloutTargetsSet.v1') },
  ],
  commandId: 'command-1',
  metadata,
};

describe('the commit splitter (the pipe enrichment)', () => {
  it('turns one commit into one envelope per event, in order, with the commit metadata', () => {
    // Prepare
    const record = commitRecord(launch, { eventIds: ['event-a', 'event-b'] });

    // Act
    const envelopes = splitCommits([record]);

    // Assess
    expect(envelopes).toEqual([
      {
        eventId: 'event-a',
        streamId: 'rollout-FM-2026',
        version: 1,
        type: 'RolloutLaunched',
        schemaVersion: 2,
        occurredAt: '2026-03-02T08:00:00.000Z',
        recordedAt: '2026-03-02T08:00:00.000Z',
        actor: metadata.actor,
        correlationId: 'corr-1',
        causationId: null,
        data: fixture('RolloutLaunched.v2'),
      },
      {
        eventId: 'event-b',
        streamId: 'rollout-FM-2026',
        version: 2,
        type: 'RolloutTargetsSet',
        schemaVersion: 1,
        occurredAt: '2026-03-02T08:00:00.000Z',
        recordedAt: '2026-03-02T08:00:00.000Z',
        actor: metadata.actor,
        correlationId: 'corr-1',
        causationId: null,
        data: fixture('RolloutTargetsSet.v1'),
      },
    ]);
  });

  it('gives nothing for records that are not new commits', () => {
    // Prepare: a checkpoint item, a snapshot item, and a commit that was modified or removed.
    const checkpoint: CommitStreamRecord = {
      eventName: 'INSERT',
      dynamodb: { NewImage: marshall({ pk: 'checkpoint#local-bus', sk: 0, revision: 3, position: 'x' }) },
    };
    const snapshot: CommitStreamRecord = {
      eventName: 'INSERT',
      dynamodb: { NewImage: marshall({ pk: 'snapshot#v1#rollout-FM-2026', sk: 4, state: '{}' }) },
    };
    const commit = commitRecord(launch);
    const modified: CommitStreamRecord = { ...commit, eventName: 'MODIFY' };
    const removed: CommitStreamRecord = { eventName: 'REMOVE', dynamodb: {} };

    // Act
    const envelopes = splitCommits([checkpoint, snapshot, modified, removed]);

    // Assess
    expect(envelopes).toEqual([]);
  });

  it('lets an old schema version cross as stored, as the local change feed does; readers upcast it', () => {
    // Prepare: a rollout launched before RolloutLaunched v2 existed.
    const v1 = fixture('RolloutLaunched.v1');
    const record = commitRecord({
      ...launch,
      events: [{ type: 'RolloutLaunched', schemaVersion: 1, data: v1 }],
    });

    // Act
    const [envelope] = splitCommits([record]);

    // Assess
    expect(envelope).toMatchObject({ type: 'RolloutLaunched', schemaVersion: 1, data: v1 });
    const upcast = upcastEvent('RolloutLaunched', envelope?.schemaVersion ?? 0, envelope?.data);
    expect(upcast.schemaVersion).toBe(3);
  });

  it('splits a batch of commits of several streams, keeping the batch order', () => {
    // Prepare
    const first = commitRecord(launch, { eventIds: ['e1', 'e2'] });
    const other = commitRecord(
      {
        ...launch,
        streamId: 'rollout-RSK-2026',
        events: [{ type: 'RolloutTargetsSet', schemaVersion: 1, data: fixture('RolloutTargetsSet.v1') }],
      },
      { eventIds: ['e3'], recordedAt: '2026-03-02T08:00:01.000Z' },
    );
    const next = commitRecord(
      {
        ...launch,
        events: [{ type: 'RolloutTargetsSet', schemaVersion: 1, data: fixture('RolloutTargetsSet.v1') }],
      },
      { firstVersion: 3, eventIds: ['e4'], recordedAt: '2026-03-02T08:00:02.000Z' },
    );

    // Act
    const envelopes = splitCommits([first, other, next]);

    // Assess
    expect(envelopes.map((event) => [event.eventId, event.streamId, event.version])).toEqual([
      ['e1', 'rollout-FM-2026', 1],
      ['e2', 'rollout-FM-2026', 2],
      ['e3', 'rollout-RSK-2026', 1],
      ['e4', 'rollout-FM-2026', 3],
    ]);
  });

  it('refuses a damaged commit, so the pipe sends the batch to its dead-letter queue', () => {
    // Prepare: a commit item whose events are not JSON.
    const record = commitRecord(launch);
    const damaged: CommitStreamRecord = {
      eventName: 'INSERT',
      dynamodb: { NewImage: { ...record.dynamodb?.NewImage, events: { S: '{not json' } } },
    };

    // Act
    const split = () => splitCommits([damaged]);

    // Assess
    expect(split).toThrow();
  });
});

describe('the commit splitter publishing on the bus (the pipe target)', () => {
  const eventBridge = mockClient(EventBridgeClient);
  const sent: PutEventsRequestEntry[][] = [];

  beforeEach(() => {
    eventBridge.reset();
    sent.length = 0;
    process.env.NASEEJ_EVENT_BUS_NAME = 'naseej-test';
    // EventBridge as its API reference states it: 1 to 10 entries, 256 KB in all, else the
    // whole request is refused.
    eventBridge.on(PutEventsCommand).callsFake((input: { Entries: PutEventsRequestEntry[] }) => {
      const entries = input.Entries;
      const bytes = entries.reduce(
        (sum, entry) =>
          sum +
          entrySizeBytes({
            Source: entry.Source ?? '',
            DetailType: entry.DetailType ?? '',
            Detail: entry.Detail ?? '',
            ...(entry.Time === undefined ? {} : { Time: entry.Time }),
          }),
        0,
      );
      if (entries.length > 10 || bytes > 262_144) throw new Error('ValidationException');
      sent.push(entries);
      return {
        FailedEntryCount: 0,
        Entries: entries.map((_, index) => ({ EventId: `id-${sent.length}-${index}` })),
      };
    });
  });

  afterEach(() => {
    delete process.env.NASEEJ_EVENT_BUS_NAME;
  });

  const modules = (count: number, filler = ''): AppendRequest => ({
    ...launch,
    events: Array.from({ length: count }, (_, index) => ({
      type: 'ModuleCompleted',
      schemaVersion: 1,
      data: { moduleNumber: index + 1, notes: filler },
    })),
  });

  it('publishes a commit of 25 events in requests of 10, 10 and 5, each event once', async () => {
    // Prepare
    const record = commitRecord(modules(25), {
      eventIds: Array.from({ length: 25 }, (_, index) => `event-${index + 1}`),
    });

    // Act
    await handler([record]);

    // Assess
    expect(sent.map((request) => request.length)).toEqual([10, 10, 5]);
    const ids = sent.flat().map((entry) => (JSON.parse(entry.Detail ?? '{}') as { eventId: string }).eventId);
    expect(ids).toEqual(Array.from({ length: 25 }, (_, index) => `event-${index + 1}`));
    expect(sent.flat().every((entry) => entry.EventBusName === 'naseej-test')).toBe(true);
    expect(sent.flat()[0]).toMatchObject({ Source: 'naseej', DetailType: 'ModuleCompleted' });
  });

  it('publishes a commit of about 200 KB in requests of at most 256 KB', async () => {
    // Prepare: 4 events of 50,000 characters each, about 200 KB in all.
    const record = commitRecord(modules(4, 'x'.repeat(50_000)));

    // Act
    await handler([record]);

    // Assess
    expect(sent.map((request) => request.length)).toEqual([4]);
  });

  it('cuts a commit of about 300 KB where the next entry would pass 256 KB', async () => {
    // Prepare: 6 entries of about 50 KB; five fit in 256 KB, six do not.
    const record = commitRecord(modules(6, 'y'.repeat(50_000)));

    // Act
    await handler([record]);

    // Assess
    expect(sent.map((request) => request.length)).toEqual([5, 1]);
  });

  it('sends again only the entries EventBridge refused, until all are accepted', async () => {
    // Prepare: the first answer refuses the 2nd entry of 3 (as PutEvents does under throttling).
    const requests: string[][] = [];
    eventBridge.on(PutEventsCommand).callsFake((input: { Entries: PutEventsRequestEntry[] }) => {
      const ids = input.Entries.map(
        (entry) => (JSON.parse(entry.Detail ?? '{}') as { eventId: string }).eventId,
      );
      requests.push(ids);
      if (requests.length === 1) {
        return {
          FailedEntryCount: 1,
          Entries: [
            { EventId: 'a' },
            { ErrorCode: 'ThrottlingException', ErrorMessage: 'Rate exceeded' },
            { EventId: 'c' },
          ],
        };
      }
      return { FailedEntryCount: 0, Entries: input.Entries.map(() => ({ EventId: 'z' })) };
    });
    const record = commitRecord(modules(3), { eventIds: ['e1', 'e2', 'e3'] });

    // Act
    await handler([record]);

    // Assess
    expect(requests).toEqual([['e1', 'e2', 'e3'], ['e2']]);
  });

  it('throws when an entry is still refused, so the pipe retries the batch and then parks it', async () => {
    // Prepare
    eventBridge.on(PutEventsCommand).resolves({
      FailedEntryCount: 1,
      Entries: [{ ErrorCode: 'InternalFailure', ErrorMessage: 'boom' }],
    });
    const record = commitRecord(modules(1));
    const client = new EventBridgeClient({});
    const waits: number[] = [];

    // Act
    const publishing = publishCommits(
      [record],
      (entries) => client.send(new PutEventsCommand({ Entries: [...entries] })),
      'naseej-test',
      { sleep: async (ms) => void waits.push(ms) },
    );

    // Assess
    await expect(publishing).rejects.toThrow(
      'EventBridge refused 1 entries after 5 tries: InternalFailure: boom',
    );
    expect(waits).toEqual([100, 200, 400, 800]);
  });
});
