import { readFileSync } from 'node:fs';
import { marshall } from '@aws-sdk/util-dynamodb';
import { describe, expect, it } from 'vitest';
import { upcastEvent } from '../../../events/catalog.js';
import {
  type CommitStreamRecord,
  handler,
  splitCommits,
} from '../../../functions/handlers/commit-splitter.js';
import { buildCommit, commitItem } from '../../../functions/store/item-layout.js';
import type { AppendRequest } from '../../../functions/store/port.js';

const fixture = (name: string): unknown =>
  JSON.parse(readFileSync(new URL(`../../../events/fixtures/${name}.json`, import.meta.url), 'utf8'));

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
    expect(upcast.schemaVersion).toBe(2);
  });

  it('splits a batch of commits of several streams, keeping the batch order', async () => {
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
    const envelopes = await handler([first, other, next]);

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
