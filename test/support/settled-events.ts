import type { EventStore, GlobalCheckpoint } from '../../functions/application/ports/event-store.js';

/** Longer than the runtime store's settle bound (5 s): every commit is in the global order by then. */
const SETTLED_MS = 6_000;

/** How many events a store's global order holds now, read page by page. */
export const countAllEvents = async (store: EventStore): Promise<number> => {
  let count = 0;
  let checkpoint: GlobalCheckpoint = null;
  for (;;) {
    const page = await store.readGlobal(checkpoint, { limit: 500 });
    count += page.events.length;
    if (page.events.length === 0 || page.checkpoint === checkpoint) return count;
    checkpoint = page.checkpoint;
  }
};

/** How many events a store holds once every commit has settled into the global order (for "appends nothing"). */
export const countSettledEvents = async (store: EventStore): Promise<number> => {
  await new Promise((resolve) => setTimeout(resolve, SETTLED_MS));
  return countAllEvents(store);
};
