import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { INVALID_CHECKPOINT } from '../../../functions/store/errors.js';
import {
  collectGlobalPage,
  decodeGlobalCheckpoint,
  encodeGlobalCheckpoint,
  type KeyedCommit,
} from '../../../functions/store/global-order.js';
import { globalKeyOf } from '../../../functions/store/item-layout.js';
import type { StoredEvent } from '../../../functions/store/port.js';

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
              visibleAt(commits, time, position.horizon),
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
      visibleAt(commits, 50, first.position.horizon),
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
});
