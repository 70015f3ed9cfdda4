import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  collectGlobalPage,
  decodeGlobalCheckpoint,
  encodeGlobalCheckpoint,
  type KeyedCommit,
  readFromKey,
} from '../../../../../functions/adapters/dynamodb/global-order.js';
import { globalKeyOf } from '../../../../../functions/adapters/dynamodb/item-layout.js';
import type { StoredEvent } from '../../../../../functions/application/ports/event-store.js';
import { INVALID_CHECKPOINT } from '../../../../../functions/application/ports/event-store-errors.js';

const SETTLE_MS = 20;
const EPOCH = Date.parse('2026-03-01T09:00:00.000Z');
const iso = (ms: number) => new Date(EPOCH + ms).toISOString();

interface SimulatedCommit extends KeyedCommit {
  /** When the commit becomes visible; always before its stamp plus the settle bound. */
  readonly landsAt: number;
}

const simulatedCommit = (
  index: number,
  stampedAt: number,
  landsAfter: number,
  size: number,
): SimulatedCommit => {
  const streamId = `stream-${index}`;
  const recordedAt = iso(stampedAt);
  const events = Array.from(
    { length: size },
    (_, i) => ({ streamId, version: i + 1, recordedAt }) as StoredEvent,
  );
  return { key: globalKeyOf(recordedAt, streamId, 1), events, landsAt: stampedAt + landsAfter };
};

async function* visibleAt(commits: readonly SimulatedCommit[], time: number, horizon: string | null) {
  const visible = commits
    .filter((commit) => commit.landsAt <= time && (horizon === null || commit.key >= horizon))
    .sort((a, b) => (a.key < b.key ? -1 : 1));
  yield* visible;
}

const commitArbitrary = fc.record({
  stampedAt: fc.integer({ min: 0, max: 200 }),
  // A writer may land just before its stamp (a stamp moved after its stream's previous commit)
  // and at the latest one millisecond before the settle bound runs out.
  landsAfter: fc.integer({ min: -5, max: SETTLE_MS - 1 }),
  size: fc.integer({ min: 1, max: 3 }),
});

const readArbitrary = fc.record({
  at: fc.integer({ min: 0, max: 260 }),
  limit: fc.integer({ min: 1, max: 4 }),
});

