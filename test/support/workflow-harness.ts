import { afterAll, beforeAll } from 'vitest';
import type { Actor } from '../../events/envelope.js';
import { DynamoDbEventStore } from '../../functions/adapters/dynamodb/event-store.js';
import { executeCommand, loadStream } from '../../functions/application/execute-command.js';
import { withFoldCache } from '../../functions/application/fold-cache.js';
import type { StoredEvent } from '../../functions/application/ports/event-store.js';
import type { Decider } from '../../functions/domain/shared/decider.js';
import { InMemoryCheckpointStore } from '../../local/bus/checkpoints.js';
import { LocalBus } from '../../local/bus.js';
import { ChangeFeed } from '../../local/change-feed.js';
import type { DynaliteServer } from '../../local/dynalite/server.js';
import {
  createLocalWorkflows,
  type LocalWorkflows,
  readDefinition,
  WORKFLOW_DEFINITIONS,
} from '../../local/runtime-workflows.js';
import { ManualWorkflowClock } from '../../local/workflow-clock.js';
import type { LocalWorkflowExecutor } from '../../local/workflow-executor.js';
import { WORKFLOW_CALLBACK_TARGET } from '../../workflows/callbacks/consumer.js';
import type { WorkflowServices } from '../../workflows/tasks/services.js';
import { createFreshEventStoreTable, startDynalite } from './dynalite.js';

export { readDefinition, WORKFLOW_DEFINITIONS };

/** One "machine" of the local runtime over a table: store, clock, bus, change feed and executor. */
export interface WorkflowMachine {
  readonly executor: LocalWorkflowExecutor;
  /** The operator's recovery of a failed or timed-out execution (its subject's next generation). */
  readonly recoverExecution: LocalWorkflows['recoverExecution'];
  readonly services: WorkflowServices;
  readonly feed: ChangeFeed;
  /** The machine's bus (a test registers more targets on it, e.g. the notifications consumer). */
  readonly bus: LocalBus;
  /** The table the machine runs on, and its dynalite. */
  readonly table: { readonly dynamo: DynaliteServer; readonly tableName: string };
  /** Publishes what was committed, then lets the workflows settle, until nothing moves. */
  propagate(): Promise<void>;
  /** Kills the machine (its executor); the table keeps everything. */
  kill(): Promise<void>;
}

let idCounter = 0;

/** Builds a machine over `tableName`; `clock` is shared between the machines of one test. */
export const startWorkflowMachine = (
  dynamo: DynaliteServer,
  tableName: string,
  clock: ManualWorkflowClock,
): WorkflowMachine => {
  // As the runtimes compose it (docs/adr/0111-one-caching-story.md).
  const store = withFoldCache(new DynamoDbEventStore({ client: dynamo.client, tableName }));
  const { executor, services, handleBusEvent, recoverExecution } = createLocalWorkflows({
    client: dynamo.client,
    tableName,
    store,
    clock,
    newId: () => {
      idCounter += 1;
      return `wf-id-${idCounter}`;
    },
    // The tests start their executions themselves, as a deployment's trigger would.
    startExecutionsOnEvents: false,
    // Its tokens remembered as the runtime's are: one machine runs at a time on a table (a killed
    // machine's executor is stopped before the next starts), so it is their only writer.
    soleWriter: true,
  });
  const bus = new LocalBus({ onMissingHandler: 'skip', backoff: { baseDelayMs: 0, maxDelayMs: 0 } });
  bus.register(WORKFLOW_CALLBACK_TARGET, handleBusEvent);
  const feed = new ChangeFeed({
    store,
    checkpoints: new InMemoryCheckpointStore(),
    publish: (event) => bus.publish(event),
  });
  const machine: WorkflowMachine = {
    executor,
    recoverExecution,
    services,
    feed,
    bus,
    table: { dynamo, tableName },
    propagate: async () => {
      for (let round = 0; round < 50; round += 1) {
        await executor.settle();
        let published = 0;
        for (;;) {
          const page = await feed.pollOnce();
          if (page === 0) break;
          published += page;
        }
        await executor.settle();
        if (published === 0) return;
      }
      throw new Error('The workflows kept moving after 50 rounds');
    },
    kill: () => executor.stop(),
  };
  return machine;
};

/** Runs a person's command through the shared application service, on the test clock. */
export const act = async <Command extends { type: string }, State, Event extends { type: string }>(
  machine: WorkflowMachine,
  decider: Decider<Command, State, Event>,
  streamId: string,
  actor: Actor,
  command: Command | ((state: State) => Command | Promise<Command>),
): Promise<readonly StoredEvent[]> => {
  const outcome = await executeCommand(machine.services, decider, {
    streamId,
    command:
      typeof command === 'function'
        ? (loaded) => (command as (state: State) => Command)(loaded.state)
        : command,
    actor,
    correlationId: `test-${streamId}`,
  });
  return outcome.events;
};

/** The types of a stream's events, in order. */
export const typesOf = async (machine: WorkflowMachine, streamId: string): Promise<string[]> => {
  const types: string[] = [];
  for await (const event of machine.services.store.readStream(streamId)) types.push(event.type);
  return types;
};

/** The `to` of each RolloutPhaseAdvanced of a rollout, in order. */
export const phasesEntered = async (machine: WorkflowMachine, rolloutId: string): Promise<string[]> => {
  const phases: string[] = [];
  for await (const event of machine.services.store.readStream(rolloutId)) {
    if (event.type === 'RolloutPhaseAdvanced') phases.push((event.data as { to: string }).to);
  }
  return phases;
};

export { loadStream };

/** The machines of one test file, over one dynalite it starts before and stops after the file. */
export interface WorkflowLab {
  /** A fresh table and a manual clock at 2026-03-01 09:00 UTC, for machines that share them. */
  freshTable(): Promise<{ tableName: string; clock: ManualWorkflowClock }>;
  /** A machine over a table (several may share one, one after the other, as after a crash). */
  machineOn(tableName: string, clock: ManualWorkflowClock): WorkflowMachine;
  /** A machine over a fresh table. */
  freshMachine(): Promise<WorkflowMachine>;
}

/** Registers the file's dynalite and machines with vitest's beforeAll/afterAll. */
export const workflowLab = (): WorkflowLab => {
  let dynamo: DynaliteServer | undefined;
  const machines: WorkflowMachine[] = [];
  beforeAll(async () => {
    dynamo = await startDynalite();
  });
  afterAll(async () => {
    for (const machine of machines) await machine.kill();
    await dynamo?.stop();
  });
  const running = (): DynaliteServer => {
    if (dynamo === undefined) throw new Error('workflowLab: dynalite starts in beforeAll');
    return dynamo;
  };
  const lab: WorkflowLab = {
    freshTable: async () => ({
      tableName: await createFreshEventStoreTable(running()),
      clock: new ManualWorkflowClock('2026-03-01T09:00:00.000Z'),
    }),
    machineOn: (tableName, clock) => {
      const machine = startWorkflowMachine(running(), tableName, clock);
      machines.push(machine);
      return machine;
    },
    freshMachine: async () => {
      const { tableName, clock } = await lab.freshTable();
      return lab.machineOn(tableName, clock);
    },
  };
  return lab;
};
