import type { Actor, CommitMetadata } from '../../../events/envelope.js';

/**
 * The expected version of a stream at append time:
 * - `'any'`: append whatever the stream holds;
 * - `'no-stream'`: the stream must not exist yet;
 * - a number N ≥ 1: the stream's last version must be exactly N.
 */
export type ExpectedVersion = 'any' | 'no-stream' | number;

/** An event as a writer hands it to the store: already validated against its latest schema. */
export interface EventToAppend {
  readonly type: string;
  readonly schemaVersion: number;
  readonly data: unknown;
  /** When it happened in the world; defaults to the commit's recordedAt. */
  readonly occurredAt?: string;
}

export interface AppendRequest {
  readonly streamId: string;
  readonly expectedVersion: ExpectedVersion;
  /** One commit: all of these are stored atomically, with dense versions, or none is. */
  readonly events: readonly EventToAppend[];
  /** Makes the append idempotent for good: a retry with the same id returns the first result. */
  readonly commandId?: string;
  readonly metadata: CommitMetadata;
}

/** An event as the store returns it: the full envelope, data as stored (see `upcast` option). */
export interface StoredEvent {
  readonly eventId: string;
  readonly streamId: string;
  readonly version: number;
  readonly type: string;
  readonly schemaVersion: number;
  readonly occurredAt: string;
  readonly recordedAt: string;
  readonly actor: Actor;
  readonly correlationId: string;
  readonly causationId: string | null;
  readonly data: unknown;
}

export interface AppendResult {
  readonly streamId: string;
  readonly firstVersion: number;
  /** The stream's version after this commit: the next expected version (and the ETag). */
  readonly lastVersion: number;
  readonly events: readonly StoredEvent[];
  /** True when the command id had been seen: nothing was stored, the first result is returned. */
  readonly duplicate: boolean;
}

export interface ReadStreamOptions {
  /** First version to return (inclusive); defaults to 1. */
  readonly fromVersion?: number;
}

/** An opaque, serialisable position in the global order; `null` means "from the beginning". */
export type GlobalCheckpoint = string | null;

export interface GlobalPage {
  readonly events: readonly StoredEvent[];
  /** Where to continue from; store it to resume after a crash (at-least-once). */
  readonly checkpoint: GlobalCheckpoint;
}

/**
 * The event store. Every adapter passes the same contract suite
 * (`test/support/event-store-contract.ts`).
 */
export interface EventStore {
  append(request: AppendRequest): Promise<AppendResult>;
  /** Pages through a stream of any length, in version order. */
  readStream(streamId: string, options?: ReadStreamOptions): AsyncIterable<StoredEvent>;
  /** The stream's last version, 0 when it does not exist. */
  streamVersion(streamId: string): Promise<number>;
  /**
   * What `append` returned for the command `commandId` on this stream (`duplicate: true`), read
   * consistently: a retry that must not decide again learns whether its command committed, before
   * it loads facts or decides (docs/adr/0144-idempotency-answered-by-the-commit.md). `undefined`
   * when no commit of the stream carries the id.
   */
  commandResult(streamId: string, commandId: string): Promise<AppendResult | undefined>;
  /**
   * Reads every committed event after `checkpoint`, in one global order, at most `limit` events.
   * Never skips an event, even when appends race and commit out of order in time.
   */
  readGlobal(checkpoint: GlobalCheckpoint, options?: { limit?: number }): Promise<GlobalPage>;
}
