import {
  ConditionalCheckFailedException,
  type DynamoDBClient,
  GetItemCommand,
  UpdateItemCommand,
} from '@aws-sdk/client-dynamodb';
import { generationName, generationOf } from '../functions/domain/ids.js';

// A workflow's generations (docs/adr/0031-workflow-generations.md). A Standard execution is open
// at most a year, and a rollout runs longer: before its execution reaches `CONTINUE_AFTER_DAYS`
// it starts its next generation, `<subject>-g<n>`, and ends. The first generation is named after
// the subject (`rollout-FM-2026`), as before. The highest generation started is recorded beside
// the task tokens in the event store table (pk `workflow#generation#<subject>`, sk 0), so an older
// execution started again (a redelivered opening event, a resumed machine) finds itself
// superseded and ends, and an operator's recovery starts the generation after the latest.

const DAY_SECONDS = 86_400;

/** An execution continues as its next generation once it is open this long (the cap is 365 days). */
export const CONTINUE_AFTER_DAYS = 300;

export { generationName, generationOf };

/** Where an execution stands among its subject's generations. */
export type GenerationStep = 'superseded' | 'continue' | 'carry-on';

/**
 * Whether an execution carries on, continues as its next generation (open `CONTINUE_AFTER_DAYS`),
 * or ends because a later generation was started. Pure: the determine tasks call it.
 */
export const generationStep = (input: {
  readonly subjectId: string;
  readonly executionName: string;
  readonly executionStartTime: string;
  readonly latestGeneration: number;
  readonly now: string;
  /** Days after its start an execution continues (default `CONTINUE_AFTER_DAYS`). */
  readonly continueAfterDays?: number;
}): { readonly step: GenerationStep; readonly generation: number; readonly secondsLeft: number } => {
  const generation = generationOf(input.subjectId, input.executionName) ?? 0;
  const days = input.continueAfterDays ?? CONTINUE_AFTER_DAYS;
  const continueAt = Date.parse(input.executionStartTime) + days * DAY_SECONDS * 1_000;
  const secondsLeft = Math.max(1, Math.ceil((continueAt - Date.parse(input.now)) / 1_000));
  if (input.latestGeneration > generation) return { step: 'superseded', generation, secondsLeft };
  if (Date.parse(input.now) >= continueAt) return { step: 'continue', generation, secondsLeft };
  return { step: 'carry-on', generation, secondsLeft };
};

/** The highest generation started of each subject. Every adapter behaves the same. */
export interface GenerationRegistry {
  /** The highest generation recorded (0 when none was). */
  latest(subjectId: string): Promise<number>;
  /** Records that `generation` was started; a lower or equal one than recorded changes nothing. */
  record(subjectId: string, generation: number): Promise<void>;
}

/** Partition key of a subject's generation in the event store table (sort key 0). */
export const generationKey = (subjectId: string): string => `workflow#generation#${subjectId}`;

/** Generations in memory (unit tests). */
export class InMemoryGenerationRegistry implements GenerationRegistry {
  readonly #latest = new Map<string, number>();

  async latest(subjectId: string): Promise<number> {
    return this.#latest.get(subjectId) ?? 0;
  }

  async record(subjectId: string, generation: number): Promise<void> {
    this.#latest.set(subjectId, Math.max(generation, this.#latest.get(subjectId) ?? 0));
  }
}

/** Generations as items of the event store table. */
export class DynamoDbGenerationRegistry implements GenerationRegistry {
  readonly #client: DynamoDBClient;
  readonly #tableName: string;

  constructor(options: { readonly client: DynamoDBClient; readonly tableName: string }) {
    this.#client = options.client;
    this.#tableName = options.tableName;
  }

  async latest(subjectId: string): Promise<number> {
    const { Item } = await this.#client.send(
      new GetItemCommand({
        TableName: this.#tableName,
        Key: { pk: { S: generationKey(subjectId) }, sk: { N: '0' } },
        ConsistentRead: true,
      }),
    );
    return Item?.generation?.N === undefined ? 0 : Number(Item.generation.N);
  }

  async record(subjectId: string, generation: number): Promise<void> {
    try {
      await this.#client.send(
        new UpdateItemCommand({
          TableName: this.#tableName,
          Key: { pk: { S: generationKey(subjectId) }, sk: { N: '0' } },
          UpdateExpression: 'SET generation = :generation',
          ConditionExpression: 'attribute_not_exists(generation) OR generation < :generation',
          ExpressionAttributeValues: { ':generation': { N: String(generation) } },
        }),
      );
    } catch (error) {
      // Already at this generation or past it: nothing to record.
      if (error instanceof ConditionalCheckFailedException) return;
      if ((error as { name?: unknown }).name === 'ConditionalCheckFailedException') return;
      throw error;
    }
  }
}
