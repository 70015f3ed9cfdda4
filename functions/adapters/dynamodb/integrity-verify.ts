import type { CommitLog, DigestManifestEntry, RawItem } from '../../application/ports/commit-log.js';
import { commitHashOf, GENESIS_HASH } from './commit-chain.js';
import {
  DIGEST_GENESIS,
  dayDigestOf,
  dayOfItem,
  inGlobalOrder,
  manifestEntryOf,
  nextDay,
  type PublishedDigest,
} from './integrity-digest.js';
import { type Commit, commitFromItem, globalBucketOf, globalKeyOf, parseGlobalKey } from './item-layout.js';

// Checks the stored history against its hash chains and the published digests
// (docs/adr/0040-tamper-evident-history.md), and names the first commit that does not match.

/** What `verify` checks: one stream (an entity is its stream), or the whole store. */
export type VerificationScope =
  | { readonly kind: 'stream'; readonly streamId: string }
  | { readonly kind: 'store' };

/**
 * - `altered`: a commit's content (or its hash) is not what was recorded;
 * - `missing`: a commit that was recorded is not in the store;
 * - `reordered`: a commit is stored at another place in its stream than where it was recorded;
 * - `inserted`: a commit is in a sealed day that its digest does not cover;
 * - `digest-mismatch`: a day's commits no longer give its published digest, or the digests disagree.
 */
export type IntegrityProblemKind = 'altered' | 'missing' | 'reordered' | 'inserted' | 'digest-mismatch';

/** One finding: which commit (or day) and what is wrong with it. */
export interface IntegrityProblem {
  readonly kind: IntegrityProblemKind;
  readonly streamId?: string;
  readonly version?: number;
  readonly day?: string;
  readonly detail: string;
}

/** The outcome of a verification: `firstProblem` is the earliest in history (global order). */
export interface VerificationReport {
  readonly ok: boolean;
  readonly scope: VerificationScope;
  readonly commitsChecked: number;
  /** Published days whose digest was recomputed. */
  readonly daysChecked: number;
  readonly firstProblem?: IntegrityProblem;
  readonly problems: readonly IntegrityProblem[];
}

export interface VerifyOptions {
  /**
   * The published digests to check against, from outside the store (the open-data copy): the
   * store's own digests can be rewritten by whoever can write the table. Defaults to the stored
   * ones, which then only prove that the store agrees with itself.
   */
  readonly published?: readonly PublishedDigest[];
}

/** A problem and where it sorts in history: a global key, or the end of a day. */
interface Located {
  readonly problem: IntegrityProblem;
  readonly position: string;
}

const endOfDay = (day: string): string => `${day}T24`;

const collect = async <T>(items: AsyncIterable<T>): Promise<T[]> => {
  const all: T[] = [];
  for await (const item of items) all.push(item);
  return all;
};

const sortKeyOf = (item: RawItem): number => Number(item.sk?.N ?? Number.NaN);

const tryParse = (item: RawItem): { commit: Commit } | { reason: string } => {
  try {
    return { commit: commitFromItem(item) };
  } catch (error) {
    return { reason: error instanceof Error ? (error.message.split('\n')[0] ?? 'unreadable') : 'unreadable' };
  }
};

/**
 * Walks one stream's commit items in version order and checks each commit's hash and its link
 * to the commit before. Cannot see a stream's last commits removed: the digests do.
 */
