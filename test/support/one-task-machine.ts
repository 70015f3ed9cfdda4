import { ManualWorkflowClock } from '../../local/workflow-clock.js';
import { InMemoryExecutionRegistry } from '../../local/workflow-executions.js';
import { LocalWorkflowExecutor } from '../../local/workflow-executor.js';

// A state machine of one Lambda task (and its Fail state), as the executor's lint accepts it:
// the given of the executor's unit tests. `extra` adds fields to the task (an invalid one, say).

/** The definition, with the task's placeholder `${CountRunFunctionArn}`. */
export const oneTaskDefinition = (extra: Record<string, unknown> = {}) => ({
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
      ...extra,
    },
    CountFailed: { Type: 'Fail', Error: 'CountFailed' },
  },
});

/**
 * An executor of that one machine (named `one-task`, or of `definition`) on a manual clock: the
 * runs of its task (`runs`) and the first line of each execution error it reported (`errors`).
 */
export const oneTaskExecutor = (definition: object = oneTaskDefinition()) => {
  const runs: string[] = [];
  const errors: string[] = [];
  const executor = new LocalWorkflowExecutor({
    stateMachines: [{ name: 'one-task', definition }],
    functions: () => ({
      CountRunFunctionArn: async () => {
        runs.push('run');
        return {};
      },
    }),
    clock: new ManualWorkflowClock('2026-03-01T09:00:00.000Z'),
    executions: new InMemoryExecutionRegistry(),
    onExecutionError: (_record, error) => errors.push((error as Error).message.split('\n')[0] ?? ''),
  });
  return { executor, runs, errors };
};
