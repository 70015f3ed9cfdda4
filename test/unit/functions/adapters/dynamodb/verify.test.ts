import { marshall, unmarshall } from '@aws-sdk/util-dynamodb';
import { beforeEach, describe, expect, it } from 'vitest';
import { commitHashOf } from '../../../../../functions/adapters/dynamodb/commit-chain.js';
import {
  DIGEST_GENESIS,
  dayDigestOf,
  publishedDigests,
  sealSettledDays,
} from '../../../../../functions/adapters/dynamodb/integrity-digest.js';
import {
  verify,
  verifyStore,
  verifyStream,
} from '../../../../../functions/adapters/dynamodb/integrity-verify.js';
import { commitFromItem, commitItem } from '../../../../../functions/adapters/dynamodb/item-layout.js';
import { InMemoryEventStore } from '../../../../../functions/adapters/in-memory/event-store.js';
import type { CommitLog, RawItem } from '../../../../../functions/application/ports/commit-log.js';
import {
  AFTER_HISTORY,
  appendHistory,
  ManualClock,
  sequentialIds,
} from '../../../../support/integrity-history.js';

const setAttributes = (item: RawItem, changes: Record<string, unknown>): RawItem => ({
  ...item,
  ...marshall(changes),
});

describe('verify, on the in-memory store', () => {
  let clock: ManualClock;
  let store: InMemoryEventStore;
  let log: CommitLog;

  const itemAt = (streamId: string, version: number): RawItem => {
    const item = store.itemBelowTheStore(streamId, version);
    if (!item) throw new Error(`no item at ${streamId}@${version}`);
    return item;
  };

  beforeEach(async () => {
    clock = new ManualClock('2026-03-01T09:00:00.000Z');
    store = new InMemoryEventStore({ clock: clock.read, newId: sequentialIds() });
    log = store.commitLog();
    await appendHistory(store, clock);
    clock.set(AFTER_HISTORY);
    await sealSettledDays(log, clock.read());
  });

  it('verifies an untouched store, whole and stream by stream', async () => {
    // Act
    const whole = await verifyStore(log);
    const stream = await verify(log, { kind: 'stream', streamId: 'association-1' });

    // Assess
    expect(whole).toMatchObject({ ok: true, commitsChecked: 8, daysChecked: 3, problems: [] });
    expect(whole.firstProblem).toBeUndefined();
    expect(stream).toMatchObject({ ok: true, commitsChecked: 4, daysChecked: 2 });
  });

  it('names a commit whose data was altered below the store', async () => {
    // Prepare
    const item = itemAt('association-1', 2);
    const events = JSON.parse(item.events?.S ?? '[]');
    events[0].data.memberId = 'person-99';
    store.putItemBelowTheStore(setAttributes(item, { events: JSON.stringify(events) }));

    // Act
    const report = await verifyStore(log);

    // Assess
    expect(report.ok).toBe(false);
    expect(report.firstProblem).toMatchObject({ kind: 'altered', streamId: 'association-1', version: 2 });
    expect(await verifyStream(log, 'association-1')).toMatchObject({
      firstProblem: { kind: 'altered', streamId: 'association-1', version: 2 },
    });
  });

  it('names a commit removed from the middle of its stream', async () => {
    // Act
    store.deleteItemBelowTheStore('association-1', 2);
    const report = await verifyStream(log, 'association-1');

    // Assess
    expect(report.firstProblem).toMatchObject({ kind: 'missing', streamId: 'association-1', version: 2 });
  });

  it("names a stream's last commit removed, which only the day's digest can see", async () => {
    // Act
    store.deleteItemBelowTheStore('association-1', 4);
    const report = await verifyStore(log);

    // Assess
    expect(report.firstProblem).toMatchObject({
      kind: 'missing',
      streamId: 'association-1',
      version: 4,
      day: '2026-03-02',
    });
    expect(report.problems).toContainEqual(
      expect.objectContaining({ kind: 'digest-mismatch', day: '2026-03-02' }),
    );
  });

  it('names commits whose places in their stream were swapped', async () => {
    // Prepare: each item takes the other's content, keys kept
    const second = itemAt('association-1', 2);
    const third = itemAt('association-1', 3);
    const { pk, sk, ...secondContent } = second;
    const { pk: _pk, sk: _sk, ...thirdContent } = third;
    store.putItemBelowTheStore({ pk, sk, ...thirdContent } as RawItem);
    store.putItemBelowTheStore({ pk: third.pk, sk: third.sk, ...secondContent } as RawItem);

    // Act
    const report = await verifyStream(log, 'association-1');

    // Assess
    expect(report.firstProblem).toMatchObject({ kind: 'reordered', streamId: 'association-1', version: 2 });
  });

  it('names a commit altered and hashed again, from the next commit of its stream', async () => {
    // Prepare: an administrator who knows the algorithm recomputes the hash
    const commit = commitFromItem(itemAt('association-1', 1));
    const changed = {
      ...commit,
      events: [{ ...commit.events[0], data: { region: 'RSK' } }],
    } as typeof commit;
    store.putItemBelowTheStore(commitItem({ ...changed, hash: commitHashOf(changed) }));

    // Act
    const report = await verifyStore(log);

    // Assess
    expect(report.firstProblem).toMatchObject({ kind: 'altered', streamId: 'association-1', version: 1 });
  });

  it("names a stream's last commit altered and hashed again, from its day's sealed manifest", async () => {
    // Prepare
    const commit = commitFromItem(itemAt('association-2', 2));
    const changed = {
      ...commit,
      events: [{ ...commit.events[0], data: { memberId: 'person-6' } }],
    } as typeof commit;
    store.putItemBelowTheStore(commitItem({ ...changed, hash: commitHashOf(changed) }));

    // Act
    const report = await verifyStream(log, 'association-2');

    // Assess
    expect(report.firstProblem).toMatchObject({
      kind: 'altered',
      streamId: 'association-2',
      version: 2,
      day: '2026-03-03',
    });
  });

  it('names an item slipped inside a commit of several events', async () => {
    // Prepare: call-1's first commit holds versions 1 and 2; a forged commit is put at 2,
    // chained to commit 1 and hashed correctly
    const first = commitFromItem(itemAt('call-1', 1));
    const forged = {
      ...first,
      firstVersion: 2,
      lastVersion: 2,
      events: [first.events[1]],
      prevHash: first.hash,
    } as typeof first;
    store.putItemBelowTheStore(commitItem({ ...forged, hash: commitHashOf(forged) }));

    // Act
    const report = await verifyStream(log, 'call-1');

    // Assess
    expect(report.firstProblem).toMatchObject({ kind: 'inserted', streamId: 'call-1', version: 2 });
  });

  it('names a commit backdated into a sealed day', async () => {
    // Prepare: a whole new stream, hashed correctly, slipped into the first day
    const forged = commitFromItem(itemAt('association-2', 1));
    const backdated = {
      ...forged,
      streamId: 'association-9',
      recordedAt: '2026-03-01T15:00:00.000Z',
    };
    store.putItemBelowTheStore(commitItem({ ...backdated, hash: commitHashOf(backdated) }));

    // Act
    const report = await verifyStore(log);

    // Assess
    expect(report.firstProblem).toMatchObject({ kind: 'inserted', streamId: 'association-9', version: 1 });
  });

  it('finds a day whose digest and manifest were rewritten, when checked against the published list', async () => {
    // Prepare: the list was published before the rewrite; the store's own digests are then
    // recomputed over a removed commit, so the store agrees with itself (and the rewritten
    // manifest cannot be trusted to name the commit)
    const published = await publishedDigests(log);
    const rewritten = new InMemoryEventStore({ clock: clock.read, newId: sequentialIds() });
    await appendHistory(rewritten, clock);
    rewritten.deleteItemBelowTheStore('association-2', 2);
    clock.set(AFTER_HISTORY);
    await sealSettledDays(rewritten.commitLog(), clock.read());

    // Act
    const selfConsistent = await verifyStore(rewritten.commitLog());
    const againstPublished = await verifyStore(rewritten.commitLog(), { published });

    // Assess
    expect(selfConsistent.ok).toBe(true);
    expect(againstPublished.firstProblem).toMatchObject({ kind: 'digest-mismatch', day: '2026-03-03' });
  });
});

