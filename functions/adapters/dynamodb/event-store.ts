import { randomUUID } from 'node:crypto';
import {
  type AttributeValue,
  type DynamoDBClient,
  GetItemCommand,
  type GetItemCommandInput,
  PutItemCommand,
  type PutItemCommandInput,
  QueryCommand,
  type QueryCommandInput,
  type QueryCommandOutput,
} from '@aws-sdk/client-dynamodb';
import { marshall, unmarshall } from '@aws-sdk/util-dynamodb';
import type {
  AppendRequest,
  AppendResult,
  EventStore,
  ExpectedVersion,
  GlobalCheckpoint,
  GlobalPage,
  ReadStreamOptions,
  StoredEvent,
} from '../../application/ports/event-store.js';
import {
  concurrencyError,
  isCommitTooLargeError,
  isConcurrencyError,
  isInvalidAppendError,
  isInvalidCheckpointError,
  isStoreUnavailableError,
  storeUnavailableError,
} from '../../application/ports/event-store-errors.js';
import type { CommonStoreOptions, StoreHooks, Upcast } from '../../application/ports/event-store-options.js';
import { GENESIS_HASH } from './commit-chain.js';
import {
  collectGlobalPage,
  decodeGlobalCheckpoint,
  encodeGlobalCheckpoint,
  type KeyedCommit,
  readFromKey,
} from './global-order.js';
import {
  appendResultOf,
  assertCommitFits,
  buildCommit,
  type Commit,
  commitFromItem,
  commitItem,
  dayNumberOf,
  dayOfNumber,
  GLOBAL_DAYS_PK,
  globalBucketOf,
  parseGlobalKey,
  storedEventsOf,
  validateAppend,
} from './item-layout.js';
import { KnownBoundaries } from './known-boundaries.js';
import { queryRegisteredDays, type RegisteredDays } from './registered-days.js';
import { StreamHistory } from './stream-history.js';
import { COMMAND_ID_INDEX, GLOBAL_ORDER_INDEX } from './table-definition.js';

/** Options of the DynamoDB event store; see docs/adr/0002-global-order.md for the two bounds. */
export interface DynamoDbEventStoreOptions extends CommonStoreOptions {
  readonly client: DynamoDBClient;
  readonly tableName: string;
  /**
   * The settle bound B: a commit stamped at `t` is visible to every global read started after
   * `t + B`. It must cover the request timeout, DynamoDB's own processing, the global index's
   * propagation and clock skew. Default 60 s.
   */
  readonly settleMs?: number;
  /** Every request is abandoned after this long, SDK retries included. Default 5 s. */
  readonly requestTimeoutMs?: number;
  /** Attempts of one append (for `'any'` conflicts and re-stamping); default 10. */
  readonly maxAppendAttempts?: number;
  /**
   * Events of streams already read kept in memory, so that reading a stream again queries only
   * its new commits (history is immutable); default 100,000, 0 keeps none.
   */
  readonly historyCacheEvents?: number;
  /**
   * Only for a table no other process or store instance writes (the local runtime's dynalite,
   * which only it opens): a stream it keeps in memory is then read without any query, since a
   * commit it did not write itself cannot exist. A write whose outcome it does not know (a
   * refused or failed put) drops the stream from memory. Default false: on AWS many Lambdas write.
   */
  readonly soleWriter?: boolean;
  /**
   * Only for a table whose every writer is in this process and notes its days here (the local
   * runtime's sole writer): the day registry kept in memory, shared with the global reader, so
   * that a global read lists the days without a query (docs/adr/0146-days-learnt-from-the-writer.md).
   */
  readonly dayRegistry?: RegisteredDays;
  /**
   * How long after the settle bound a global read still notices a commit the index shows late
   * (DynamoDB gives no bound on index propagation): such a commit is delivered and reported to
   * `onLateCommit`. Costs re-reading this much more of the index per read. Default: the settle bound.
   */
  readonly lateWindowMs?: number;
  /** Told of each late commit a global read delivered (an alarm's metric on AWS). */
  readonly onLateCommit?: (late: { readonly key: string; readonly lateByMs: number }) => void;
}

/** The default settle bound B of the DynamoDB store (ADR 0002). */
export const DEFAULT_SETTLE_MS = 60_000;
const DEFAULT_REQUEST_TIMEOUT_MS = 5_000;
const DEFAULT_MAX_APPEND_ATTEMPTS = 10;
const DEFAULT_GLOBAL_LIMIT = 500;
const DEFAULT_HISTORY_CACHE_EVENTS = 100_000;
/** Commits read at most to bring a stream kept in memory up to its head (one query page). */
const CATCH_UP_COMMITS = 100;

