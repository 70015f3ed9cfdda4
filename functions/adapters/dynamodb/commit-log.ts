import {
  type AttributeValue,
  type DynamoDBClient,
  GetItemCommand,
  PutItemCommand,
  QueryCommand,
  type QueryCommandInput,
  ScanCommand,
} from '@aws-sdk/client-dynamodb';
import { marshall, unmarshall } from '@aws-sdk/util-dynamodb';
import * as z from 'zod';
import type {
  CommitLog,
  DayDigestRecord,
  DigestManifestEntry,
  RawItem,
} from '../../application/ports/commit-log.js';
import { DEFAULT_SETTLE_MS, toStoreError } from './event-store.js';
import {
  DIGEST_DAYS_PK,
  dayNumberOf,
  dayOfNumber,
  digestManifestKeyOf,
  GLOBAL_DAYS_PK,
  globalBucketOf,
  looksLikeCommitItem,
  RESERVED_PREFIXES,
} from './item-layout.js';
import { GLOBAL_ORDER_INDEX } from './table-definition.js';

/** Options of the DynamoDB commit log: the event store's table and its settle bound. */
export interface DynamoDbCommitLogOptions {
  readonly client: DynamoDBClient;
  readonly tableName: string;
  /** Must be the settle bound the table's writers use (`DynamoDbEventStoreOptions.settleMs`). */
  readonly settleMs?: number;
  /** Each request is abandoned after this long; default 5 s. */
  readonly requestTimeoutMs?: number;
}

/** A manifest chunk stays well below the item limit. */
const MANIFEST_CHUNK_BYTES = 300_000;
const DEFAULT_REQUEST_TIMEOUT_MS = 5_000;

const DigestItem = z.object({
  day: z.iso.date(),
  digest: z.string(),
  previousDigest: z.string(),
  commitCount: z.number().int().min(0),
  sealedAt: z.string(),
});

const ManifestItem = z.object({ keys: z.string() });

const isConditionalCheckFailed = (error: unknown): boolean =>
  error instanceof Error && error.name === 'ConditionalCheckFailedException';

const ManifestEntries = z.array(z.tuple([z.string(), z.string()]));
type ManifestPair = [key: string, hash: string];

/** Splits the manifest into chunks of JSON arrays of `[key, hash]`, each under `MANIFEST_CHUNK_BYTES`. */
const manifestChunks = (entries: readonly DigestManifestEntry[]): ManifestPair[][] => {
  const chunks: ManifestPair[][] = [[]];
  let bytes = 2;
  for (const entry of entries) {
    const key: ManifestPair = [entry.key, entry.hash];
    const keyBytes = Buffer.byteLength(JSON.stringify(key), 'utf8') + 1;
    const current = chunks.at(-1) as ManifestPair[];
    if (current.length > 0 && bytes + keyBytes > MANIFEST_CHUNK_BYTES) {
      chunks.push([key]);
      bytes = 2 + keyBytes;
    } else {
      current.push(key);
      bytes += keyBytes;
    }
  }
  return chunks;
};

/**
 * The commit log of the DynamoDB event store: raw commit items (by stream, by day through the
 * global index, or the whole table by a Scan) and the daily digests (pk `digest#days`, sk the day
 * number) with their manifests (pk `digest#manifest#<day>`, sk the chunk number).
 */
export class DynamoDbCommitLog implements CommitLog {
  readonly settleMs: number;
  private readonly client: DynamoDBClient;
  private readonly tableName: string;
  private readonly requestTimeoutMs: number;

  constructor(options: DynamoDbCommitLogOptions) {
    this.client = options.client;
    this.tableName = options.tableName;
    this.settleMs = options.settleMs ?? DEFAULT_SETTLE_MS;
    this.requestTimeoutMs = options.requestTimeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS;
  }

  streamItems(streamId: string): AsyncIterable<RawItem> {
    return this.queryAll({
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: marshall({ ':pk': streamId }),
      ConsistentRead: true,
    });
  }

  dayItems(day: string): AsyncIterable<RawItem> {
    return this.queryAll({
      IndexName: GLOBAL_ORDER_INDEX,
      KeyConditionExpression: 'globalBucket = :bucket',
      ExpressionAttributeValues: marshall({ ':bucket': globalBucketOf(day) }),
    });
  }

