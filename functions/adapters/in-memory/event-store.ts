import { randomUUID } from 'node:crypto';
import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import * as z from 'zod';
import type {
  CommitLog,
  DayDigestRecord,
  DigestManifestEntry,
  RawItem,
} from '../../application/ports/commit-log.js';
import type {
  AppendRequest,
  AppendResult,
  EventStore,
  GlobalCheckpoint,
  GlobalPage,
  ReadStreamOptions,
  StoredEvent,
} from '../../application/ports/event-store.js';
import { concurrencyError, invalidCheckpointError } from '../../application/ports/event-store-errors.js';
import type { CommonStoreOptions, StoreHooks, Upcast } from '../../application/ports/event-store-options.js';
import { GENESIS_HASH } from '../dynamodb/commit-chain.js';
import {
  appendResultOf,
  assertCommitFits,
  buildCommit,
  type Commit,
  commitFromItem,
  commitItem,
  globalBucketOf,
  storedEventsOf,
  validateAppend,
} from '../dynamodb/item-layout.js';

const DEFAULT_GLOBAL_LIMIT = 500;

interface StoredCommit {
  readonly commit: Commit;
  readonly item: Record<string, AttributeValue>;
}

const InMemoryCheckpoint = z.strictObject({ v: z.literal(1), n: z.number().int().min(0) });

/**
 * The event store in memory, for unit tests: the same contract as the DynamoDB store (same
 * validation, same size limit, same errors), with the global order being the order of commits.
 */
export class InMemoryEventStore implements EventStore {
  private readonly clock: () => Date;
  private readonly newId: () => string;
  private readonly upcast: Upcast | undefined;
  private readonly hooks: StoreHooks;
  /** Each commit with its item: reads parse the item, so callers never share stored objects. */
  private readonly streams = new Map<string, StoredCommit[]>();
  private readonly globalLog: { stored: StoredCommit; index: number }[] = [];
  private readonly registeredDays = new Set<string>();
  private readonly digestRecords = new Map<
    string,
    { record: DayDigestRecord; manifest: DigestManifestEntry[] }
  >();

  constructor(options: CommonStoreOptions = {}) {
    this.clock = options.clock ?? (() => new Date());
    this.newId = options.newId ?? randomUUID;
    this.upcast = options.upcast;
    this.hooks = options.hooks ?? {};
  }

  async append(request: AppendRequest): Promise<AppendResult> {
    validateAppend(request);
    const { streamId, expectedVersion, commandId } = request;
    const duplicate = () =>
      commandId === undefined ? undefined : this.commandResultNow(streamId, commandId);
    const before = duplicate();
    if (before) return before;
    const eventIds = request.events.map(() => this.newId());
    const tentativeFirst = this.expectedFirstVersion(request);
    const recordedAt = this.clock().toISOString();
    const tentative = buildCommit(request, tentativeFirst, recordedAt, eventIds);
    assertCommitFits(tentative, commitItem(tentative));
    await this.hooks.beforePut?.({ streamId, firstVersion: tentativeFirst, recordedAt, attempt: 1 });
    // From here to the write nothing awaits: this is the conditional put.
    const after = duplicate();
    if (after) return after;
    const head = this.headOf(streamId);
    const expected = expectedVersion === 'no-stream' ? 0 : expectedVersion;
    if (expected !== 'any' && expected !== head) {
      throw concurrencyError({ streamId, expected: expectedVersion, actual: head });
    }
    const prevHash = this.commitsOf(streamId).at(-1)?.commit.hash ?? GENESIS_HASH;
    const item = commitItem(buildCommit(request, head + 1, recordedAt, eventIds, prevHash));
    const stored = { commit: commitFromItem(item), item };
    this.registeredDays.add(recordedAt.slice(0, 10));
    this.streams.set(streamId, [...this.commitsOf(streamId), stored]);
    stored.commit.events.forEach((_, index) => {
      this.globalLog.push({ stored, index });
    });
    return appendResultOf(commitFromItem(item), false, this.upcast);
  }

  async commandResult(streamId: string, commandId: string): Promise<AppendResult | undefined> {
    return this.commandResultNow(streamId, commandId);
  }

  private commandResultNow(streamId: string, commandId: string): AppendResult | undefined {
    const first = this.commitsOf(streamId).find((stored) => stored.commit.commandId === commandId);
    return first ? appendResultOf(commitFromItem(first.item), true, this.upcast) : undefined;
  }

  async *readStream(streamId: string, options: ReadStreamOptions = {}): AsyncIterable<StoredEvent> {
    const fromVersion = options.fromVersion ?? 1;
    for (const stored of this.commitsOf(streamId)) {
      if (stored.commit.lastVersion < fromVersion) continue;
      for (const event of storedEventsOf(commitFromItem(stored.item), this.upcast)) {
        if (event.version >= fromVersion) yield event;
      }
    }
  }

