import type { EventStore, GlobalCheckpoint } from '../ports/event-store.js';
import type { ViewStore } from '../ports/view-store.js';
import {
  type Projection,
  ProjectionFold,
  toProjectedEvent,
  type ViewDocument,
} from '../projections/projection.js';
import { isViewConflictError } from './errors.js';

/** Events read per page of the global order during a replay. */
const PAGE = 500;

/**
 * How far past the instant a replay keeps reading before it stops: the global order is by
 * recordedAt, except that a commit may become visible up to the store's settle window late
 * (ADR 0002), so events recorded just before the instant can follow later ones.
 */
export const DEFAULT_SETTLE_MS = 60_000;

/**
 * Folds the global order (from the beginning) into a projection's documents, keeping only events
 * recorded at or before `asOf` (all of them when absent). "As of" is by recordedAt, the instant
 * the system knew of the event, so an answer about a past instant never changes afterwards.
 * `factsUntil` keeps, among those, only the events whose fact happened at or before it (their
 * `occurredAt`; an event with no date of its own happened when it was recorded): what is known of
 * a period by each fact's date (ADR 0136). The order stays the global order (by recordedAt).
 */
export const foldGlobalOrder = async <View>(
  store: Pick<EventStore, 'readGlobal'>,
  projection: Projection<View>,
  options: { readonly asOf?: string; readonly factsUntil?: string; readonly settleMs?: number } = {},
): Promise<ProjectionFold<View>> => {
  const fold = new ProjectionFold(projection);
  const limit = options.asOf === undefined ? undefined : Date.parse(options.asOf);
  const stopAfter = limit === undefined ? undefined : limit + (options.settleMs ?? DEFAULT_SETTLE_MS);
  const factLimit = options.factsUntil === undefined ? undefined : Date.parse(options.factsUntil);
  let checkpoint: GlobalCheckpoint = null;
  for (;;) {
    const page = await store.readGlobal(checkpoint, { limit: PAGE });
    for (const stored of page.events) {
      const recordedAt = Date.parse(stored.recordedAt);
      if (stopAfter !== undefined && recordedAt > stopAfter) return fold;
      const known = limit === undefined || recordedAt <= limit;
      const happened = factLimit === undefined || Date.parse(stored.occurredAt) <= factLimit;
      if (known && happened) fold.apply(toProjectedEvent(stored));
    }
    if (page.events.length === 0 || page.checkpoint === checkpoint) return fold;
    checkpoint = page.checkpoint;
  }
};

/** One read model's document as it stood at `asOf`, computed from the events (undefined: none yet). */
export const viewAsOf = async <View>(
  store: Pick<EventStore, 'readGlobal'>,
  projection: Projection<View>,
  key: string,
  asOf: string,
): Promise<ViewDocument<View> | undefined> =>
  (await foldGlobalOrder(store, projection, { asOf })).document(key);

/** What a rebuild wrote. */
export interface RebuildReport {
  readonly projection: string;
  readonly documents: number;
}

/**
 * Recomputes a projection from the global order and writes every document over the stored one.
 * Run it with the projection's consumer paused (or for a new projection revision): a delivery
 * that lands meanwhile is overwritten and comes back as a gap repair at its stream's next event.
 */
export const rebuildProjection = async <View>(
  store: Pick<EventStore, 'readGlobal'>,
  views: ViewStore,
  projection: Projection<View>,
): Promise<RebuildReport> => {
  const fold = await foldGlobalOrder(store, projection);
  let documents = 0;
  for (const document of fold.documents().values()) {
    for (let attempt = 1; ; attempt += 1) {
      const current = await views.load<View>(projection.name, document.key);
      try {
        await views.save(document, current?.storeRevision ?? 0);
        break;
      } catch (error) {
        if (!isViewConflictError(error) || attempt >= 5) throw error;
      }
    }
    documents += 1;
  }
  return { projection: projection.name, documents };
};
