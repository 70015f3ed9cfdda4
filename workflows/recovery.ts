import { type GenerationRegistry, generationName, generationOf } from './generations.js';

// The operator's recovery of a workflow whose execution closed without finishing (it failed in a
// `Fail` state, or timed out): start the subject's next generation (docs/adr/0031-workflow-
// generations.md). It resumes from the events, as every execution does, so nothing is repeated.
// Redrive is no recovery for our definitions: Step Functions redrives from the failed state, and a
// `Fail` state fails again; a timed-out execution cannot be redriven at all past its year.

/** The subject of an execution: its name without a generation's `-g<n>`. */
export const subjectOfExecution = (executionName: string): string =>
  executionName.replace(/-g[1-9][0-9]*$/, '');

/** Where a closed execution stands, as the engine describes it. */
export interface ClosedExecution {
  readonly name: string;
  readonly status: string;
  readonly input: unknown;
}

/** Why a recovery was refused. */
export const EXECUTION_NOT_RECOVERABLE = 'ExecutionNotRecoverable';

const refuse = (message: string): never => {
  throw Object.assign(new Error(message), { name: EXECUTION_NOT_RECOVERABLE });
};

/**
 * Starts the generation after `execution` (which must have failed or timed out, and be the latest
 * generation of its subject), records it, and answers its name. `start` starts an execution of the
 * same state machine with that name and the same input; a start the engine answers "already
 * exists" (a retried recovery) is taken as done.
 */
export const startNextGeneration = async (
  generations: GenerationRegistry,
  execution: ClosedExecution,
  start: (name: string, input: unknown) => Promise<void>,
): Promise<{ readonly name: string; readonly generation: number }> => {
  if (execution.status !== 'FAILED' && execution.status !== 'TIMED_OUT' && execution.status !== 'ABORTED') {
    refuse(`Execution ${execution.name} is ${execution.status}: only a failed or timed-out one is recovered`);
  }
  const subjectId = subjectOfExecution(execution.name);
  const own = generationOf(subjectId, execution.name) ?? 0;
  const latest = await generations.latest(subjectId);
  if (latest > own) {
    refuse(
      `Execution ${execution.name} is not the latest generation: ${generationName(subjectId, latest)} is`,
    );
  }
  const generation = own + 1;
  const name = generationName(subjectId, generation);
  await start(name, execution.input);
  await generations.record(subjectId, generation);
  return { name, generation };
};
