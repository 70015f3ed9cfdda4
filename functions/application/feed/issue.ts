import type { FeedCursorStore } from '../ports/feed-cursors.js';
import { feedCursorExpiryOf, feedCursorOf } from './cursor.js';

/** Keeps `checkpoint` and answers its cursor, valid for the retention from `now` (ISO). */
export const issueFeedCursor = async (
  cursors: FeedCursorStore,
  checkpoint: string,
  now: string,
): Promise<string> => {
  const cursor = feedCursorOf(checkpoint);
  await cursors.save({ cursor, checkpoint, expiresAt: feedCursorExpiryOf(now) });
  return cursor;
};

/** The checkpoint behind a cursor at `now` (ISO), or undefined when it is unknown or expired. */
export const checkpointOfFeedCursor = (
  cursors: FeedCursorStore,
  cursor: string,
  now: string,
): Promise<string | undefined> => cursors.find(cursor, Math.floor(Date.parse(now) / 1000));