const THROTTLING_ERRORS = new Set([
  'ProvisionedThroughputExceededException',
  'ThrottlingException',
  'RequestLimitExceeded',
]);
const TIMEOUT_ERRORS = new Set(['AbortError', 'TimeoutError']);

/**
 * Maps any failure of a DynamoDB call to the store's typed errors: throttling and timeouts to a
 * retryable `StoreUnavailableError`, anything unknown to a non-retryable one. The original error
 * is kept as `cause`; the message never shows it.
 */
export const toStoreError = (error: unknown): Error => {
  if (
    isConcurrencyError(error) ||
    isCommitTooLargeError(error) ||
    isStoreUnavailableError(error) ||
    isInvalidAppendError(error) ||
    isInvalidCheckpointError(error)
  ) {
    return error;
  }
  const name = error instanceof Error ? error.name : '';
  if (THROTTLING_ERRORS.has(name)) return storeUnavailableError('throttled', { cause: error });
  if (TIMEOUT_ERRORS.has(name)) return storeUnavailableError('timeout', { cause: error });
  return storeUnavailableError('failed', { cause: error });
};

const isConditionalCheckFailed = (error: unknown): boolean =>
  error instanceof Error && error.name === 'ConditionalCheckFailedException';

interface StreamHead {
  /** The stream's last version, 0 when it does not exist. */
  readonly version: number;
  /** The `recordedAt` of the commit ending at `version`. */
  readonly recordedAt?: string;
  /** The hash of the commit ending at `version`: the next commit's `prevHash`. */
  readonly hash: string;
}

const NO_STREAM: StreamHead = { version: 0, hash: GENESIS_HASH };

/**
 * The event store on DynamoDB: one item per commit, written with one conditional PutItem
 * (docs/adr/0001-event-store-item-layout.md), and a global order read through a time-bucketed
 * global index (docs/adr/0002-global-order.md). Runs the same on AWS and on dynalite.
 */
export class DynamoDbEventStore implements EventStore {
  private readonly client: DynamoDBClient;
  private readonly tableName: string;
  private readonly clock: () => Date;
  private readonly newId: () => string;
  private readonly upcast: Upcast | undefined;
  private readonly hooks: StoreHooks;
  private readonly pageSize: number | undefined;
  private readonly settleMs: number;
  private readonly lateWindowMs: number;
  private readonly onLateCommit: DynamoDbEventStoreOptions['onLateCommit'];
  private readonly requestTimeoutMs: number;
  /** A put is sent only while its stamp is younger than this (see ADR 0002). */
  private readonly maxSendDelayMs: number;
  private readonly maxAppendAttempts: number;
  private readonly boundaries = new KnownBoundaries();
  private readonly registeredDays = new Set<number>();
  private readonly history: StreamHistory;
  private readonly soleWriter: boolean;
  private readonly dayRegistry: RegisteredDays | undefined;

  constructor(options: DynamoDbEventStoreOptions) {
    this.client = options.client;
    this.tableName = options.tableName;
    this.clock = options.clock ?? (() => new Date());
    this.newId = options.newId ?? randomUUID;
    this.upcast = options.upcast;
    this.hooks = options.hooks ?? {};
    this.pageSize = options.pageSize;
    this.settleMs = options.settleMs ?? DEFAULT_SETTLE_MS;
    this.lateWindowMs = options.lateWindowMs ?? this.settleMs;
    this.onLateCommit = options.onLateCommit;
    this.requestTimeoutMs = options.requestTimeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS;
    this.maxAppendAttempts = options.maxAppendAttempts ?? DEFAULT_MAX_APPEND_ATTEMPTS;
    this.history = new StreamHistory(options.historyCacheEvents ?? DEFAULT_HISTORY_CACHE_EVENTS);
    this.soleWriter = options.soleWriter ?? false;
    this.dayRegistry = options.dayRegistry;
    if (!(this.requestTimeoutMs > 0 && this.settleMs > this.requestTimeoutMs)) {
      throw new RangeError(
        `settleMs (${this.settleMs}) must exceed requestTimeoutMs (${this.requestTimeoutMs}), which must be > 0`,
      );
    }
    // Half of what the request leaves of the bound goes to sending; the other half covers
    // DynamoDB's processing, the index's propagation and clock skew.
    this.maxSendDelayMs = (this.settleMs - this.requestTimeoutMs) / 2;
  }

