import {
  ConditionalCheckFailedException,
  DeleteItemCommand,
  type DynamoDBClient,
  GetItemCommand,
  PutItemCommand,
} from '@aws-sdk/client-dynamodb';

// Where a workflow's task token waits while people act: one token per (subject, phase), the
// subject being a rollout id, a wave plan stream or a call id. A token is a secret: it is stored
// here and nowhere else (never in events, read models, webhooks or info logs).

/** A parked wait and its token. */
export interface ParkedTask {
  readonly subjectId: string;
  readonly phase: string;
  /** The step the workflow waits at (e.g. `await-committee-decision`). */
  readonly step: string;
  readonly token: string;
  readonly parkedAt: string;
}

/** The tokens of parked waits. Every adapter behaves the same (see the workflow tests). */
export interface TaskTokenStore {
  /** Stores the token of (subject, phase), replacing any earlier one. */
  park(task: ParkedTask): Promise<void>;
  find(subjectId: string, phase: string): Promise<ParkedTask | undefined>;
  /** Removes the token if it is still this one; true when this call removed it (the caller may resume it). */
  release(task: Pick<ParkedTask, 'subjectId' | 'phase' | 'token'>): Promise<boolean>;
}

/** Partition key of the token of (subject, phase) in the event store table (sort key 0). */
export const taskTokenKey = (subjectId: string, phase: string): string => `tasktoken#${subjectId}#${phase}`;

/** Tokens in memory (unit tests, throwaway local runs). */
export class InMemoryTaskTokenStore implements TaskTokenStore {
  readonly #tasks = new Map<string, ParkedTask>();

  async park(task: ParkedTask): Promise<void> {
    this.#tasks.set(taskTokenKey(task.subjectId, task.phase), { ...task });
  }

  async find(subjectId: string, phase: string): Promise<ParkedTask | undefined> {
    const task = this.#tasks.get(taskTokenKey(subjectId, phase));
    return task ? { ...task } : undefined;
  }

  async release(task: Pick<ParkedTask, 'subjectId' | 'phase' | 'token'>): Promise<boolean> {
    const key = taskTokenKey(task.subjectId, task.phase);
    if (this.#tasks.get(key)?.token !== task.token) return false;
    this.#tasks.delete(key);
    return true;
  }
}

export interface DynamoDbTaskTokenStoreOptions {
  readonly client: DynamoDBClient;
  /** The event store table: tokens live beside the commits, under `tasktoken#` keys, sort key 0. */
  readonly tableName: string;
}

const isConditionalFailure = (error: unknown): boolean =>
  error instanceof ConditionalCheckFailedException ||
  (error as { name?: unknown }).name === 'ConditionalCheckFailedException';

/** Tokens as items of the event store table (pk `tasktoken#<subject>#<phase>`, sk 0). */
export class DynamoDbTaskTokenStore implements TaskTokenStore {
  readonly #client: DynamoDBClient;
  readonly #tableName: string;

  constructor(options: DynamoDbTaskTokenStoreOptions) {
    this.#client = options.client;
    this.#tableName = options.tableName;
  }

  async park(task: ParkedTask): Promise<void> {
    await this.#client.send(
      new PutItemCommand({
        TableName: this.#tableName,
        Item: {
          pk: { S: taskTokenKey(task.subjectId, task.phase) },
          sk: { N: '0' },
          subjectId: { S: task.subjectId },
          phase: { S: task.phase },
          step: { S: task.step },
          token: { S: task.token },
          parkedAt: { S: task.parkedAt },
        },
      }),
    );
  }

  async find(subjectId: string, phase: string): Promise<ParkedTask | undefined> {
    const { Item } = await this.#client.send(
      new GetItemCommand({
        TableName: this.#tableName,
        Key: { pk: { S: taskTokenKey(subjectId, phase) }, sk: { N: '0' } },
        ConsistentRead: true,
      }),
    );
    if (!Item?.token?.S) return undefined;
    return {
      subjectId,
      phase,
      step: Item.step?.S ?? '',
      token: Item.token.S,
      parkedAt: Item.parkedAt?.S ?? '',
    };
  }

  async release(task: Pick<ParkedTask, 'subjectId' | 'phase' | 'token'>): Promise<boolean> {
    try {
      await this.#client.send(
        new DeleteItemCommand({
          TableName: this.#tableName,
          Key: { pk: { S: taskTokenKey(task.subjectId, task.phase) }, sk: { N: '0' } },
          ConditionExpression: '#token = :token',
          ExpressionAttributeNames: { '#token': 'token' },
          ExpressionAttributeValues: { ':token': { S: task.token } },
        }),
      );
      return true;
    } catch (error) {
      if (isConditionalFailure(error)) return false;
      throw error;
    }
  }
}
