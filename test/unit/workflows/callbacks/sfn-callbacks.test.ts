import 'aws-sdk-client-mock-vitest/extend';
import {
  DescribeExecutionCommand,
  ExecutionAlreadyExists,
  InvalidToken,
  SendTaskFailureCommand,
  SendTaskHeartbeatCommand,
  SendTaskSuccessCommand,
  SFNClient,
  StartExecutionCommand,
  TaskDoesNotExist,
  TaskTimedOut,
} from '@aws-sdk/client-sfn';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import {
  isExecutionAlreadyExists,
  recoverWithNextGeneration,
  SfnTaskCallbacks,
  startExecutionOnce,
} from '../../../../workflows/callbacks/sfn-callbacks.js';
import { InMemoryGenerationRegistry } from '../../../../workflows/generations.js';
import { isStaleTokenError } from '../../../../workflows/tasks/services.js';

// The Step Functions adapter on AWS (workflows/callbacks/sfn-callbacks.ts): what the callback
// consumer and the workflow tasks send, and how the answers of a late or repeated call come back.

const sfn = mockClient(SFNClient);
const client = () => new SFNClient({ region: 'eu-west-3' });
const ARN = 'arn:aws:states:eu-west-3:123456789012:stateMachine:naseej-region-rollout';
const metadata = { $metadata: {} };

beforeEach(() => sfn.reset());

describe('SfnTaskCallbacks', () => {
  it('sends task success with the output as JSON, failure with its error and cause, and heartbeats', async () => {
    // Prepare
    sfn.onAnyCommand().resolves({});
    const callbacks = new SfnTaskCallbacks(client());

    // Act
    await callbacks.sendTaskSuccess('token-1', { resumedBy: 'AgreementSigned' });
    await callbacks.sendTaskSuccess('token-2', undefined);
    await callbacks.sendTaskFailure('token-3', 'RolloutCancelled', 'cancelled by the ministry');
    await callbacks.sendTaskHeartbeat('token-4');

    // Assess
    expect(sfn).toHaveReceivedCommandWith(SendTaskSuccessCommand, {
      taskToken: 'token-1',
      output: '{"resumedBy":"AgreementSigned"}',
    });
    expect(sfn).toHaveReceivedCommandWith(SendTaskSuccessCommand, { taskToken: 'token-2', output: '{}' });
    expect(sfn).toHaveReceivedCommandWith(SendTaskFailureCommand, {
      taskToken: 'token-3',
      error: 'RolloutCancelled',
      cause: 'cancelled by the ministry',
    });
    expect(sfn).toHaveReceivedCommandWith(SendTaskHeartbeatCommand, { taskToken: 'token-4' });
  });

  it.each([
    ['TaskTimedOut', new TaskTimedOut({ message: 'Task Timed Out', ...metadata })],
    ['InvalidToken', new InvalidToken({ message: 'Invalid token', ...metadata })],
    ['TaskDoesNotExist', new TaskDoesNotExist({ message: 'Task does not exist', ...metadata })],
  ])(
    'passes a late callback answered %s on as a stale-token error, which the consumer ignores',
    async (_, answer) => {
      // Prepare
      sfn.on(SendTaskSuccessCommand).rejects(answer);
      sfn.on(SendTaskHeartbeatCommand).rejects(answer);
      const callbacks = new SfnTaskCallbacks(client());

      // Act
      const success = await callbacks.sendTaskSuccess('token-late', {}).catch((error: unknown) => error);
      const heartbeat = await callbacks.sendTaskHeartbeat('token-late').catch((error: unknown) => error);

      // Assess
      expect(isStaleTokenError(success)).toBe(true);
      expect(isStaleTokenError(heartbeat)).toBe(true);
    },
  );

  it('does not take a throttled or denied call for a stale token: the consumer retries those', async () => {
    // Prepare
    const throttled = Object.assign(new Error('Rate exceeded'), { name: 'ThrottlingException' });
    sfn.on(SendTaskSuccessCommand).rejects(throttled);

    // Act
    const error = await new SfnTaskCallbacks(client())
      .sendTaskSuccess('token-1', {})
      .catch((caught: unknown) => caught);

    // Assess
    expect(isStaleTokenError(error)).toBe(false);
  });
});

