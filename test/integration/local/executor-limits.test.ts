/* biome-ignore-all lint/suspicious/noTemplateCurlyInString: definitions' placeholders, as CDK fills them on AWS */
import { describe, expect, it } from 'vitest';
import { ManualWorkflowClock } from '../../../local/workflow-clock.js';
import { InMemoryExecutionRegistry } from '../../../local/workflow-executions.js';
import { LocalWorkflowExecutor } from '../../../local/workflow-executor.js';

// Step Functions' own limits, enforced by the local executor on its manual clock (docs/parity.md):
// an execution open a year times out, a history past 25,000 events fails the execution, a redrive
// continues from the failed state within 14 days of the close, and a closed execution's name is
// taken for 90 days. Each test passes only on an executor that enforces its rule.

const START = '2026-03-01T09:00:00.000Z';
const DAY_MS = 86_400_000;

const LONG_WAIT = {
  StartAt: 'WaitFourHundredDays',
  States: {
    WaitFourHundredDays: { Type: 'Wait', Seconds: 400 * 86_400, Next: 'Done' },
    Done: { Type: 'Succeed' },
  },
};

/** A Wait until the instant its input names (a call's deadline), then the end. */
const WAIT_UNTIL = {
  StartAt: 'WaitForDeadline',
  States: {
    WaitForDeadline: { Type: 'Wait', TimestampPath: '$.waitUntil', Next: 'Done' },
    Done: { Type: 'Succeed' },
  },
};

/** 7,000 turns of a Pass and a Choice: 4 history events a turn, 28,000 in all. */
const LONG_LOOP = {
  StartAt: 'Count',
  States: {
    Count: { Type: 'Pass', Parameters: { 'n.$': 'States.MathAdd($.n, 1)' }, Next: 'Again' },
    Again: {
      Type: 'Choice',
      Choices: [{ Variable: '$.n', NumericLessThan: 7_000, Next: 'Count' }],
      Default: 'Done',
    },
    Done: { Type: 'Succeed' },
  },
};

/** Two tasks; the second fails while `failures` lasts (no Catch: the execution fails). */
const TWO_STEPS = {
  StartAt: 'First',
  States: {
    First: {
      Type: 'Task',
      Resource: 'arn:aws:states:::lambda:invoke',
      Parameters: { FunctionName: '${FirstFunctionArn}', 'Payload.$': '$' },
      ResultSelector: { 'first.$': '$.Payload' },
      ResultPath: '$.first',
      Retry: [{ ErrorEquals: ['Lambda.ServiceException'], MaxAttempts: 2 }],
      Catch: [{ ErrorEquals: ['Lambda.ResourceNotFoundException'], Next: 'Broken' }],
      Next: 'Second',
    },
    Second: {
      Type: 'Task',
      Resource: 'arn:aws:states:::lambda:invoke',
      Parameters: { FunctionName: '${SecondFunctionArn}', 'Payload.$': '$' },
      Retry: [{ ErrorEquals: ['Lambda.ServiceException'], MaxAttempts: 2 }],
      // Only a missing function is caught: the store's failure fails the execution at Second.
      Catch: [{ ErrorEquals: ['Lambda.ResourceNotFoundException'], Next: 'Broken' }],
      End: true,
    },
    Broken: { Type: 'Fail', Error: 'Broken' },
  },
};

const executorOf = (definitions: Record<string, unknown>, failures = { count: 0 }) => {
  const clock = new ManualWorkflowClock(START);
  const calls: { task: string; payload: unknown }[] = [];
  const executor = new LocalWorkflowExecutor({
    stateMachines: Object.entries(definitions).map(([name, definition]) => ({ name, definition })),
    functions: () => ({
      FirstFunctionArn: async (payload) => {
        calls.push({ task: 'First', payload });
        return calls.length;
      },
      SecondFunctionArn: async (payload) => {
        calls.push({ task: 'Second', payload });
        if (failures.count > 0) {
          failures.count -= 1;
          throw Object.assign(new Error('the store is down'), { name: 'StoreUnavailableError' });
        }
        return { done: true };
      },
    }),
    clock,
    executions: new InMemoryExecutionRegistry(),
  });
  const at = (days: number) => new Date(Date.parse(START) + days * DAY_MS).toISOString();
  const status = async (machine: string, name: string) =>
    (await executor.describe(machine, name))?.record.status;
  return { executor, calls, at, status };
};

const errorName = (promise: Promise<unknown>): Promise<string> =>
  promise.then(
    () => 'none',
    (error: Error) => error.name,
  );

