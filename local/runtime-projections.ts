import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDbViewStore } from '../functions/adapters/dynamodb/view-store.js';
import type { EventStore, StoredEvent } from '../functions/application/ports/event-store.js';
import { projections } from '../functions/application/projections/index.js';
import type { LagSummary } from '../functions/application/projections/lag.js';
import type { Projection } from '../functions/application/projections/projection.js';
import type { ReadModels } from '../functions/application/read-models/read-models.js';
import { type RebuildReport, rebuildProjection } from '../functions/application/read-models/replay.js';
import type { LocalBus } from './bus.js';
import { startLocalProjector } from './projector.js';

// The single place where the read models plug into the local runtime: the projector
// (local/projector.ts, the consumer on the bus's `projections` target), its views in the event
// store table (pk `view#…`), the read models the query routes use, the lag histogram, and
// rebuilds (deliveries wait meanwhile).

/** The read models of a running runtime. */
export interface RuntimeProjections {
  readonly readModels: ReadModels;
  /** The names of the projections, as `rebuild` takes them. */
  readonly names: readonly string[];
  /** Projection lag (event recorded → view saved), p50 / p99 / max in ms. */
  lag(): LagSummary;
  /** Recomputes a projection from the global order; deliveries wait until it is done. */
  rebuild(name: string): Promise<RebuildReport>;
  stop(): Promise<void>;
}

export interface RuntimeProjectionsOptions {
  readonly client: DynamoDBClient;
  readonly tableName: string;
  readonly store: EventStore;
  readonly bus: LocalBus;
  readonly clock: () => Date;
  /** Observes every projection lag sample (see LocalProjectorOptions.onLag). */
  readonly onLag?: (lagMs: number, event: StoredEvent) => void;
}

/** Registers the projections consumer on the bus and answers the runtime's read models. */
export const startRuntimeProjections = (options: RuntimeProjectionsOptions): RuntimeProjections => {
  const views = new DynamoDbViewStore({
    client: options.client,
    tableName: options.tableName,
    clock: options.clock,
  });
  // Deliveries and rebuilds run one at a time: a rebuild never races the consumer.
  let queue: Promise<unknown> = Promise.resolve();
  const serially = <T>(work: () => Promise<T>): Promise<T> => {
    const run = queue.then(work, work);
    queue = run.catch(() => undefined);
    return run;
  };
  const projector = startLocalProjector({
    store: options.store,
    views,
    clock: options.clock,
    ...(options.onLag === undefined ? {} : { onLag: options.onLag }),
    bus: {
      register: (targetId, handler, batchHandler) =>
        options.bus.register(
          targetId,
          (event) => serially(() => handler(event)),
          batchHandler && ((events) => serially(() => batchHandler(events))),
        ),
    },
  });
  const byName = projections as unknown as Readonly<Record<string, Projection<unknown>>>;
  return {
    readModels: projector.readModels,
    names: Object.keys(projections),
    lag: () => projector.lag(),
    rebuild: (name) => {
      const projection = byName[name];
      if (projection === undefined) throw new Error(`No projection ${name}`);
      return serially(() => rebuildProjection(options.store, views, projection));
    },
    stop: async () => {
      await queue;
    },
  };
};
