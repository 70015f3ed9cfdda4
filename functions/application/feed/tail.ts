import type { EventStore, GlobalCheckpoint, GlobalPage, StoredEvent } from '../ports/event-store.js';

/**
 * Finds, cheaply, a checkpoint from which the store's global order holds about the last `events`
 * events (at least that many, when the store has them), or `null` when the whole order is shorter.
 * Events before the checkpoint are never read; those after it are all delivered by `readGlobal`.
 */
export interface GlobalTailFinder {
  startOfTail(events: number): Promise<GlobalCheckpoint>;
}

/** Events read per page while catching up to the tail. */
const TAIL_PAGE = 500;

/**
 * The last `limit` events of the global order and the checkpoint after them: reads forward from
 * where `finder` places the tail (from the start without one, which reads the whole history) to
 * the end, keeping only the last `limit` events.
 */
export const readGlobalTail = async (
  store: EventStore,
  limit: number,
  finder?: GlobalTailFinder,
): Promise<GlobalPage> => {
  let checkpoint = finder === undefined ? null : await finder.startOfTail(limit);
  const pageSize = Math.max(limit, TAIL_PAGE);
  let kept: StoredEvent[] = [];
  for (;;) {
    const page = await store.readGlobal(checkpoint, { limit: pageSize });
    kept = [...kept, ...page.events].slice(-limit);
    checkpoint = page.checkpoint;
    if (page.events.length < pageSize) return { events: kept, checkpoint };
  }
};
