import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { InMemoryEventStore } from '../../../../../functions/adapters/in-memory/event-store.js';
import type { StoredEvent } from '../../../../../functions/application/ports/event-store.js';
import { InMemoryViewStore } from '../../../../../functions/application/ports/view-store.js';
import { allProjections } from '../../../../../functions/application/projections/index.js';
import { ProjectionConsumer } from '../../../../../functions/application/read-models/consumer.js';
import { rebuildProjection } from '../../../../../functions/application/read-models/replay.js';
import { appendScenario, countingIds, steppingClock } from '../../../../support/projection-scenario.js';

const storedScenario = async () => {
  const store = new InMemoryEventStore({ clock: steppingClock(), newId: countingIds() });
  const recorded = await appendScenario(store);
  return { store, recorded };
};

/** Every document of every projection in a view store, without the bookkeeping that may differ. */
const snapshotOf = async (views: InMemoryViewStore) => {
  const snapshot: Record<string, unknown> = {};
  for (const projection of allProjections) {
    for (const key of views.keys(projection.name)) {
      const stored = await views.load(projection.name, key);
      snapshot[`${projection.name}/${key}`] = { view: stored?.document.view, asOf: stored?.document.asOf };
    }
  }
  return snapshot;
};

describe('rebuild and incremental delivery', () => {
  it('give the same views, whatever the duplicates and the order of deliveries', async () => {
    // Prepare: the rebuild, once, from the global order
    const { store, recorded } = await storedScenario();
    const rebuilt = new InMemoryViewStore();
    for (const projection of allProjections) await rebuildProjection(store, rebuilt, projection);
    const expected = await snapshotOf(rebuilt);
    const count = recorded.length;
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { minLength: count, maxLength: count }),
        fc.array(fc.nat({ max: count - 1 }), { maxLength: count }),
        async (sortKeys, duplicated) => {
          // Act: deliver every event at least once, some twice, in a shuffled order
          const deliveries: StoredEvent[] = [
            ...recorded,
            ...duplicated.map((index) => recorded[index] as StoredEvent),
          ];
          const order = deliveries
            .map((event, index) => ({ event, key: sortKeys[index % count] ?? 0, index }))
            .sort((a, b) => a.key - b.key || a.index - b.index)
            .map(({ event }) => event);
          const views = new InMemoryViewStore();
          const consumer = new ProjectionConsumer({ store, views });
          for (const event of order) await consumer.consume(event);
          // Assess
          expect(await snapshotOf(views)).toEqual(expected);
        },
      ),
      { numRuns: 20 },
    );
  }, 60_000);
});
