/**
 * Commit boundaries a store instance has seen: per stream, versions at which a commit ends, with
 * that commit's `recordedAt`. History is immutable, so a boundary once seen stays one; the cache
 * only ever saves a read, it never changes an answer. Bounded: least recently used streams and a
 * stream's oldest boundaries are forgotten.
 */
export class KnownBoundaries {
  private readonly streams = new Map<string, Map<number, string>>();

  constructor(
    private readonly maxStreams = 10_000,
    private readonly maxPerStream = 8,
  ) {}

  /** The `recordedAt` of the commit ending at `version`, when that boundary is known. */
  recordedAtOf(streamId: string, version: number): string | undefined {
    const boundaries = this.streams.get(streamId);
    if (!boundaries) return undefined;
    this.touch(streamId, boundaries);
    return boundaries.get(version);
  }

  remember(streamId: string, version: number, recordedAt: string): void {
    const boundaries = this.streams.get(streamId) ?? new Map<number, string>();
    boundaries.set(version, recordedAt);
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

  private touch(streamId: string, boundaries: Map<number, string>): void {
    this.streams.delete(streamId);
    this.streams.set(streamId, boundaries);
  }
}
