import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CommitMetadata } from '../../events/envelope.js';
import {
  buildCommit,
  COMMIT_LIMIT_BYTES,
  commitItem,
  itemSizeBytes,
} from '../../functions/adapters/dynamodb/item-layout.js';
import type {
  AppendRequest,
  AppendResult,
  EventStore,
  EventToAppend,
  ExpectedVersion,
  GlobalCheckpoint,
  StoredEvent,
} from '../../functions/application/ports/event-store.js';
import {
  COMMIT_TOO_LARGE,
  INVALID_APPEND,
  INVALID_CHECKPOINT,
  isConcurrencyError,
  WRONG_EXPECTED_VERSION,
} from '../../functions/application/ports/event-store-errors.js';
import type { BeforePutInfo, Upcast } from '../../functions/application/ports/event-store-options.js';
import { gate } from './gate.js';

/** What the contract asks of an adapter's factory: the store's clock, ids, upcaster and test hook. */
export interface ContractStoreOptions {
  readonly clock: () => Date;
  readonly newId: () => string;
  readonly upcast?: Upcast;
  readonly beforePut: (info: BeforePutInfo) => Promise<void>;
  /** Commits per page when reading a stream, to force many pages. */
  readonly pageSize: number;
}

export interface ContractStore {
  readonly store: EventStore;
  /** A second instance over the same data with empty caches, as another Lambda would have. */
  readonly another: () => EventStore;
  readonly cleanup: () => Promise<void>;
}

export type MakeContractStore = (options: ContractStoreOptions) => Promise<ContractStore>;

const START = '2026-03-01T09:00:00.000Z';
const PAGE_SIZE = 3;

const metadata: CommitMetadata = {
  actor: { id: 'user-coordinator-1', role: 'coordinator' },
  correlationId: 'correlation-1',
  causationId: null,
};

const event = (type: string, data: unknown = {}): EventToAppend => ({ type, schemaVersion: 1, data });

const appendTo = (
  streamId: string,
  expectedVersion: ExpectedVersion,
  events: readonly EventToAppend[],
  extra: Partial<AppendRequest> = {},
): AppendRequest => ({ streamId, expectedVersion, events, metadata, ...extra });

const collect = async <T>(iterable: AsyncIterable<T>): Promise<T[]> => {
  const items: T[] = [];
  for await (const item of iterable) items.push(item);
  return items;
};

/** Reads the global order from `checkpoint` to its current end, page by page. */
const readGlobalToEnd = async (
  store: EventStore,
  checkpoint: GlobalCheckpoint,
  limit = 1_000,
): Promise<{ events: StoredEvent[]; checkpoint: GlobalCheckpoint }> => {
  const events: StoredEvent[] = [];
  let current = checkpoint;
  for (;;) {
    const page = await store.readGlobal(current, { limit });
    current = page.checkpoint;
    if (page.events.length === 0) return { events, checkpoint: current };
    events.push(...page.events);
  }
};

const positionsOf = (events: readonly StoredEvent[]): string[] =>
  events.map((stored) => `${stored.streamId}@${stored.version}`);

const settled = async <T>(promises: readonly Promise<T>[]) => Promise.allSettled(promises);

/**
 * The event store contract (docs/shared architecture decision 2). Every adapter runs it:
 *
 *   describeEventStoreContract('DynamoDbEventStore on dynalite', async (options) => ({ store, another, cleanup }));
 */
