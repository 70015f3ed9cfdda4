import aslValidator from 'asl-validator';
import { describe, expect, it } from 'vitest';
import {
  rules,
  WORKFLOW_CALLBACK_EVENT_TYPES,
  WORKFLOW_CALLBACK_TARGET,
} from '../../../functions/application/bus/rules.js';
import { lintDefinition } from '../../../local/workflow-lint.js';
import { COMPLETING_EVENT_TYPES, PROGRESS_EVENT_TYPES } from '../../../workflows/callbacks/consumer.js';
import { readDefinition, WORKFLOW_DEFINITIONS } from '../../support/workflow-harness.js';

const definitions = Object.entries(WORKFLOW_DEFINITIONS).map(([name, path]) => ({
  name,
  definition: readDefinition(path),
}));

type State = { Type: string; Resource?: string; Retry?: unknown[]; Catch?: unknown[] };
const statesOf = (definition: unknown): Record<string, State> =>
  (definition as { States: Record<string, State> }).States;

describe('the workflow definitions', () => {
  it.each(definitions)('$name passes asl-validator', ({ definition }) => {
    // Act
    // asl-validator fills in defaults (QueryLanguage) on what it is given: it gets a copy.
    const result = aslValidator(structuredClone(definition), { checkArn: true, checkPaths: true });
    // Assess
    expect(result.errorsText()).toBe('');
    expect(result.isValid).toBe(true);
  });

  it.each(definitions)('$name uses only what the local executor runs', ({ definition }) => {
    expect(lintDefinition(definition)).toEqual([]);
  });

  it.each(definitions)(
    '$name names its states as business verbs and gives every Task a Retry and a Catch',
    ({ definition }) => {
      for (const [name, state] of Object.entries(statesOf(definition))) {
        expect(name).toMatch(/^[A-Z][a-z]+[A-Za-z]*$/);
        if (state.Type === 'Task' && state.Resource !== 'arn:aws:states:::states:startExecution') {
          expect(state.Retry?.length, name).toBeGreaterThan(0);
          expect(state.Catch?.length, name).toBeGreaterThan(0);
        }
      }
    },
  );

  it('refuses what the local executor cannot run', () => {
    // Prepare
    const jsonata = {
      QueryLanguage: 'JSONata',
      StartAt: 'Publish',
      States: {
        Publish: {
          Type: 'Task',
          Resource: 'arn:aws:states:::sqs:sendMessage',
          Arguments: { MessageBody: '{% $states.input %}' },
          Assign: { sent: true },
          End: true,
        },
        Wait: {
          Type: 'Task',
          Resource: 'arn:aws:states:::lambda:invoke.waitForTaskToken',
          Parameters: { FunctionName: 'arn:literal' },
          End: true,
        },
      },
    };
    // Act
    const problems = lintDefinition(jsonata);
    // Assess
    expect(problems.join('\n')).toMatch(/QueryLanguage/);
    expect(problems.join('\n')).toMatch(/Assign/);
    expect(problems.join('\n')).toMatch(/Arguments/);
    expect(problems.join('\n')).toMatch(/JSONata/);
    expect(problems.join('\n')).toMatch(/sqs:sendMessage/);
    expect(problems.join('\n')).toMatch(/placeholder/);
    expect(problems.join('\n')).toMatch(/Task\.Token/);
    expect(problems.join('\n')).toMatch(/timeout/);
  });

  it('routes to the callback consumer exactly the events it acts on', () => {
    const rule = rules.find((candidate) =>
      candidate.targets.some((target) => target.id === WORKFLOW_CALLBACK_TARGET),
    );
    expect(rule?.eventPattern['detail-type']).toEqual([...WORKFLOW_CALLBACK_EVENT_TYPES]);
    expect([...WORKFLOW_CALLBACK_EVENT_TYPES].sort()).toEqual(
      [...COMPLETING_EVENT_TYPES, ...PROGRESS_EVENT_TYPES].sort(),
    );
  });
});
