import type { AttributeValue } from '@aws-sdk/client-dynamodb';

/** A stored item of the event store table, exactly as stored: nothing parsed, nothing trusted. */
export type RawItem = Record<string, AttributeValue>;

/** The digest of one settled UTC day, as the store keeps it (see docs/adr/0040-…). */
export interface DayDigestRecord {
  /** `YYYY-MM-DD` (UTC). */
  readonly day: string;
  /** SHA-256 (hex) chaining `previousDigest` and the day's commit hashes in global order. */
  readonly digest: string;
  /** The digest of the day before (the genesis value for the first day). */
  readonly previousDigest: string;
  readonly commitCount: number;
  /** When the digest was computed. */
  readonly sealedAt: string;
}

/** One commit a digest covers: its global key and its hash, as they were when the day was sealed. */
export interface DigestManifestEntry {
  readonly key: string;
  readonly hash: string;
}

/**
 * Read access below the event store's port, for the integrity checks: raw commit items (so a
 * damaged item is reported, never thrown), the commits of a day, and the digests. Every adapter
 * of the store offers one over the same data.
 */
export interface CommitLog {
  /** The settle bound: a commit stamped `t` is visible to every read started after `t + settleMs`. */
  readonly settleMs: number;
  /** The commit items of one stream, in version (sort key) order. */
  streamItems(streamId: string): AsyncIterable<RawItem>;
  /** The commit items whose global bucket is `day`, in no particular order. */
  dayItems(day: string): AsyncIterable<RawItem>;
  /** Every commit item of the table (a full read), in no particular order. */
  allItems(): AsyncIterable<RawItem>;
  /** The first day registered as holding commits, if any. */
  firstRegisteredDay(): Promise<string | undefined>;
  /** The stored digests, in day order. */
  digests(): Promise<DayDigestRecord[]>;
  /** The commits a stored digest covers, in digest order; undefined when absent. */
  digestManifest(day: string): Promise<DigestManifestEntry[] | undefined>;
  /**
   * Stores a day's digest and its manifest unless that day already has one; returns the digest
   * stored for the day (the existing one when another sealer was first).
   */
  saveDigest(record: DayDigestRecord, manifest: readonly DigestManifestEntry[]): Promise<DayDigestRecord>;
}