  async append(request: AppendRequest): Promise<AppendResult> {
    validateAppend(request);
    const { streamId, expectedVersion, commandId } = request;
    const eventIds = request.events.map(() => this.newId());
    let lastFailure: 'conflict' | 'stale-stamp' = 'conflict';
    for (let attempt = 1; attempt <= this.maxAppendAttempts; attempt += 1) {
      const boundary = await this.previousBoundary(streamId, expectedVersion);
      if (!boundary.met) return this.conflict(request, boundary.actual);
      if (commandId !== undefined) {
        // After the head is known, on every attempt: a retry of this command that committed before
        // is found here, and one that commits later takes the slot this put needs (it collides).
        const first = await this.commandUpTo(streamId, commandId, boundary.head.version);
        if (first) return first;
      }
      const previous = boundary.head;
      const firstVersion = previous.version + 1;
      const recordedAt = this.stamp(previous.recordedAt);
      const commit = buildCommit(request, firstVersion, recordedAt, eventIds, previous.hash);
      const item = commitItem(commit);
      assertCommitFits(commit, item);
      await this.registerDay(recordedAt);
      await this.hooks.beforePut?.({ streamId, firstVersion, recordedAt, attempt });
      if (this.clock().getTime() - Date.parse(recordedAt) > this.maxSendDelayMs) {
        // Too old to be sent: a reader may already have moved past it. Never sent; stamp again.
        lastFailure = 'stale-stamp';
        continue;
      }
      // Until its answer is back and noted, the stream is read from the table (StreamHistory.putting).
      const stored = await this.history.putting(streamId, async () => {
        let landed: boolean;
        try {
          landed = await this.putIfAbsent(item);
        } catch (error) {
          // It may have been stored all the same: what is kept of the stream may be behind its head.
          this.history.mayBeBehind(streamId);
          throw error;
        }
        if (landed) {
          this.boundaries.remember(streamId, commit.lastVersion, commit);
          // Kept as a read would give it back: the events are already copies (buildCommit), the
          // actor is copied, and the caller's objects stay the caller's.
          this.history.appended({ ...commit, actor: { id: commit.actor.id, role: commit.actor.role } });
        } else {
          // Another writer got there first: what is kept is still true, but no longer the whole stream.
          this.history.mayBeBehind(streamId);
        }
        return landed;
      });
      if (stored) return appendResultOf(commit, false, this.upcast);
      lastFailure = 'conflict';
      // A concurrent retry of the same command may be the writer that won: `conflict` (exact
      // versions) and the next attempt's look-up ('any') find it.
      if (expectedVersion !== 'any') return this.conflict(request);
    }
    if (lastFailure === 'stale-stamp') throw storeUnavailableError('timeout');
    return this.conflict(request);
  }

