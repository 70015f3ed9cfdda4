import { gunzipSync, gzipSync } from 'node:zlib';
import {
  ConditionalCheckFailedException,
  type DynamoDBClient,
  GetItemCommand,
  PutItemCommand,
} from '@aws-sdk/client-dynamodb';
import { checkpointConflictError } from '../../functions/application/bus/errors.js';
import type { GlobalCheckpoint } from '../../functions/application/ports/event-store.js';

// Where a consumer of the global order (the local change feed) keeps its position. A save names
// the revision it read: of two pollers, the one that saves second gets a CheckpointConflictError
// instead of moving the checkpoint back to where it started.

/** A consumer's position in the global order and the revision that guards its moves. */
export interface ConsumerCheckpoint {
  readonly checkpoint: GlobalCheckpoint;
  /** 0 when nothing was saved yet; each save adds 1. */
  readonly revision: number;
}

/** Checkpoints of the consumers of the global order. Every adapter passes one contract suite. */
export interface CheckpointStore {
  /** The consumer's position, or `{ checkpoint: null, revision: 0 }` (from the beginning). */
  load(consumer: string): Promise<ConsumerCheckpoint>;
  /**
   * Moves the consumer to `checkpoint` if its revision is still `expectedRevision`; throws
   * `CheckpointConflictError` (and writes nothing) otherwise.
   */
  save(consumer: string, checkpoint: GlobalCheckpoint, expectedRevision: number): Promise<ConsumerCheckpoint>;
}

const START: ConsumerCheckpoint = { checkpoint: null, revision: 0 };

/** Checkpoints in memory (unit tests, throwaway local runs). */
export class InMemoryCheckpointStore implements CheckpointStore {
  readonly #checkpoints = new Map<string, ConsumerCheckpoint>();

  async load(consumer: string): Promise<ConsumerCheckpoint> {
    return this.#checkpoints.get(consumer) ?? START;
  }

  async save(
    consumer: string,
    checkpoint: GlobalCheckpoint,
    expectedRevision: number,
  ): Promise<ConsumerCheckpoint> {
    const current = this.#checkpoints.get(consumer) ?? START;
    if (current.revision !== expectedRevision) throw checkpointConflictError({ consumer, expectedRevision });
    const saved = { checkpoint, revision: expectedRevision + 1 };
    this.#checkpoints.set(consumer, saved);
    return saved;
  }
}

/** The partition key of a consumer's checkpoint item in the event store table (sort key 0). */
export const checkpointKey = (consumer: string): string => `checkpoint#${consumer}`;

export interface DynamoDbCheckpointStoreOptions {
  readonly client: DynamoDBClient;
  /** The event store table: checkpoints live beside the commits, under `checkpoint#` keys. */
  readonly tableName: string;
  readonly clock?: () => Date;
}

/**
 * Checkpoints as items of the event store table: pk `checkpoint#<consumer>`, sk 0, with the
 * position and its revision. Saves are conditional PutItems on the revision. The position is
 * gzip-compressed (`checkpointBody`, binary): a change feed's checkpoint lists every key it
 * delivered in its late window, keys that share their date and stream prefixes, and is written
 * after every page (ADR 0117: 200 keys make an item of 15.3 KB as a string, 1.5 KB compressed).
 */
export class DynamoDbCheckpointStore implements CheckpointStore {
  readonly #client: DynamoDBClient;
  readonly #tableName: string;
  readonly #clock: () => Date;

  constructor(options: DynamoDbCheckpointStoreOptions) {
    this.#client = options.client;
    this.#tableName = options.tableName;
    this.#clock = options.clock ?? (() => new Date());
  }

  async load(consumer: string): Promise<ConsumerCheckpoint> {
    const { Item } = await this.#client.send(
      new GetItemCommand({
        TableName: this.#tableName,
        Key: { pk: { S: checkpointKey(consumer) }, sk: { N: '0' } },
        ConsistentRead: true,
      }),
    );
    if (!Item) return START;
    const body = Item.checkpointBody?.B;
    return {
      // gzip since issue 24; an item saved before holds the position as a string
      checkpoint:
        body === undefined ? (Item.checkpointPosition?.S ?? null) : gunzipSync(body).toString('utf8'),
      revision: Number(Item.checkpointRevision?.N ?? '0'),
    };
  }

  async save(
    consumer: string,
    checkpoint: GlobalCheckpoint,
    expectedRevision: number,
  ): Promise<ConsumerCheckpoint> {
    const revision = expectedRevision + 1;
    try {
      await this.#client.send(
        new PutItemCommand({
          TableName: this.#tableName,
          Item: {
            pk: { S: checkpointKey(consumer) },
            sk: { N: '0' },
            ...(checkpoint === null
              ? { checkpointPosition: { NULL: true } }
              : { checkpointBody: { B: gzipSync(Buffer.from(checkpoint, 'utf8')) } }),
            checkpointRevision: { N: String(revision) },
            checkpointSavedAt: { S: this.#clock().toISOString() },
          },
          ...(expectedRevision === 0
            ? { ConditionExpression: 'attribute_not_exists(pk)' }
            : {
                ConditionExpression: 'checkpointRevision = :expected',
                ExpressionAttributeValues: { ':expected': { N: String(expectedRevision) } },
              }),
        }),
      );
    } catch (error) {
      if (
        error instanceof ConditionalCheckFailedException ||
        (error as { name?: unknown }).name === 'ConditionalCheckFailedException'
      ) {
        throw checkpointConflictError({ consumer, expectedRevision }, { cause: error });
      }
      throw error;
    }
    return { checkpoint, revision };
  }
}
