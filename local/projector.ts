import { PROJECTIONS_TARGET } from '../functions/bus/rules.js';
import { LagHistogram, type LagSummary } from '../functions/projections/lag.js';
import { ProjectionConsumer } from '../functions/read-models/consumer.js';
import { StoredReadModels } from '../functions/read-models/read-models.js';
import type { ViewStore } from '../functions/read-models/view-store.js';
import type { EventStore } from '../functions/store/port.js';
import type { LocalBus } from './bus.js';

// The local projector: the projections consumer registered on the local bus under the rule set's
// `projections` target, with an in-memory lag histogram (p50/p99) the local runtime can show.

export interface LocalProjectorOptions {
  readonly store: EventStore;
  readonly views: ViewStore;
  readonly bus: Pick<LocalBus, 'register'>;
  readonly clock?: () => Date;
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
    views: options.views,
    ...(options.clock === undefined ? {} : { clock: options.clock }),
    onLag: (lagMs) => histogram.record(lagMs),
  });
  options.bus.register(PROJECTIONS_TARGET, consumer.handle);
  return {
    consumer,
    readModels: new StoredReadModels({ store: options.store, views: options.views }),
    lag: () => histogram.summary(),
  };
};
