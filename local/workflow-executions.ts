import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { SlottedPartition } from '../functions/adapters/dynamodb/slots.js';

// The executions of the local workflow executor, kept so that a restarted machine finds the
// executions that had not ended and resumes them (re-run from their first state, which reads the
// phase from events). On AWS, Step Functions keeps its executions itself.

/**
 * Where an execution stands. `RUNNING` survives a kill of the executor; the others are closed.
 * `TIMED_OUT`: open longer than Step Functions allows (one year) or than the definition's TimeoutSeconds.
 */
export type ExecutionStatus = 'RUNNING' | 'SUCCEEDED' | 'FAILED' | 'TIMED_OUT';

/** The top-level state a closed execution was in, with its input: where a redrive continues. */
export interface RedrivePoint {
  readonly state: string;
  readonly input: unknown;
}

/** One execution of a state machine, by its name (unique per state machine). */
export interface ExecutionRecord {
  readonly stateMachine: string;
  readonly name: string;
  readonly executionArn: string;
  readonly input: unknown;
  readonly status: ExecutionStatus;
  readonly startedAt: string;
  readonly stoppedAt: string | null;
  readonly error: string | null;
  /** Set when it closed unsuccessfully: the state it was in, with that state's input. */
  readonly redriveFrom?: RedrivePoint | null;
  /** How many times it was redriven. */
  readonly redriveCount?: number;
  /** The history events counted when it closed (a redrive appends to them, as on AWS). */
  readonly historyEvents?: number;
}

/** Where the executor keeps its executions. */
export interface ExecutionRegistry {
  get(stateMachine: string, name: string): Promise<ExecutionRecord | undefined>;
  put(record: ExecutionRecord): Promise<void>;
  list(): Promise<readonly ExecutionRecord[]>;
}

const keyOf = (stateMachine: string, name: string): string => `${stateMachine}:${name}`;

/** Executions in memory (unit tests, throwaway runs). */
export class InMemoryExecutionRegistry implements ExecutionRegistry {
  readonly #records = new Map<string, ExecutionRecord>();

  async get(stateMachine: string, name: string): Promise<ExecutionRecord | undefined> {
    return this.#records.get(keyOf(stateMachine, name));
  }

  async put(record: ExecutionRecord): Promise<void> {
    this.#records.set(keyOf(record.stateMachine, record.name), structuredClone(record));
  }

  async list(): Promise<readonly ExecutionRecord[]> {
    return [...this.#records.values()];
  }
}

/** The partition of the event store table that holds the local executions (a handful: one per rollout). */
export const EXECUTIONS_PARTITION = 'workflow#executions';

/** Executions as items of the event store table, in one partition (pk `workflow#executions`). */
export class DynamoDbExecutionRegistry implements ExecutionRegistry {
  readonly #partition: SlottedPartition;

  constructor(options: { readonly client: DynamoDBClient; readonly tableName: string }) {
    this.#partition = new SlottedPartition(options.client, options.tableName, EXECUTIONS_PARTITION);
  }

  async get(stateMachine: string, name: string): Promise<ExecutionRecord | undefined> {
    const record = await this.#partition.find(keyOf(stateMachine, name));
    return record ? (JSON.parse(record.payload) as ExecutionRecord) : undefined;
  }

  async put(record: ExecutionRecord): Promise<void> {
    await this.#partition.upsert(keyOf(record.stateMachine, record.name), JSON.stringify(record));
  }

  async list(): Promise<readonly ExecutionRecord[]> {
    return (await this.#partition.list()).map((record) => JSON.parse(record.payload) as ExecutionRecord);
  }
}
