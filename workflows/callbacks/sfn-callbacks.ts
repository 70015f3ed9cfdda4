import {
  DescribeExecutionCommand,
  ExecutionAlreadyExists,
  SendTaskFailureCommand,
  SendTaskHeartbeatCommand,
  SendTaskSuccessCommand,
  SFNClient,
  StartExecutionCommand,
} from '@aws-sdk/client-sfn';
import type { GenerationRegistry } from '../generations.js';
import { startNextGeneration } from '../recovery.js';
import type { TaskCallbacks } from '../tasks/services.js';

// The AWS adapter of the workflows' callbacks: SendTaskSuccess/Failure/Heartbeat through the Step
// Functions API, and StartExecution for the executions an event opens. Locally the project's
// executor plays the same part (local/runtime-workflows.ts).

/** The subset of the SFN client the adapter uses, so tests can hand in a mock. */
export type SfnSender = Pick<SFNClient, 'send'>;

/** `TaskCallbacks` over the Step Functions API. Stale-token errors keep their SDK name (see `isStaleTokenError`). */
export class SfnTaskCallbacks implements TaskCallbacks {
  readonly #client: SfnSender;

  constructor(client: SfnSender = new SFNClient({})) {
    this.#client = client;
  }

  async sendTaskSuccess(token: string, output: unknown): Promise<void> {
    await this.#client.send(
      new SendTaskSuccessCommand({ taskToken: token, output: JSON.stringify(output ?? {}) }),
    );
  }

  async sendTaskFailure(token: string, error: string, cause: string): Promise<void> {
    await this.#client.send(new SendTaskFailureCommand({ taskToken: token, error, cause }));
  }

  async sendTaskHeartbeat(token: string): Promise<void> {
    await this.#client.send(new SendTaskHeartbeatCommand({ taskToken: token }));
  }
}

/** Whether a StartExecution failed because an execution of that name already exists. */
export const isExecutionAlreadyExists = (error: unknown): boolean =>
  error instanceof ExecutionAlreadyExists ||
  (error instanceof Error && error.name === 'ExecutionAlreadyExists');

/**
 * Starts an execution named `name`; starting the same name again (a redelivered event) is a no-op,
 * as StartExecution is idempotent only for an identical input and refuses a different one.
 */
export const startExecutionOnce = async (
  client: SfnSender,
  stateMachineArn: string,
  name: string,
  input: unknown,
): Promise<'started' | 'already-started'> => {
  try {
    await client.send(new StartExecutionCommand({ stateMachineArn, name, input: JSON.stringify(input) }));
    return 'started';
  } catch (error) {
    if (isExecutionAlreadyExists(error)) return 'already-started';
    throw error;
  }
};

/**
 * The operator's recovery on AWS (workflows/README.md, "Recovering an execution"): an execution
 * that failed or timed out is followed by its subject's next generation, started under
 * `<subject>-g<n>` with the same input; it resumes from the events.
 */
export const recoverWithNextGeneration = async (
  client: SfnSender,
  generations: GenerationRegistry,
  executionArn: string,
): Promise<{ readonly executionArn: string; readonly name: string }> => {
  const described = await client.send(new DescribeExecutionCommand({ executionArn }));
  const stateMachineArn = described.stateMachineArn ?? '';
  const { name } = await startNextGeneration(
    generations,
    {
      name: described.name ?? '',
      status: described.status ?? '',
      input: JSON.parse(described.input ?? '{}'),
    },
    async (next, input) => {
      await startExecutionOnce(client, stateMachineArn, next, input);
    },
  );
  // An execution ARN is its state machine's ARN with `stateMachine` read `execution`, and its name.
  return { executionArn: `${stateMachineArn.replace(':stateMachine:', ':execution:')}:${name}`, name };
};
