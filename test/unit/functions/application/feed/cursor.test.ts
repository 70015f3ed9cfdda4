import { describe, expect, it } from 'vitest';
import { RESERVED_PREFIXES } from '../../../../../functions/adapters/dynamodb/item-layout.js';
import { InMemoryEventStore } from '../../../../../functions/adapters/in-memory/event-store.js';
import {
  FEED_CURSOR_MAX_LENGTH,
  feedCursorOf,
  feedCursorRecordKey,
  isFeedCursor,
} from '../../../../../functions/application/feed/cursor.js';
import { INVALID_APPEND } from '../../../../../functions/application/ports/event-store-errors.js';

describe('a feed cursor', () => {
  it('is 27 characters whatever the size of the checkpoint it names', () => {
    // Prepare
    const small = '{"v":1,"n":0}';
    const large = JSON.stringify({ v: 1, h: '2026-03-01T09:00:00.000Z', d: Array(500).fill('k'.repeat(70)) });
    // Act
    const cursors = [feedCursorOf(small), feedCursorOf(large)];
    // Assess
    expect(large.length).toBeGreaterThan(30_000);
    for (const cursor of cursors) {
      expect(cursor).toMatch(/^c1\.[A-Za-z0-9_-]{24}$/);
      expect(isFeedCursor(cursor)).toBe(true);
      expect(cursor.length).toBeLessThanOrEqual(FEED_CURSOR_MAX_LENGTH);
    }
  });

  it('is the same for the same checkpoint and differs for another', () => {
    expect(feedCursorOf('{"v":1,"n":3}')).toBe(feedCursorOf('{"v":1,"n":3}'));
    expect(feedCursorOf('{"v":1,"n":3}')).not.toBe(feedCursorOf('{"v":1,"n":4}'));
  });

  it('is told apart from a raw checkpoint and from other text', () => {
    for (const text of [
      '{"v":1,"n":3}',
      'c1.short',
      'c2.AAAAAAAAAAAAAAAAAAAAAAAA',
      'c1.AAAAAAAAAAAAAAAAAAAAAAA=',
    ]) {
      expect(isFeedCursor(text), text).toBe(false);
    }
  });

  it('is kept under a prefix the event store reserves, so no stream can collide with it', async () => {
    // Prepare
    const store = new InMemoryEventStore();
    const key = feedCursorRecordKey(feedCursorOf('{"v":1,"n":3}'));
    // Act
    const appending = store.append({
      streamId: key,
      expectedVersion: 'any',
      events: [{ type: 'Anything', schemaVersion: 1, data: {} }],
      metadata: { actor: { id: 'user-1', role: 'ministry' }, correlationId: 'c-1', causationId: null },
    });
    // Assess
    expect(RESERVED_PREFIXES.some((prefix) => key.startsWith(prefix))).toBe(true);
    await expect(appending).rejects.toMatchObject({ code: INVALID_APPEND });
  });
});
