import 'aws-sdk-client-mock-vitest/extend';
import {
  ConditionalCheckFailedException,
  DynamoDBClient,
  ProvisionedThroughputExceededException,
  PutItemCommand,
  QueryCommand,
} from '@aws-sdk/client-dynamodb';
import { marshall } from '@aws-sdk/util-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { DynamoDbEventStore } from '../../../../../functions/adapters/dynamodb/event-store.js';
import type { AppendRequest } from '../../../../../functions/application/ports/event-store.js';
import {
  COMMIT_TOO_LARGE,
  STORE_UNAVAILABLE,
  WRONG_EXPECTED_VERSION,
} from '../../../../../functions/application/ports/event-store-errors.js';

const dynamo = mockClient(DynamoDBClient);
const metadata = {
  actor: { id: 'user-1', role: 'coordinator' as const },
  correlationId: 'c-1',
  causationId: null,
};
const request: AppendRequest = {
  streamId: 'association-1',
  expectedVersion: 'no-stream',
  events: [{ type: 'Registered', schemaVersion: 1, data: { region: 'RSK' } }],
  metadata,
};
const awsError = (name: string, message: string) =>
  Object.assign(new Error(message), { name, $fault: 'client', $metadata: { httpStatusCode: 400 } });

const newStore = () =>
  new DynamoDbEventStore({
    client: new DynamoDBClient({ region: 'us-east-1' }),
    tableName: 'events',
    clock: () => new Date('2026-03-01T09:00:00.000Z'),
  });

describe('DynamoDbEventStore error mapping', () => {
  beforeEach(() => {
    dynamo.reset();
    dynamo.on(PutItemCommand).resolves({});
    dynamo.on(QueryCommand).resolves({ Items: [] });
  });

  it.each([
    [
      'ProvisionedThroughputExceededException',
      new ProvisionedThroughputExceededException({ message: 'Rate of requests exceeds', $metadata: {} }),
    ],
    [
      'ThrottlingException',
      awsError(
        'ThrottlingException',
        'Rate exceeded for table arn:aws:dynamodb:eu-west-3:123456789012:table/events',
      ),
    ],
  ])('maps %s to a retryable StoreUnavailableError', async (_name, thrown) => {
    // Prepare
    dynamo.on(PutItemCommand, { ConditionExpression: 'attribute_not_exists(pk)' }).rejects(thrown);

    // Act
    const appending = newStore().append(request);

    // Assess
    await expect(appending).rejects.toMatchObject({
      name: 'StoreUnavailableError',
      code: STORE_UNAVAILABLE,
      reason: 'throttled',
      retryable: true,
      cause: thrown,
    });
  });

  it('maps a failed condition to a ConcurrencyError carrying the actual version', async () => {
    // Prepare: the stream already holds versions 1..3
    dynamo
      .on(PutItemCommand, { ConditionExpression: 'attribute_not_exists(pk)' })
      .rejects(
        new ConditionalCheckFailedException({ message: 'The conditional request failed', $metadata: {} }),
      );
    dynamo
      .on(QueryCommand, { ScanIndexForward: false })
      .resolves({ Items: [marshall({ lastVersion: 3, recordedAt: '2026-03-01T08:00:00.000Z' })] });

    // Act
    const appending = newStore().append(request);

    // Assess
    await expect(appending).rejects.toMatchObject({
      name: 'ConcurrencyError',
      code: WRONG_EXPECTED_VERSION,
      streamId: 'association-1',
      expected: 'no-stream',
      actual: 3,
    });
  });

  it('maps an unknown error to a StoreUnavailableError that hides its internals', async () => {
    // Prepare
    const internal = awsError(
      'AccessDeniedException',
      'User arn:aws:sts::123456789012:assumed-role/naseej-api is not authorized to perform dynamodb:PutItem',
    );
    dynamo.on(PutItemCommand, { ConditionExpression: 'attribute_not_exists(pk)' }).rejects(internal);

    // Act
    const error: unknown = await newStore()
      .append(request)
      .catch((caught: unknown) => caught);

    // Assess
    expect(error).toMatchObject({
      code: STORE_UNAVAILABLE,
      reason: 'failed',
      retryable: false,
      cause: internal,
    });
    expect((error as Error).message).not.toMatch(/arn:|123456789012|AccessDenied|PutItem/);
  });

  it('maps a read that fails to a StoreUnavailableError too', async () => {
    // Prepare
    dynamo
      .on(QueryCommand)
      .rejects(awsError('InternalServerError', 'Internal server error (Service: DynamoDb)'));

    // Act
    const reading = newStore().streamVersion('association-1');

    // Assess
    await expect(reading).rejects.toMatchObject({ code: STORE_UNAVAILABLE, reason: 'failed' });
  });

  it('refuses a commit over the limit without sending anything', async () => {
    // Act
    const appending = newStore().append({
      ...request,
      events: [{ type: 'Big', schemaVersion: 1, data: { text: 'x'.repeat(500_000) } }],
    });

    // Assess
    await expect(appending).rejects.toMatchObject({ code: COMMIT_TOO_LARGE });
    expect(dynamo).not.toHaveReceivedCommand(PutItemCommand);
  });
});
