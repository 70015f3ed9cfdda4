import { deepFreeze } from '../../domain/shared/deep-freeze.js';
import type { Commit } from './item-layout.js';

/** The commits of a stream from version 1, contiguous, as one store instance has read them. */
interface CachedStream {
  readonly commits: Commit[];
  lastVersion: number;
  /**
   * The stream's head as this instance last saw it: a read that went to the stream's end, or an
   * append of its own. The kept commits are the whole stream only when they reach it; a read that
   * stopped early (a `limit`, a page) leaves a prefix, never a whole stream.
   */
  head: number;
  /** The commits of the kept ones that carry a command id, by that id. */
  readonly byCommandId: Map<string, Commit>;
}

/** Streams kept as found empty (their ids only). */
const MAX_EMPTY = 10_000;

/**
 * The streams a store instance has read, from their first commit: history is immutable, so a
 * stream read again costs one query for the commits after the cached ones instead of the whole
 * stream (commands load their stream on every attempt; long streams made that quadratic). The
 * cached commits are frozen: readers share them. Bounded by a count of events, least recently
 * used streams first; a stream larger than the bound is not kept.
 */
export class StreamHistory {
  readonly #streams = new Map<string, CachedStream>();
  /**
   * Streams a read found empty to their end, least recently noted first (at most `MAX_EMPTY`): a
   * sole writer reads them again without a query. The local runtime's commands read streams that
   * may never be written (a rollout's training plan by topic is optional): at one region × 10,
   * 357 reads of absent streams, each a query (ADR 0118).
   */
  readonly #empty = new Set<string>();
  readonly #maxEvents: number;
  #events = 0;
  /** Counts the appends and refused or unknown puts, on any stream (see `reachedEnd`). */
  #changes = 0;
  /**
   * Streams with a put of this instance under way, and how many: its commit may already be in the
   * table (and shown by the change feed to a consumer that then reads the stream) before the
   * answer reaches `appended`, so until then the kept commits are not the whole stream.
   */
  readonly #putting = new Map<string, number>();

  constructor(maxEvents: number) {
    this.#maxEvents = maxEvents;
  }

  /**
   * The commits cached for a stream (a copy of the list, oldest first), or none, and whether they
   * reach the head this instance last saw (`whole`): only then may a sole writer skip the table.
   */
  commitsOf(streamId: string): { readonly commits: readonly Commit[]; readonly whole: boolean } {
    const cached = this.#streams.get(streamId);
    const putting = this.#putting.has(streamId);
    if (cached === undefined) {
      return { commits: [], whole: !putting && this.#maxEvents > 0 && this.#empty.has(streamId) };
    }
    this.#streams.delete(streamId);
    this.#streams.set(streamId, cached);
    return { commits: cached.commits.slice(), whole: !putting && cached.head === cached.lastVersion };
  }

  /**
   * Runs a put of a commit to `streamId`: while it is under way the stream is never answered from
   * memory alone (its commit may be in the table before the put's answer is back here).
   */
  async putting<T>(streamId: string, put: () => Promise<T>): Promise<T> {
    this.#putting.set(streamId, (this.#putting.get(streamId) ?? 0) + 1);
    try {
      return await put();
    } finally {
      const left = (this.#putting.get(streamId) ?? 1) - 1;
      if (left > 0) this.#putting.set(streamId, left);
      else this.#putting.delete(streamId);
    }
  }

  /** A mark to take before a read's first query and to give back to `reachedEnd`. */
  changeMark(): number {
    return this.#changes;
  }

  /**
   * Records that a read, which took `mark` before its first query, went to the stream's end and
   * found `version` there. Its answer may predate a put that landed while it ran (this instance's
   * own, or one refused because another got there first): then it says nothing of the head.
   */
  reachedEnd(streamId: string, version: number, mark: number): void {
    const cached = this.#streams.get(streamId);
    if (cached === undefined || mark !== this.#changes) return;
    cached.head = version;
  }

  /**
   * Records that a read from version 1, which took `mark` before its first query, found no commit
   * at all: the stream was empty (unless a put landed while the read ran, as for `reachedEnd`).
   */
  foundEmpty(streamId: string, mark: number): void {
    if (mark !== this.#changes || this.#maxEvents <= 0 || this.#streams.has(streamId)) return;
    this.#empty.delete(streamId);
    this.#empty.add(streamId);
    if (this.#empty.size > MAX_EMPTY) {
      const oldest = this.#empty.values().next().value;
      if (oldest !== undefined) this.#empty.delete(oldest);
    }
  }

  /**
   * Adds a commit this instance has just stored: its put succeeded, so the stream ended just
   * before it and now ends with it.
   */
  appended(commit: Commit): void {
    this.#changes += 1;
    this.extend(commit);
    const cached = this.#streams.get(commit.streamId);
    if (cached !== undefined) cached.head = commit.lastVersion;
  }

  /**
   * The kept commit a command produced on a stream, `undefined` when none did up to `version`, or
   * `null` when the stream is not kept up to `version` (then only the table can answer). Nothing
   * precedes version 0: no command committed there.
   */
  commitOfCommand(streamId: string, commandId: string, version: number): Commit | undefined | null {
    const cached = this.#streams.get(streamId);
    // A kept commit of the command answers, wherever it is: history is immutable.
    const found = cached?.byCommandId.get(commandId);
    if (found !== undefined || version === 0) return found;
    return cached === undefined || cached.lastVersion < version ? null : undefined;
  }

  /** The last version kept of a stream from its start (0 when none is kept). */
  keptUpTo(streamId: string): number {
    return this.#streams.get(streamId)?.lastVersion ?? 0;
  }

  /**
   * Notes that the stream may have grown past what is kept (a refused put: another writer; a put
   * whose outcome is unknown). The kept commits stay, since history is immutable; they are no
   * longer the whole stream, so the next read asks the table for what follows them.
   */
  mayBeBehind(streamId: string): void {
    this.#changes += 1;
    this.#empty.delete(streamId);
    const cached = this.#streams.get(streamId);
    if (cached !== undefined) cached.head = Number.POSITIVE_INFINITY;
  }

  /**
   * Adds a commit read from (or written to) the store when it continues the cached prefix (its first version is
   * the next one); anything else (a read that started mid-stream, a commit another read already
   * added) is ignored.
   */
  extend(commit: Commit): void {
    if (this.#maxEvents <= 0) return;
    this.#empty.delete(commit.streamId);
    const cached = this.#streams.get(commit.streamId);
    const lastVersion = cached?.lastVersion ?? 0;
    if (commit.firstVersion !== lastVersion + 1) return;
    const entry: CachedStream = cached ?? { commits: [], lastVersion: 0, head: 0, byCommandId: new Map() };
    entry.commits.push(deepFreeze(commit));
    if (commit.commandId !== undefined) entry.byCommandId.set(commit.commandId, commit);
    entry.lastVersion = commit.lastVersion;
    this.#events += commit.lastVersion - commit.firstVersion + 1;
    if (cached === undefined) this.#streams.set(commit.streamId, entry);
    while (this.#events > this.#maxEvents) {
      const [oldest, evicted] = this.#streams.entries().next().value ?? [];
      if (oldest === undefined || evicted === undefined) break;
      this.#streams.delete(oldest);
      this.#events -= evicted.lastVersion;
    }
  }
}
