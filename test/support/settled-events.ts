import type { EventStore, GlobalCheckpoint } from '../../functions/application/ports/event-store.js';
import type { Runtime } from '../../local/runtime.js';

/** How long a runtime may take to fall quiet once its callers stopped; not a measure. */
const QUIET_DEADLINE_MS = 60_000;

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

/**
 * How many events the runtime's store holds once nothing appends any more (for "appends
 * nothing"): in rounds, every commit counted is delivered to the bus's targets (the change feed
 * drained), then every workflow execution is left to work until it waits or ends (the executor
 * settles); the count is answered once a whole round appended nothing. What the runtime appends in
 * reaction to the last commits (a workflow moving the rollout on) is counted before this answers,
 * without waiting out a fixed time; it throws past the deadline.
 */
export const countSettledEvents = async (
  runtime: Pick<Runtime, 'store' | 'drainFeed' | 'workflows'>,
): Promise<number> => {
  const deadline = Date.now() + QUIET_DEADLINE_MS;
  let count = await countAllEvents(runtime.store);
  for (;;) {
    await runtime.drainFeed();
    await runtime.workflows.executor.settle();
    const after = await countAllEvents(runtime.store);
    if (after === count) return count;
    if (Date.now() > deadline)
      throw new Error(
        `the runtime still appends after ${QUIET_DEADLINE_MS} ms (${count} then ${after} events)`,
      );
    count = after;
  }
};
