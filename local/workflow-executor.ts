import { randomUUID } from 'node:crypto';
import { StateMachine, type StateMachineDefinition } from 'aws-local-stepfunctions';
import type { TaskCallbacks } from '../workflows/tasks/services.js';
import type { WorkflowClock } from './workflow-clock.js';
import type { ExecutionRecord, ExecutionRegistry, RedrivePoint } from './workflow-executions.js';
import { lintDefinition } from './workflow-lint.js';

// The local Step Functions: runs the very ASL files of workflows/ on aws-local-stepfunctions, with
// the layer the library lacks (architecture decision 5):
// - task tokens: `$$.Task.Token` is rewritten to a marker that the layer replaces with a token it
//   generates; the state's local handler awaits SendTaskSuccess / SendTaskFailure, and
//   SendTaskHeartbeat re-arms the heartbeat;
// - `arn:aws:states:::lambda:invoke`: the `Payload` goes to the project's function and its result
//   comes back wrapped as `{ Payload, StatusCode }`, as on AWS;
// - `arn:aws:states:::states:startExecution`: child executions, by name (starting twice starts once);
// - Wait states and the timeouts (TimeoutSeconds/TimeoutSecondsPath, HeartbeatSeconds, raising
//   States.Timeout / States.HeartbeatTimeout) run on an injected clock a test can advance;
// - executions persist in a registry (the event store table), and `resumeUnfinished` re-runs
//   those that had not ended: their first state reads the phase from events;
// - Step Functions' limits (`STEP_FUNCTIONS_LIMITS`, docs/parity.md): an execution open a year
//   times out, one whose history passes 25,000 events fails, a closed one is redriven only within
//   14 days (from the state it closed in, with that state's input), and a name is taken for 90
//   days after its execution closed.

// aws-local-stepfunctions 3 targets Node 22, which has Promise.withResolvers; Node 20 does not.
/** A promise with its resolve and reject (Promise.withResolvers of ES2024). */
const deferred = <T>() => {
  let resolve!: (value: T | PromiseLike<T>) => void;
  let reject!: (reason?: unknown) => void;
  const promise = new Promise<T>((onResolve, onReject) => {
    resolve = onResolve;
    reject = onReject;
  });
  return { promise, resolve, reject };
};

if (typeof (Promise as unknown as { withResolvers?: unknown }).withResolvers !== 'function') {
  Object.defineProperty(Promise, 'withResolvers', { configurable: true, writable: true, value: deferred });
}

/** A function the definitions call through a `${…FunctionArn}` placeholder. */
export type LocalWorkflowFunction = (payload: unknown) => Promise<unknown>;

/** One state machine: its name (also its local ARN) and its ASL definition as parsed JSON. */
export interface LocalStateMachine {
  readonly name: string;
  readonly definition: unknown;
}

export interface LocalWorkflowExecutorOptions {
  readonly stateMachines: readonly LocalStateMachine[];
  /** By placeholder name (`DeterminePhaseFunctionArn`). Taking the executor lets functions call back into it. */
  readonly functions: (executor: LocalWorkflowExecutor) => Readonly<Record<string, LocalWorkflowFunction>>;
  /** Placeholders of state machine ARNs (`RegionRolloutStateMachineArn`) → state machine names. */
  readonly stateMachineArns?: Readonly<Record<string, string>>;
  readonly clock: WorkflowClock;
  readonly executions: ExecutionRegistry;
  /** A new task token; defaults to random UUIDs. */
  readonly newToken?: () => string;
  /** Called with the error of an execution that failed or could not run. */
  readonly onExecutionError?: (record: ExecutionRecord, error: unknown) => void;
}

/** What `startExecution` answers, as StartExecution does. */
export interface StartedExecution {
  readonly executionArn: string;
  readonly startDate: string;
  /** False when an execution of that name already existed: nothing new was started. */
  readonly started: boolean;
}

/** An error with the name Step Functions gives it (matched by Retry and Catch). */
export const statesError = (name: string, message: string): Error =>
  Object.assign(new Error(message), { name });

const DAY_MS = 86_400_000;

/**
 * The limits of Standard workflows the executor enforces, as Step Functions does:
 * https://docs.aws.amazon.com/step-functions/latest/dg/service-quotas.html (execution time, history),
 * https://docs.aws.amazon.com/step-functions/latest/apireference/API_RedriveExecution.html (redrive),
 * https://docs.aws.amazon.com/step-functions/latest/apireference/API_StartExecution.html (names).
 */
