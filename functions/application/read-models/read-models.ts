import type { EventStore } from '../ports/event-store.js';
import type { ViewStore } from '../ports/view-store.js';
import type { Projection, ViewDocument } from '../projections/projection.js';
import { foldGlobalOrder, viewAsOf } from './replay.js';

/** How queries read a read model: as it stands now, or as it stood at a past instant. */
export interface ReadModels {
  view<View>(
    projection: Projection<View>,
    key: string,
    asOf?: string,
  ): Promise<ViewDocument<View> | undefined>;
  /**
   * Several documents of one projection (a stream's audit trail in pages), in the order of `keys`:
   * the events are folded once for all of them when they have to be, not once per document.
   */
  views<View>(
    projection: Projection<View>,
    keys: readonly string[],
    asOf?: string,
  ): Promise<readonly (ViewDocument<View> | undefined)[]>;
  /**
   * Documents over the events whose fact happened at or before `until` (their `occurredAt`), among
   * those known now, or known at `asOf` when given (by recordedAt): what is known of a period by
   * each fact's date (ADR 0136). Always folded from the events: no stored view holds it.
   */
  viewsByFactDate<View>(
    projection: Projection<View>,
    keys: readonly string[],
    until: string,
    asOf?: string,
  ): Promise<readonly (ViewDocument<View> | undefined)[]>;
}

/** What both read models answer from the events alone: the documents of a period by each fact's date. */
abstract class FromTheEvents {
  protected readonly store: Pick<EventStore, 'readGlobal'>;

  constructor(store: Pick<EventStore, 'readGlobal'>) {
    this.store = store;
  }

  /** The documents of `keys` folded from the events dated at or before `until` (ADR 0136). */
  async viewsByFactDate<View>(
    projection: Projection<View>,
    keys: readonly string[],
    until: string,
    asOf?: string,
  ): Promise<readonly (ViewDocument<View> | undefined)[]> {
    const fold = await foldGlobalOrder(this.store, projection, {
      factsUntil: until,
      ...(asOf === undefined ? {} : { asOf }),
    });
    return keys.map((key) => fold.document(key));
  }
}

/** Current views from the view store; past ones computed from the events. */
export class StoredReadModels extends FromTheEvents implements ReadModels {
  readonly #views: ViewStore;

  constructor(options: { readonly store: Pick<EventStore, 'readGlobal'>; readonly views: ViewStore }) {
    super(options.store);
    this.#views = options.views;
  }

  async view<View>(
    projection: Projection<View>,
    key: string,
    asOf?: string,
  ): Promise<ViewDocument<View> | undefined> {
    if (asOf !== undefined) return viewAsOf(this.store, projection, key, asOf);
    const stored = await this.#views.load<View>(projection.name, key);
    if (stored !== undefined && stored.document.revision === projection.revision) return stored.document;
    // No document yet, or one of an older revision awaiting its rebuild: the events answer.
    return (await foldGlobalOrder(this.store, projection)).document(key);
  }

  async views<View>(
    projection: Projection<View>,
    keys: readonly string[],
    asOf?: string,
  ): Promise<readonly (ViewDocument<View> | undefined)[]> {
    if (asOf !== undefined) {
      const fold = await foldGlobalOrder(this.store, projection, { asOf });
      return keys.map((key) => fold.document(key));
    }
    const current = await Promise.all(
      keys.map(async (key) => {
        const stored = await this.#views.load<View>(projection.name, key);
        return stored !== undefined && stored.document.revision === projection.revision
          ? stored.document
          : undefined;
      }),
    );
    if (current.every((document) => document !== undefined)) return current;
    // Some missing or awaiting their rebuild: one fold of the events answers for those.
    const fold = await foldGlobalOrder(this.store, projection);
    return keys.map((key, index) => current[index] ?? fold.document(key));
  }
}

/**
 * Every view computed from the events on each read: correct without any view store, and costly
 * (a read of the whole global order); what query routes use when the runtime gives no view store.
 */
export class FoldedReadModels extends FromTheEvents implements ReadModels {
  async view<View>(
    projection: Projection<View>,
    key: string,
    asOf?: string,
  ): Promise<ViewDocument<View> | undefined> {
    const fold = await foldGlobalOrder(this.store, projection, asOf === undefined ? {} : { asOf });
    return fold.document(key);
  }

  async views<View>(
    projection: Projection<View>,
    keys: readonly string[],
    asOf?: string,
  ): Promise<readonly (ViewDocument<View> | undefined)[]> {
    const fold = await foldGlobalOrder(this.store, projection, asOf === undefined ? {} : { asOf });
    return keys.map((key) => fold.document(key));
  }
}
