import * as z from 'zod';
import { invalidCheckpointError } from './errors.js';
import type { GlobalCheckpoint, StoredEvent } from './port.js';

// The reader side of the global order (docs/adr/0002-global-order.md), free of any AWS call so
// that its argument can be tested on its own.
//
// Every commit has a global key `<recordedAt>#<streamId>#<first version>`. A reader's position is
// a horizon H (every commit whose key is below H has been delivered) and the keys at or above H
// it has delivered already. Each read delivers, in key order, every visible commit at or above H
// not delivered yet, then raises H to "now − settle bound" (no commit stamped before that can
// still appear) but never past a commit it could not deliver in full.

/** Where a reader stands in the global order. */
export interface GlobalPosition {
  /** Every commit whose key sorts below it has been delivered; `null` before the first read. */
  readonly horizon: string | null;
  /** Keys at or above the horizon that were delivered in full, sorted. */
  readonly delivered: readonly string[];
  /**
   * Commits cut by a page limit: key and how many of their first events were delivered. More than
   * one when a late commit is cut while an earlier cut one waits for its rest.
   */
  readonly partial: readonly (readonly [key: string, count: number])[];
}

/** A commit seen in the global index: its key and its events in version order. */
export interface KeyedCommit {
  readonly key: string;
  readonly events: readonly StoredEvent[];
}

const CheckpointJson = z.strictObject({
  v: z.literal(1),
  h: z.string().nullable(),
  d: z.array(z.string()),
  p: z.array(z.tuple([z.string(), z.number().int().min(1)])),
});

export const startOfGlobalOrder: GlobalPosition = { horizon: null, delivered: [], partial: [] };

/** Serialises a position into the opaque checkpoint handed to readers. */
export const encodeGlobalCheckpoint = (position: GlobalPosition): string =>
  JSON.stringify({
    v: 1,
    h: position.horizon,
    d: position.delivered,
    p: position.partial,
  });

/** Reads a checkpoint back; `null` is the start of the global order. */
export const decodeGlobalCheckpoint = (checkpoint: GlobalCheckpoint): GlobalPosition => {
  if (checkpoint === null) return startOfGlobalOrder;
  try {
    const json = CheckpointJson.parse(JSON.parse(checkpoint));
    return {
      horizon: json.h,
      delivered: json.d,
      partial: json.p,
    };
  } catch (cause) {
    throw invalidCheckpointError({ cause });
  }
};

/**
 * Delivers up to `limit` events from `commits` (every visible commit with a key at or above the
 * horizon, in key order) and computes the next position. `settledBefore` is the ISO instant
 * "now − settle bound", taken before the commits were read: no commit stamped before it can
 * become visible later. Stops pulling from `commits` as soon as the page is full.
 */
export const collectGlobalPage = async (
  position: GlobalPosition,
  commits: AsyncIterable<KeyedCommit>,
  limit: number,
  settledBefore: string,
): Promise<{ events: StoredEvent[]; position: GlobalPosition }> => {
  const delivered = new Set(position.delivered);
  const partial = new Map(position.partial);
  const events: StoredEvent[] = [];
  // The horizon may not pass the first commit that was not examined or not delivered in full.
  let stopKey: string | undefined;
  for await (const commit of commits) {
    if (position.horizon !== null && commit.key < position.horizon) continue;
    if (delivered.has(commit.key)) continue;
    const from = partial.get(commit.key) ?? 0;
    const remaining = commit.events.slice(from);
    const room = limit - events.length;
    if (remaining.length > room) {
      events.push(...remaining.slice(0, room));
      partial.set(commit.key, from + room);
      stopKey = commit.key;
      break;
    }
    events.push(...remaining);
    delivered.add(commit.key);
    partial.delete(commit.key);
    if (events.length >= limit) {
      // Commits after this one were not examined; this one stays in `delivered`.
      stopKey = commit.key;
      break;
    }
  }
  let horizon = settledBefore;
  if (stopKey !== undefined && stopKey < horizon) horizon = stopKey;
  if (position.horizon !== null && position.horizon > horizon) horizon = position.horizon;
  return {
    events,
    position: {
      horizon,
      delivered: [...delivered].filter((key) => key >= horizon).sort(),
      // A cut commit is never below the horizon: the horizon stops at it until it is complete.
      partial: [...partial].sort(([a], [b]) => (a < b ? -1 : 1)),
    },
  };
};
