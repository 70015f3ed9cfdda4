import { PROJECTIONS_TARGET } from '../functions/application/bus/rules.js';
import type { EventStore, StoredEvent } from '../functions/application/ports/event-store.js';
import type { StoredView, ViewStore } from '../functions/application/ports/view-store.js';
import { LagHistogram, type LagSummary } from '../functions/application/projections/lag.js';
import { ProjectionConsumer } from '../functions/application/read-models/consumer.js';
import { StoredReadModels } from '../functions/application/read-models/read-models.js';
import type { LocalBus } from './bus.js';

// The local projector: the projections consumer registered on the local bus under the rule set's
// `projections` target, with an in-memory lag histogram (p50/p99) the local runtime can show.

/** View documents the projector keeps between deliveries (least recently used dropped first). */
const CACHED_VIEWS = 5_000;

/**
 * The projector's view store: the documents it saved, kept in memory, so that the next event on
 * a document skips its load (the projector is the only writer here, one delivery at a time). A
 * save that fails (another writer: a rebuild) drops the document, and the consumer's retry loads
 * it from the table. Store revisions only grow, so a stale copy can only fail its save, never
 * overwrite what it has not seen.
 */
const cachedViews = (views: ViewStore, capacity = CACHED_VIEWS): ViewStore => {
  const kept = new Map<string, StoredView<unknown>>();
  const idOf = (projection: string, key: string) => `${projection}#${key}`;
  return {
    load: async <View>(projection: string, key: string) => {
      const id = idOf(projection, key);
      const cached = kept.get(id);
      if (cached !== undefined) {
        kept.delete(id);
        kept.set(id, cached);
        return cached as StoredView<View>;
      }
      return views.load<View>(projection, key);
    },
    save: async (document, expectedRevision) => {
      const id = idOf(document.projection, document.key);
      kept.delete(id);
      const storeRevision = await views.save(document, expectedRevision);
      kept.set(id, { document, storeRevision });
      if (kept.size > capacity) {
        const oldest = kept.keys().next().value;
        if (oldest !== undefined) kept.delete(oldest);
      }
      return storeRevision;
    },
  };
};

export interface LocalProjectorOptions {
  readonly store: EventStore;
  readonly views: ViewStore;
  readonly bus: Pick<LocalBus, 'register'>;
  readonly clock?: () => Date;
  /** Observes every lag sample (recordedAt → views saved, ms) besides the histogram: benchmarks keep them all. */
  readonly onLag?: (lagMs: number, event: StoredEvent) => void;
}

/** The running projector: its consumer, the read models the HTTP routes read, and the lag. */
export interface LocalProjector {
  readonly consumer: ProjectionConsumer;
  /** For `RouteDependencies.readModels`: current views from the view store, past ones from the events. */
  readonly readModels: StoredReadModels;
  /** Projection lag (recordedAt → views saved), p50/p99/max in milliseconds. */
  lag(): LagSummary;
}

/** Registers the projections consumer on the local bus. */
export const startLocalProjector = (options: LocalProjectorOptions): LocalProjector => {
  const histogram = new LagHistogram();
  const consumer = new ProjectionConsumer({
    store: options.store,
    views: cachedViews(options.views),
    ...(options.clock === undefined ? {} : { clock: options.clock }),
    onLag: (lagMs, event) => {
      histogram.record(lagMs);
      options.onLag?.(lagMs, event);
    },
  });
  options.bus.register(PROJECTIONS_TARGET, consumer.handle, consumer.handleBatch);
  return {
    consumer,
    readModels: new StoredReadModels({ store: options.store, views: options.views }),
    lag: () => histogram.summary(),
  };
};
