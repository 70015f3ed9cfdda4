import { describe, expect, it } from 'vitest';
import { pagesByWindow, savesByWindow } from '../../../../../bench/view-saves.js';
import { InMemoryEventStore } from '../../../../../functions/adapters/in-memory/event-store.js';
import type { StoredEvent } from '../../../../../functions/application/ports/event-store.js';
import { InMemoryViewStore, type ViewStore } from '../../../../../functions/application/ports/view-store.js';
import { ProjectionConsumer } from '../../../../../functions/application/read-models/consumer.js';
import { appendScenario, countingIds, steppingClock } from '../../../../support/projection-scenario.js';

// The projector saves each document a page touches once (docs/adr/0119-view-saves-per-page.md):
// its saves are set by the pages it is given. The benchmark's model of that (bench/view-saves.ts)
// is checked against the consumer itself, on the read-model scenario with a commit every 100 ms.

/** The view saves the consumer makes when given these pages. */
const consumerSaves = async (store: InMemoryEventStore, pages: readonly StoredEvent[][]): Promise<number> => {
  const views = new InMemoryViewStore();
  let saves = 0;
  const counted: ViewStore = {
    load: (projection, key) => views.load(projection, key),
    save: (document, expectedRevision) => {
      saves += 1;
      return views.save(document, expectedRevision);
    },
  };
  const consumer = new ProjectionConsumer({ store, views: counted });
  for (const page of pages) await consumer.consumeBatch(page);
  return saves;
};

describe('the view saves of a page of events', () => {
  it('are one per document the page touches: 206 a page per event, 76 over 300 ms, 27 in one page', async () => {
    // Given the scenario's 42 events, a commit every 100 ms
    const store = new InMemoryEventStore({
      clock: steppingClock(Date.parse('2026-02-01T08:00:00.000Z'), 100),
      newId: countingIds(),
    });
    const events = await appendScenario(store);
    const shapes = [0, 300, 60_000];
    // When the consumer is given the pages gathered over each window
    const consumer = [];
    for (const windowMs of shapes) consumer.push(await consumerSaves(store, pagesByWindow(events, windowMs)));
    // Then it saves what the model counts
    expect(events.length).toBe(42);
    expect(shapes.map((windowMs) => pagesByWindow(events, windowMs).length)).toEqual([42, 9, 1]);
    expect(consumer).toEqual([206, 76, 27]);
    expect(shapes.map((windowMs) => savesByWindow(events, windowMs))).toEqual(consumer);
  });
});
