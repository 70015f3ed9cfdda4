import type { StoredEvent } from '../functions/application/ports/event-store.js';
import { allProjections } from '../functions/application/projections/index.js';
import { type ProjectedEvent, toProjectedEvent } from '../functions/application/projections/projection.js';

// What the projector's view saves depend on: the documents each page of events touches
// (docs/adr/0119-view-saves-per-page.md). Used by bench/requests.ts.

/**
 * The events in recordedAt order, cut into pages gathered over `windowMs` from each page's first
 * event (as a queue's batching window gathers them on AWS); 0 gives a page per event.
 */
export const pagesByWindow = (events: readonly StoredEvent[], windowMs: number): StoredEvent[][] => {
  const ordered = [...events].sort((a, b) => a.recordedAt.localeCompare(b.recordedAt));
  const pages: StoredEvent[][] = [];
  let windowStart = Number.NEGATIVE_INFINITY;
  for (const event of ordered) {
    const at = Date.parse(event.recordedAt);
    const page = pages.at(-1);
    if (page === undefined || at - windowStart >= windowMs) {
      pages.push([event]);
      windowStart = at;
    } else {
      page.push(event);
    }
  }
  return pages;
};

/**
 * The view saves those pages cost: one per document a page touches, which is what the consumer
 * does (ProjectionConsumer.consumeBatch), whatever the events do to the document.
 */
export const savesByWindow = (events: readonly StoredEvent[], windowMs: number): number => {
  const heads = new Map<string, ProjectedEvent>();
  let saves = 0;
  for (const page of pagesByWindow(events, windowMs)) {
    const documents = new Set<string>();
    for (const stored of page) {
      const event = toProjectedEvent(stored);
      if (event.version === 1) heads.set(event.streamId, event);
      for (const projection of allProjections) {
        for (const key of projection.keysOf(event, heads.get(event.streamId))) {
          documents.add(`${projection.name}#${key}`);
        }
      }
    }
    saves += documents.size;
  }
  return saves;
};
