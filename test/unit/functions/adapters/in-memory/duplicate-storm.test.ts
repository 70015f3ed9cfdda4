import { describe, expect, it } from 'vitest';
import { InMemoryEventStore } from '../../../../../functions/adapters/in-memory/event-store.js';
import { runDuplicateStorm, STORM_EVENT_TYPE } from '../../../../support/reliability-storm.js';

describe('InMemoryEventStore in a duplicate storm', () => {
  it('stores a command sent 1,000 times, 100 at once amid other writers, exactly once', async () => {
    // Prepare
    const store = new InMemoryEventStore();

    // Act
    const { results, stream, global } = await runDuplicateStorm([store], {
      duplicates: 1_000,
      concurrency: 100,
      others: 50,
    });

    // Assess
    expect(results).toHaveLength(1_000);
    expect(results.filter((result) => !result.duplicate)).toHaveLength(1);
    const [first] = results;
    for (const result of results) {
      expect(result.events.map((event) => event.eventId)).toEqual(
        first?.events.map((event) => event.eventId),
      );
    }
    expect(stream.filter((event) => event.type === STORM_EVENT_TYPE)).toHaveLength(1);
    expect(stream.map((event) => event.version)).toEqual(stream.map((_, index) => index + 1));
    expect(stream).toHaveLength(1 + 1 + 50);
    expect(global.filter((event) => event.type === STORM_EVENT_TYPE)).toHaveLength(1);
  });
});
