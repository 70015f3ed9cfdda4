import type {
  AppendRequest,
  AppendResult,
  EventStore,
  GlobalCheckpoint,
  GlobalPage,
  ReadStreamOptions,
  StoredEvent,
} from './ports/event-store.js';

// The one cache of folded states (docs/adr/0111-one-caching-story.md): an event store wrapped with
// `withFoldCache` where a runtime is built keeps, per stream, the state `loadStream` last folded,
// so that the next load decodes and folds only the events after it. A store not wrapped folds
// every stream from its start. Below it, the DynamoDB store keeps the commits it read
// (functions/adapters/dynamodb/stream-history.ts), so that the next read queries only the new ones.

/** A stream folded into a state, with the version of its last event (0: no such stream). */
export interface LoadedStream<State> {
  readonly state: State;
  readonly version: number;
}

/** A stream's state as last folded, with what folded it (the folder and the decoder). */
export interface KeptFold {
  readonly folder: object;
  readonly decode: object;
  readonly loaded: LoadedStream<unknown>;
}

/** Folded states kept by default (streams; the least recently used are dropped first). */
export const DEFAULT_FOLD_CACHE_STREAMS = 5_000;

/** Folded states by stream, least recently used first; bounded by a number of streams. */
export class FoldCache {
  readonly #folds = new Map<string, KeptFold>();
  readonly #maxStreams: number;

  constructor(maxStreams = DEFAULT_FOLD_CACHE_STREAMS) {
    this.#maxStreams = maxStreams;
  }

  /** The state kept for a stream when the same folder and decoder folded it. */
  get(streamId: string, folder: object, decode: object): LoadedStream<unknown> | undefined {
    const kept = this.#folds.get(streamId);
    return kept !== undefined && kept.folder === folder && kept.decode === decode ? kept.loaded : undefined;
  }

  /** Keeps a folded state, unless one of the same folder is kept further along (another load's). */
  keep(streamId: string, fold: KeptFold): void {
    if (this.#maxStreams <= 0) return;
    const latest = this.#folds.get(streamId);
    this.#folds.delete(streamId);
    this.#folds.set(
      streamId,
      latest !== undefined && latest.folder === fold.folder && latest.loaded.version > fold.loaded.version
        ? latest
        : fold,
    );
    if (this.#folds.size > this.#maxStreams) {
      const oldest = this.#folds.keys().next().value;
      if (oldest !== undefined) this.#folds.delete(oldest);
    }
  }
}

/** An event store that carries a cache of folded states for `loadStream`; it passes every call on. */
export class FoldCachingEventStore implements EventStore {
  readonly folds: FoldCache;

  constructor(
    readonly inner: EventStore,
    options: { readonly maxStreams?: number } = {},
  ) {
    this.folds = new FoldCache(options.maxStreams);
  }

  append(request: AppendRequest): Promise<AppendResult> {
    return this.inner.append(request);
  }

  readStream(streamId: string, options?: ReadStreamOptions): AsyncIterable<StoredEvent> {
    return this.inner.readStream(streamId, options);
  }

  streamVersion(streamId: string): Promise<number> {
    return this.inner.streamVersion(streamId);
  }

  readGlobal(checkpoint: GlobalCheckpoint, options?: { limit?: number }): Promise<GlobalPage> {
    return this.inner.readGlobal(checkpoint, options);
  }

  commandResult(streamId: string, commandId: string): Promise<AppendResult | undefined> {
    return this.inner.commandResult(streamId, commandId);
  }
}

/**
 * Wraps a store so that `loadStream` keeps what it folds (composed where a runtime is built: the
 * Lambda handlers' dependencies, the workflow services, the local runtime).
 */
export const withFoldCache = (store: EventStore, options: { readonly maxStreams?: number } = {}) =>
  store instanceof FoldCachingEventStore ? store : new FoldCachingEventStore(store, options);

/** The fold cache a store carries, if it was wrapped with one. */
export const foldCacheOf = (store: EventStore): FoldCache | undefined =>
  store instanceof FoldCachingEventStore ? store.folds : undefined;
