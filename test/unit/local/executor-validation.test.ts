import { describe, expect, it, vi } from 'vitest';
import { ManualWorkflowClock } from '../../../local/workflow-clock.js';
import { InMemoryExecutionRegistry } from '../../../local/workflow-executions.js';
import { LocalWorkflowExecutor } from '../../../local/workflow-executor.js';

// The local executor validates a state machine's definition with the library's validator
// (asl-validator, which compiles its JSON schemas anew on every call) until a run accepts it, and
// no more after: a definition never changes once the executor has prepared it. A refused
// definition must stay refused on every run: only an acceptance is remembered.

/** Each StateMachine the executor builds, with the validation it asked for. */
const built = vi.hoisted(() => [] as { noValidate: boolean }[]);

vi.mock('aws-local-stepfunctions', async (importOriginal) => {
  const library = await importOriginal<typeof import('aws-local-stepfunctions')>();
  class RecordedStateMachine extends library.StateMachine {
    constructor(...args: ConstructorParameters<typeof library.StateMachine>) {
      built.push({ noValidate: args[1]?.validationOptions?.noValidate === true });
      super(...args);
    }
  }
  return { ...library, StateMachine: RecordedStateMachine };
});

const task = (extra: Record<string, unknown> = {}) => ({
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

const executorOf = (definition: object) => {
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

describe('the local executor validating definitions', () => {
  it('validates a definition on its first run only, once the validator has accepted it', async () => {
    // Prepare
    built.length = 0;
    const { executor, runs } = executorOf(task());
    // Act
    for (const name of ['rollout-FM-2026', 'rollout-GON-2026', 'rollout-SM-2026']) {
      await executor.startExecution('one-task', name, {});
      await executor.settle();
    }
    // Assess
    expect(runs).toEqual(['run', 'run', 'run']);
    expect(built).toEqual([{ noValidate: false }, { noValidate: true }, { noValidate: true }]);
  });

  it('refuses a definition the validator refuses on every run, not only the first', async () => {
    // Prepare: a Task with a field the language does not have, which asl-validator refuses
    built.length = 0;
    const { executor, runs, errors } = executorOf(task({ Bogus: true }));
    // Act
    for (const name of ['rollout-FM-2026', 'rollout-GON-2026']) {
      await executor.startExecution('one-task', name, {});
      await executor.settle();
    }
    // Assess
    expect(runs).toEqual([]);
    expect(errors).toEqual([
      'State machine definition is invalid, see error(s) below:',
      'State machine definition is invalid, see error(s) below:',
    ]);
    expect(built).toEqual([{ noValidate: false }, { noValidate: false }]);
  });
});