  async streamVersion(streamId: string): Promise<number> {
    return this.headOf(streamId);
  }

  async readGlobal(checkpoint: GlobalCheckpoint, options: { limit?: number } = {}): Promise<GlobalPage> {
    const from = this.decodeCheckpoint(checkpoint);
    const limit = Math.max(1, Math.floor(options.limit ?? DEFAULT_GLOBAL_LIMIT));
    const entries = this.globalLog.slice(from, from + limit);
    const events = entries.map(
      ({ stored, index }) => storedEventsOf(commitFromItem(stored.item), this.upcast)[index] as StoredEvent,
    );
    return { events, checkpoint: JSON.stringify({ v: 1, n: from + entries.length }) };
  }

  /**
   * The commit log over this store's items (settle bound 0: a commit is visible once appended).
   * Reads see later appends and the changes made below the store.
   */
  commitLog(): CommitLog {
    const allItems = () => [...this.streams.values()].flat().map((stored) => stored.item);
    return {
      settleMs: 0,
      streamItems: (streamId) => iterate(this.commitsOf(streamId).map((stored) => stored.item)),
      dayItems: (day) => iterate(allItems().filter((item) => item.globalBucket?.S === globalBucketOf(day))),
      allItems: () => iterate(allItems()),
      firstRegisteredDay: async () => [...this.registeredDays].sort()[0],
      digests: async () =>
        [...this.digestRecords.values()]
          .map(({ record }) => ({ ...record }))
          .sort((a, b) => (a.day < b.day ? -1 : 1)),
      digestManifest: async (day) => {
        const manifest = this.digestRecords.get(day)?.manifest;
        return manifest === undefined ? undefined : manifest.map((entry) => ({ ...entry }));
      },
      saveDigest: async (record, manifest) => {
        const existing = this.digestRecords.get(record.day);
        if (existing) return { ...existing.record };
        this.digestRecords.set(record.day, {
          record: { ...record },
          manifest: manifest.map((entry) => ({ ...entry })),
        });
        return { ...record };
      },
    };
  }

  /**
   * Puts an item directly into a stream, replacing the one with the same sort key: what an
   * administrator with write access to the table could do. For tests of tamper evidence only.
   */
  putItemBelowTheStore(item: RawItem): void {
    const streamId = item.pk?.S ?? '';
    const firstVersion = Number(item.sk?.N);
    const others = this.commitsOf(streamId).filter((stored) => stored.commit.firstVersion !== firstVersion);
    const replaced = this.commitsOf(streamId).find((stored) => stored.commit.firstVersion === firstVersion);
    let commit: Commit;
    try {
      commit = commitFromItem(item);
    } catch (error) {
      // The store's own reads of a damaged item fail; the commit log still shows it as it is.
      if (!replaced) throw error;
      commit = replaced.commit;
    }
    const stored = { commit: { ...commit, firstVersion }, item: structuredClone(item) };
    const commits = [...others, stored].sort((a, b) => a.commit.firstVersion - b.commit.firstVersion);
    this.streams.set(streamId, commits);
  }

  /** Deletes a commit item directly, as an administrator could. For tests of tamper evidence only. */
  deleteItemBelowTheStore(streamId: string, firstVersion: number): void {
    this.streams.set(
      streamId,
      this.commitsOf(streamId).filter((stored) => stored.commit.firstVersion !== firstVersion),
    );
  }

  /** A copy of a stored commit item, as it is below the store; undefined when absent. */
  itemBelowTheStore(streamId: string, firstVersion: number): RawItem | undefined {
    const stored = this.commitsOf(streamId).find(
      (candidate) => candidate.commit.firstVersion === firstVersion,
    );
    return stored ? structuredClone(stored.item) : undefined;
  }

  private decodeCheckpoint(checkpoint: GlobalCheckpoint): number {
    if (checkpoint === null) return 0;
    try {
      return InMemoryCheckpoint.parse(JSON.parse(checkpoint)).n;
    } catch (cause) {
      throw invalidCheckpointError({ cause });
    }
  }

  private expectedFirstVersion(request: AppendRequest): number {
    const { expectedVersion } = request;
    if (expectedVersion === 'any') return this.headOf(request.streamId) + 1;
    if (expectedVersion === 'no-stream') return 1;
    return expectedVersion + 1;
  }

  private commitsOf(streamId: string): readonly StoredCommit[] {
    return this.streams.get(streamId) ?? [];
  }

  private headOf(streamId: string): number {
    return this.commitsOf(streamId).at(-1)?.commit.lastVersion ?? 0;
  }
}

async function* iterate<T>(items: readonly T[]): AsyncIterable<T> {
  for (const item of items) yield structuredClone(item);
}
