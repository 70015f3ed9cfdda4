import fc from 'fast-check';
import { describe, it } from 'vitest';
import { InMemoryEventStore } from '../../../../../functions/adapters/in-memory/event-store.js';
import { eventStoreModelProperty } from '../../../../support/reliability-model.js';

describe('InMemoryEventStore against a model', () => {
  it('agrees with the model over any commands and interleavings, and delivers every event once', async () => {
    await fc.assert(
      eventStoreModelProperty(
        async (options) => {
          const store = new InMemoryEventStore({ ...options, hooks: { beforePut: options.beforePut } });
          return { writers: [store], settleMs: 0, cleanup: async () => {} };
        },
        { maxCommands: 30 },
      ),
      { numRuns: 100 },
    );
  }, 60_000);
});
