import {
  type DynamoDBClient,
  GetItemCommand,
  PutItemCommand,
  UpdateItemCommand,
} from '@aws-sdk/client-dynamodb';
import { marshall, unmarshall } from '@aws-sdk/util-dynamodb';
import { idempotencyRecordKey, RETENTION_SECONDS } from '../../application/idempotency-key.js';
import type {
  ClaimOutcome,
  IdempotencyClaim,
  IdempotencyStore,
  StoredResponse,
} from '../../application/ports/idempotency.js';
import { isConditionFailure } from './conditions.js';

/** Options of the DynamoDB idempotency store: the event store's table (records use sort key 0). */
export interface DynamoDbIdempotencyStoreOptions {
  readonly client: DynamoDBClient;
  readonly tableName: string;
}

/** The sort key of every record: one item per (principal, key). */
const RECORD_SORT_KEY = 0;
/** Claims tried before giving up when other attempts keep changing the record under us. */
const MAX_CLAIM_ROUNDS = 5;

/**
 * Idempotency records in the event store's table, under pk `idempotency#<principal>#<key>`, sk 0,
 * with conditional writes (no transactions, so it behaves the same on dynalite and on AWS).
 * `expiresAt` (epoch seconds) is there for a TTL on AWS; dynalite keeps records.
 */
export class DynamoDbIdempotencyStore implements IdempotencyStore {
  readonly #client: DynamoDBClient;
  readonly #tableName: string;

  constructor(options: DynamoDbIdempotencyStoreOptions) {
    this.#client = options.client;
    this.#tableName = options.tableName;
  }

  #key(claim: IdempotencyClaim) {
    return marshall({ pk: idempotencyRecordKey(claim.principal, claim.key), sk: RECORD_SORT_KEY });
  }

  async claim(claim: IdempotencyClaim, options: { now: string; leaseMs: number }): Promise<ClaimOutcome> {
    const now = Date.parse(options.now);
    for (let round = 1; round <= MAX_CLAIM_ROUNDS; round += 1) {
      if (await this.#putNew(claim, now, options.leaseMs)) return { kind: 'acquired' };
      const found = await this.#client.send(
        new GetItemCommand({ TableName: this.#tableName, Key: this.#key(claim), ConsistentRead: true }),
      );
      if (found.Item === undefined) continue; // released meanwhile: claim again
      const record = unmarshall(found.Item);
      if (record.requestHash !== claim.requestHash) return { kind: 'mismatch' };
      if (record.state === 'completed') {
        return {
          kind: 'completed',
          response: {
            status: Number(record.responseStatus),
            headers: JSON.parse(String(record.responseHeaders)) as Record<string, string>,
            body: String(record.responseBody ?? ''),
          },
        };
      }
      const lockedUntil = Number(record.lockedUntil);
      if (lockedUntil > now) return { kind: 'in-progress' };
      if (await this.#takeOver(claim, lockedUntil, now + options.leaseMs)) return { kind: 'taken-over' };
    }
    return { kind: 'in-progress' };
  }

  async #putNew(claim: IdempotencyClaim, now: number, leaseMs: number): Promise<boolean> {
    try {
      await this.#client.send(
        new PutItemCommand({
          TableName: this.#tableName,
          Item: marshall({
            pk: idempotencyRecordKey(claim.principal, claim.key),
            sk: RECORD_SORT_KEY,
            requestHash: claim.requestHash,
            state: 'pending',
            lockedUntil: now + leaseMs,
            createdAt: new Date(now).toISOString(),
            expiresAt: Math.floor(now / 1000) + RETENTION_SECONDS,
          }),
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      );
      return true;
    } catch (error) {
      if (isConditionFailure(error)) return false;
      throw error;
    }
  }

  async #takeOver(claim: IdempotencyClaim, expiredLease: number, newLease: number): Promise<boolean> {
    try {
      await this.#client.send(
        new UpdateItemCommand({
          TableName: this.#tableName,
          Key: this.#key(claim),
          UpdateExpression: 'SET lockedUntil = :newLease',
          ConditionExpression: 'lockedUntil = :expiredLease AND #state = :pending AND requestHash = :hash',
          ExpressionAttributeNames: { '#state': 'state' },
          ExpressionAttributeValues: marshall({
            ':newLease': newLease,
            ':expiredLease': expiredLease,
            ':pending': 'pending',
            ':hash': claim.requestHash,
          }),
        }),
      );
      return true;
    } catch (error) {
      if (isConditionFailure(error)) return false;
      throw error;
    }
  }

  async complete(claim: IdempotencyClaim, response: StoredResponse, lockedUntil: number): Promise<void> {
    await this.#updateHeld(claim, lockedUntil, {
      UpdateExpression:
        'SET #state = :completed, responseStatus = :status, responseHeaders = :headers, responseBody = :body REMOVE lockedUntil',
      ExpressionAttributeValues: {
        ':completed': 'completed',
        ':status': response.status,
        ':headers': JSON.stringify(response.headers),
        ':body': response.body,
      },
    });
  }

  async release(claim: IdempotencyClaim, lockedUntil: number): Promise<void> {
    // The lease ends now; the record stays, bound to this request (ADR 0144).
    await this.#updateHeld(claim, lockedUntil, {
      UpdateExpression: 'SET lockedUntil = :ended',
      ExpressionAttributeValues: { ':ended': 0 },
    });
  }

  /** Updates the record while it is this attempt's pending claim (same request, the lease it set). */
  async #updateHeld(
    claim: IdempotencyClaim,
    lockedUntil: number,
    update: { UpdateExpression: string; ExpressionAttributeValues: Record<string, unknown> },
  ): Promise<void> {
    try {
      await this.#client.send(
        new UpdateItemCommand({
          TableName: this.#tableName,
          Key: this.#key(claim),
          UpdateExpression: update.UpdateExpression,
          ConditionExpression: 'requestHash = :hash AND #state = :pending AND lockedUntil = :held',
          ExpressionAttributeNames: { '#state': 'state' },
          ExpressionAttributeValues: marshall({
            ...update.ExpressionAttributeValues,
            ':hash': claim.requestHash,
            ':pending': 'pending',
            ':held': lockedUntil,
          }),
        }),
      );
    } catch (error) {
      if (!isConditionFailure(error)) throw error;
    }
  }
}