export const describeEventStoreContract = (name: string, makeStore: MakeContractStore): void => {
  describe(`${name}: event store contract`, () => {
    let now: number;
    let nextId: number;
    let beforePut: (info: BeforePutInfo) => Promise<void>;
    let made: ContractStore;
    let store: EventStore;
    let upcast: Upcast | undefined;

    const advance = (ms: number) => {
      now += ms;
    };

    const open = async (options: { upcast?: Upcast } = {}) => {
      made = await makeStore({
        clock: () => new Date(now),
        newId: () => {
          nextId += 1;
          return `event-${String(nextId).padStart(6, '0')}`;
        },
        ...(options.upcast ? { upcast: options.upcast } : {}),
        beforePut: (info) => beforePut(info),
        pageSize: PAGE_SIZE,
      });
      store = made.store;
    };

    beforeEach(async () => {
      now = Date.parse(START);
      nextId = 0;
      beforePut = async () => {};
      upcast = undefined;
      await open();
    });

    afterEach(async () => {
      await made.cleanup();
    });

    describe('appending and reading a stream', () => {
      it('stores a first commit at versions 1..n with the full envelope', async () => {
        // Act
        const result = await store.append(
          appendTo('association-1', 'no-stream', [event('Registered', { name: 'Amal' }), event('Verified')], {
            metadata: { ...metadata, causationId: 'command-1' },
          }),
        );

        // Assess
        expect(result).toMatchObject({
          streamId: 'association-1',
          firstVersion: 1,
          lastVersion: 2,
          duplicate: false,
        });
        const stored = await collect(store.readStream('association-1'));
        expect(stored).toEqual(result.events);
        expect(stored[0]).toEqual({
          eventId: expect.any(String),
          streamId: 'association-1',
          version: 1,
          type: 'Registered',
          schemaVersion: 1,
          occurredAt: START,
          recordedAt: START,
          actor: metadata.actor,
          correlationId: 'correlation-1',
          causationId: 'command-1',
          data: { name: 'Amal' },
        });
        expect(new Set(stored.map((e) => e.eventId)).size).toBe(2);
      });

      it('keeps versions dense across commits and an explicit occurredAt', async () => {
        // Prepare
        await store.append(appendTo('s', 'no-stream', [event('A'), event('B')]));
        advance(1_000);

        // Act
        await store.append(appendTo('s', 2, [{ ...event('C'), occurredAt: '2026-02-01T00:00:00.000Z' }]));
        await store.append(appendTo('s', 'any', [event('D'), event('E'), event('F')]));

        // Assess
        const stored = await collect(store.readStream('s'));
        expect(stored.map((e) => [e.version, e.type])).toEqual([
          [1, 'A'],
          [2, 'B'],
          [3, 'C'],
          [4, 'D'],
          [5, 'E'],
          [6, 'F'],
        ]);
        expect(stored[2]?.occurredAt).toBe('2026-02-01T00:00:00.000Z');
        expect(await store.streamVersion('s')).toBe(6);
        expect(await store.streamVersion('unknown')).toBe(0);
      });

      it('pages through a long stream, from the start or from any version', async () => {
        // Prepare: 40 commits of 1 to 3 events, read back by pages of 3 commits.
        let version = 0;
        for (let commit = 0; commit < 40; commit += 1) {
          const events = Array.from({ length: (commit % 3) + 1 }, (_, i) => event('Step', { commit, i }));
          version = (await store.append(appendTo('long', version === 0 ? 'no-stream' : version, events)))
            .lastVersion;
        }

        // Act
        const all = await collect(store.readStream('long'));
        const fromInsideACommit = await collect(made.another().readStream('long', { fromVersion: 6 }));
        const beyond = await collect(store.readStream('long', { fromVersion: version + 1 }));

        // Assess
        expect(all.map((e) => e.version)).toEqual(Array.from({ length: version }, (_, i) => i + 1));
        expect(fromInsideACommit.map((e) => e.version)).toEqual(
          Array.from({ length: version - 5 }, (_, i) => i + 6),
        );
        expect(beyond).toEqual([]);
      });

      it('refuses an append without events or to a reserved stream id, storing nothing', async () => {
        await expect(store.append(appendTo('s', 'no-stream', []))).rejects.toMatchObject({
          code: INVALID_APPEND,
        });
        await expect(store.append(appendTo('snapshot#s', 'any', [event('A')]))).rejects.toMatchObject({
          code: INVALID_APPEND,
        });
        expect(await store.streamVersion('s')).toBe(0);
      });

      it("refuses a stream id with a '#', the mark of the table's other records", async () => {
        // Act, Assess: IAM tells commits from other records by it (docs/adr/0061-table-access-by-key-prefix.md).
        await expect(
          store.append(appendTo('rollout-FM#2026', 'no-stream', [event('A')])),
        ).rejects.toMatchObject({
          code: INVALID_APPEND,
          message: expect.stringContaining("'#'"),
        });
        expect(await store.streamVersion('rollout-FM#2026')).toBe(0);
      });
    });

    describe('expected version', () => {
      it("refuses 'no-stream' when the stream exists", async () => {
        // Prepare
        await store.append(appendTo('s', 'no-stream', [event('A'), event('B')]));

        // Act
        const appending = store.append(appendTo('s', 'no-stream', [event('C')]));

        // Assess
        await expect(appending).rejects.toMatchObject({
          name: 'ConcurrencyError',
          code: WRONG_EXPECTED_VERSION,
          streamId: 's',
          expected: 'no-stream',
          actual: 2,
        });
        expect((await collect(store.readStream('s'))).map((e) => e.type)).toEqual(['A', 'B']);
      });

      it('refuses a version behind, ahead of, or inside a commit, from any instance', async () => {
        // Prepare: commits 1..3 and 4..5
        await store.append(appendTo('s', 'no-stream', [event('A'), event('B'), event('C')]));
        await store.append(appendTo('s', 3, [event('D'), event('E')]));
        const fresh = made.another();

        // Act
        const attempts = await settled(
          [3, 7, 2, 4].flatMap((expected) => [
            store.append(appendTo('s', expected, [event('X')])),
            fresh.append(appendTo('s', expected, [event('X')])),
          ]),
        );

        // Assess
        for (const attempt of attempts) {
          expect(attempt.status).toBe('rejected');
          if (attempt.status === 'rejected')
            expect(attempt.reason).toMatchObject({ code: WRONG_EXPECTED_VERSION, actual: 5 });
        }
        expect((await collect(store.readStream('s'))).map((e) => e.type)).toEqual(['A', 'B', 'C', 'D', 'E']);
      });

      it("appends with 'any' after whatever the stream holds", async () => {
        await store.append(appendTo('s', 'any', [event('A')]));
        const second = await made.another().append(appendTo('s', 'any', [event('B'), event('C')]));
        expect(second).toMatchObject({ firstVersion: 2, lastVersion: 3 });
      });

      it('lets exactly one of concurrent writers at the same expected version win', async () => {
        // Prepare
        await store.append(appendTo('s', 'no-stream', [event('Start')]));
        const writers = Array.from({ length: 8 }, (_, i) => (i % 2 === 0 ? store : made.another()));

        // Act
        const results = await settled(
          writers.map((writer, i) => writer.append(appendTo('s', 1, [event(`W${i}`), event(`W${i}`)]))),
        );

        // Assess
        const winners = results.filter((r) => r.status === 'fulfilled');
        const losers = results.filter((r) => r.status === 'rejected');
        expect(winners).toHaveLength(1);
        expect(losers.every((r) => isConcurrencyError(r.reason))).toBe(true);
        const stored = await collect(store.readStream('s'));
        expect(stored.map((e) => e.version)).toEqual([1, 2, 3]);
        expect(new Set(stored.slice(1).map((e) => e.type)).size).toBe(1);
      });
    });

    describe('command id', () => {
      it('returns the first result of a command for good, storing nothing again', async () => {
        // Prepare
        const first = await store.append(
          appendTo('s', 'no-stream', [event('A'), event('B')], { commandId: 'cmd-1' }),
        );
        await store.append(appendTo('s', 2, [event('C')]));
        advance(31 * 24 * 3_600_000);

        // Act: a month later, from another instance, with other expected versions and events
        const retries = [
          await made
            .another()
            .append(appendTo('s', 'no-stream', [event('A'), event('B')], { commandId: 'cmd-1' })),
          await store.append(appendTo('s', 'any', [event('Other')], { commandId: 'cmd-1' })),
          await store.append(appendTo('s', 3, [event('Other')], { commandId: 'cmd-1' })),
        ];

        // Assess
        for (const retry of retries) expect(retry).toEqual({ ...first, duplicate: true });
        expect(await store.streamVersion('s')).toBe(3);
      });

      it('tells a retry what its command returned, from any instance, and nothing for another id or stream', async () => {
        // Prepare
        const first = await store.append(
          appendTo('s', 'no-stream', [event('A'), event('B')], { commandId: 'cmd-1' }),
        );
        await store.append(appendTo('s', 2, [event('C')], { commandId: 'cmd-2' }));
        await store.append(appendTo('t', 'no-stream', [event('D')]));

        // Act
        const answers = [
          await store.commandResult('s', 'cmd-1'),
          await made.another().commandResult('s', 'cmd-1'),
          await store.commandResult('s', 'cmd-3'),
          await store.commandResult('t', 'cmd-1'),
          await made.another().commandResult('u', 'cmd-1'),
        ];

        // Assess
        expect(answers).toEqual([
          { ...first, duplicate: true },
          { ...first, duplicate: true },
          undefined,
          undefined,
          undefined,
        ]);
        expect((await store.commandResult('s', 'cmd-2'))?.firstVersion).toBe(3);
      });

      it('stores a command once when its retries race', async () => {
        // Prepare
        await store.append(appendTo('s', 'no-stream', [event('Start')]));

        // Act
        const results = await Promise.all(
          Array.from({ length: 6 }, (_, i) =>
            (i % 2 === 0 ? store : made.another()).append(
              appendTo('s', i < 3 ? 1 : 'any', [event('Once')], { commandId: 'cmd-race' }),
            ),
          ),
        );

        // Assess
        expect(results.filter((r: AppendResult) => !r.duplicate)).toHaveLength(1);
        expect(new Set(results.map((r) => r.firstVersion))).toEqual(new Set([2]));
        expect(await store.streamVersion('s')).toBe(2);
      });
    });

    describe('commit size', () => {
      const sizeOf = (events: EventToAppend[]) =>
        itemSizeBytes(
          commitItem(buildCommit(appendTo('s', 'no-stream', events), 1, START, ['event-000001'])),
        );

      it('refuses a commit over the item limit before writing anything', async () => {
        // Prepare
        await store.append(appendTo('s', 'no-stream', [event('A')]));
        const big = [event('Big', { text: 'x'.repeat(COMMIT_LIMIT_BYTES) })];

        // Act
        const appending = store.append(appendTo('s', 1, big));

        // Assess
        await expect(appending).rejects.toMatchObject({
          name: 'CommitTooLargeError',
          code: COMMIT_TOO_LARGE,
          limitBytes: COMMIT_LIMIT_BYTES,
          sizeBytes: expect.any(Number),
        });
        expect(await store.streamVersion('s')).toBe(1);
        expect((await readGlobalToEnd(store, null)).events).toHaveLength(1);
      });

      it('stores a commit just under the limit, with multi-byte text, intact', async () => {
        // Prepare: Arabic text takes two bytes a character in UTF-8; two events, each under the
        // 256 KB of a bus entry, fill the item.
        const base = sizeOf([event('Big', { text: '' }), event('Big', { text: '' })]);
        const text = 'ج'.repeat(Math.floor((COMMIT_LIMIT_BYTES - base - 200) / 4));
        const big = [event('Big', { text }), event('Big', { text })];
        expect(sizeOf(big)).toBeLessThan(COMMIT_LIMIT_BYTES);

        // Act
        await store.append(appendTo('s', 'no-stream', big));

        // Assess
        const stored = await collect(store.readStream('s'));
        expect(stored.map((one) => one.data)).toEqual([{ text }, { text }]);
      });

      it('refuses an event that would not fit in one bus entry (256 KB), though the item would', async () => {
        // Prepare: one event of 300,000 bytes: under the 400 KB item, over PutEvents' 262,144 bytes.
        const big = [event('Big', { text: 'x'.repeat(300_000) })];
        expect(sizeOf(big)).toBeLessThan(COMMIT_LIMIT_BYTES);

        // Act
        const appending = store.append(appendTo('s', 'no-stream', big));

        // Assess
        await expect(appending).rejects.toMatchObject({
          name: 'CommitTooLargeError',
          code: COMMIT_TOO_LARGE,
          limit: 'bus-entry',
          limitBytes: 262_144,
        });
        expect(await store.streamVersion('s')).toBe(0);
      });
    });

    describe('global order', () => {
      it('returns every event of every stream, in commit order, by pages that resume exactly', async () => {
        // Prepare
        const appended: StoredEvent[] = [];
        for (const [streamId, count] of [
          ['b', 2],
          ['a', 3],
          ['b', 1],
          ['c', 4],
          ['a', 1],
        ] as const) {
          advance(1_000);
          const result = await store.append(
            appendTo(
              streamId,
              'any',
              Array.from({ length: count }, () => event('E')),
            ),
          );
          appended.push(...result.events);
        }

        // Act: pages of 3 events, which cut commits
        const paged = await readGlobalToEnd(store, null, 3);
        const atOnce = await readGlobalToEnd(store, null);

        // Assess
        expect(positionsOf(paged.events)).toEqual(positionsOf(appended));
        expect(positionsOf(atOnce.events)).toEqual(positionsOf(appended));
        expect((await store.readGlobal(paged.checkpoint)).events).toEqual([]);
      });

      it('continues from a checkpoint with later commits only', async () => {
        // Prepare
        await store.append(appendTo('a', 'no-stream', [event('A1')]));
        const first = await readGlobalToEnd(store, null);
        advance(1_000);
        await store.append(appendTo('b', 'no-stream', [event('B1')]));
        advance(1);
        await store.append(appendTo('a', 1, [event('A2')]));

        // Act
        const next = await readGlobalToEnd(store, first.checkpoint);

        // Assess
        expect(positionsOf(next.events)).toEqual(['b@1', 'a@2']);
      });

      it('never skips a commit that lands after a later one was read', async () => {
        // Prepare: writer A takes its stamp and pauses before writing
        const pauseA = gate();
        beforePut = async (info) => {
          if (info.streamId === 'slow' && info.attempt === 1) {
            pauseA.arrive();
            await pauseA.opened;
          }
        };
        const slow = store.append(appendTo('slow', 'no-stream', [event('Slow')]));
        await pauseA.reached;
        advance(500);
        await made.another().append(appendTo('fast', 'no-stream', [event('Fast')]));
        const firstRead = await readGlobalToEnd(store, null);

        // Act
        pauseA.open();
        await slow;
        advance(500);
        const secondRead = await readGlobalToEnd(store, firstRead.checkpoint);
        const thirdRead = await readGlobalToEnd(store, secondRead.checkpoint);

        // Assess
        expect(positionsOf(firstRead.events)).toEqual(['fast@1']);
        expect(positionsOf(secondRead.events)).toEqual(['slow@1']);
        expect(thirdRead.events).toEqual([]);
      });

      it('never skips a writer paused for longer than the settle bound', async () => {
        // Prepare
        const pauseA = gate();
        beforePut = async (info) => {
          if (info.streamId === 'paused' && info.attempt === 1) {
            pauseA.arrive();
            await pauseA.opened;
          }
        };
        const paused = store.append(appendTo('paused', 'no-stream', [event('Late')]));
        await pauseA.reached;
        await store.append(appendTo('other', 'no-stream', [event('Other')]));
        advance(3_600_000);
        const firstRead = await readGlobalToEnd(store, null);

        // Act
        pauseA.open();
        await paused;
        advance(3_600_000);
        const secondRead = await readGlobalToEnd(store, firstRead.checkpoint);

        // Assess
        expect(positionsOf(firstRead.events)).toEqual(['other@1']);
        expect(positionsOf(secondRead.events)).toEqual(['paused@1']);
      });

      it('reads commits recorded over several days', async () => {
        // Prepare
        let checkpoint: GlobalCheckpoint = null;
        const read: StoredEvent[] = [];
        for (let day = 0; day < 4; day += 1) {
          await store.append(appendTo(`day-${day}`, 'no-stream', [event('A'), event('B')]));
          advance(26 * 3_600_000);
          if (day % 2 === 1) {
            const page = await readGlobalToEnd(store, checkpoint, 3);
            read.push(...page.events);
            checkpoint = page.checkpoint;
          }
        }

        // Act
        read.push(...(await readGlobalToEnd(store, checkpoint)).events);

        // Assess
        expect(positionsOf(read)).toEqual([0, 1, 2, 3].flatMap((day) => [`day-${day}@1`, `day-${day}@2`]));
      });

      it('refuses a checkpoint it did not write', async () => {
        await expect(store.readGlobal('not a checkpoint')).rejects.toMatchObject({
          code: INVALID_CHECKPOINT,
        });
      });
    });

    describe('upcasting', () => {
      it('returns upcast data when an upcaster is given', async () => {
        // Prepare
        await made.cleanup();
        upcast = (type, schemaVersion, data) =>
          type === 'Renamed' && schemaVersion === 1
            ? { schemaVersion: 2, data: { label: (data as { name: string }).name } }
            : { schemaVersion, data };
        await open({ upcast });
        await store.append(appendTo('s', 'no-stream', [event('Renamed', { name: 'Amal' })]));

        // Act
        const [stored] = await collect(store.readStream('s'));
        const { events } = await store.readGlobal(null);

        // Assess
        expect(stored).toMatchObject({ schemaVersion: 2, data: { label: 'Amal' } });
        expect(events[0]).toMatchObject({ schemaVersion: 2, data: { label: 'Amal' } });
      });
    });
  });
};
