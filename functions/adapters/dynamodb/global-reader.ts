import {
  type AttributeValue,
  type DynamoDBClient,
  QueryCommand,
  type QueryCommandInput,
  type QueryCommandOutput,
} from '@aws-sdk/client-dynamodb';
import { marshall } from '@aws-sdk/util-dynamodb';
import type { EventStore, GlobalCheckpoint, GlobalPage } from '../../application/ports/event-store.js';
import type { Upcast } from '../../application/ports/event-store-options.js';
import { DEFAULT_SETTLE_MS, toStoreError } from './event-store.js';
import {
  collectGlobalPage,
  decodeGlobalCheckpoint,
  encodeGlobalCheckpoint,
  type KeyedCommit,
  readFromKey,
} from './global-order.js';
import {
  commitFromItem,
  dayOfNumber,
  globalBucketOf,
  parseGlobalKey,
  storedEventsOf,
} from './item-layout.js';
import { queryRegisteredDays, type RegisteredDays } from './registered-days.js';
import { GLOBAL_ORDER_INDEX } from './table-definition.js';

// A reader of the global order for a poller that reads it again and again (the local change feed,
// every 200 ms): the reader of docs/adr/0002-global-order.md, with the same checkpoint, bounds and
// late-commit guarantees as `DynamoDbEventStore.readGlobal`, but it first reads only the keys of
// the window (settle bound + late window: 10 s locally), and then whole commits from the first key
// it has not delivered. The store's reader queried the whole window as full items on every poll
// and skipped what it had delivered: at one region × 30 associations, 142 MB of responses for
// 371 polls, which dynalite built and the SDK parsed (docs/adr/0115-local-runtime-costs.md).

/** Options of the keys-first global reader; the bounds mean what they mean for the store. */
export interface DynamoDbGlobalReaderOptions {
  readonly client: DynamoDBClient;
  readonly tableName: string;
  readonly clock?: () => Date;
  /** The settle bound B of the store whose commits it reads (ADR 0002). Default 60 s. */
  readonly settleMs?: number;
  /** How long past the bound a late commit is still noticed. Default: the settle bound. */
  readonly lateWindowMs?: number;
  /** Every request is abandoned after this long, SDK retries included. Default 5 s. */
  readonly requestTimeoutMs?: number;
  readonly upcast?: Upcast;
  /**
   * Only when every writer of the table is in this process and notes its days here (the local
   * runtime: its store's `dayRegistry`): the days are then listed from memory, the registry queried
   * once (docs/adr/0146-days-learnt-from-the-writer.md). Without it, every read queries them.
   */
  readonly days?: RegisteredDays;
  /** Told of each late commit a read delivered. */
  readonly onLateCommit?: (late: { readonly key: string; readonly lateByMs: number }) => void;
}

const DEFAULT_GLOBAL_LIMIT = 500;
const DEFAULT_REQUEST_TIMEOUT_MS = 5_000;
/** Keys per page of the first pass (about 80 bytes each: far below a query's 1 MB). */
const KEYS_PAGE = 1_000;

/** The global order read keys first: what a frequent poller of the same window needs. */
export class DynamoDbGlobalReader implements Pick<EventStore, 'readGlobal'> {
  readonly #client: DynamoDBClient;
  readonly #tableName: string;
  readonly #clock: () => Date;
  readonly #settleMs: number;
  readonly #lateWindowMs: number;
  readonly #requestTimeoutMs: number;
  readonly #upcast: Upcast | undefined;
  readonly #onLateCommit: DynamoDbGlobalReaderOptions['onLateCommit'];
  readonly #days: RegisteredDays | undefined;

  constructor(options: DynamoDbGlobalReaderOptions) {
    this.#client = options.client;
    this.#tableName = options.tableName;
    this.#clock = options.clock ?? (() => new Date());
    this.#settleMs = options.settleMs ?? DEFAULT_SETTLE_MS;
    this.#lateWindowMs = options.lateWindowMs ?? this.#settleMs;
    this.#requestTimeoutMs = options.requestTimeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS;
    this.#upcast = options.upcast;
    this.#onLateCommit = options.onLateCommit;
    this.#days = options.days;
  }