export const STEP_FUNCTIONS_LIMITS = {
  /** An execution open this long times out (TIMED_OUT), whatever its TimeoutSeconds. */
  maxOpenMs: 365 * DAY_MS,
  /** An execution whose history would pass this many events fails. */
  historyEvents: 25_000,
  /** A closed execution is redriven only this long after it closed. */
  redriveWindowMs: 14 * DAY_MS,
  /** A name is taken until this long after its execution closed. */
  nameReuseMs: 90 * DAY_MS,
} as const;

/** AWS's default timeout of a task (99,999,999 s) when the definition sets none. */
const DEFAULT_TASK_TIMEOUT_SECONDS = 99_999_999;
/**
 * The timeout the library itself is given for a Task (its own timer is a real setTimeout, which
 * Node caps at about 24.8 days): the layer enforces the real timeouts on its clock.
 */
const LIBRARY_TASK_TIMEOUT_SECONDS = 2_147_000;
const TOKEN_MARKER = '__naseej_local_task_token__';
/** `$$.Execution.StartTime`: the library sets its own (the real time of its run), so the layer fills it. */
const START_TIME_MARKER = '__naseej_local_execution_start_time__';
const TIMEOUT_FIELD = '__naseejTimeoutSeconds';
const HEARTBEAT_FIELD = '__naseejHeartbeatSeconds';
const SETTLE_TIMEOUT_MS = 20_000;

type StateMeta =
  | { readonly kind: 'lambda' }
  | { readonly kind: 'callback'; readonly timeoutSeconds?: number; readonly heartbeatSeconds?: number }
  | { readonly kind: 'start-execution' }
  | { readonly kind: 'wait' };

type JsonObject = Record<string, unknown>;

const isObject = (value: unknown): value is JsonObject =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** The context fields the layer fills itself, by their path. */
const CONTEXT_MARKERS: Readonly<Record<string, string>> = {
  '$$.Task.Token': TOKEN_MARKER,
  '$$.Execution.StartTime': START_TIME_MARKER,
};

/** Replaces every `"x.$": "$$.Task.Token"` (or `$$.Execution.StartTime`) of a Parameters template by `"x": <marker>`. */
const rewriteTaskToken = (template: unknown): unknown => {
  if (Array.isArray(template)) return template.map(rewriteTaskToken);
  if (!isObject(template)) return template;
  return Object.fromEntries(
    Object.entries(template).map(([key, value]) =>
      key.endsWith('.$') && typeof value === 'string' && CONTEXT_MARKERS[value] !== undefined
        ? [key.slice(0, -2), CONTEXT_MARKERS[value]]
        : [key, rewriteTaskToken(value)],
    ),
  );
};

/** `value` with every string equal to `marker` replaced by `replacement`. */
const fillMarker = (value: unknown, marker: string, replacement: string): unknown =>
  JSON.parse(JSON.stringify(value ?? {}).replaceAll(JSON.stringify(marker), JSON.stringify(replacement)));

