import { describe, expect, it } from 'vitest';
import { ManualWorkflowClock } from '../../../local/workflow-clock.js';
import { InMemoryExecutionRegistry } from '../../../local/workflow-executions.js';
import { LocalWorkflowExecutor } from '../../../local/workflow-executor.js';

// StartExecution is idempotent by name: a second start of a name finds the first execution. The
// local executor must keep that when two starts overlap (the bus's start on a rollout's opening
// event and the national wave's StartExecution task can), not only when one follows the other.

const ONE_TASK = {
  StartAt: 'CountRun',
  States: {
    CountRun: {
      Type: 'Task',
      Resource: 'arn:aws:states:::lambda:invoke',
      // biome-ignore lint/suspicious/noTemplateCurlyInString: a definition's placeholder, as CDK fills it on AWS
      Parameters: { FunctionName: '${CountRunFunctionArn}', Payload: {} },
      Retry: [{ ErrorEquals: ['Lambda.ServiceException'], MaxAttempts: 2 }],
      Catch: [{ ErrorEquals: ['States.ALL'], Next: 'CountFailed' }],
      End: true,
    },
    CountFailed: { Type: 'Fail', Error: 'CountFailed' },
  },
};

const executorCounting = () => {
  const runs: string[] = [];
  const executor = new LocalWorkflowExecutor({
    stateMachines: [{ name: 'one-task', definition: ONE_TASK }],
    functions: () => ({
      CountRunFunctionArn: async () => {
        runs.push('run');
        return {};
      },
    }),
    clock: new ManualWorkflowClock('2026-03-01T09:00:00.000Z'),
    executions: new InMemoryExecutionRegistry(),
  });
  return { executor, runs };
};

describe('the local executor starting executions', () => {
  it('runs one execution when two starts of a name overlap', async () => {
    // Prepare
    const { executor, runs } = executorCounting();
    // Act
    const starts = await Promise.all([
      executor.startExecution('one-task', 'rollout-FM-2026', {}),
      executor.startExecution('one-task', 'rollout-FM-2026', {}),
    ]);
    await executor.settle();
    // Assess
    expect(starts.map((start) => start.started)).toEqual([true, false]);
    expect(starts[1]?.executionArn).toBe(starts[0]?.executionArn);
    expect(runs).toEqual(['run']);
    expect((await executor.describe('one-task', 'rollout-FM-2026'))?.record.status).toBe('SUCCEEDED');
  });

  it('runs each name once when starts of several names overlap', async () => {
    // Prepare
    const { executor, runs } = executorCounting();
    const names = ['rollout-FM-2026', 'rollout-GON-2026', 'rollout-FM-2026', 'rollout-GON-2026'];
    // Act
    const starts = await Promise.all(names.map((name) => executor.startExecution('one-task', name, {})));
    await executor.settle();
    // Assess
    expect(starts.filter((start) => start.started)).toHaveLength(2);
    expect(runs).toHaveLength(2);
  });
});