  async *readStream(streamId: string, options: ReadStreamOptions = {}): AsyncIterable<StoredEvent> {
    const fromVersion = Math.max(1, options.fromVersion ?? 1);
    // The commits read before come from memory; only those after them are queried.
    const { commits: cached, whole } = this.history.commitsOf(streamId);
    for (const commit of cached) {
      if (commit.lastVersion < fromVersion) continue;
      for (const event of storedEventsOf(commit, this.upcast)) {
        if (event.version >= fromVersion) yield event;
      }
    }
    const cachedUpTo = cached[cached.length - 1]?.lastVersion ?? 0;
    // The sole writer knows every commit after the kept ones when they reach the head it saw last:
    // it would have added them. A prefix left by a read that stopped early is not the whole stream.
    // A stream a read found empty to its end is whole with no commit (until an append of its own).
    if (this.soleWriter && whole) return;
    let startKey = Math.max(fromVersion, cachedUpTo + 1);
    if (fromVersion > cachedUpTo + 1 && this.boundaries.boundaryOf(streamId, fromVersion - 1) === undefined) {
      // `fromVersion` may fall inside a commit: start at the commit that holds it.
      const holder = await this.query({
        KeyConditionExpression: 'pk = :pk AND sk <= :sk',
        ExpressionAttributeValues: marshall({ ':pk': streamId, ':sk': fromVersion }),
        ProjectionExpression: 'sk, lastVersion',
        ScanIndexForward: false,
        Limit: 1,
        ConsistentRead: true,
      });
      const found = holder.Items?.[0] ? unmarshall(holder.Items[0]) : undefined;
      if (found && Number(found.lastVersion) >= fromVersion) startKey = Number(found.sk);
    }
    let exclusiveStartKey: Record<string, AttributeValue> | undefined;
    let lastSeen = cachedUpTo;
    const mark = this.history.changeMark();
    do {
      const page = await this.query({
        KeyConditionExpression: 'pk = :pk AND sk >= :sk',
        ExpressionAttributeValues: marshall({ ':pk': streamId, ':sk': startKey }),
        ConsistentRead: true,
        ...(this.pageSize === undefined ? {} : { Limit: this.pageSize }),
        ...(exclusiveStartKey === undefined ? {} : { ExclusiveStartKey: exclusiveStartKey }),
      });
      for (const item of page.Items ?? []) {
        const commit = commitFromItem(item);
        this.boundaries.remember(streamId, commit.lastVersion, commit);
        this.history.extend(commit);
        lastSeen = Math.max(lastSeen, commit.lastVersion);
        for (const event of storedEventsOf(commit, this.upcast)) {
          if (event.version >= fromVersion) yield event;
        }
      }
      exclusiveStartKey = page.LastEvaluatedKey;
    } while (exclusiveStartKey !== undefined);
    // Only a read that was not stopped early gets here: `lastSeen` was the stream's head.
    this.history.reachedEnd(streamId, lastSeen, mark);
    if (startKey === 1 && lastSeen === 0) this.history.foundEmpty(streamId, mark);
  }

  /**
   * A kept commit of the command answers (history is immutable); otherwise the command-id index,
   * consistently (a query and a GetItem): only a retry asks, never the common path (ADR 0144).
   */
  async commandResult(streamId: string, commandId: string): Promise<AppendResult | undefined> {
    const kept = this.history.commitOfCommand(streamId, commandId, 0);
    if (kept) return appendResultOf(kept, true, this.upcast);
    return this.findCommit(streamId, commandId);
  }

  async streamVersion(streamId: string): Promise<number> {
    return (await this.readHead(streamId)).version;
  }

  async readGlobal(checkpoint: GlobalCheckpoint, options: { limit?: number } = {}): Promise<GlobalPage> {
    const position = decodeGlobalCheckpoint(checkpoint);
    const limit = Math.max(1, Math.floor(options.limit ?? DEFAULT_GLOBAL_LIMIT));
    // Taken before any read: every commit stamped before it is visible to the reads below.
    const now = this.clock().getTime();
    const settledBefore = new Date(now - this.settleMs).toISOString();
    const lateSince = new Date(now - this.settleMs - this.lateWindowMs).toISOString();
    const page = await collectGlobalPage(
      position,
      this.commitsFrom(readFromKey(position), limit, new Set(position.delivered)),
      limit,
      settledBefore,
      { lateSince },
    );
    for (const key of page.late) {
      this.onLateCommit?.({
        key,
        lateByMs: now - Date.parse(parseGlobalKey(key).recordedAt) - this.settleMs,
      });
    }
    return { events: page.events, checkpoint: encodeGlobalCheckpoint(page.position) };
  }

  /**
   * Every visible commit whose global key is at or above `horizon`, in key order, except the
   * `delivered` ones: those are skipped before being parsed (a busy feed reads the settle window
   * again on every poll, and parsing what it already delivered was most of its cost).
   */
  private async *commitsFrom(
    horizon: string | null,
    limit: number,
    delivered: ReadonlySet<string>,
  ): AsyncIterable<KeyedCommit> {
    for (const dayNumber of await this.daysFrom(horizon)) {
      const bucket = globalBucketOf(dayOfNumber(dayNumber));
      const fromKey = horizon !== null && globalBucketOf(horizon) === bucket ? horizon : undefined;
      let exclusiveStartKey: Record<string, AttributeValue> | undefined;
      do {
        const page = await this.query({
          IndexName: GLOBAL_ORDER_INDEX,
          KeyConditionExpression:
            fromKey === undefined
              ? 'globalBucket = :bucket'
              : 'globalBucket = :bucket AND globalKey >= :from',
          ExpressionAttributeValues: marshall({
            ':bucket': bucket,
            ...(fromKey === undefined ? {} : { ':from': fromKey }),
          }),
          Limit: this.pageSize ?? Math.max(limit, 100),
          ...(exclusiveStartKey === undefined ? {} : { ExclusiveStartKey: exclusiveStartKey }),
        });
        for (const item of page.Items ?? []) {
          const key = item.globalKey?.S;
          if (key === undefined) throw new Error('A global-order index entry without its key');
          if (delivered.has(key)) continue;
          yield { key, events: storedEventsOf(commitFromItem(item), this.upcast) };
        }
        exclusiveStartKey = page.LastEvaluatedKey;
      } while (exclusiveStartKey !== undefined);
    }
  }

