import { gunzipSync, gzipSync } from 'node:zlib';
import {
  ConditionalCheckFailedException,
  type DynamoDBClient,
  GetItemCommand,
  PutItemCommand,
} from '@aws-sdk/client-dynamodb';
import { type StoredView, type ViewStore, viewKey } from '../../application/ports/view-store.js';
import type { ViewDocument } from '../../application/projections/projection.js';
import { viewConflictError, viewTooLargeError } from '../../application/read-models/errors.js';

/** Largest compressed document the adapter writes, leaving room for the item's other attributes. */
export const MAX_VIEW_BYTES = 380 * 1024;

export interface DynamoDbViewStoreOptions {
  readonly client: DynamoDBClient;
  /** The event store table: views live beside the commits, under `view#` keys (sk 0). */
  readonly tableName: string;
  readonly clock?: () => Date;
}

/**
 * View documents as items of the event store table: pk `view#<projection>#<key>`, sk 0, the
 * document as gzip-compressed JSON (`viewBody`, binary: ids compress about tenfold), its storage
 * revision (`viewRevision`) and its as-of instant. Saves are conditional PutItems on the revision.
 * Items carry no `globalBucket`, so they never enter the global order.
 */
export class DynamoDbViewStore implements ViewStore {
  readonly #client: DynamoDBClient;
  readonly #tableName: string;
  readonly #clock: () => Date;

  constructor(options: DynamoDbViewStoreOptions) {
    this.#client = options.client;
    this.#tableName = options.tableName;
    this.#clock = options.clock ?? (() => new Date());
  }

  async load<View>(projection: string, key: string): Promise<StoredView<View> | undefined> {
    const { Item } = await this.#client.send(
      new GetItemCommand({
        TableName: this.#tableName,
        Key: { pk: { S: viewKey(projection, key) }, sk: { N: '0' } },
        ConsistentRead: true,
      }),
    );
    if (!Item?.viewBody?.B) return undefined;
    const document = JSON.parse(gunzipSync(Item.viewBody.B).toString('utf8')) as ViewDocument<View>;
    return { document, storeRevision: Number(Item.viewRevision?.N ?? '0') };
  }

  async save<View>(document: ViewDocument<View>, expectedRevision: number): Promise<number> {
    const body = gzipSync(Buffer.from(JSON.stringify(document), 'utf8'));
    if (body.byteLength > MAX_VIEW_BYTES) {
      throw viewTooLargeError({ projection: document.projection, key: document.key, bytes: body.byteLength });
    }
    const storeRevision = expectedRevision + 1;
    try {
      await this.#client.send(
        new PutItemCommand({
          TableName: this.#tableName,
          Item: {
            pk: { S: viewKey(document.projection, document.key) },
            sk: { N: '0' },
            viewBody: { B: body },
            viewRevision: { N: String(storeRevision) },
            projectionRevision: { N: String(document.revision) },
            viewAsOf: document.asOf === null ? { NULL: true } : { S: document.asOf },
            viewSavedAt: { S: this.#clock().toISOString() },
          },
          ...(expectedRevision === 0
            ? { ConditionExpression: 'attribute_not_exists(pk)' }
            : {
                ConditionExpression: 'viewRevision = :expected',
                ExpressionAttributeValues: { ':expected': { N: String(expectedRevision) } },
              }),
        }),
      );
    } catch (error) {
      if (
        error instanceof ConditionalCheckFailedException ||
        (error as { name?: unknown }).name === 'ConditionalCheckFailedException'
      ) {
        throw viewConflictError(
          { projection: document.projection, key: document.key, expectedRevision },
          { cause: error },
        );
      }
      throw error;
    }
    return storeRevision;
  }
}
