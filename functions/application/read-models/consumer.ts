import type { BusEvent } from '../bus/event-shape.js';
import type { EventStore, StoredEvent } from '../ports/event-store.js';
import type { ViewStore } from '../ports/view-store.js';
import { allProjections } from '../projections/index.js';
import {
  advance,
  applyDelivered,
  emptyDocument,
  needsHead,
  type ProjectedEvent,
  type Projection,
  skipUnrouted,
  toProjectedEvent,
} from '../projections/projection.js';
import { isViewConflictError } from './errors.js';
import { RoutingMemo } from './routing-memo.js';

// The projections consumer: the target `projections` of the bus (functions/application/bus/rules.ts). Each
// delivery is a notification; the store is the truth. Per document it applies the event once (by
// stream version), and on a gap reads the missing versions from the store and applies them in
// order first, so duplicates and reordering leave the views as the global order would.

export interface ProjectionConsumerOptions {
  readonly store: Pick<EventStore, 'readStream'>;
  readonly views: ViewStore;
  /** Defaults to every read model (functions/application/projections/index.ts). */
  readonly projections?: readonly Projection<unknown>[];
  readonly clock?: () => Date;
  /** Called once per delivery with the lag from the event's recordedAt to its views being saved. */
  readonly onLag?: (lagMs: number, event: StoredEvent) => void;
  /** Saves tried per document when other consumers keep winning (default 10). */
  readonly maxAttempts?: number;
  /** Stream heads kept in memory (first events never change; default 10,000). */
  readonly headCacheSize?: number;
}

/** What one delivery did to each document it concerns. */
export interface ConsumeReport {
  readonly applied: number;
  readonly duplicates: number;
  /** Events read from the store to fill gaps. */
  readonly repaired: number;
}

/** One event for one document, with its stream's first event when the projection routes by it. */
interface Delivery {
  readonly event: ProjectedEvent;
  readonly head: ProjectedEvent | undefined;
}

interface DocumentDeliveries {
  readonly projection: Projection<unknown>;
  readonly key: string;
  readonly deliveries: Delivery[];
}

/** Streams whose recent routing the consumer keeps, and versions kept per stream. */
const MAX_ROUTED_STREAMS = 5_000;
const MAX_ROUTED_VERSIONS = 20_000;

/** Applies bus deliveries to the stored read models: idempotent, and repairing gaps from the store. */
export class ProjectionConsumer {
  readonly #store: Pick<EventStore, 'readStream'>;
  readonly #views: ViewStore;
  readonly #projections: readonly Projection<unknown>[];
  readonly #clock: () => Date;
  readonly #onLag: ((lagMs: number, event: StoredEvent) => void) | undefined;
  readonly #maxAttempts: number;
  readonly #headCacheSize: number;
  readonly #heads = new Map<string, ProjectedEvent>();
  /**
   * Per stream, the documents each recent version this consumer routed went to. A document that
   * follows only some events of a stream (an association's audit trail in its rollout's grants
   * stream) sees the others as a gap; when this consumer routed every version of the gap, and none
   * to that document, the gap is skipped without reading the store. Without it each such gap was
   * read and decoded from the store: at 600 associations, thousands of events for every grant event.
   */
  readonly #routes = new RoutingMemo({ streams: MAX_ROUTED_STREAMS, versions: MAX_ROUTED_VERSIONS });

  constructor(options: ProjectionConsumerOptions) {
    this.#store = options.store;
    this.#views = options.views;
    this.#projections = options.projections ?? allProjections;
    this.#clock = options.clock ?? (() => new Date());
    this.#onLag = options.onLag;
    this.#maxAttempts = options.maxAttempts ?? 10;
    this.#headCacheSize = options.headCacheSize ?? 10_000;
  }

  /** The bus target handler: the envelope travels in `detail`. */
  readonly handle = async (event: BusEvent): Promise<void> => {
    await this.consume(event.detail);
  };

  /** Applies one delivered event to every document it concerns; throws to ask the bus for a retry. */
  consume(stored: StoredEvent): Promise<ConsumeReport> {
    return this.consumeBatch([stored]);
  }

  /** The bus target's batch handler: events of one page of the feed, in their order. */
  readonly handleBatch = async (events: readonly BusEvent[]): Promise<void> => {
    await this.consumeBatch(events.map((event) => event.detail));
  };

