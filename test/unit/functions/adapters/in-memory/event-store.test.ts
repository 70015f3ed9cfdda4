import { InMemoryEventStore } from '../../../../../functions/adapters/in-memory/event-store.js';
import { describeEventStoreContract } from '../../../../support/event-store-contract.js';

describeEventStoreContract('InMemoryEventStore', async (options) => {
  const store = new InMemoryEventStore({ ...options, hooks: { beforePut: options.beforePut } });
  return { store, another: () => store, cleanup: async () => {} };
});
