import { describe, expect, it } from 'vitest';
import { InMemoryEventStore } from '../../../../../functions/adapters/in-memory/event-store.js';
import { readGlobalTail } from '../../../../../functions/application/feed/tail.js';
import type { EventStore, StoredEvent } from '../../../../../functions/application/ports/event-store.js';

const metadata = {
  actor: { id: 'user-1', role: 'ministry' as const },
  correlationId: 'c-1',
  causationId: null,
};

/** Appends commits `from` … `from + commits - 1`, commit i of (i mod 3) + 1 events, to streams s-0 … s-3. */
const appendCommits = async (store: EventStore, commits: number, from = 0): Promise<void> => {
  for (let index = from; index < from + commits; index += 1) {
    await store.append({
      streamId: `s-${index % 4}`,
      expectedVersion: 'any',
      events: Array.from({ length: (index % 3) + 1 }, (_, n) => ({
        type: 'Counted',
        schemaVersion: 1,
        data: { index, n },
      })),
      metadata,
    });
  }
};

const readAll = async (store: EventStore): Promise<StoredEvent[]> =>
  (await store.readGlobal(null, { limit: 10_000 })).events as StoredEvent[];

describe('the tail of the global order', () => {
  it('is the last events, in order, with a checkpoint from which only newer events come', async () => {
    // Prepare
    const store = new InMemoryEventStore();
    await appendCommits(store, 400);
    const everything = await readAll(store);
    // Act
    const tail = await readGlobalTail(store, 7);
    await appendCommits(store, 2, 400);
    const next = await store.readGlobal(tail.checkpoint, { limit: 100 });
    // Assess
    expect(everything.length).toBeGreaterThan(500);
    expect(tail.events.map((event) => event.eventId)).toEqual(everything.slice(-7).map((e) => e.eventId));
    expect(next.events.map((event) => event.data)).toEqual([
      { index: 400, n: 0 },
      { index: 400, n: 1 },
      { index: 401, n: 0 },
      { index: 401, n: 1 },
      { index: 401, n: 2 },
    ]);
  });

  it('is the whole history when it is shorter than asked, and nothing on an empty store', async () => {
    // Prepare
    const store = new InMemoryEventStore();
    const empty = await readGlobalTail(store, 5);
    await appendCommits(store, 2);
    // Act
    const short = await readGlobalTail(store, 5);
    // Assess
    expect(empty.events).toEqual([]);
    expect(short.events.map((event) => event.data)).toEqual([
      { index: 0, n: 0 },
      { index: 1, n: 0 },
      { index: 1, n: 1 },
    ]);
  });

  it('starts where the finder places it', async () => {
    // Prepare
    const store = new InMemoryEventStore();
    await appendCommits(store, 10);
    const everything = await readAll(store);
    const fromSixth = (await store.readGlobal(null, { limit: 5 })).checkpoint;
    // Act
    const tail = await readGlobalTail(store, 100, { startOfTail: async () => fromSixth });
    // Assess
    expect(tail.events.map((event) => event.eventId)).toEqual(everything.slice(5).map((e) => e.eventId));
  });
});
