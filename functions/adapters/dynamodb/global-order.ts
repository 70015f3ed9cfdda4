import * as z from 'zod';
import type { GlobalCheckpoint, StoredEvent } from '../../application/ports/event-store.js';
import { invalidCheckpointError } from '../../application/ports/event-store-errors.js';
import { lazily } from '../../domain/shared/lazily.js';

// The reader side of the global order (docs/adr/0002-global-order.md), free of any AWS call so
// that its argument can be tested on its own.
//
// Every commit has a global key `<recordedAt>#<streamId>#<first version>`. A reader's position is
// a horizon H (every commit whose key is below H should have been delivered), a floor F ≤ H, and
// the keys at or above F it has delivered already. Each read delivers, in key order, every
// visible commit at or above F not delivered yet, then raises H to "now − settle bound" (no commit
// stamped before that should still appear) but never past a commit it could not deliver in full.
// DynamoDB promises no bound on its index's propagation: a commit that shows up between F and H
// is late; it is delivered then and reported (docs/adr/0002-global-order.md, addendum).

/** Where a reader stands in the global order. */
export interface GlobalPosition {
  /** Every commit whose key sorts below it has been delivered; `null` before the first read. */
  readonly horizon: string | null;
  /**
   * The late floor (≤ horizon): the reader remembers every key it delivered at or above it, so a
   * commit between the floor and the horizon that it has not delivered is a *late* one (the index
   * showed it after the settle bound): it is delivered then, and reported. `null` with a `null`
   * horizon, or for a checkpoint written before floors existed (then the horizon is the floor).
   */
  readonly floor: string | null;
  /** Keys at or above the floor that were delivered in full, sorted. */
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

/** A checkpoint's JSON (v1, or v2 with a floor), built on its first read (not at import). */
const schemas = lazily({
  get checkpointJson() {
    return z.union([
      z.strictObject({
        v: z.literal(1),
        h: z.string().nullable(),
        d: z.array(z.string()),
        p: z.array(z.tuple([z.string(), z.number().int().min(1)])),
      }),
      z.strictObject({
        v: z.literal(2),
        h: z.string().nullable(),
        f: z.string().nullable(),
        d: z.array(z.string()),
        p: z.array(z.tuple([z.string(), z.number().int().min(1)])),
      }),
    ]);
  },
});

export const startOfGlobalOrder: GlobalPosition = { horizon: null, floor: null, delivered: [], partial: [] };

/**
 * The most bytes of delivered keys a checkpoint keeps, so that a checkpoint stored as an item (a
 * change feed's, a feed cursor's) stays far below DynamoDB's 400 KB item limit at any write rate
 * (at 77 commits/s and a 60 s settle bound the keys alone took about 340 KB). Past it the reader
 * forgets the oldest keys below the horizon (its late window shrinks), and delivers no further
 * commit above the horizon until the horizon has passed some (its lag grows to the settle bound).
 */
export const MAX_DELIVERED_KEY_BYTES = 300_000;

/** The metric counting late commits a global read delivered (it has an alarm on AWS). */
export const LATE_GLOBAL_COMMIT_METRIC = 'LateGlobalCommits';

/** Serialises a position into the opaque checkpoint handed to readers. */
export const encodeGlobalCheckpoint = (position: GlobalPosition): string =>
  JSON.stringify({
    v: 2,
    h: position.horizon,
    f: position.floor,
    d: position.delivered,
    p: position.partial,
  });

/** Reads a checkpoint back; `null` is the start of the global order. */
export const decodeGlobalCheckpoint = (checkpoint: GlobalCheckpoint): GlobalPosition => {
  if (checkpoint === null) return startOfGlobalOrder;
  try {
    const json = schemas.checkpointJson.parse(JSON.parse(checkpoint));
    return {
      horizon: json.h,
      floor: json.v === 2 ? json.f : json.h,
      delivered: json.d,
      partial: json.p,
    };
  } catch (cause) {
    throw invalidCheckpointError({ cause });
  }
};

/** Where a read starts in the index: the floor, or the horizon of an older checkpoint. */
export const readFromKey = (position: GlobalPosition): string | null => position.floor ?? position.horizon;

/** How many bytes a key takes in a checkpoint (its JSON string and a comma). */
const keyBytes = (key: string): number => Buffer.byteLength(key, 'utf8') + 3;

export interface GlobalPageOptions {
  /**
   * The ISO instant before which the reader need not remember what it delivered: "now − settle
   * bound − late window". Defaults to `settledBefore` (no late window).
   */
  readonly lateSince?: string;
  /** Defaults to `MAX_DELIVERED_KEY_BYTES`. */
  readonly maxDeliveredKeyBytes?: number;
}

/** A page of the global order, the next position, and the keys of the late commits it delivered. */
export interface CollectedGlobalPage {
  readonly events: StoredEvent[];
  readonly position: GlobalPosition;
  /** Commits found below the horizon and not delivered before: the index showed them late. */
  readonly late: readonly string[];
}

/**
 * Delivers up to `limit` events from `commits` (every visible commit with a key at or above the
 * floor, in key order) and computes the next position. `settledBefore` is the ISO instant
 * "now − settle bound", taken before the commits were read: a commit stamped before it should be
 * visible already; one that shows up later, while its key is still above the floor, is delivered
 * and reported as late. Stops pulling from `commits` as soon as the page is full.
 */
export const collectGlobalPage = async (
  position: GlobalPosition,
  commits: AsyncIterable<KeyedCommit>,
  limit: number,
  settledBefore: string,
  options: GlobalPageOptions = {},
): Promise<CollectedGlobalPage> => {
  const maxBytes = options.maxDeliveredKeyBytes ?? MAX_DELIVERED_KEY_BYTES;
  const floor = readFromKey(position);
  const delivered = new Set(position.delivered);
  const partial = new Map(position.partial);
  const events: StoredEvent[] = [];
  const late: string[] = [];
  // The bytes of the keys the next checkpoint must keep whatever happens: those at or above the
  // horizon (below it, keys only serve to detect late commits and may be forgotten).
  let keptBytes = position.delivered
    .filter((key) => position.horizon === null || key >= position.horizon)
    .reduce((sum, key) => sum + keyBytes(key), 0);
  // The horizon may not pass the first commit that was not examined or not delivered in full.
  let stopKey: string | undefined;
  for await (const commit of commits) {
    if (floor !== null && commit.key < floor) continue;
    if (delivered.has(commit.key)) continue;
    const isLate = position.horizon !== null && commit.key < position.horizon;
    if (!isLate && keptBytes + keyBytes(commit.key) > maxBytes) {
      // No room to remember it: leave it (and all after it) for when the horizon has moved on.
      stopKey = commit.key;
      break;
    }
    const from = partial.get(commit.key) ?? 0;
    const remaining = commit.events.slice(from);
    const room = limit - events.length;
    if (isLate && from === 0) late.push(commit.key);
    if (remaining.length > room) {
      events.push(...remaining.slice(0, room));
      partial.set(commit.key, from + room);
      stopKey = commit.key;
      break;
    }
    events.push(...remaining);
    delivered.add(commit.key);
    if (!isLate) keptBytes += keyBytes(commit.key);
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
  // The floor follows the late window, never passes the horizon or a cut commit, never goes back.
  let nextFloor = options.lateSince ?? settledBefore;
  if (floor !== null && floor > nextFloor) nextFloor = floor;
  if (nextFloor > horizon) nextFloor = horizon;
  for (const [key] of partial) if (key < nextFloor) nextFloor = key;
  let kept = [...delivered].filter((key) => key >= nextFloor).sort();
  // Over the budget: forget the oldest keys below the horizon, raising the floor past them.
  let bytes = kept.reduce((sum, key) => sum + keyBytes(key), 0);
  let forget = 0;
  while (bytes > maxBytes && forget < kept.length && (kept[forget] as string) < horizon) {
    bytes -= keyBytes(kept[forget] as string);
    forget += 1;
  }
  if (forget > 0) {
    const firstKept = kept[forget];
    // Raised to the first key kept (or the horizon), but not past a cut commit.
    let raised = firstKept !== undefined && firstKept < horizon ? firstKept : horizon;
    for (const [key] of partial) if (key < raised) raised = key;
    if (raised > nextFloor) nextFloor = raised;
    kept = kept.filter((key) => key >= nextFloor);
  }
  return {
    events,
    late,
    position: {
      horizon,
      floor: nextFloor,
      delivered: kept,
      // A cut commit is never below the floor: the floor stops at it until it is complete.
      partial: [...partial].sort(([a], [b]) => (a < b ? -1 : 1)),
    },
  };
};
