import { describe, expect, it, vi } from 'vitest';
import { oneTaskDefinition, oneTaskExecutor } from '../../support/one-task-machine.js';

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

describe('the local executor validating definitions', () => {
  it('validates a definition on its first run only, once the validator has accepted it', async () => {
    // Prepare
    built.length = 0;
    const { executor, runs } = oneTaskExecutor(oneTaskDefinition());
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
    const { executor, runs, errors } = oneTaskExecutor(oneTaskDefinition({ Bogus: true }));
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
