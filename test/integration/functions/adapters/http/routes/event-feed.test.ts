import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ScanCommand } from '@aws-sdk/client-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CommitMetadata } from '../../../../../../events/envelope.js';
import { DynamoDbEventStore } from '../../../../../../functions/adapters/dynamodb/event-store.js';
import { dynamoDbFeedServices } from '../../../../../../functions/adapters/dynamodb/feed-cursors.js';
import { eventRoutes } from '../../../../../../functions/adapters/http/routes/events.js';
import { InMemoryIdempotencyStore } from '../../../../../../functions/adapters/in-memory/idempotency.js';
import { FEED_CURSOR_RETENTION_SECONDS } from '../../../../../../functions/application/feed/cursor.js';
import type { EventToAppend } from '../../../../../../functions/application/ports/event-store.js';
import type { FeedServices } from '../../../../../../functions/application/ports/feed-cursors.js';
import { DevAuth } from '../../../../../../local/dev-auth.js';
import type { DynaliteServer } from '../../../../../../local/dynalite/server.js';
import { type LocalHttpServer, startHttpServer } from '../../../../../../local/http-server.js';
import { createFreshEventStoreTable, startDynalite } from '../../../../../support/dynalite.js';

// `GET /events` over HTTP on dynalite, with the DynamoDB event store (its default 60 s settle
// window, so its checkpoints grow with the writes) and the feed's DynamoDB cursors and tail finder.

interface FeedPage {
  events: { eventId: string; type: string; streamId: string; version: number; actor: object }[];
  checkpoint: string | null;
  scanned: number;
}

const fixture = (type: string): EventToAppend => ({
  type,
  schemaVersion: 1,
  data: JSON.parse(
    readFileSync(join(import.meta.dirname, '../../../../../../events/fixtures', `${type}.v1.json`), 'utf8'),
  ),
});
const metadata: CommitMetadata = {
  actor: { id: 'minister-1', role: 'ministry' },
  correlationId: 'correlation-1',
  causationId: null,
};

let dynalite: DynaliteServer;
let tableName: string;
let store: DynamoDbEventStore;
let feed: FeedServices;
let server: LocalHttpServer;
let now = '2026-03-01T09:00:00.000Z';
const tokens = { ministry: '', reader: '' };

/** Appends one commit of 1 to 3 public events to `streamId`; answers their event ids. */
const appendCommit = async (streamId: string, size: number): Promise<string[]> => {
  const result = await store.append({
    streamId,
    expectedVersion: 'any',
    events: Array.from({ length: size }, () => fixture('RolloutTargetsSet')),
    metadata,
  });
  return result.events.map((event) => event.eventId);
};

const read = async (query: string, token = tokens.ministry) => {
  const response = await fetch(`${server.url}${query}`, { headers: { authorization: `Bearer ${token}` } });
  return { status: response.status, json: (await response.json()) as FeedPage & Record<string, unknown> };
};

const feedCursorRecords = async (): Promise<number> => {
  const scan = await dynalite.client.send(
    new ScanCommand({
      TableName: tableName,
      FilterExpression: 'begins_with(pk, :prefix)',
      ExpressionAttributeValues: { ':prefix': { S: 'feed-cursor#' } },
    }),
  );
  return scan.Count ?? 0;
};

beforeAll(async () => {
  dynalite = await startDynalite();
  tableName = await createFreshEventStoreTable(dynalite);
  store = new DynamoDbEventStore({ client: dynalite.client, tableName });
  feed = dynamoDbFeedServices({ client: dynalite.client, tableName });
  const auth = await DevAuth.create();
  let ids = 0;
  server = await startHttpServer({
    routes: eventRoutes,
    auth,
    deps: Object.assign(
      {
        store,
        idempotency: new InMemoryIdempotencyStore(),
        clock: () => now,
        newId: () => {
          ids += 1;
          return `id-${ids}`;
        },
      },
      { feed },
    ),
  });
  tokens.ministry = await auth.mint({ subject: 'minister-1', roles: ['ministry'] });
  tokens.reader = await auth.mint({ subject: 'public-dashboard', roles: ['reader'] });
});

afterAll(async () => {
  await server?.close();
  await dynalite?.stop();
});