  /**
   * Applies delivered events, in their order, to every document they concern: each document is
   * loaded and saved once for all the events it receives (a page of the feed touches the same
   * rollout-wide documents again and again). Throws to ask for a retry: the documents already
   * saved then hold some of the events, which the retry finds as duplicates.
   */
  async consumeBatch(storedEvents: readonly StoredEvent[]): Promise<ConsumeReport> {
    const documents = new Map<string, DocumentDeliveries>();
    for (const stored of storedEvents) {
      const event = toProjectedEvent(stored);
      if (event.version === 1) this.#remember(event);
      const head = needsHead(event)
        ? await this.#head(event.streamId)
        : event.version === 1
          ? event
          : undefined;
      const routedTo: string[] = [];
      for (const projection of this.#projections) {
        for (const key of projection.keysOf(event, head)) {
          const id = `${projection.name}#${key}`;
          routedTo.push(id);
          const document = documents.get(id) ?? { projection, key, deliveries: [] };
          document.deliveries.push({ event, head });
          documents.set(id, document);
        }
      }
      this.#routes.note(event.streamId, event.version, routedTo);
    }
    let report: ConsumeReport = { applied: 0, duplicates: 0, repaired: 0 };
    for (const { projection, key, deliveries } of documents.values()) {
      const outcome = await this.#applyToDocument(projection, key, deliveries);
      report = {
        applied: report.applied + outcome.applied,
        duplicates: report.duplicates + outcome.duplicates,
        repaired: report.repaired + outcome.repaired,
      };
    }
    const savedAt = this.#clock().getTime();
    for (const stored of storedEvents) this.#onLag?.(savedAt - Date.parse(stored.recordedAt), stored);
    return report;
  }

  async #applyToDocument(
    projection: Projection<unknown>,
    key: string,
    deliveries: readonly Delivery[],
  ): Promise<ConsumeReport> {
    for (let attempt = 1; ; attempt += 1) {
      const stored = await this.#views.load<unknown>(projection.name, key);
      let document = stored?.document ?? emptyDocument(projection, key);
      let applied = 0;
      let duplicates = 0;
      let repaired = 0;
      for (const { event, head } of deliveries) {
        const outcome = applyDelivered(projection, document, event, head);
        if (outcome.kind === 'duplicate') {
          duplicates += 1;
          continue;
        }
        applied += 1;
        if (outcome.kind === 'applied') {
          document = outcome.document;
          continue;
        }
        if (
          this.#routes.routedElsewhere(event.streamId, outcome.from, outcome.to, `${projection.name}#${key}`)
        ) {
          const next = applyDelivered(
            projection,
            skipUnrouted(document, event.streamId, outcome.to),
            event,
            head,
          );
          if (next.kind === 'applied') {
            document = next.document;
            continue;
          }
        }
        // A gap: the missing versions, and this one, are read from the store and applied in order.
        for await (const missing of this.#store.readStream(event.streamId, { fromVersion: outcome.from })) {
          if (missing.version > event.version) break;
          const decoded = toProjectedEvent(missing);
          if (decoded.version === 1) this.#remember(decoded);
          const missingHead = needsHead(decoded) ? await this.#head(decoded.streamId) : head;
          const routed = projection.keysOf(decoded, missingHead).includes(key);
          document = advance(projection, document, decoded, missingHead, routed);
          repaired += 1;
        }
      }
      if (applied === 0) return { applied, duplicates, repaired };
      try {
        await this.#views.save(document, stored?.storeRevision ?? 0);
        return { applied, duplicates, repaired };
      } catch (error) {
        if (!isViewConflictError(error) || attempt >= this.#maxAttempts) throw error;
      }
    }
  }

  #remember(head: ProjectedEvent): void {
    if (this.#heads.has(head.streamId)) return;
    if (this.#heads.size >= this.#headCacheSize) {
      const oldest = this.#heads.keys().next().value;
      if (oldest !== undefined) this.#heads.delete(oldest);
    }
    this.#heads.set(head.streamId, head);
  }

  /** The first event of a stream, from the cache or the store. */
  async #head(streamId: string): Promise<ProjectedEvent | undefined> {
    const known = this.#heads.get(streamId);
    if (known !== undefined) return known;
    for await (const first of this.#store.readStream(streamId, { fromVersion: 1 })) {
      const head = toProjectedEvent(first);
      this.#remember(head);
      return head;
    }
    return undefined;
  }
}
