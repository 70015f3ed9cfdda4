import { createHash } from 'node:crypto';

// The feed's cursors (docs/adr/0002-global-order.md, "Consequences"): the store's global checkpoint
// grows with the write rate, so `GET /events` hands out a short name for it instead and keeps the
// checkpoint itself in the table. The name is derived from the checkpoint's content, so the same
// checkpoint always gets the same cursor and is stored once.

/** The version tag every cursor starts with; a later format gets another tag. */
export const FEED_CURSOR_PREFIX = 'c1.';

/** Bytes of the checkpoint's SHA-256 a cursor keeps: 144 bits, so no two checkpoints share one. */
const CURSOR_HASH_BYTES = 18;

/** What a cursor looks like: `c1.` and 24 base64url characters (27 in all). */
export const FEED_CURSOR_PATTERN = /^c1\.[A-Za-z0-9_-]{24}$/;

/** The longest cursor `GET /events` accepts in `after` (today's are 27 characters). */
export const FEED_CURSOR_MAX_LENGTH = 64;

/** How long a cursor is kept after it was last handed out (its `expiresAt`, for DynamoDB's TTL). */
export const FEED_CURSOR_RETENTION_SECONDS = 7 * 24 * 60 * 60;

/** The cursor of a checkpoint: `c1.` + base64url of the first 18 bytes of its SHA-256. */
export const feedCursorOf = (checkpoint: string): string =>
  `${FEED_CURSOR_PREFIX}${createHash('sha256').update(checkpoint).digest().subarray(0, CURSOR_HASH_BYTES).toString('base64url')}`;

/** Whether a text has the shape of a cursor (it may still be unknown or expired). */
export const isFeedCursor = (text: string): boolean => FEED_CURSOR_PATTERN.test(text);

/** The table key of a cursor's record: `feed-cursor#<cursor>` (sort key 0). */
export const feedCursorRecordKey = (cursor: string): string => `feed-cursor#${cursor}`;

/** When a cursor handed out at `now` (ISO) expires, in epoch seconds. */
export const feedCursorExpiryOf = (now: string): number =>
  Math.floor(Date.parse(now) / 1000) + FEED_CURSOR_RETENTION_SECONDS;
