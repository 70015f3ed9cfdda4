import { FEED_CURSOR_RETENTION_SECONDS } from '../../application/feed/cursor.js';
import type { FeedCursorRecord, FeedCursorStore } from '../../application/ports/feed-cursors.js';

/** Saves between two sweeps of the expired records. */
const SWEEP_EVERY = 1_000;

/** Feed cursors in a Map: for unit tests and routes served without a table. */
export class InMemoryFeedCursorStore implements FeedCursorStore {
  readonly #records = new Map<string, FeedCursorRecord>();
  #savesSinceSweep = 0;

  async save(record: FeedCursorRecord): Promise<void> {
    const kept = this.#records.get(record.cursor);
    if (kept === undefined || kept.expiresAt < record.expiresAt - FEED_CURSOR_RETENTION_SECONDS / 2) {
      this.#records.set(record.cursor, { ...record });
    }
    this.#savesSinceSweep += 1;
    if (this.#savesSinceSweep >= SWEEP_EVERY) {
      this.#savesSinceSweep = 0;
      // A record saved now expires one retention from now: anything expiring before now is gone.
      const nowSeconds = record.expiresAt - FEED_CURSOR_RETENTION_SECONDS;
      for (const [cursor, { expiresAt }] of this.#records) {
        if (expiresAt <= nowSeconds) this.#records.delete(cursor);
      }
    }
  }

  async find(cursor: string, nowSeconds: number): Promise<string | undefined> {
    const kept = this.#records.get(cursor);
    return kept === undefined || kept.expiresAt <= nowSeconds ? undefined : kept.checkpoint;
  }
}
