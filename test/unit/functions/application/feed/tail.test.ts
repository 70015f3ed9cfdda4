import { describe, expect, it } from 'vitest';
import { InMemoryEventStore } from '../../../../../functions/adapters/in-memory/event-store.js';
import { readGlobalTail } from '../../../../../functions/application/feed/tail.js';
import type { EventStore, StoredEvent } from '../../../../../functions/application/ports/event-store.js';
import { appendCountedCommits } from '../../../../support/counted-commits.js';

const readAll = async (store: EventStore): Promise<StoredEvent[]> =>
  (await store.readGlobal(null, { limit: 10_000 })).events as StoredEvent[];

describe('the tail of the global order', () => {
  it('is the last events, in order, with a checkpoint from which only newer events come', async () => {
    // Prepare
    const store = new InMemoryEventStore();
    await appendCountedCommits(store, 400);
    const everything = await readAll(store);
    // Act
    const tail = await readGlobalTail(store, 7);
    await appendCountedCommits(store, 2, { from: 400 });
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
    await appendCountedCommits(store, 2);
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
    await appendCountedCommits(store, 10);
    const everything = await readAll(store);
    const fromSixth = (await store.readGlobal(null, { limit: 5 })).checkpoint;
    // Act
    const tail = await readGlobalTail(store, 100, { startOfTail: async () => fromSixth });
    // Assess
    expect(tail.events.map((event) => event.eventId)).toEqual(everything.slice(5).map((e) => e.eventId));
  });
});
