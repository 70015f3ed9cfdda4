import type { Actor } from '../../events/envelope.js';
import type { CommandServices } from '../../functions/application/execute-command.js';
import type { TaskTokenStore } from '../callbacks/token-store.js';
import type { GenerationRegistry } from '../generations.js';

/**
 * The Step Functions calls a task or the callback consumer makes: on AWS the SFN API
 * (SendTaskSuccess/Failure/Heartbeat), locally the project's executor.
 */
export interface TaskCallbacks {
  sendTaskSuccess(token: string, output: unknown): Promise<void>;
  sendTaskFailure(token: string, error: string, cause: string): Promise<void>;
  sendTaskHeartbeat(token: string): Promise<void>;
}

/** What every workflow task handler needs: the store, a clock, ids, the parked tokens, the callbacks, the generations. */
export interface WorkflowServices extends CommandServices {
  readonly tokens: TaskTokenStore;
  readonly callbacks: TaskCallbacks;
  readonly generations: GenerationRegistry;
}

/** The actor of every event a workflow task appends. */
export const WORKFLOW_ACTOR: Actor = { id: 'naseej-workflows', role: 'system' };

/** The callback answers that mean "this token is no longer waiting": harmless for a late or duplicate callback. */
export const STALE_TOKEN_ERRORS: ReadonlySet<string> = new Set([
  'TaskDoesNotExist',
  'TaskTimedOut',
  'InvalidToken',
]);

/** Whether an error from SendTask* says the token already ended (duplicate or late callback). */
export const isStaleTokenError = (error: unknown): boolean =>
  error instanceof Error && STALE_TOKEN_ERRORS.has(error.name);

/** A parked wait: which workflow, about what (rollout id, wave plan stream, call id), which phase and step. */
export interface WaitPosition {
  readonly subjectId: string;
  readonly phase: string;
  readonly step: string;
}

const SECONDS_PER_DAY = 86_400;

/** Whole seconds from `now` until `deadline`, at least 1 (a passed deadline times out at once). */
export const secondsUntil = (deadline: string, now: string): number =>
  Math.max(1, Math.ceil((Date.parse(deadline) - Date.parse(now)) / 1_000));

/** `days` as seconds. */
export const daysInSeconds = (days: number): number => Math.round(days * SECONDS_PER_DAY);

/** `now` plus `days`, as an ISO instant. */
export const addDays = (now: string, days: number): string =>
  new Date(Date.parse(now) + daysInSeconds(days) * 1_000).toISOString();