export const checkStreamChain = (streamId: string, items: readonly RawItem[]): Located[] => {
  const found: Located[] = [];
  const sorted = [...items].sort((a, b) => sortKeyOf(a) - sortKeyOf(b));
  const versionOfHash = new Map<string, number>();
  for (const item of sorted) {
    const hash = item.hash?.S;
    if (hash !== undefined) versionOfHash.set(hash, sortKeyOf(item));
  }
  // A stream's problems sort in version order even when stamps were tampered with: each takes
  // the greatest global key seen so far in the stream.
  const positions = new Map<RawItem, string>();
  let greatest = '';
  for (const item of sorted) {
    const key = manifestEntryOf(item).key;
    if (key > greatest) greatest = key;
    positions.set(item, greatest);
  }
  const report = (kind: IntegrityProblemKind, item: RawItem, version: number, detail: string) => {
    found.push({ problem: { kind, streamId, version, detail }, position: positions.get(item) ?? '' });
  };
  let expectedFirst = 1;
  let expectedPrev = GENESIS_HASH;
  let previous: RawItem | undefined;
  sorted.forEach((item, index) => {
    const version = sortKeyOf(item);
    let linkKnown = true;
    if (version < expectedFirst && previous !== undefined) {
      // A commit's versions already hold this one: an item slipped in; the chain goes on around it.
      report('inserted', item, version, `version ${version} is inside the commit at ${sortKeyOf(previous)}`);
      return;
    }
    if (version > expectedFirst) {
      const range = version - 1 === expectedFirst ? `${expectedFirst}` : `${expectedFirst} to ${version - 1}`;
      report(
        'missing',
        item,
        expectedFirst,
        `version ${range} is not in the store (the next commit is at ${version})`,
      );
      linkKnown = false;
    }
    const parsed = tryParse(item);
    if (!('commit' in parsed)) {
      report('altered', item, version, `the stored item is not a commit this store wrote: ${parsed.reason}`);
      expectedFirst = sorted[index + 1] ? sortKeyOf(sorted[index + 1] as RawItem) : version + 1;
      expectedPrev = item.hash?.S ?? '';
      previous = item;
      return;
    }
    const { commit } = parsed;
    const chainsElsewhere = commit.prevHash !== expectedPrev ? versionOfHash.get(commit.prevHash) : undefined;
    if (commitHashOf(commit) !== commit.hash) {
      if (chainsElsewhere !== undefined && chainsElsewhere !== version) {
        report(
          'reordered',
          item,
          version,
          `the commit stored at version ${version} was recorded after the one now at version ${chainsElsewhere}`,
        );
      } else {
        report('altered', item, version, 'its content no longer gives the hash it was recorded with');
      }
    } else if (linkKnown && commit.prevHash !== expectedPrev) {
      if (chainsElsewhere !== undefined) {
        report(
          'reordered',
          item,
          version,
          `the commit stored at version ${version} was recorded after the one now at version ${chainsElsewhere}`,
        );
      } else if (previous !== undefined) {
        report(
          'altered',
          previous,
          sortKeyOf(previous),
          `commit ${version} recorded another hash for it: it was changed and hashed again`,
        );
      } else {
        report(
          'altered',
          item,
          version,
          'the first commit of the stream does not start from the genesis hash',
        );
      }
    } else if (
      item.globalBucket?.S !== globalBucketOf(commit.recordedAt) ||
      item.globalKey?.S !== globalKeyOf(commit.recordedAt, streamId, version)
    ) {
      report('altered', item, version, 'its global-order keys do not match its content');
    }
    expectedFirst = version + commit.events.length;
    expectedPrev = commit.hash;
    previous = item;
  });
  return found;
};

/**
 * Recomputes a published day's digest from the store's commits of that day. On a mismatch, uses
 * the day's manifest, once it is shown to give the published digest, to name each commit that
 * was removed, added or changed since the day was sealed.
 */
const checkDay = (
  published: PublishedDigest,
  previousDigest: string,
  stored: readonly DigestManifestEntry[],
  manifest: readonly DigestManifestEntry[] | undefined,
): Located[] => {
  const entries = inGlobalOrder(stored);
  const recomputed = dayDigestOf(
    published.day,
    previousDigest,
    entries.map((entry) => entry.hash),
  );
  if (recomputed === published.digest && entries.length === published.commitCount) return [];
  const found: Located[] = [
    {
      problem: {
        kind: 'digest-mismatch',
        day: published.day,
        detail: `the ${entries.length} commits stored for ${published.day} do not give its published digest (${published.commitCount} commits)`,
      },
      position: endOfDay(published.day),
    },
  ];
  const trusted =
    manifest !== undefined &&
    dayDigestOf(
      published.day,
      previousDigest,
      manifest.map((entry) => entry.hash),
    ) === published.digest;
  if (!trusted) return found;
  const storedByKey = new Map(entries.map((entry) => [entry.key, entry.hash]));
  const sealedKeys = new Set(manifest.map((entry) => entry.key));
  const locate = (kind: IntegrityProblemKind, key: string, detail: string) => {
    const { streamId, firstVersion } = parseGlobalKey(key);
    found.push({
      problem: { kind, streamId, version: firstVersion, day: published.day, detail },
      position: key,
    });
  };
  for (const entry of manifest) {
    const hash = storedByKey.get(entry.key);
    if (hash === undefined)
      locate('missing', entry.key, `sealed in the digest of ${published.day}, no longer stored`);
    else if (hash !== entry.hash) {
      locate('altered', entry.key, `its hash differs from the one sealed in the digest of ${published.day}`);
    }
  }
  for (const entry of entries) {
    if (!sealedKeys.has(entry.key)) {
      locate('inserted', entry.key, `stored in ${published.day}, which was sealed without it`);
    }
  }
  return found;
};

const sortedReport = (
  scope: VerificationScope,
  located: readonly Located[],
  commitsChecked: number,
  daysChecked: number,
): VerificationReport => {
  const seen = new Set<string>();
  const problems = [...located]
    .sort((a, b) => (a.position < b.position ? -1 : a.position > b.position ? 1 : 0))
    .map(({ problem }) => problem)
    .filter((problem) => {
      // The chain and a day's manifest can both name the same commit: keep the first.
      const id =
        problem.streamId === undefined
          ? `${problem.kind}|day|${problem.day}`
          : `${problem.kind}|${problem.streamId}|${problem.version}`;
      if (seen.has(id)) return false;
      seen.add(id);
      return true;
    });
  return {
    ok: problems.length === 0,
    scope,
    commitsChecked,
    daysChecked,
    ...(problems[0] === undefined ? {} : { firstProblem: problems[0] }),
    problems,
  };
};