describe('the event feed with cursors', () => {
  it('pages through a feed far longer than a page, with writers racing, every event once and short cursors', async () => {
    // Prepare: some history, then four writers appending commits of 1 to 3 events meanwhile.
    const appended: string[] = [];
    for (let index = 0; index < 10; index += 1) appended.push(...(await appendCommit(`s-${index % 5}`, 2)));
    let writing = true;
    const writers = Promise.all(
      Array.from({ length: 4 }, async (_, writer) => {
        for (let index = 0; index < 20; index += 1) {
          appended.push(...(await appendCommit(`w-${writer}-${index % 3}`, (index % 3) + 1)));
        }
      }),
    ).finally(() => {
      writing = false;
    });
    // Act: read pages of 10 until the writers are done and a page brings nothing.
    const seen: string[] = [];
    const cursors: string[] = [];
    let after: string | null = null;
    for (;;) {
      const stillWriting = writing;
      const query: string = `/events?limit=10${after === null ? '' : `&after=${encodeURIComponent(after)}`}`;
      const page = await read(query);
      expect(page.status).toBe(200);
      seen.push(...page.json.events.map((event) => event.eventId));
      after = page.json.checkpoint;
      cursors.push(after ?? '');
      if (!stillWriting && page.json.events.length === 0) break;
    }
    await writers;
    // Assess
    expect(appended.length).toBeGreaterThan(150);
    expect([...seen].sort()).toEqual([...appended].sort());
    expect(new Set(seen).size).toBe(seen.length);
    expect(cursors.every((cursor) => /^c1\.[A-Za-z0-9_-]{24}$/.test(cursor))).toBe(true);
    const behindTheLast = await feed.cursors.find(after ?? '', Date.parse(now) / 1000);
    expect(behindTheLast?.length).toBeGreaterThan(2_000);
  });

  it('answers the same cursor when nothing new was recorded, and keeps no new record for it', async () => {
    // Prepare: some history of its own, read to its end
    await appendCommit('s-same', 2);
    let page = await read('/events?limit=500');
    while (page.json.events.length > 0) {
      page = await read(`/events?limit=500&after=${page.json.checkpoint}`);
    }
    const cursor = page.json.checkpoint;
    const records = await feedCursorRecords();
    // Act
    const again = await read(`/events?limit=500&after=${cursor}`);
    const andAgain = await read(`/events?limit=500&after=${cursor}`);
    // Assess
    expect([again.json.checkpoint, andAgain.json.checkpoint]).toEqual([cursor, cursor]);
    expect(again.json.events).toEqual([]);
    expect(await feedCursorRecords()).toBe(records);
  });

  it('starts at the end with from=latest: the last events, then only newer ones', async () => {
    // Prepare: more than five events of its own
    for (const size of [3, 2, 1]) await appendCommit('s-latest', size);
    let everything: string[] = [];
    let page = await read('/events?limit=500');
    for (;;) {
      everything = [...everything, ...page.json.events.map((event) => event.eventId)];
      if (page.json.events.length === 0) break;
      page = await read(`/events?limit=500&after=${page.json.checkpoint}`);
    }
    // Act
    const latest = await read('/events?from=latest&limit=5');
    const added = await appendCommit('s-late', 2);
    const next = await read(`/events?after=${latest.json.checkpoint}`);
    // Assess
    expect(latest.status).toBe(200);
    expect(latest.json.events.map((event) => event.eventId)).toEqual(everything.slice(-5));
    expect(latest.json.checkpoint).toMatch(/^c1\./);
    expect(next.json.events.map((event) => event.eventId)).toEqual(added);
  });

  it('refuses a forged cursor with 400 naming `after`, and an unknown or expired one with 410', async () => {
    // Prepare: a cursor behind an event of its own
    await appendCommit('s-cursor', 1);
    const current = (await read('/events?from=latest&limit=1')).json.checkpoint ?? '';
    const rawCheckpoint = JSON.stringify({ v: 1, h: null, d: [], p: [] });
    // Act
    const forged = await read(`/events?after=${encodeURIComponent(rawCheckpoint)}`);
    const tooShort = await read('/events?after=c1.abc');
    const both = await read(`/events?from=latest&after=${current}`);
    const unknown = await read('/events?after=c1.AAAAAAAAAAAAAAAAAAAAAAAA');
    const before = now;
    now = new Date(Date.parse(now) + (FEED_CURSOR_RETENTION_SECONDS + 60) * 1000).toISOString();
    const expired = await read(`/events?after=${current}`);
    now = before;
    // Assess
    for (const refused of [forged, tooShort]) {
      expect(refused.status).toBe(400);
      expect(refused.json).toMatchObject({
        code: 'VALIDATION_FAILED',
        errors: [expect.objectContaining({ pointer: '/query/after' })],
      });
    }
    expect(both.status).toBe(400);
    expect(both.json.errors).toEqual([expect.objectContaining({ pointer: '/query/from' })]);
    for (const gone of [unknown, expired]) {
      expect(gone.status).toBe(410);
      expect(gone.json).toMatchObject({
        code: 'FEED_CURSOR_EXPIRED',
        title: 'Gone',
        errors: [expect.objectContaining({ pointer: '/query/after' })],
      });
    }
  });

  it("reads one stream's events in version order, public ones only for a reader", async () => {
    // Prepare
    await store.append({
      streamId: 'rollout-FM-2026',
      expectedVersion: 'any',
      events: [fixture('RolloutLaunched'), fixture('RolloutEscalated'), fixture('RolloutTargetsSet')],
      metadata,
    });
    // Act
    const asMinistry = await read('/streams/rollout-FM-2026/events');
    const asReader = await read('/streams/rollout-FM-2026/events', tokens.reader);
    const firstPage = await read('/streams/rollout-FM-2026/events?limit=2');
    const secondPage = await read(
      `/streams/rollout-FM-2026/events?limit=2&fromVersion=${firstPage.json.nextVersion}`,
    );
    // Assess
    expect(asMinistry.json.events.map((event) => event.type)).toEqual([
      'RolloutLaunched',
      'RolloutEscalated',
      'RolloutTargetsSet',
    ]);
    expect(asReader.json.events.map((event) => event.type)).toEqual(['RolloutLaunched', 'RolloutTargetsSet']);
    expect(asReader.json.events[0]?.actor).toEqual({ role: 'ministry' });
    expect([firstPage.json.nextVersion, secondPage.json.nextVersion]).toEqual([3, null]);
    expect(secondPage.json.events.map((event) => event.version)).toEqual([3]);
  });
});
