import { describe, expect, it } from 'vitest';
import { InMemoryEventStore } from '../../../../functions/adapters/in-memory/event-store.js';
import { loadStream } from '../../../../functions/application/execute-command.js';
import { withFoldCache } from '../../../../functions/application/fold-cache.js';
import type { EventStore, StoredEvent } from '../../../../functions/application/ports/event-store.js';

// loadStream keeps the states it folded when the store carries a fold cache (`withFoldCache`,
// composed where a runtime is built): a stream loaded again decodes and folds only its new events,
// and gives the same state as a fold from the start. A store without one folds from the start.

const metadata = {
  actor: { id: 'officer', role: 'ministry' as const },
  correlationId: 'c',
  causationId: null,
};

const appendCounts = (store: EventStore, streamId: string, counts: readonly number[]) =>
  store.append({
    streamId,
    expectedVersion: 'any',
    events: counts.map((count) => ({ type: 'Counted', schemaVersion: 1, data: { count } })),
    metadata,
  });

interface Tally {
  readonly total: number;
  readonly seen: readonly number[];
}

const tally = {
  initialState: (): Tally => ({ total: 0, seen: [] }),
  evolve: (state: Tally, event: { count: number }): Tally => ({
    total: state.total + event.count,
    seen: [...state.seen, event.count],
  }),
};

/** A decoder that counts the events it decodes. */
const countingDecoder = () => {
  const decoded: number[] = [];
  const decode = (stored: StoredEvent) => {
    decoded.push(stored.version);
    return stored.data as { count: number };
  };
  return { decoded, decode };
};

describe('loadStream', () => {
  it('folds only the events appended since the last load, to the same state as a full fold', async () => {
    // Given a stream loaded once through a fold cache
    const inner = new InMemoryEventStore();
    const store = withFoldCache(inner);
    await appendCounts(inner, 'tally-1', [1, 2, 3]);
    const { decoded, decode } = countingDecoder();
    await loadStream(store, 'tally-1', tally, decode);
    // When two more events are appended and it is loaded again
    await appendCounts(inner, 'tally-1', [4, 5]);
    const loaded = await loadStream(store, 'tally-1', tally, decode);
    // Then only those two were decoded again, and the state is the whole fold
    expect(decoded).toEqual([1, 2, 3, 4, 5]);
    expect(loaded).toEqual({ state: { total: 15, seen: [1, 2, 3, 4, 5] }, version: 5 });
    const fresh = await loadStream(new InMemoryEventStore(), 'tally-1', tally, decode);
    expect(fresh.version).toBe(0);
  });

  it('folds every event on every load when the store carries no fold cache', async () => {
    // Given a store that was not wrapped with a fold cache, and a stream loaded once
    const store = new InMemoryEventStore();
    await appendCounts(store, 'tally-4', [1, 2]);
    const { decoded, decode } = countingDecoder();
    await loadStream(store, 'tally-4', tally, decode);
    // When one more event is appended and the stream is loaded again
    await appendCounts(store, 'tally-4', [3]);
    const loaded = await loadStream(store, 'tally-4', tally, decode);
    // Then every event was decoded again, to the same state
    expect(decoded).toEqual([1, 2, 1, 2, 3]);
    expect(loaded).toEqual({ state: { total: 6, seen: [1, 2, 3] }, version: 3 });
  });

  it('folds from the start for another folder of the same stream', async () => {
    // Given a stream folded by one folder
    const store = withFoldCache(new InMemoryEventStore());
    await appendCounts(store, 'tally-2', [2, 3]);
    const { decode } = countingDecoder();
    await loadStream(store, 'tally-2', tally, decode);
    // When another folder loads it
    const counting = { initialState: () => 0, evolve: (count: number) => count + 1 };
    // Then it folds every event itself
    expect(await loadStream(store, 'tally-2', counting, decode)).toEqual({ state: 2, version: 2 });
  });

  it("starts from the kept state for another folder with the same evolve (an aggregate's decider and its fold)", async () => {
    // Given a stream folded by a folder that also decides
    const inner = new InMemoryEventStore();
    const store = withFoldCache(inner);
    await appendCounts(inner, 'tally-5', [4, 5]);
    const deciding = { ...tally, decide: () => [] };
    const { decoded, decode } = countingDecoder();
    await loadStream(store, 'tally-5', deciding, decode);
    // When one more event is appended and the fold alone loads it
    await appendCounts(inner, 'tally-5', [6]);
    const loaded = await loadStream(store, 'tally-5', tally, decode);
    // Then only the new event was decoded again, to the whole fold
    expect(decoded).toEqual([1, 2, 3]);
    expect(loaded).toEqual({ state: { total: 15, seen: [4, 5, 6] }, version: 3 });
  });

  it('refuses an evolve that changes the state it was given, rather than corrupting the kept one', async () => {
    // Given a folder whose evolve mutates its state
    const store = withFoldCache(new InMemoryEventStore());
    await appendCounts(store, 'tally-3', [1]);
    const mutating = {
      initialState: () => ({ seen: [] as number[] }),
      evolve: (state: { seen: number[] }, event: { count: number }) => {
        state.seen.push(event.count);
        return state;
      },
    };
    const { decode } = countingDecoder();
    await loadStream(store, 'tally-3', mutating, decode);
    await appendCounts(store, 'tally-3', [2]);
    // When the stream is loaded again, Then the frozen kept state cannot be changed
    await expect(loadStream(store, 'tally-3', mutating, decode)).rejects.toThrow(TypeError);
  });
});