/** Checks that the published list is one unbroken run of days, and that the store's digests agree. */
const checkDigestList = async (
  log: CommitLog,
  published: readonly PublishedDigest[],
  fromOutside: boolean,
): Promise<Located[]> => {
  const found: Located[] = [];
  published.forEach((entry, index) => {
    const before = published[index - 1];
    if (before !== undefined && nextDay(before.day) !== entry.day) {
      found.push({
        problem: {
          kind: 'digest-mismatch',
          day: nextDay(before.day),
          detail: `the published digests skip from ${before.day} to ${entry.day}`,
        },
        position: endOfDay(nextDay(before.day)),
      });
    }
  });
  if (fromOutside) {
    const stored = new Map((await log.digests()).map((record) => [record.day, record.digest]));
    for (const entry of published) {
      if (stored.get(entry.day) !== entry.digest) {
        found.push({
          problem: {
            kind: 'digest-mismatch',
            day: entry.day,
            detail: `the digest the store keeps for ${entry.day} is not the published one`,
          },
          position: endOfDay(entry.day),
        });
      }
    }
  }
  return found;
};

/** The previous digest of each published day, by day: the digest of the entry before it. */
const previousDigests = (published: readonly PublishedDigest[]): Map<string, string> =>
  new Map(published.map((entry, index) => [entry.day, published[index - 1]?.digest ?? DIGEST_GENESIS]));

/** Verifies one stream (an entity's stream): its chain, and the published days its commits fall on. */
export const verifyStream = async (
  log: CommitLog,
  streamId: string,
  options: VerifyOptions = {},
): Promise<VerificationReport> => {
  const scope: VerificationScope = { kind: 'stream', streamId };
  const published = options.published ?? (await log.digests());
  const items = await collect(log.streamItems(streamId));
  const located = [
    ...checkStreamChain(streamId, items),
    ...(await checkDigestList(log, published, !!options.published)),
  ];
  const previous = previousDigests(published);
  const days = new Set(items.map(dayOfItem));
  let daysChecked = 0;
  for (const entry of published) {
    if (!days.has(entry.day)) continue;
    const stored = (await collect(log.dayItems(entry.day))).map(manifestEntryOf);
    located.push(
      ...checkDay(
        entry,
        previous.get(entry.day) ?? DIGEST_GENESIS,
        stored,
        await log.digestManifest(entry.day),
      ),
    );
    daysChecked += 1;
  }
  return sortedReport(scope, located, items.length, daysChecked);
};

/** Verifies the whole store: every stream's chain, and every published day's digest. */
export const verifyStore = async (
  log: CommitLog,
  options: VerifyOptions = {},
): Promise<VerificationReport> => {
  const scope: VerificationScope = { kind: 'store' };
  const published = options.published ?? (await log.digests());
  const byStream = new Map<string, RawItem[]>();
  const byDay = new Map<string, DigestManifestEntry[]>();
  let commitsChecked = 0;
  for await (const item of log.allItems()) {
    commitsChecked += 1;
    const streamId = item.pk?.S ?? '';
    const ofStream = byStream.get(streamId) ?? [];
    ofStream.push(item);
    byStream.set(streamId, ofStream);
    const day = dayOfItem(item);
    const ofDay = byDay.get(day) ?? [];
    ofDay.push(manifestEntryOf(item));
    byDay.set(day, ofDay);
  }
  const located = [...(await checkDigestList(log, published, !!options.published))];
  for (const [streamId, items] of byStream) located.push(...checkStreamChain(streamId, items));
  const previous = previousDigests(published);
  for (const entry of published) {
    located.push(
      ...checkDay(
        entry,
        previous.get(entry.day) ?? DIGEST_GENESIS,
        byDay.get(entry.day) ?? [],
        await log.digestManifest(entry.day),
      ),
    );
  }
  const firstDay = published[0]?.day;
  if (firstDay !== undefined) {
    for (const [day, entries] of byDay) {
      if (day >= firstDay) continue;
      for (const entry of entries) {
        const { streamId, firstVersion } = parseGlobalKey(entry.key);
        located.push({
          problem: {
            kind: 'inserted',
            streamId,
            version: firstVersion,
            day,
            detail: `recorded on ${day}, before the first published digest (${firstDay})`,
          },
          position: entry.key,
        });
      }
    }
  }
  return sortedReport(scope, located, commitsChecked, published.length);
};

/**
 * Verifies a stream or the whole store against the stream chains and the published digests; the
 * function the CLI (`verify`) and the ministry-only route call.
 */
export const verify = (
  log: CommitLog,
  scope: VerificationScope,
  options: VerifyOptions = {},
): Promise<VerificationReport> =>
  scope.kind === 'stream' ? verifyStream(log, scope.streamId, options) : verifyStore(log, options);