  async *allItems(): AsyncIterable<RawItem> {
    let exclusiveStartKey: Record<string, AttributeValue> | undefined;
    do {
      const page = await this.send((options) =>
        this.client.send(
          new ScanCommand({
            TableName: this.tableName,
            ConsistentRead: true,
            ...(exclusiveStartKey === undefined ? {} : { ExclusiveStartKey: exclusiveStartKey }),
          }),
          options,
        ),
      );
      for (const item of page.Items ?? []) {
        const pk = item.pk?.S ?? '';
        if (looksLikeCommitItem(item) && !RESERVED_PREFIXES.some((prefix) => pk.startsWith(prefix))) {
          yield item;
        }
      }
      exclusiveStartKey = page.LastEvaluatedKey;
    } while (exclusiveStartKey !== undefined);
  }

  async firstRegisteredDay(): Promise<string | undefined> {
    const page = await this.send((options) =>
      this.client.send(
        new QueryCommand({
          TableName: this.tableName,
          KeyConditionExpression: 'pk = :pk',
          ExpressionAttributeValues: marshall({ ':pk': GLOBAL_DAYS_PK }),
          ConsistentRead: true,
          Limit: 1,
        }),
        options,
      ),
    );
    const first = page.Items?.[0];
    return first === undefined ? undefined : dayOfNumber(Number(unmarshall(first).sk));
  }

  async digests(): Promise<DayDigestRecord[]> {
    const records: DayDigestRecord[] = [];
    for await (const item of this.queryAll({
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: marshall({ ':pk': DIGEST_DAYS_PK }),
      ConsistentRead: true,
    })) {
      records.push(DigestItem.parse(unmarshall(item)));
    }
    return records;
  }

  async digestManifest(day: string): Promise<DigestManifestEntry[] | undefined> {
    const keys: DigestManifestEntry[] = [];
    let chunks = 0;
    for await (const item of this.queryAll({
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: marshall({ ':pk': digestManifestKeyOf(day) }),
      ConsistentRead: true,
    })) {
      chunks += 1;
      const pairs = ManifestEntries.parse(JSON.parse(ManifestItem.parse(unmarshall(item)).keys));
      keys.push(...pairs.map(([key, hash]) => ({ key, hash })));
    }
    return chunks === 0 ? undefined : keys;
  }

  async saveDigest(
    record: DayDigestRecord,
    manifest: readonly DigestManifestEntry[],
  ): Promise<DayDigestRecord> {
    // The manifest first: a digest item, once visible, always has its manifest.
    const chunks = manifestChunks(manifest);
    for (const [index, keys] of chunks.entries()) {
      await this.send((options) =>
        this.client.send(
          new PutItemCommand({
            TableName: this.tableName,
            Item: marshall({ pk: digestManifestKeyOf(record.day), sk: index, keys: JSON.stringify(keys) }),
          }),
          options,
        ),
      );
    }
    const key = { pk: DIGEST_DAYS_PK, sk: dayNumberOf(`${record.day}T00:00:00.000Z`) };
    try {
      await this.send((options) =>
        this.client.send(
          new PutItemCommand({
            TableName: this.tableName,
            Item: marshall({ ...key, ...record, manifestChunks: chunks.length }),
            ConditionExpression: 'attribute_not_exists(pk)',
          }),
          options,
        ),
      );
      return record;
    } catch (error) {
      if (!isConditionalCheckFailed(error)) throw error;
      const existing = await this.send((options) =>
        this.client.send(
          new GetItemCommand({ TableName: this.tableName, Key: marshall(key), ConsistentRead: true }),
          options,
        ),
      );
      return DigestItem.parse(unmarshall(existing.Item ?? {}));
    }
  }

  private async *queryAll(input: Omit<QueryCommandInput, 'TableName'>): AsyncIterable<RawItem> {
    let exclusiveStartKey: Record<string, AttributeValue> | undefined;
    do {
      const page = await this.send((options) =>
        this.client.send(
          new QueryCommand({
            TableName: this.tableName,
            ...input,
            ...(exclusiveStartKey === undefined ? {} : { ExclusiveStartKey: exclusiveStartKey }),
          }),
          options,
        ),
      );
      yield* page.Items ?? [];
      exclusiveStartKey = page.LastEvaluatedKey;
    } while (exclusiveStartKey !== undefined);
  }

  private async send<Output>(
    call: (options: { abortSignal: AbortSignal }) => Promise<Output>,
  ): Promise<Output> {
    try {
      return await call({ abortSignal: AbortSignal.timeout(this.requestTimeoutMs) });
    } catch (error) {
      if (isConditionalCheckFailed(error)) throw error;
      throw toStoreError(error);
    }
  }
}
