import { describe, expect, it } from 'vitest';
import { FEED_CURSOR_RETENTION_SECONDS, feedCursorOf } from '../../functions/application/feed/cursor.js';
import type { FeedCursorStore } from '../../functions/application/ports/feed-cursors.js';

/** Epoch seconds of 2026-03-01T09:00:00Z, when the contract's cursors are handed out. */
const NOW = Date.parse('2026-03-01T09:00:00.000Z') / 1000;
const EXPIRES = NOW + FEED_CURSOR_RETENTION_SECONDS;

let sequence = 0;
/** A checkpoint no other test of the run uses, and its cursor. */
const freshCheckpoint = (size = 40): { checkpoint: string; cursor: string } => {
  sequence += 1;
  const checkpoint = JSON.stringify({ v: 1, h: `2026-03-01T08:59:55.000Z#${sequence}`, d: [], p: [] }).padEnd(
    size,
    ' ',
  );
  return { checkpoint, cursor: feedCursorOf(checkpoint) };
};

/**
 * The contract every `FeedCursorStore` passes:
 *
 *   feedCursorStoreContract('in memory', async () => new InMemoryFeedCursorStore());
 */
export const feedCursorStoreContract = (name: string, makeStore: () => Promise<FeedCursorStore>) => {
  describe(`feed cursor store contract: ${name}`, () => {
    it('finds the checkpoint behind a saved cursor until it expires, and not after', async () => {
      // Prepare
      const store = await makeStore();
      const { checkpoint, cursor } = freshCheckpoint();
      // Act
      await store.save({ cursor, checkpoint, expiresAt: EXPIRES });
      // Assess
      expect(await store.find(cursor, NOW)).toBe(checkpoint);
      expect(await store.find(cursor, EXPIRES - 1)).toBe(checkpoint);
      expect(await store.find(cursor, EXPIRES)).toBeUndefined();
    });

    it('knows nothing of a cursor it never saved', async () => {
      const store = await makeStore();
      expect(await store.find(freshCheckpoint().cursor, NOW)).toBeUndefined();
    });

    it('writes nothing when a cursor it keeps is saved again within half the retention', async () => {
      // Prepare
      const store = await makeStore();
      const { checkpoint, cursor } = freshCheckpoint();
      await store.save({ cursor, checkpoint, expiresAt: EXPIRES });
      // Act: another record under the same cursor (a cursor names one checkpoint, so only a test
      // can do this) shows whether anything was written.
      await store.save({ cursor, checkpoint: 'written again', expiresAt: EXPIRES + 3600 });
      // Assess
      expect(await store.find(cursor, NOW)).toBe(checkpoint);
      expect(await store.find(cursor, EXPIRES)).toBeUndefined();
    });

    it('moves the expiry of a kept cursor handed out again once half its retention is gone', async () => {
      // Prepare
      const store = await makeStore();
      const { checkpoint, cursor } = freshCheckpoint();
      await store.save({ cursor, checkpoint, expiresAt: EXPIRES });
      const later = EXPIRES + FEED_CURSOR_RETENTION_SECONDS / 2 + 1;
      // Act
      await store.save({ cursor, checkpoint, expiresAt: later });
      // Assess
      expect(await store.find(cursor, EXPIRES + 60)).toBe(checkpoint);
      expect(await store.find(cursor, later)).toBeUndefined();
    });

    it('keeps a checkpoint of 100 KB whole, and takes the same cursor saved at once from many callers', async () => {
      // Prepare
      const store = await makeStore();
      const large = freshCheckpoint(100_000);
      const shared = freshCheckpoint();
      // Act
      await store.save({ ...large, expiresAt: EXPIRES });
      await Promise.all(Array.from({ length: 8 }, () => store.save({ ...shared, expiresAt: EXPIRES })));
      // Assess
      expect(await store.find(large.cursor, NOW)).toBe(large.checkpoint);
      expect(await store.find(shared.cursor, NOW)).toBe(shared.checkpoint);
    });
  });
};
