import type { GlobalTailFinder } from '../feed/tail.js';

/** A cursor and the global checkpoint it names, as the feed keeps them. */
export interface FeedCursorRecord {
  /** `feedCursorOf(checkpoint)`. */
  readonly cursor: string;
  /** The store's full checkpoint (opaque). */
  readonly checkpoint: string;
  /** Epoch seconds after which the cursor is no longer answered. */
  readonly expiresAt: number;
}

/**
 * Where the feed keeps the checkpoints behind its cursors. Every adapter passes the same contract
 * suite (`test/support/feed-cursor-contract.ts`).
 */
export interface FeedCursorStore {
  /**
   * Keeps the record. Saving a cursor that is kept already writes nothing, unless the kept record
   * has less than half of the retention left (then its expiry moves to the new one).
   */
  save(record: FeedCursorRecord): Promise<void>;
  /** The checkpoint behind `cursor`, or undefined when it is unknown or expired at `nowSeconds`. */
  find(cursor: string, nowSeconds: number): Promise<string | undefined>;
}

/** What the event feed needs besides the event store: its cursors and, when it can, a tail finder. */
export interface FeedServices {
  readonly cursors: FeedCursorStore;
  /** Without one, `from=latest` reads the whole history to find its end. */
  readonly tail?: GlobalTailFinder;
}

/** The feed's part of the HTTP dependencies (the local runtime and the Lambda handlers wire it). */
export interface FeedDependencies {
  readonly feed: FeedServices;
}