describe('daily digests, on the in-memory store', () => {
  it('seals only settled days, each once, empty days included, chained from the genesis value', async () => {
    // Prepare
    const clock = new ManualClock('2026-03-01T09:00:00.000Z');
    const store = new InMemoryEventStore({ clock: clock.read, newId: sequentialIds() });
    const log = store.commitLog();
    await appendHistory(store, clock);

    // Act
    clock.set('2026-03-02T23:59:59.999Z');
    const first = await sealSettledDays(log, clock.read());
    clock.set('2026-03-06T00:00:00.000Z');
    const then = await sealSettledDays(log, clock.read());
    const again = await sealSettledDays(log, clock.read());

    // Assess
    expect(first.map((digest) => [digest.day, digest.commitCount])).toEqual([['2026-03-01', 4]]);
    expect(then.map((digest) => [digest.day, digest.commitCount])).toEqual([
      ['2026-03-02', 3],
      ['2026-03-03', 1],
      ['2026-03-04', 0],
      ['2026-03-05', 0],
    ]);
    expect(again).toEqual([]);
    const all = await log.digests();
    expect(all[0]?.previousDigest).toBe(DIGEST_GENESIS);
    expect(all.slice(1).map((digest) => digest.previousDigest)).toEqual(
      all.slice(0, -1).map((digest) => digest.digest),
    );
  });

  it("chains the day's commit hashes in global order into the published digest", async () => {
    // Prepare
    const clock = new ManualClock('2026-03-01T09:00:00.000Z');
    const store = new InMemoryEventStore({ clock: clock.read, newId: sequentialIds() });
    const log = store.commitLog();
    await appendHistory(store, clock);
    clock.set(AFTER_HISTORY);
    await sealSettledDays(log, clock.read());
    const dayOne = [
      ['association-1', 1],
      ['call-1', 1],
      ['association-1', 2],
      ['association-1', 3],
    ].map(
      ([streamId, version]) =>
        unmarshall(store.itemBelowTheStore(String(streamId), Number(version)) ?? {}).hash,
    );

    // Act
    const [published] = await publishedDigests(log);

    // Assess
    expect(published).toEqual({
      day: '2026-03-01',
      digest: dayDigestOf('2026-03-01', DIGEST_GENESIS, dayOne),
      commitCount: 4,
    });
  });
});