describe('the local executor enforces the limits of Step Functions', () => {
  it('times out an execution open for a year, even when its states wait longer', async () => {
    // Prepare
    const { executor, at, status } = executorOf({ 'long-wait': LONG_WAIT });
    await executor.startExecution('long-wait', 'rollout-FM-2026', {});
    // Act
    await executor.advanceClockTo(at(364));
    const before = await status('long-wait', 'rollout-FM-2026');
    await executor.advanceClockTo(at(401));
    // Assess
    const closed = (await executor.describe('long-wait', 'rollout-FM-2026'))?.record;
    expect(before).toBe('RUNNING');
    expect(closed?.status).toBe('TIMED_OUT');
    expect(closed?.stoppedAt).toBe('2027-03-01T09:00:00.000Z');
  });

  it("goes on at once from a Wait whose timestamp has passed (a past edition's deadline), and waits for one ahead", async () => {
    // Prepare
    const { executor, at, status } = executorOf({ 'wait-until': WAIT_UNTIL });
    // Act: the clock never moves
    await executor.startExecution('wait-until', 'call-FM-2023', { waitUntil: '2023-03-31T17:00:00Z' });
    await executor.startExecution('wait-until', 'call-FM-2026', { waitUntil: at(30) });
    await executor.settle();
    // Assess
    expect(await status('wait-until', 'call-FM-2023')).toBe('SUCCEEDED');
    expect(await status('wait-until', 'call-FM-2026')).toBe('RUNNING');
    expect((await executor.describe('wait-until', 'call-FM-2026'))?.waitingIn).toBe('WaitForDeadline');
  });

  it('fails an execution whose history passes 25,000 events', async () => {
    // Prepare
    const { executor, status } = executorOf({ 'long-loop': LONG_LOOP });
    // Act
    await executor.startExecution('long-loop', 'loop', { n: 0 });
    await executor.settle();
    // Assess
    const execution = await executor.describe('long-loop', 'loop');
    expect(await status('long-loop', 'loop')).toBe('FAILED');
    expect(execution?.record.error).toMatch(/25,000 events/);
    expect(execution?.historyEvents).toBe(25_001);
  });

  it('redrives a failed execution from the failed state with its original input, within 14 days', async () => {
    // Prepare: Second fails once, after First ran
    const { executor, calls, at, status } = executorOf({ 'two-steps': TWO_STEPS }, { count: 1 });
    await executor.startExecution('two-steps', 'call-1', { callId: 'call-1' });
    await executor.settle();
    const failed = await status('two-steps', 'call-1');
    // Act: thirteen days later
    await executor.advanceClockTo(at(13));
    await executor.redriveExecution('two-steps', 'call-1');
    await executor.settle();
    // Assess: First is not run again; Second gets the input it had
    expect(failed).toBe('FAILED');
    expect(await status('two-steps', 'call-1')).toBe('SUCCEEDED');
    expect(calls).toEqual([
      { task: 'First', payload: { callId: 'call-1' } },
      { task: 'Second', payload: { callId: 'call-1', first: { first: 1 } } },
      { task: 'Second', payload: { callId: 'call-1', first: { first: 1 } } },
    ]);
    expect((await executor.describe('two-steps', 'call-1'))?.record.redriveCount).toBe(1);
  });

  it('refuses to redrive an execution closed more than 14 days ago', async () => {
    // Prepare
    const { executor, at, status } = executorOf({ 'two-steps': TWO_STEPS }, { count: 1 });
    await executor.startExecution('two-steps', 'call-1', { callId: 'call-1' });
    await executor.settle();
    // Act
    await executor.advanceClockTo(at(15));
    const refused = await errorName(executor.redriveExecution('two-steps', 'call-1'));
    // Assess
    expect(refused).toBe('StepFunctions.ExecutionNotRedrivableException');
    expect(await status('two-steps', 'call-1')).toBe('FAILED');
  });

  it('refuses to redrive an execution that timed out at its year', async () => {
    // Prepare
    const { executor, at } = executorOf({ 'long-wait': LONG_WAIT });
    await executor.startExecution('long-wait', 'rollout-FM-2026', {});
    await executor.advanceClockTo(at(366));
    const timedOut = (await executor.describe('long-wait', 'rollout-FM-2026'))?.record.status;
    // Act
    const refused = await errorName(executor.redriveExecution('long-wait', 'rollout-FM-2026'));
    // Assess: within 14 days of its close, but a year after its start
    expect(timedOut).toBe('TIMED_OUT');
    expect(refused).toBe('StepFunctions.ExecutionNotRedrivableException');
  });

  it('takes a closed execution name for 90 days, then starts a new execution under it', async () => {
    // Prepare: an execution that closes at once
    const { executor, calls, at } = executorOf({ 'two-steps': TWO_STEPS });
    await executor.startExecution('two-steps', 'call-1', { callId: 'call-1' });
    await executor.settle();
    // Act
    await executor.advanceClockTo(at(89));
    const within = await errorName(executor.startExecution('two-steps', 'call-1', { callId: 'call-1' }));
    await executor.advanceClockTo(at(90));
    const after = await executor.startExecution('two-steps', 'call-1', { callId: 'call-1' });
    await executor.settle();
    // Assess
    expect(within).toBe('ExecutionAlreadyExists');
    expect(after.started).toBe(true);
    expect(after.startDate).toBe('2026-05-30T09:00:00.000Z');
    expect(calls.filter((call) => call.task === 'First')).toHaveLength(2);
  });

  it('answers a start of a running name with the same input as a no-op, and with another input ExecutionAlreadyExists', async () => {
    // Prepare
    const { executor } = executorOf({ 'long-wait': LONG_WAIT });
    const first = await executor.startExecution('long-wait', 'rollout-FM-2026', {
      rolloutId: 'rollout-FM-2026',
    });
    // Act
    const same = await executor.startExecution('long-wait', 'rollout-FM-2026', {
      rolloutId: 'rollout-FM-2026',
    });
    const other = await errorName(
      executor.startExecution('long-wait', 'rollout-FM-2026', { rolloutId: 'x' }),
    );
    // Assess
    expect(same).toEqual({ ...first, started: false });
    expect(other).toBe('ExecutionAlreadyExists');
  });
});
