import {
  type DynamoDBClient,
  GetItemCommand,
  PutItemCommand,
  UpdateItemCommand,
} from '@aws-sdk/client-dynamodb';
import { marshall, unmarshall } from '@aws-sdk/util-dynamodb';
import * as z from 'zod';
import {
  Erasure,
  type PersonalDataVault,
  type PersonLookup,
  PersonRecord,
  PersonRecordInput,
  personErasedError,
  personKeyOf,
  type VaultOptions,
} from '../../application/ports/personal-data.js';
import { toStoreError } from './event-store.js';

/** Options of the DynamoDB vault: it shares the event store's table. */
export interface DynamoDbPersonalDataVaultOptions extends VaultOptions {
  readonly client: DynamoDBClient;
  readonly tableName: string;
}

const StoredPerson = z.union([
  z.object({ erasedAt: z.string(), erasure: z.string().optional() }),
  z.object({ person: z.string() }),
]);

const isConditionalCheckFailed = (error: unknown): boolean =>
  error instanceof Error && error.name === 'ConditionalCheckFailedException';

/**
 * The personal-data vault on the event store table: one item per person, pk `person#<id>`, sk 0.
 * Erasure replaces the item by a tombstone (`erasedAt` only); no commit is touched.
 */
export class DynamoDbPersonalDataVault implements PersonalDataVault {
  private readonly client: DynamoDBClient;
  private readonly tableName: string;
  private readonly clock: () => Date;

  constructor(options: DynamoDbPersonalDataVaultOptions) {
    this.client = options.client;
    this.tableName = options.tableName;
    this.clock = options.clock ?? (() => new Date());
  }

  async record(person: PersonRecord): Promise<void> {
    const valid = PersonRecordInput.parse(person);
    try {
      await this.client.send(
        new PutItemCommand({
          TableName: this.tableName,
          Item: marshall({ pk: personKeyOf(valid.personId), sk: 0, person: JSON.stringify(valid) }),
          ConditionExpression: 'attribute_not_exists(erasedAt)',
        }),
      );
    } catch (error) {
      if (isConditionalCheckFailed(error)) throw personErasedError(valid.personId);
      throw toStoreError(error);
    }
  }

  async lookup(personId: string): Promise<PersonLookup> {
    let item: Record<string, unknown> | undefined;
    try {
      const output = await this.client.send(
        new GetItemCommand({
          TableName: this.tableName,
          Key: marshall({ pk: personKeyOf(personId), sk: 0 }),
          ConsistentRead: true,
        }),
      );
      item = output.Item ? unmarshall(output.Item) : undefined;
    } catch (error) {
      throw toStoreError(error);
    }
    if (item === undefined) return { status: 'unknown', personId };
    const stored = StoredPerson.parse(item);
    if ('erasedAt' in stored) {
      return {
        status: 'erased',
        personId,
        erasedAt: stored.erasedAt,
        ...(stored.erasure === undefined ? {} : { erasure: Erasure.parse(JSON.parse(stored.erasure)) }),
      };
    }
    return { status: 'known', person: PersonRecord.parse(JSON.parse(stored.person)) };
  }

  async erase(personId: string, erasure?: Erasure): Promise<void> {
    const why = erasure === undefined ? undefined : JSON.stringify(Erasure.parse(erasure));
    try {
      // One update removes the data and stamps the tombstone; a second erasure keeps the first stamp
      // and reason: only a tombstone without a reason takes one (the erasedAt of an earlier erasure
      // without one stays).
      await this.client.send(
        new UpdateItemCommand({
          TableName: this.tableName,
          Key: marshall({ pk: personKeyOf(personId), sk: 0 }),
          UpdateExpression:
            why === undefined
              ? 'SET erasedAt = if_not_exists(erasedAt, :now) REMOVE person'
              : 'SET erasedAt = if_not_exists(erasedAt, :now), erasure = if_not_exists(erasure, :why) REMOVE person',
          ExpressionAttributeValues: marshall(
            why === undefined
              ? { ':now': this.clock().toISOString() }
              : { ':now': this.clock().toISOString(), ':why': why },
          ),
        }),
      );
    } catch (error) {
      throw toStoreError(error);
    }
  }
}