/** Rewrites a definition for the library; collects what the layer must do per state name. */
const transformStates = (states: JsonObject, metas: Map<string, StateMeta>): JsonObject =>
  Object.fromEntries(
    Object.entries(states).map(([name, raw]) => {
      if (!isObject(raw)) return [name, raw];
      if (metas.has(name))
        throw new Error(`State name ${name} is used twice; the local layer keys states by name`);
      const state: JsonObject = { ...raw };
      if (state.Type === 'Map') {
        const processor = (state.ItemProcessor ?? state.Iterator) as JsonObject;
        const key = state.ItemProcessor ? 'ItemProcessor' : 'Iterator';
        state[key] = { ...processor, States: transformStates(processor.States as JsonObject, metas) };
      }
      if (state.Type === 'Parallel') {
        state.Branches = (state.Branches as JsonObject[]).map((branch) => ({
          ...branch,
          States: transformStates(branch.States as JsonObject, metas),
        }));
      }
      if (state.Type === 'Wait') {
        metas.set(name, { kind: 'wait' });
        const { Seconds, SecondsPath, Timestamp, TimestampPath, Type: _type, ...rest } = state;
        const when: JsonObject =
          TimestampPath !== undefined
            ? { 'until.$': TimestampPath }
            : Timestamp !== undefined
              ? { until: Timestamp }
              : SecondsPath !== undefined
                ? { 'seconds.$': SecondsPath }
                : { seconds: Seconds ?? 0 };
        return [
          name,
          {
            ...rest,
            Type: 'Task',
            Resource: 'arn:aws:states:::lambda:invoke',
            Parameters: { 'input.$': '$', ...when },
            TimeoutSeconds: LIBRARY_TASK_TIMEOUT_SECONDS,
          },
        ];
      }
      if (state.Type !== 'Task') return [name, state];
      const resource = String(state.Resource);
      const { TimeoutSeconds, TimeoutSecondsPath, HeartbeatSeconds, HeartbeatSecondsPath, ...rest } = state;
      const transformed: JsonObject = { ...rest, TimeoutSeconds: LIBRARY_TASK_TIMEOUT_SECONDS };
      if (resource === 'arn:aws:states:::lambda:invoke') {
        metas.set(name, { kind: 'lambda' });
        if (state.Parameters !== undefined) transformed.Parameters = rewriteTaskToken(state.Parameters);
      } else if (resource === 'arn:aws:states:::states:startExecution')
        metas.set(name, { kind: 'start-execution' });
      else if (resource === 'arn:aws:states:::lambda:invoke.waitForTaskToken') {
        metas.set(name, {
          kind: 'callback',
          ...(typeof TimeoutSeconds === 'number' ? { timeoutSeconds: TimeoutSeconds } : {}),
          ...(typeof HeartbeatSeconds === 'number' ? { heartbeatSeconds: HeartbeatSeconds } : {}),
        });
        // The paths are evaluated by the library, against the state's input, as Parameters fields.
        const parameters = rewriteTaskToken(state.Parameters ?? {}) as JsonObject;
        if (typeof TimeoutSecondsPath === 'string') parameters[`${TIMEOUT_FIELD}.$`] = TimeoutSecondsPath;
        if (typeof HeartbeatSecondsPath === 'string')
          parameters[`${HEARTBEAT_FIELD}.$`] = HeartbeatSecondsPath;
        transformed.Parameters = parameters;
      } else throw new Error(`State ${name}: resource ${resource} is not supported locally`);
      return [name, transformed];
    }),
  );

interface PreparedMachine {
  readonly definition: StateMachineDefinition;
  readonly metas: ReadonlyMap<string, StateMeta>;
  /** The definition's top-level TimeoutSeconds, if any. */
  readonly timeoutSeconds: number | undefined;
}

/** A wait on a token, as the layer tracks it. */
interface PendingTask {
  readonly execution: RunningExecution;
  readonly stateName: string;
  readonly resolve: (output: unknown) => void;
  readonly reject: (error: Error) => void;
  readonly heartbeatSeconds: number | undefined;
  cancelHeartbeat: () => void;
}

/** An execution running in this executor. */
interface RunningExecution {
  readonly record: ExecutionRecord;
  readonly abort: AbortController;
  /** The state it waits in (a token or the clock), or null while it works. */
  blockedOn: string | null;
  /** Step Functions history events this execution would have written so far (see README). */
  history: number;
  readonly done: Promise<void>;
  /** Why the executor closes it (the one-year cap, the history limit), or null. */
  closing: { readonly status: 'FAILED' | 'TIMED_OUT'; readonly error: string } | null;
  /** The last top-level state it entered, with its input: where a redrive would continue. */
  lastState: RedrivePoint | null;
}

/** The view of an execution a test or the local runtime gets. */
export interface ExecutionView {
  readonly record: ExecutionRecord;
  /** The state it is blocked in, or null (working, or not running in this executor). */
  readonly waitingIn: string | null;
  /** History events counted by this executor for its run of the execution. */
  readonly historyEvents: number;
}

const placeholderName = (value: unknown): string => {
  const match = /^\$\{([A-Za-z0-9]+)\}$/.exec(String(value));
  if (!match?.[1]) throw statesError('States.Runtime', `Not a placeholder: ${String(value)}`);
  return match[1];
};

/** The local Step Functions executor; see the module comment. */
export class LocalWorkflowExecutor implements TaskCallbacks {
  readonly #machines = new Map<string, PreparedMachine>();
  /**
   * The machines whose definition the library's validator accepted on a run. asl-validator builds
   * and compiles its JSON schemas anew on every call (tens of milliseconds, most of the executor's
   * CPU in a rollout's first second); a prepared definition never changes after the constructor,
   * so its verdict cannot either. Only an acceptance is kept: a refused definition is validated,
   * and refused, on every run, as before.
   */
  readonly #validated = new WeakSet<PreparedMachine>();
  readonly #functions: Readonly<Record<string, LocalWorkflowFunction>>;
  readonly #stateMachineArns: Readonly<Record<string, string>>;
  readonly #clock: WorkflowClock;
  readonly #executions: ExecutionRegistry;
  readonly #newToken: () => string;
  readonly #onExecutionError: ((record: ExecutionRecord, error: unknown) => void) | undefined;
  readonly #running = new Map<string, RunningExecution>();
  readonly #finished = new Map<string, RunningExecution>();
  readonly #pending = new Map<string, PendingTask>();
  /** Starts in progress, by `stateMachine:name`. */
  readonly #starting = new Map<string, Promise<StartedExecution>>();
  #stopped = false;