  /** The registered days that may hold commits at or above `horizon`, in order. */
  private daysFrom(horizon: string | null): Promise<number[]> {
    const query = (input: Omit<QueryCommandInput, 'TableName'>) => this.query(input);
    return this.dayRegistry === undefined
      ? queryRegisteredDays(query, horizon)
      : this.dayRegistry.from(horizon, query);
  }

  /**
   * Records that the day of `recordedAt` holds commits, before the first commit of that day from
   * this instance is sent, so that a reader finds the day's bucket (see ADR 0002).
   */
  private async registerDay(recordedAt: string): Promise<void> {
    const dayNumber = dayNumberOf(recordedAt);
    if (this.registeredDays.has(dayNumber)) return;
    this.dayRegistry?.registering(dayNumber);
    // Unconditional and idempotent: every writer of the day writes the same item.
    await this.putIfAbsent(marshall({ pk: GLOBAL_DAYS_PK, sk: dayNumber, day: dayOfNumber(dayNumber) }), {});
    this.registeredDays.add(dayNumber);
  }

  /**
   * The boundary the next commit follows, or the actual version when the expected one cannot be
   * met. An exact expected version must be the end of a commit (a known boundary, or
   * the head read consistently); otherwise a put at N + 1 could overlap a commit.
   */
  private async previousBoundary(
    streamId: string,
    expected: ExpectedVersion,
  ): Promise<{ met: true; head: StreamHead } | { met: false; actual: number }> {
    if (expected === 'no-stream' || expected === 0) return { met: true, head: NO_STREAM };
    if (expected === 'any') return { met: true, head: await this.readHead(streamId) };
    const known = this.boundaries.boundaryOf(streamId, expected);
    if (known !== undefined) return { met: true, head: { version: expected, ...known } };
    const head = await this.readHead(streamId);
    return head.version === expected ? { met: true, head } : { met: false, actual: head.version };
  }

  private async readHead(streamId: string): Promise<StreamHead> {
    const output = await this.query({
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: marshall({ ':pk': streamId }),
      // `hash` is a reserved word of DynamoDB's expressions.
      ProjectionExpression: 'lastVersion, recordedAt, #hash',
      ExpressionAttributeNames: { '#hash': 'hash' },
      ScanIndexForward: false,
      Limit: 1,
      ConsistentRead: true,
    });
    const head = output.Items?.[0];
    if (!head) return NO_STREAM;
    const { lastVersion, recordedAt, hash } = unmarshall(head) as {
      lastVersion: number;
      recordedAt: string;
      hash: string;
    };
    this.boundaries.remember(streamId, lastVersion, { recordedAt, hash });
    return { version: lastVersion, recordedAt, hash };
  }

  /** Raises the typed conflict, unless the command already committed (then its first result). */
  private async conflict(request: AppendRequest, knownActual?: number): Promise<AppendResult> {
    const { streamId, commandId } = request;
    let actual = knownActual;
    if (commandId !== undefined) {
      // The commits after the kept ones, in one query, answer both questions when they are few:
      // did this command commit, and where does the stream end.
      const head = await this.catchUp(streamId);
      const kept = head === undefined ? null : this.history.commitOfCommand(streamId, commandId, head);
      if (kept) return appendResultOf(kept, true, this.upcast);
      if (kept === null) {
        const first = await this.findCommit(streamId, commandId);
        if (first) return first;
      } else {
        actual ??= head;
      }
    }
    actual ??= (await this.readHead(streamId)).version;
    throw concurrencyError({ streamId, expected: request.expectedVersion, actual });
  }