describe('the global order reader', () => {
  it('delivers every event exactly once, whatever the interleaving of writers and reads', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(commitArbitrary, { minLength: 1, maxLength: 12 }),
        fc.array(readArbitrary, { maxLength: 15 }),
        async (commitSpecs, readSpecs) => {
          // Prepare
          const commits = commitSpecs.map((spec, index) =>
            simulatedCommit(index, spec.stampedAt, spec.landsAfter, spec.size),
          );
          const reads = [...readSpecs].sort((a, b) => a.at - b.at);
          const finalTime = 260 + 2 * SETTLE_MS;
          let checkpoint: string | null = null;
          const delivered: StoredEvent[] = [];
          const readOnce = async (time: number, limit: number) => {
            const position = decodeGlobalCheckpoint(checkpoint);
            const page = await collectGlobalPage(
              position,
              visibleAt(commits, time, readFromKey(position)),
              limit,
              iso(time - SETTLE_MS),
            );
            checkpoint = encodeGlobalCheckpoint(page.position);
            delivered.push(...page.events);
            return page.events.length;
          };

          // Act: the random reads, then reads until the end once everything has landed
          for (const read of reads) await readOnce(read.at, read.limit);
          while ((await readOnce(finalTime, 2)) > 0) {}

          // Assess
          const positions = delivered.map((event) => `${event.streamId}@${event.version}`);
          const expected = commits.flatMap((commit) =>
            commit.events.map((e) => `${e.streamId}@${e.version}`),
          );
          expect(positions.sort()).toEqual(expected.sort());
        },
      ),
      { numRuns: 300 },
    );
  });

  it('delivers the events of one read in key order, a commit cut by the limit resuming where it stopped', async () => {
    // Prepare
    const commits = [simulatedCommit(2, 10, 0, 3), simulatedCommit(1, 5, 0, 2)];

    // Act
    const first = await collectGlobalPage(
      decodeGlobalCheckpoint(null),
      visibleAt(commits, 50, null),
      3,
      iso(30),
    );
    const second = await collectGlobalPage(
      first.position,
      visibleAt(commits, 50, readFromKey(first.position)),
      3,
      iso(30),
    );

    // Assess
    expect(first.events.map((e) => `${e.streamId}@${e.version}`)).toEqual([
      'stream-1@1',
      'stream-1@2',
      'stream-2@1',
    ]);
    expect(second.events.map((e) => `${e.streamId}@${e.version}`)).toEqual(['stream-2@2', 'stream-2@3']);
  });

  it('refuses a checkpoint that is not one of its own', () => {
    for (const checkpoint of ['{', '{"v":2,"h":null,"d":[],"p":null}', '42']) {
      expect(() => decodeGlobalCheckpoint(checkpoint)).toThrow(
        expect.objectContaining({ code: INVALID_CHECKPOINT }),
      );
    }
  });

  it('delivers a commit the index shows after the settle bound, within the late window, and reports it', async () => {
    // Prepare: AWS's settle bound (60 s) and a late window of 60 s; commit 2 is stamped at 1 s
    // but its index entry shows only at 100 s, long after readers passed its key.
    const settle = 60_000;
    const commits = [
      simulatedCommit(1, 0, 0, 1),
      simulatedCommit(2, 1_000, 99_000, 1),
      simulatedCommit(3, 2_000, 0, 1),
    ];
    let position = decodeGlobalCheckpoint(null);
    const delivered: string[] = [];
    const late: string[] = [];
    const read = async (time: number) => {
      const page = await collectGlobalPage(
        position,
        visibleAt(commits, time, readFromKey(position)),
        10,
        iso(time - settle),
        {
          lateSince: iso(time - 2 * settle),
        },
      );
      position = page.position;
      delivered.push(...page.events.map((event) => event.streamId));
      late.push(...page.late);
    };

    // Act: reads at 5 s, 70 s (the horizon passes commit 2's key), then 100 s and 110 s.
    for (const time of [5_000, 70_000, 100_000, 110_000]) await read(time);

    // Assess
    expect(delivered).toEqual(['stream-1', 'stream-3', 'stream-2']);
    expect(late).toEqual([globalKeyOf(iso(1_000), 'stream-2', 1)]);
  });

  it('keeps a checkpoint under 400 KB at 150 commits/s under the 60 s settle bound, delivering each commit once', async () => {
    // Prepare: 70 s of commits every 6.67 ms (150/s) with stream ids of 32 characters; before
    // the bound, the keys of the last 60 s alone took about 640 KB.
    const settle = 60_000;
    const commits = Array.from({ length: 10_500 }, (_, index) => {
      const stampedAt = Math.floor((index * 20) / 3);
      const streamId = `rollout-FM-2026/association-${String(index).padStart(4, '0')}`;
      const recordedAt = iso(stampedAt);
      return {
        key: globalKeyOf(recordedAt, streamId, 1),
        events: [{ streamId, version: 1, recordedAt } as StoredEvent],
        landsAt: stampedAt + 5,
      };
    });
    let position = decodeGlobalCheckpoint(null);
    let largest = 0;
    let count = 0;
    const seen = new Set<string>();

    // Commits are in key order already: a read starts at its floor and stops at what has not landed.
    async function* sortedVisibleAt(time: number, from: string | null) {
      let low = 0;
      let high = commits.length;
      while (low < high) {
        const middle = (low + high) >> 1;
        if (from !== null && (commits[middle]?.key ?? '') < from) low = middle + 1;
        else high = middle;
      }
      for (let index = low; index < commits.length; index += 1) {
        const commit = commits[index] as (typeof commits)[number];
        if (commit.landsAt > time) return;
        yield commit;
      }
    }

    // Act: a read of up to 1,000 events every 2 s, until well after the last commit settled.
    for (let time = 2_000; time <= 160_000; time += 2_000) {
      const page = await collectGlobalPage(
        position,
        sortedVisibleAt(time, readFromKey(position)),
        1_000,
        iso(time - settle),
        {
          lateSince: iso(time - 2 * settle),
        },
      );
      position = page.position;
      largest = Math.max(largest, Buffer.byteLength(encodeGlobalCheckpoint(position), 'utf8'));
      for (const event of page.events) seen.add(event.streamId);
      count += page.events.length;
    }

    // Assess
    expect(largest).toBeLessThan(400 * 1024 - 1_024);
    expect(count).toBe(10_500);
    expect(seen.size).toBe(10_500);
  });
});