  constructor(options: LocalWorkflowExecutorOptions) {
    for (const machine of options.stateMachines) {
      const problems = lintDefinition(machine.definition);
      if (problems.length > 0) {
        throw new Error(`State machine ${machine.name} cannot run locally: ${problems.join('; ')}`);
      }
      const metas = new Map<string, StateMeta>();
      const definition = machine.definition as JsonObject;
      const states = transformStates(definition.States as JsonObject, metas);
      const { TimeoutSeconds: timeoutSeconds, ...withoutTimeout } = definition;
      this.#machines.set(machine.name, {
        // The layer enforces the execution's timeout on its clock, as it does the tasks'.
        definition: { ...withoutTimeout, States: states } as unknown as StateMachineDefinition,
        metas,
        timeoutSeconds: typeof timeoutSeconds === 'number' ? timeoutSeconds : undefined,
      });
    }
    this.#stateMachineArns = options.stateMachineArns ?? {};
    this.#clock = options.clock;
    this.#executions = options.executions;
    this.#newToken = options.newToken ?? randomUUID;
    this.#onExecutionError = options.onExecutionError;
    this.#functions = options.functions(this);
  }

  /** The local ARN of an execution. */
  static executionArn(stateMachine: string, name: string): string {
    return `arn:aws:states:local:000000000000:execution:${stateMachine}:${name}`;
  }

  /**
   * Starts an execution named `name`, as StartExecution does: when one of that name is running
   * with the same input nothing starts (`started: false`, its ARN); when it runs with another
   * input, or closed less than 90 days ago, it throws `ExecutionAlreadyExists`; a name whose
   * execution closed 90 days ago or more starts a new execution.
   */
  async startExecution(stateMachine: string, name: string, input: unknown): Promise<StartedExecution> {
    if (this.#stopped) throw new Error('This executor was stopped');
    if (!this.#machines.has(stateMachine)) throw new Error(`Unknown state machine ${stateMachine}`);
    // Two starts of one name can overlap (the bus's start on the opening event and a wave's
    // StartExecution task): the later one waits for the first, then finds its record. Without this
    // both read "no such execution" and two runs drove one rollout.
    const key = `${stateMachine}:${name}`;
    const starting = this.#starting.get(key);
    if (starting !== undefined) return { ...(await starting), started: false };
    const start = this.#start(stateMachine, name, input);
    this.#starting.set(key, start);
    try {
      return await start;
    } finally {
      this.#starting.delete(key);
    }
  }

  async #start(stateMachine: string, name: string, input: unknown): Promise<StartedExecution> {
    const existing = await this.#executions.get(stateMachine, name);
    if (existing) {
      if (existing.status === 'RUNNING') {
        if (JSON.stringify(existing.input ?? {}) === JSON.stringify(input ?? {}))
          return { executionArn: existing.executionArn, startDate: existing.startedAt, started: false };
        throw statesError(
          'ExecutionAlreadyExists',
          `Execution ${name} of ${stateMachine} is running with another input`,
        );
      }
      const closedAt = Date.parse(existing.stoppedAt ?? existing.startedAt);
      if (this.#clock.now() < closedAt + STEP_FUNCTIONS_LIMITS.nameReuseMs) {
        throw statesError(
          'ExecutionAlreadyExists',
          `Execution ${name} of ${stateMachine} closed ${existing.stoppedAt}: its name is taken for 90 days`,
        );
      }
    }
    const record: ExecutionRecord = {
      stateMachine,
      name,
      executionArn: LocalWorkflowExecutor.executionArn(stateMachine, name),
      input,
      status: 'RUNNING',
      startedAt: new Date(this.#clock.now()).toISOString(),
      stoppedAt: null,
      error: null,
    };
    await this.#executions.put(record);
    this.#launch(record);
    return { executionArn: record.executionArn, startDate: record.startedAt, started: true };
  }

  /**
   * RedriveExecution, as Step Functions does it: a FAILED or TIMED_OUT execution continues under
   * its own name and ARN from the state it closed in, with that state's original input, its
   * history appended to. Refused (ExecutionNotRedrivable) for a running or succeeded execution,
   * one closed more than 14 days ago, one open a year since it started, or one whose history
   * leaves no room for the redrive.
   */
  async redriveExecution(stateMachine: string, name: string): Promise<StartedExecution> {
    if (this.#stopped) throw new Error('This executor was stopped');
    const existing = await this.#executions.get(stateMachine, name);
    if (!existing) {
      throw statesError(
        'StepFunctions.ExecutionDoesNotExistException',
        `No execution ${name} of ${stateMachine}`,
      );
    }
    const refuse = (reason: string): never => {
      throw statesError('StepFunctions.ExecutionNotRedrivableException', `Execution ${name} ${reason}`);
    };
    if (existing.status !== 'FAILED' && existing.status !== 'TIMED_OUT')
      refuse(`is ${existing.status}: only a failed or timed-out execution is redriven`);
    const now = this.#clock.now();
    if (now > Date.parse(existing.stoppedAt ?? existing.startedAt) + STEP_FUNCTIONS_LIMITS.redriveWindowMs)
      refuse(`closed ${existing.stoppedAt}: an execution is redriven only within 14 days of closing`);
    if (now >= Date.parse(existing.startedAt) + STEP_FUNCTIONS_LIMITS.maxOpenMs)
      refuse(`started ${existing.startedAt}: an execution is not redriven past a year since it started`);
    if ((existing.historyEvents ?? 0) >= STEP_FUNCTIONS_LIMITS.historyEvents - 1)
      refuse('has 24,999 history events or more: no room for the redrive');
    const record: ExecutionRecord = {
      ...existing,
      status: 'RUNNING',
      stoppedAt: null,
      error: null,
      redriveCount: (existing.redriveCount ?? 0) + 1,
    };
    await this.#executions.put(record);
    this.#finished.delete(`${stateMachine}:${name}`);
    // ExecutionRedriven is one more history event.
    this.#launch(record, existing.redriveFrom ?? undefined, (existing.historyEvents ?? 0) + 1);
    return { executionArn: record.executionArn, startDate: record.startedAt, started: true };
  }

  /** Re-runs, from their first state, the executions the registry holds as RUNNING that run nowhere here. */
  async resumeUnfinished(): Promise<readonly string[]> {
    const resumed: string[] = [];
    for (const record of await this.#executions.list()) {
      const key = `${record.stateMachine}:${record.name}`;
      if (record.status !== 'RUNNING' || this.#running.has(key)) continue;
      this.#launch(record);
      resumed.push(record.executionArn);
    }
    return resumed;
  }

  /** Stops every execution at once, as a killed process would: the registry keeps them RUNNING. */
  async stop(): Promise<void> {
    this.#stopped = true;
    for (const pending of this.#pending.values()) pending.cancelHeartbeat();
    this.#pending.clear();
    const runs = [...this.#running.values()];
    for (const run of runs) run.abort.abort();
    await Promise.all(runs.map((run) => run.done));
  }

  async sendTaskSuccess(token: string, output: unknown): Promise<void> {
    this.#settle(token).resolve(output ?? {});
  }

  async sendTaskFailure(token: string, error: string, cause: string): Promise<void> {
    this.#settle(token).reject(statesError(error, cause));
  }

  async sendTaskHeartbeat(token: string): Promise<void> {
    const pending = this.#pending.get(token);
    if (!pending) throw statesError('TaskDoesNotExist', 'No task waits with this token');
    this.#armHeartbeat(token, pending);
  }

  /** An execution as this executor knows it (the registry's record, and its run here if any). */
  async describe(stateMachine: string, name: string): Promise<ExecutionView | undefined> {
    const record = await this.#executions.get(stateMachine, name);
    if (!record) return undefined;
    const run = this.#running.get(`${stateMachine}:${name}`) ?? this.#finished.get(`${stateMachine}:${name}`);
    return { record, waitingIn: run?.blockedOn ?? null, historyEvents: run?.history ?? 0 };
  }

  /** Every execution the registry holds (of every state machine), as `describe` answers each. */
  async list(): Promise<readonly ExecutionView[]> {
    const views: ExecutionView[] = [];
    for (const record of await this.#executions.list()) {
      const view = await this.describe(record.stateMachine, record.name);
      if (view) views.push(view);
    }
    return views;
  }

  /**
   * Resolves once every execution running here waits (on a token or the clock) or has ended:
   * what a test awaits after acting, before it looks.
   */
  async settle(): Promise<void> {
    const started = Date.now();
    let quietRounds = 0;
    while (quietRounds < 3) {
      await new Promise((resolve) => setTimeout(resolve, 2));
      const quiet = [...this.#running.values()].every((run) => run.blockedOn !== null);
      quietRounds = quiet ? quietRounds + 1 : 0;
      if (Date.now() - started > SETTLE_TIMEOUT_MS) {
        const busy = [...this.#running.values()]
          .filter((run) => run.blockedOn === null)
          .map((run) => run.record.name);
        throw new Error(`Workflows did not settle: still working: ${busy.join(', ')}`);
      }
    }
  }

  /**
   * Moves a manual clock to `instant`, firing the timers due on the way one at a time, and
   * letting the workflows settle after each (so a timer set because of an earlier one fires too).
   */
  async advanceClockTo(instant: string): Promise<void> {
    const clock = this.#clock as Partial<{ fireNextDue(limit: number): boolean; setTime(at: number): void }>;
    if (!clock.fireNextDue || !clock.setTime) throw new Error('Only a manual clock can be advanced');
    const target = Date.parse(instant);
    await this.settle();
    while (clock.fireNextDue(target)) await this.settle();
    clock.setTime(target);
    await this.settle();
  }

  #settle(token: string): PendingTask {
    const pending = this.#pending.get(token);
    if (!pending) throw statesError('TaskDoesNotExist', 'No task waits with this token (ended or unknown)');
    this.#pending.delete(token);
    pending.cancelHeartbeat();
    pending.execution.blockedOn = null;
    return pending;
  }

  #armHeartbeat(token: string, pending: PendingTask): void {
    pending.cancelHeartbeat();
    if (pending.heartbeatSeconds === undefined) return;
    pending.cancelHeartbeat = this.#clock.schedule(
      this.#clock.now() + pending.heartbeatSeconds * 1_000,
      () => {
        if (this.#pending.get(token) !== pending) return;
        this.#settle(token).reject(statesError('States.HeartbeatTimeout', 'No heartbeat in time'));
      },
    );
  }

  #launch(record: ExecutionRecord, from?: RedrivePoint, history = 0): void {
    const key = `${record.stateMachine}:${record.name}`;
    const abort = new AbortController();
    const { promise: done, resolve: markDone } = deferred<void>();
    const run: RunningExecution = {
      record,
      abort,
      blockedOn: null,
      history,
      done,
      closing: null,
      lastState: from ?? null,
    };
    this.#running.set(key, run);
    this.#finished.delete(key);
    // The execution's cap: its definition's TimeoutSeconds, at most a year, from its first start
    // (a redrive does not restart it).
    const machineTimeout = this.#machines.get(record.stateMachine)?.timeoutSeconds;
    const capMs = Math.min(
      STEP_FUNCTIONS_LIMITS.maxOpenMs,
      machineTimeout === undefined ? Number.POSITIVE_INFINITY : machineTimeout * 1_000,
    );
    const cancelCap = this.#clock.schedule(Date.parse(record.startedAt) + capMs, () =>
      this.#close(run, 'TIMED_OUT', 'States.Timeout: the execution was open longer than it may be'),
    );
    void this.#execute(run, from)
      .catch((error: unknown) => this.#onExecutionError?.(record, error))
      .finally(() => {
        cancelCap();
        this.#running.delete(key);
        this.#finished.set(key, run);
        markDone();
      });
  }

  /** Ends a run as Step Functions would (timed out, or failed on its history), keeping the record closed. */
  #close(run: RunningExecution, status: 'FAILED' | 'TIMED_OUT', error: string): void {
    if (run.closing !== null || run.abort.signal.aborted) return;
    run.closing = { status, error };
    run.abort.abort();
  }

  #addHistory(run: RunningExecution, events: number): void {
    // A closed execution writes nothing more.
    if (run.closing !== null) return;
    run.history += events;
    if (run.history > STEP_FUNCTIONS_LIMITS.historyEvents) {
      this.#close(run, 'FAILED', 'States.Runtime: the execution history passed 25,000 events');
    }
  }

  async #execute(run: RunningExecution, from?: RedrivePoint): Promise<void> {
    const machine = this.#machines.get(run.record.stateMachine);
    if (!machine) throw new Error(`Unknown state machine ${run.record.stateMachine}`);
    // A redrive continues from the state the execution closed in, with that state's input.
    const definition =
      from === undefined ? machine.definition : { ...machine.definition, StartAt: from.state };
    // Validated until a run accepts it (#validated); a redrive starts elsewhere, where the states
    // before would be "unreachable", so it is not validated.
    const validate = from === undefined && !this.#validated.has(machine);
    const stateMachine = new StateMachine(definition, {
      validationOptions: validate ? { checkArn: false, checkPaths: false } : { noValidate: true },
    });
    if (validate) this.#validated.add(machine);
    const handlers: Record<string, (input: never) => Promise<never>> = {};
    const retryIntervals: Record<string, number> = {};
    for (const [stateName, meta] of machine.metas) {
      handlers[stateName] = ((input: unknown) => this.#handle(run, stateName, meta, input)) as never;
      retryIntervals[stateName] = 0;
    }
    const execution = stateMachine.run((from === undefined ? run.record.input : from.input) as never, {
      overrides: { taskResourceLocalHandlers: handlers as never, retryIntervalOverrides: retryIntervals },
      context: { Execution: { Id: run.record.executionArn, Name: run.record.name } },
      noThrowOnAbort: true,
    });
    run.abort.signal.addEventListener('abort', () => execution.abort(), { once: true });
    const counting = this.#countHistory(run, execution.eventLogs, new Set(Object.keys(definition.States)));
    try {
      await execution.result;
      // The history is counted from the library's event log, which it delivers after the result.
      await counting;
      if (run.closing !== null) return await this.#finish(run, run.closing.status, run.closing.error);
      if (run.abort.signal.aborted) return;
      await this.#finish(run, 'SUCCEEDED', null);
    } catch (error) {
      await counting;
      if (run.closing !== null) return await this.#finish(run, run.closing.status, run.closing.error);
      if (run.abort.signal.aborted) return;
      await this.#finish(
        run,
        'FAILED',
        error instanceof Error ? `${error.name}: ${error.message}` : String(error),
      );
      this.#onExecutionError?.(run.record, error);
    } finally {
      await counting;
    }
  }

  async #countHistory(
    run: RunningExecution,
    logs: AsyncGenerator<{ type: string; state?: { name: string; input: unknown } }>,
    topLevel: ReadonlySet<string>,
  ): Promise<void> {
    for await (const event of logs) {
      if (event.type === 'StateEntered' && event.state && topLevel.has(event.state.name)) {
        run.lastState = { state: event.state.name, input: event.state.input };
      }
      // ExecutionStarted/Succeeded/Failed, each state's Entered and Exited, Map iterations.
      if (
        event.type.startsWith('Execution') ||
        event.type === 'StateEntered' ||
        event.type === 'StateExited' ||
        event.type.startsWith('MapIteration')
      ) {
        this.#addHistory(run, 1);
      }
      if (event.type === 'ExecutionSucceeded' || event.type === 'ExecutionFailed') return;
      if (event.type === 'ExecutionAborted' || event.type === 'ExecutionTimeout') return;
    }
  }

  async #finish(
    run: RunningExecution,
    status: 'SUCCEEDED' | 'FAILED' | 'TIMED_OUT',
    error: string | null,
  ): Promise<void> {
    await this.#executions.put({
      ...run.record,
      status,
      stoppedAt: new Date(this.#clock.now()).toISOString(),
      error,
      redriveFrom: status === 'SUCCEEDED' ? null : run.lastState,
      historyEvents: run.history,
    });
  }

  async #handle(run: RunningExecution, stateName: string, meta: StateMeta, input: unknown): Promise<unknown> {
    if (run.abort.signal.aborted) throw statesError('States.Runtime', 'Execution stopped');
    const entered = meta.kind === 'wait' ? 0 : meta.kind === 'callback' ? 4 : 3;
    this.#addHistory(run, entered);
    // Closed by the events just counted (the history limit): the task does not run.
    if (run.abort.signal.aborted) throw statesError('States.Runtime', 'Execution stopped');
    switch (meta.kind) {
      case 'wait':
        return this.#wait(run, stateName, input as JsonObject);
      case 'lambda': // TaskScheduled, TaskStarted, TaskSucceeded|TaskFailed: 3 events
        return {
          Payload: await this.#invoke(fillMarker(input, START_TIME_MARKER, run.record.startedAt)),
          StatusCode: 200,
          ExecutedVersion: '$LATEST',
        };
      case 'start-execution': {
        const { StateMachineArn, Name, Input } = input as JsonObject;
        const machine = this.#stateMachineArns[placeholderName(StateMachineArn)];
        if (!machine) throw statesError('States.Runtime', `No state machine for ${String(StateMachineArn)}`);
        try {
          const started = await this.startExecution(machine, String(Name ?? randomUUID()), Input ?? {});
          return { ExecutionArn: started.executionArn, StartDate: started.startDate };
        } catch (error) {
          // The name the service integration gives the API's ExecutionAlreadyExists.
          if (error instanceof Error && error.name === 'ExecutionAlreadyExists')
            throw statesError('StepFunctions.ExecutionAlreadyExistsException', error.message);
          throw error;
        }
      }
      case 'callback': // TaskScheduled, TaskStarted, TaskSubmitted, TaskSucceeded|TaskFailed|TaskTimedOut: 4
        return this.#awaitToken(
          run,
          stateName,
          meta,
          fillMarker(input, START_TIME_MARKER, run.record.startedAt) as JsonObject,
        );
      default:
        return meta satisfies never;
    }
  }

  async #invoke(input: unknown): Promise<unknown> {
    const { FunctionName, Payload } = input as JsonObject;
    const fn = this.#functions[placeholderName(FunctionName)];
    if (!fn)
      throw statesError('Lambda.ResourceNotFoundException', `No local function ${String(FunctionName)}`);
    // A JSON round trip, as through Lambda: the function sees plain data, the workflow gets plain data.
    const result = await fn(JSON.parse(JSON.stringify(Payload ?? {})));
    return result === undefined ? null : JSON.parse(JSON.stringify(result));
  }

  #wait(run: RunningExecution, stateName: string, input: JsonObject): Promise<unknown> {
    const until =
      typeof input.until === 'string'
        ? Date.parse(input.until)
        : this.#clock.now() + Number(input.seconds ?? 0) * 1_000;
    return new Promise((resolve, reject) => {
      run.blockedOn = stateName;
      const cancel = this.#clock.schedule(until, () => {
        run.blockedOn = null;
        resolve(input.input);
      });
      run.abort.signal.addEventListener(
        'abort',
        () => {
          cancel();
          reject(statesError('States.Runtime', 'Execution stopped'));
        },
        { once: true },
      );
    });
  }

  async #awaitToken(
    run: RunningExecution,
    stateName: string,
    meta: Extract<StateMeta, { kind: 'callback' }>,
    input: JsonObject,
  ): Promise<unknown> {
    const { [TIMEOUT_FIELD]: timeoutPath, [HEARTBEAT_FIELD]: heartbeatPath, ...parameters } = input;
    const timeoutSeconds = meta.timeoutSeconds ?? (typeof timeoutPath === 'number' ? timeoutPath : undefined);
    const heartbeatSeconds =
      meta.heartbeatSeconds ?? (typeof heartbeatPath === 'number' ? heartbeatPath : undefined);
    if (timeoutSeconds !== undefined && (!Number.isInteger(timeoutSeconds) || timeoutSeconds < 1)) {
      throw statesError(
        'States.Runtime',
        `State ${stateName}: TimeoutSeconds ${String(timeoutSeconds)} is not a positive integer`,
      );
    }
    const token = this.#newToken();
    const { promise, resolve, reject } = deferred<unknown>();
    // The token can be settled (stopped, timed out) while the parking task still runs, before
    // anything awaits the promise: mark it handled now; the `await promise` below still throws.
    promise.catch(() => undefined);
    const pending: PendingTask = {
      execution: run,
      stateName,
      resolve,
      reject,
      heartbeatSeconds,
      cancelHeartbeat: () => undefined,
    };
    this.#pending.set(token, pending);
    const cancelTimeout = this.#clock.schedule(
      this.#clock.now() + (timeoutSeconds ?? DEFAULT_TASK_TIMEOUT_SECONDS) * 1_000,
      () => {
        if (this.#pending.get(token) !== pending) return;
        this.#settle(token).reject(statesError('States.Timeout', `${stateName} timed out`));
      },
    );
    this.#armHeartbeat(token, pending);
    const onAbort = () => {
      cancelTimeout();
      pending.cancelHeartbeat();
      this.#pending.delete(token);
      reject(statesError('States.Runtime', 'Execution stopped'));
    };
    run.abort.signal.addEventListener('abort', onAbort, { once: true });
    try {
      const withToken = JSON.parse(
        JSON.stringify(parameters).replaceAll(JSON.stringify(TOKEN_MARKER), JSON.stringify(token)),
      );
      await this.#invoke(withToken);
      // Waiting on the token from here (unless the function already answered it).
      if (this.#pending.get(token) === pending) run.blockedOn = stateName;
      return await promise;
    } catch (error) {
      if (this.#pending.get(token) === pending) this.#settle(token);
      throw error;
    } finally {
      cancelTimeout();
      run.abort.signal.removeEventListener('abort', onAbort);
    }
  }
}