describe('startExecutionOnce', () => {
  it('starts a named execution with its input as JSON', async () => {
    // Prepare
    sfn
      .on(StartExecutionCommand)
      .resolves({ executionArn: `${ARN}:rollout-FM-2026`, startDate: new Date(0) });

    // Act
    const outcome = await startExecutionOnce(client(), ARN, 'rollout-FM-2026', {
      rolloutId: 'rollout-FM-2026',
    });

    // Assess
    expect(outcome).toBe('started');
    expect(sfn).toHaveReceivedCommandWith(StartExecutionCommand, {
      stateMachineArn: ARN,
      name: 'rollout-FM-2026',
      input: '{"rolloutId":"rollout-FM-2026"}',
    });
  });

  it('answers "already started" when an execution of that name exists (a redelivered event)', async () => {
    // Prepare
    sfn
      .on(StartExecutionCommand)
      .rejects(new ExecutionAlreadyExists({ message: 'Execution Already Exists', ...metadata }));

    // Act
    const outcome = await startExecutionOnce(client(), ARN, 'rollout-FM-2026', {
      rolloutId: 'rollout-FM-2026',
    });

    // Assess
    expect(outcome).toBe('already-started');
  });

  it('recognises ExecutionAlreadyExists by its name too (an error from another copy of the SDK)', () => {
    // Act, Assess
    expect(
      isExecutionAlreadyExists(Object.assign(new Error('exists'), { name: 'ExecutionAlreadyExists' })),
    ).toBe(true);
    expect(isExecutionAlreadyExists(new Error('exists'))).toBe(false);
  });

  it('lets any other failure through, so the bus retries the event', async () => {
    // Prepare
    const denied = Object.assign(new Error('not authorized to perform states:StartExecution'), {
      name: 'AccessDeniedException',
    });
    sfn.on(StartExecutionCommand).rejects(denied);

    // Act
    const start = startExecutionOnce(client(), ARN, 'rollout-FM-2026', {});

    // Assess
    await expect(start).rejects.toThrow(/not authorized/);
  });
});

describe('recoverWithNextGeneration (the operator recovery on AWS)', () => {
  const EXECUTION = 'arn:aws:states:eu-west-3:123456789012:execution:naseej-region-rollout:rollout-FM-2026';
  const described = (status: string, name = 'rollout-FM-2026') => ({
    executionArn: EXECUTION,
    stateMachineArn: ARN,
    name,
    status,
    input: '{"rolloutId":"rollout-FM-2026"}',
    startDate: new Date(0),
  });

  it.each(['TIMED_OUT', 'FAILED'])(
    'follows a %s execution with its next generation, same input, and records it',
    async (status) => {
      // Prepare
      sfn.on(DescribeExecutionCommand).resolves(described(status) as never);
      sfn
        .on(StartExecutionCommand)
        .resolves({ executionArn: `${ARN}:rollout-FM-2026-g1`, startDate: new Date(0) });
      const generations = new InMemoryGenerationRegistry();

      // Act
      const recovered = await recoverWithNextGeneration(client(), generations, EXECUTION);

      // Assess
      expect(sfn).toHaveReceivedCommandWith(StartExecutionCommand, {
        stateMachineArn: ARN,
        name: 'rollout-FM-2026-g1',
        input: '{"rolloutId":"rollout-FM-2026"}',
      });
      expect(recovered).toEqual({
        name: 'rollout-FM-2026-g1',
        executionArn:
          'arn:aws:states:eu-west-3:123456789012:execution:naseej-region-rollout:rollout-FM-2026-g1',
      });
      expect(await generations.latest('rollout-FM-2026')).toBe(1);
    },
  );

  it('refuses a running execution, and one a later generation already follows', async () => {
    // Prepare
    sfn
      .on(DescribeExecutionCommand)
      .resolvesOnce(described('RUNNING') as never)
      .resolves(described('FAILED') as never);
    const generations = new InMemoryGenerationRegistry();
    await generations.record('rollout-FM-2026', 2);

    // Act
    const running = await recoverWithNextGeneration(client(), generations, EXECUTION).catch(
      (error: Error) => error.name,
    );
    const older = await recoverWithNextGeneration(client(), generations, EXECUTION).catch(
      (error: Error) => error.name,
    );

    // Assess
    expect([running, older]).toEqual(['ExecutionNotRecoverable', 'ExecutionNotRecoverable']);
    expect(sfn).not.toHaveReceivedCommand(StartExecutionCommand);
  });

  it('takes a recovery retried after its start as done (ExecutionAlreadyExists)', async () => {
    // Prepare
    sfn.on(DescribeExecutionCommand).resolves(described('FAILED', 'rollout-FM-2026-g3') as never);
    sfn.on(StartExecutionCommand).rejects(new ExecutionAlreadyExists({ message: 'exists', ...metadata }));
    const generations = new InMemoryGenerationRegistry();

    // Act
    const recovered = await recoverWithNextGeneration(client(), generations, EXECUTION);

    // Assess
    expect(recovered.name).toBe('rollout-FM-2026-g4');
    expect(await generations.latest('rollout-FM-2026')).toBe(4);
  });
});
