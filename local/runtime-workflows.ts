import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { BusEvent } from '../functions/application/bus/event-shape.js';
import type { EventStore } from '../functions/application/ports/event-store.js';
import {
  createWorkflowCallbackBatchConsumer,
  createWorkflowCallbackConsumer,
} from '../workflows/callbacks/consumer.js';
import { isExecutionAlreadyExists } from '../workflows/callbacks/sfn-callbacks.js';
import { DynamoDbTaskTokenStore } from '../workflows/callbacks/token-store.js';
import { DynamoDbGenerationRegistry } from '../workflows/generations.js';
import { startNextGeneration } from '../workflows/recovery.js';
import { executionOpenedBy, type WorkflowName } from '../workflows/starts.js';
import { workflowFunctions } from '../workflows/tasks/index.js';
import type { TaskCallbacks, WorkflowServices } from '../workflows/tasks/services.js';
import { RememberedTaskTokens } from './task-token-memory.js';
import type { WorkflowClock } from './workflow-clock.js';
import {
  DynamoDbExecutionRegistry,
  type ExecutionRecord,
  type ExecutionRegistry,
} from './workflow-executions.js';
import { LocalWorkflowExecutor, statesError } from './workflow-executor.js';

// The workflows of one machine, composed once for the local runtime and the workflow tests: the
// executor over the three ASL files, the task handlers' services, the callback consumer of the
// bus, and the starter that begins an execution when the event that opens a workflow is seen.

/** The three definitions, relative to the repository root (as the CDK app reads them). */
export const WORKFLOW_DEFINITIONS: Readonly<Record<WorkflowName, string>> = {
  'region-rollout': 'workflows/region-rollout.asl.json',
  'national-waves': 'workflows/national-waves.asl.json',
  'contact-centre-call': 'workflows/contact-centre-call.asl.json',
};

export { executionOpenedBy, type WorkflowName };

const REPOSITORY_ROOT = fileURLToPath(new URL('..', import.meta.url));

/** Reads a definition; a relative path is taken from the repository root, wherever the process runs. */
export const readDefinition = (path: string): unknown =>
  JSON.parse(readFileSync(path.startsWith('/') ? path : `${REPOSITORY_ROOT}${path}`, 'utf8'));

export interface LocalWorkflowsOptions {
  readonly client: DynamoDBClient;
  readonly tableName: string;
  readonly store: EventStore;
  readonly clock: WorkflowClock;
  /** Ids of the events task handlers append. */
  readonly newId: () => string;
  readonly onExecutionError?: (record: ExecutionRecord, error: unknown) => void;
  /**
   * Only when no other process writes the table (the local runtime): the task tokens are then
   * remembered as they are parked, released and read (local/task-token-memory.ts). Default false.
   */
  readonly soleWriter?: boolean;
  /** Whether the bus handler starts the execution an event opens (default true; tests start their own). */
  readonly startExecutionsOnEvents?: boolean;
}

/** The executor, the services its tasks use, and the bus handler of the `workflow-callback` target. */
export interface LocalWorkflows {
  readonly executor: LocalWorkflowExecutor;
  readonly services: WorkflowServices;
  /** Where executions are recorded (the event store table). */
  readonly executions: ExecutionRegistry;
  /** Starts the workflow an event opens (if any), then resumes parked waits the event moves. */
  readonly handleBusEvent: (event: BusEvent) => Promise<void>;
  /** The same for a page of the change feed: each subject looked at once (its batch handler). */
  readonly handleBusEvents: (events: readonly BusEvent[]) => Promise<void>;
  /**
   * The operator's recovery of an execution that failed or timed out: starts its subject's next
   * generation (workflows/recovery.ts), which resumes from the events.
   */
  readonly recoverExecution: (
    stateMachine: WorkflowName,
    name: string,
  ) => Promise<{ readonly executionArn: string; readonly name: string }>;
}

/** Composes the local workflows over the event store table (executions and tokens live there too). */
export const createLocalWorkflows = (options: LocalWorkflowsOptions): LocalWorkflows => {
  let executor: LocalWorkflowExecutor | undefined;
  const running = (): LocalWorkflowExecutor => {
    if (executor === undefined) throw new Error('The workflow executor is not built yet');
    return executor;
  };
  const callbacks: TaskCallbacks = {
    sendTaskSuccess: (token, output) => running().sendTaskSuccess(token, output),
    sendTaskFailure: (token, error, cause) => running().sendTaskFailure(token, error, cause),
    sendTaskHeartbeat: (token) => running().sendTaskHeartbeat(token),
  };
  const tokenTable = new DynamoDbTaskTokenStore({ client: options.client, tableName: options.tableName });
  const services: WorkflowServices = {
    store: options.store,
    clock: () => new Date(options.clock.now()).toISOString(),
    newId: options.newId,
    tokens: options.soleWriter === true ? new RememberedTaskTokens(tokenTable) : tokenTable,
    callbacks,
    generations: new DynamoDbGenerationRegistry({ client: options.client, tableName: options.tableName }),
  };
  const executions = new DynamoDbExecutionRegistry({ client: options.client, tableName: options.tableName });
  executor = new LocalWorkflowExecutor({
    stateMachines: Object.entries(WORKFLOW_DEFINITIONS).map(([name, path]) => ({
      name,
      definition: readDefinition(path),
    })),
    functions: () => workflowFunctions(services),
    stateMachineArns: {
      RegionRolloutStateMachineArn: 'region-rollout',
      NationalWavesStateMachineArn: 'national-waves',
      ContactCentreCallStateMachineArn: 'contact-centre-call',
    },
    clock: options.clock,
    executions,
    ...(options.onExecutionError === undefined ? {} : { onExecutionError: options.onExecutionError }),
  });
  const resumeWaits = createWorkflowCallbackConsumer(services);
  const resumeWaitsOfPage = createWorkflowCallbackBatchConsumer(services);
  const startOpened = async (event: BusEvent): Promise<void> => {
    const opened = executionOpenedBy(event);
    if (opened === undefined || options.startExecutionsOnEvents === false) return;
    try {
      await running().startExecution(opened.stateMachine, opened.name, opened.input);
    } catch (error) {
      // As `startExecutionOnce` on AWS: the name is taken (running with another input, or closed
      // less than 90 days ago); the workflow that owns it carries on from the events.
      if (!isExecutionAlreadyExists(error)) throw error;
    }
  };
  const handleBusEvent = async (event: BusEvent): Promise<void> => {
    await startOpened(event);
    await resumeWaits(event);
  };
  const handleBusEvents = async (events: readonly BusEvent[]): Promise<void> => {
    for (const event of events) await startOpened(event);
    await resumeWaitsOfPage(events);
  };
  const recoverExecution = async (stateMachine: WorkflowName, name: string) => {
    const closed = await running().describe(stateMachine, name);
    if (closed === undefined) {
      throw statesError(
        'StepFunctions.ExecutionDoesNotExistException',
        `No execution ${name} of ${stateMachine}`,
      );
    }
    const next = await startNextGeneration(services.generations, closed.record, async (nextName, input) => {
      try {
        await running().startExecution(stateMachine, nextName, input);
      } catch (error) {
        if (!isExecutionAlreadyExists(error)) throw error;
      }
    });
    return { executionArn: LocalWorkflowExecutor.executionArn(stateMachine, next.name), name: next.name };
  };
  return { executor, services, executions, handleBusEvent, handleBusEvents, recoverExecution };
};
