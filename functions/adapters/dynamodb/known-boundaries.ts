/** A commit boundary: the end of a commit, with that commit's stamp and hash. */
export interface Boundary {
  readonly recordedAt: string;
  readonly hash: string;
}

/**
 * Commit boundaries a store instance has seen: per stream, versions at which a commit ends, with
 * that commit's `recordedAt` and `hash` (the next commit's `prevHash`). History is immutable, so a
 * boundary once seen stays one; the cache only ever saves a read, it never changes an answer.
 * Bounded: least recently used streams and a stream's oldest boundaries are forgotten.
 */
export class KnownBoundaries {
  private readonly streams = new Map<string, Map<number, Boundary>>();

  constructor(
    private readonly maxStreams = 10_000,
    private readonly maxPerStream = 8,
  ) {}

  /** The commit ending at `version`, when that boundary is known. */
  boundaryOf(streamId: string, version: number): Boundary | undefined {
    const boundaries = this.streams.get(streamId);
    if (!boundaries) return undefined;
    this.touch(streamId, boundaries);
    return boundaries.get(version);
  }

  remember(streamId: string, version: number, boundary: Boundary): void {
    const boundaries = this.streams.get(streamId) ?? new Map<number, Boundary>();
    boundaries.set(version, { recordedAt: boundary.recordedAt, hash: boundary.hash });
    if (boundaries.size > this.maxPerStream) {
      const oldest = Math.min(...boundaries.keys());
      boundaries.delete(oldest);
    }
    this.touch(streamId, boundaries);
    if (this.streams.size > this.maxStreams) {
      const leastRecent = this.streams.keys().next().value;
      if (leastRecent !== undefined) this.streams.delete(leastRecent);
    }
  }

  private touch(streamId: string, boundaries: Map<number, Boundary>): void {
    this.streams.delete(streamId);
    this.streams.set(streamId, boundaries);
  }
}