  /**
   * The first result of a command that committed on a stream at or before `version` (the boundary
   * the next put follows), or `undefined`. The put that follows is conditional on the slot after
   * `version` being free, so when the kept commits reach `version` and none carries the command
   * id, the put itself proves that the command has not committed: one request in all (ADR 0110).
   * Otherwise the few commits after the kept ones are read (one query), or the command-id index.
   */
  private async commandUpTo(
    streamId: string,
    commandId: string,
    version: number,
  ): Promise<AppendResult | undefined> {
    let kept = this.history.commitOfCommand(streamId, commandId, version);
    if (kept === null && version - this.history.keptUpTo(streamId) <= CATCH_UP_COMMITS) {
      await this.catchUp(streamId);
      kept = this.history.commitOfCommand(streamId, commandId, version);
    }
    if (kept === null) return this.findCommit(streamId, commandId);
    return kept === undefined ? undefined : appendResultOf(kept, true, this.upcast);
  }

  /**
   * Reads the commits of a stream after the ones kept in memory, consistently, and keeps them:
   * the stream's head when they were few enough for one page (`CATCH_UP_COMMITS`) and all kept,
   * `undefined` otherwise.
   */
  private async catchUp(streamId: string): Promise<number | undefined> {
    const from = this.history.keptUpTo(streamId);
    const mark = this.history.changeMark();
    const page = await this.query({
      KeyConditionExpression: 'pk = :pk AND sk > :sk',
      ExpressionAttributeValues: marshall({ ':pk': streamId, ':sk': from }),
      ConsistentRead: true,
      Limit: CATCH_UP_COMMITS,
    });
    let last = from;
    for (const item of page.Items ?? []) {
      const commit = commitFromItem(item);
      this.boundaries.remember(streamId, commit.lastVersion, commit);
      this.history.extend(commit);
      last = commit.lastVersion;
    }
    if (page.LastEvaluatedKey !== undefined || this.history.keptUpTo(streamId) !== last) return undefined;
    this.history.reachedEnd(streamId, last, mark);
    return last;
  }

  /** The commit a command id produced on a stream, read consistently, as a duplicate result. */
  private async findCommit(streamId: string, commandId: string): Promise<AppendResult | undefined> {
    const output = await this.query({
      IndexName: COMMAND_ID_INDEX,
      KeyConditionExpression: 'pk = :pk AND commandId = :commandId',
      ExpressionAttributeValues: marshall({ ':pk': streamId, ':commandId': commandId }),
      ConsistentRead: true,
      Limit: 1,
    });
    const key = output.Items?.[0];
    if (!key) return undefined;
    const item = await this.getItem({
      Key: { pk: key.pk as AttributeValue, sk: key.sk as AttributeValue },
      ConsistentRead: true,
    });
    if (!item) return undefined;
    const commit: Commit = commitFromItem(item);
    return appendResultOf(commit, true, this.upcast);
  }

  /** Takes a commit's stamp: now, but always after the stream's previous commit when it is known. */
  private stamp(previousRecordedAt: string | undefined): string {
    const now = this.clock().getTime();
    const afterPrevious = previousRecordedAt === undefined ? now : Date.parse(previousRecordedAt) + 1;
    return new Date(Math.max(now, afterPrevious)).toISOString();
  }

  /** Puts an item that must not exist yet (or that meets `condition`); false when the condition fails. */
  private async putIfAbsent(
    item: Record<string, AttributeValue>,
    condition: Pick<PutItemCommandInput, 'ConditionExpression' | 'ExpressionAttributeValues'> = {
      ConditionExpression: 'attribute_not_exists(pk)',
    },
  ): Promise<boolean> {
    try {
      await this.client.send(
        new PutItemCommand({ TableName: this.tableName, Item: item, ...condition }),
        this.timeout(),
      );
      return true;
    } catch (error) {
      if (isConditionalCheckFailed(error)) return false;
      throw toStoreError(error);
    }
  }

  private async query(input: Omit<QueryCommandInput, 'TableName'>): Promise<QueryCommandOutput> {
    try {
      return await this.client.send(
        new QueryCommand({ TableName: this.tableName, ...input }),
        this.timeout(),
      );
    } catch (error) {
      throw toStoreError(error);
    }
  }

  private async getItem(
    input: Omit<GetItemCommandInput, 'TableName'>,
  ): Promise<Record<string, AttributeValue> | undefined> {
    try {
      const output = await this.client.send(
        new GetItemCommand({ TableName: this.tableName, ...input }),
        this.timeout(),
      );
      return output.Item;
    } catch (error) {
      throw toStoreError(error);
    }
  }

  /** Bounds one call, SDK retries included: the request timeout the settle bound relies on. */
  private timeout(): { abortSignal: AbortSignal } {
    return { abortSignal: AbortSignal.timeout(this.requestTimeoutMs) };
  }
}
