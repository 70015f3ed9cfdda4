import { createHash } from 'node:crypto';
import type {
  CommitLog,
  DayDigestRecord,
  DigestManifestEntry,
  RawItem,
} from '../../application/ports/commit-log.js';
import { dayNumberOf, dayOfNumber, globalKeyOf } from './item-layout.js';

// Daily digests (docs/adr/0040-tamper-evident-history.md): once a UTC day is settled, every
// commit of that day, in global order, is chained into one value that can be published.

/** The previous digest of the first day: 64 zeros. */
export const DIGEST_GENESIS = '0'.repeat(64);

/** Names the digest's layout; a new layout would be a new name. */
export const DAY_DIGEST_FORMAT = 'naseej-day-digest-v1';

/** What is published for a day: anyone holding this list can check the store against it. */
export interface PublishedDigest {
  /** `YYYY-MM-DD` (UTC). */
  readonly day: string;
  readonly digest: string;
  readonly commitCount: number;
}

/**
 * digest(day) = SHA-256 (hex) of the UTF-8 text, one item a line, each line ended by "\n":
 * `naseej-day-digest-v1`, the day, the previous day's digest, then each commit hash of the day in
 * global order. Reproducible with `printf … | sha256sum`.
 */
export const dayDigestOf = (day: string, previousDigest: string, commitHashes: readonly string[]): string => {
  const hash = createHash('sha256');
  hash.update(`${DAY_DIGEST_FORMAT}\n${day}\n${previousDigest}\n`, 'utf8');
  for (const commitHash of commitHashes) hash.update(`${commitHash}\n`, 'utf8');
  return hash.digest('hex');
};

/**
 * A commit item's place in its day's digest, from its stored attributes as they are (a damaged
 * item gets whatever is left: a missing hash counts as empty, so the digest no longer matches).
 */
export const manifestEntryOf = (item: RawItem): DigestManifestEntry => ({
  key: globalKeyOf(item.recordedAt?.S ?? '', item.pk?.S ?? '', Number(item.sk?.N ?? 0)),
  hash: item.hash?.S ?? '',
});

/** The UTC day a commit item belongs to: its `recordedAt`, else its global bucket. */
export const dayOfItem = (item: RawItem): string =>
  (item.recordedAt?.S ?? item.globalBucket?.S?.slice(2) ?? '').slice(0, 10);

/**
 * Sorts entries in global order: by key, compared as UTF-8 bytes (DynamoDB's order of strings),
 * so the order never depends on the index that returned them.
 */
export const inGlobalOrder = (entries: readonly DigestManifestEntry[]): DigestManifestEntry[] =>
  [...entries].sort((a, b) => Buffer.compare(Buffer.from(a.key, 'utf8'), Buffer.from(b.key, 'utf8')));

/** The day after `day`. */
export const nextDay = (day: string): string => dayOfNumber(dayNumberOf(`${day}T00:00:00.000Z`) + 1);

/**
 * The last settled day at `now`: a day is settled once its end plus the settle bound has passed,
 * as no commit stamped within it can appear after that (ADR 0002).
 */
export const lastSettledDay = (now: Date, settleMs: number): string =>
  dayOfNumber(dayNumberOf(new Date(now.getTime() - settleMs).toISOString()) - 1);

const collect = async <T>(items: AsyncIterable<T>): Promise<T[]> => {
  const all: T[] = [];
  for await (const item of items) all.push(item);
  return all;
};

/**
 * Computes and stores the digest of every settled day not digested yet, from the first day that
 * holds commits, empty days included (so "nothing happened that day" is attested too). Run daily
 * (any number of times: a day's digest is written once). Returns the digests it stored.
 */
export const sealSettledDays = async (log: CommitLog, now: Date): Promise<DayDigestRecord[]> => {
  const existing = await log.digests();
  const last = existing.at(-1);
  const lastDay = lastSettledDay(now, log.settleMs);
  let day = last ? nextDay(last.day) : await log.firstRegisteredDay();
  let previousDigest = last?.digest ?? DIGEST_GENESIS;
  const sealed: DayDigestRecord[] = [];
  while (day !== undefined && day <= lastDay) {
    const manifest = inGlobalOrder((await collect(log.dayItems(day))).map(manifestEntryOf));
    const record = await log.saveDigest(
      {
        day,
        digest: dayDigestOf(
          day,
          previousDigest,
          manifest.map((entry) => entry.hash),
        ),
        previousDigest,
        commitCount: manifest.length,
        sealedAt: now.toISOString(),
      },
      manifest,
    );
    sealed.push(record);
    previousDigest = record.digest;
    day = nextDay(day);
  }
  return sealed;
};

/** The list to publish (open data, the ministry's site): day, digest and commit count, by day. */
export const publishedDigests = async (log: CommitLog): Promise<PublishedDigest[]> =>
  (await log.digests()).map(({ day, digest, commitCount }) => ({ day, digest, commitCount }));