  async readGlobal(checkpoint: GlobalCheckpoint, options: { limit?: number } = {}): Promise<GlobalPage> {
    const position = decodeGlobalCheckpoint(checkpoint);
    const limit = Math.max(1, Math.floor(options.limit ?? DEFAULT_GLOBAL_LIMIT));
    // Taken before any read, as the store does: every commit stamped before it is visible below.
    const now = this.#clock().getTime();
    const settledBefore = new Date(now - this.#settleMs).toISOString();
    const lateSince = new Date(now - this.#settleMs - this.#lateWindowMs).toISOString();
    const page = await collectGlobalPage(
      position,
      this.#commitsFrom(readFromKey(position), limit, new Set(position.delivered)),
      limit,
      settledBefore,
      { lateSince },
    );
    for (const key of page.late) {
      this.#onLateCommit?.({
        key,
        lateByMs: now - Date.parse(parseGlobalKey(key).recordedAt) - this.#settleMs,
      });
    }
    return { events: page.events, checkpoint: encodeGlobalCheckpoint(page.position) };
  }

  /**
   * Every visible commit at or above `horizon` that is not `delivered`, in key order. Per day:
   * the keys from `horizon` until the first one not delivered (nothing more when there is none),
   * then whole commits from that key. A commit that shows up between the two passes is the same
   * as one that shows up just after a single query: the next read finds it (it is above the
   * horizon, or late and above the floor), as ADR 0002 argues for the store.
   */
  async *#commitsFrom(
    horizon: string | null,
    limit: number,
    delivered: ReadonlySet<string>,
  ): AsyncIterable<KeyedCommit> {
    for (const dayNumber of await this.#daysFrom(horizon)) {
      const bucket = globalBucketOf(dayOfNumber(dayNumber));
      const fromKey = horizon !== null && globalBucketOf(horizon) === bucket ? horizon : undefined;
      let firstNew: string | undefined;
      for await (const item of this.#indexFrom(bucket, fromKey, KEYS_PAGE, true)) {
        const key = keyOf(item);
        if (!delivered.has(key)) {
          firstNew = key;
          break;
        }
      }
      if (firstNew === undefined) continue;
      for await (const item of this.#indexFrom(bucket, firstNew, Math.max(limit, 100), false)) {
        const key = keyOf(item);
        if (delivered.has(key)) continue;
        yield { key, events: storedEventsOf(commitFromItem(item), this.#upcast) };
      }
    }
  }

  /** The index entries of `bucket` at or above `fromKey`, page by page, keys only or whole. */
  async *#indexFrom(
    bucket: string,
    fromKey: string | undefined,
    pageLimit: number,
    keysOnly: boolean,
  ): AsyncIterable<Record<string, AttributeValue>> {
    let exclusiveStartKey: Record<string, AttributeValue> | undefined;
    do {
      const page = await this.#query({
        IndexName: GLOBAL_ORDER_INDEX,
        KeyConditionExpression:
          fromKey === undefined ? 'globalBucket = :bucket' : 'globalBucket = :bucket AND globalKey >= :from',
        ExpressionAttributeValues: marshall({
          ':bucket': bucket,
          ...(fromKey === undefined ? {} : { ':from': fromKey }),
        }),
        // The stream id too (a few bytes): a stand-in for a late index hides commits by stream
        // (test/support/late-index-client.ts), in either pass.
        ...(keysOnly ? { ProjectionExpression: 'globalKey, pk' } : {}),
        Limit: pageLimit,
        ...(exclusiveStartKey === undefined ? {} : { ExclusiveStartKey: exclusiveStartKey }),
      });
      yield* page.Items ?? [];
      exclusiveStartKey = page.LastEvaluatedKey;
    } while (exclusiveStartKey !== undefined);
  }

  /** The registered days that may hold commits at or above `horizon`, in order (as the store). */
  #daysFrom(horizon: string | null): Promise<number[]> {
    const query = (input: Omit<QueryCommandInput, 'TableName'>) => this.#query(input);
    return this.#days === undefined ? queryRegisteredDays(query, horizon) : this.#days.from(horizon, query);
  }

  async #query(input: Omit<QueryCommandInput, 'TableName'>): Promise<QueryCommandOutput> {
    try {
      return await this.#client.send(new QueryCommand({ TableName: this.#tableName, ...input }), {
        abortSignal: AbortSignal.timeout(this.#requestTimeoutMs),
      });
    } catch (error) {
      throw toStoreError(error);
    }
  }
}

const keyOf = (item: Record<string, AttributeValue>): string => {
  const key = item.globalKey?.S;
  if (key === undefined) throw new Error('A global-order index entry without its key');
  return key;
};
