import type { EventStore, GlobalCheckpoint } from '../../functions/application/ports/event-store.js';

/** How many events the store's global order delivers from its start, read in pages of 500. */
export const countGlobalEvents = async (store: EventStore): Promise<number> => {
  let count = 0;
  let checkpoint: GlobalCheckpoint = null;
  for (;;) {
    const page = await store.readGlobal(checkpoint, { limit: 500 });
    count += page.events.length;
    if (page.events.length === 0 || page.checkpoint === checkpoint) return count;
    checkpoint = page.checkpoint;
  }
};
