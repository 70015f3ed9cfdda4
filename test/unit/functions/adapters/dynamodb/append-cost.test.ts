import 'aws-sdk-client-mock-vitest/extend';
import { DynamoDBClient, PutItemCommand, QueryCommand } from '@aws-sdk/client-dynamodb';
import { marshall, unmarshall } from '@aws-sdk/util-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { GENESIS_HASH } from '../../../../../functions/adapters/dynamodb/commit-chain.js';
import { DynamoDbEventStore } from '../../../../../functions/adapters/dynamodb/event-store.js';
import type { AppendRequest } from '../../../../../functions/application/ports/event-store.js';

const dynamo = mockClient(DynamoDBClient);

const append = (expectedVersion: AppendRequest['expectedVersion']): AppendRequest => ({
  streamId: 'association-1',
  expectedVersion,
  events: [{ type: 'MemberNominated', schemaVersion: 1, data: { memberId: 'person-1' } }],
  metadata: { actor: { id: 'user-1', role: 'coordinator' }, correlationId: 'c-1', causationId: null },
});

const newStore = () =>
  new DynamoDbEventStore({
    client: new DynamoDBClient({ region: 'us-east-1' }),
    tableName: 'events',
    clock: () => new Date('2026-03-01T09:00:00.000Z'),
  });

const commitPuts = () =>
  dynamo
    .commandCalls(PutItemCommand)
    .map((call) => unmarshall(call.args[0].input.Item ?? {}))
    .filter((item) => item.globalKey !== undefined);

describe('the cost of chaining commits on DynamoDB', () => {
  beforeEach(() => {
    dynamo.reset();
    dynamo.on(PutItemCommand).resolves({});
    dynamo.on(QueryCommand).resolves({ Items: [] });
  });

  it('appends after a known boundary with one PutItem and no read, chained to the cached hash', async () => {
    // Prepare
    const store = newStore();
    await store.append(append('no-stream'));
    dynamo.resetHistory();

    // Act
    await store.append(append(1));

    // Assess
    expect(dynamo).toHaveReceivedCommandTimes(PutItemCommand, 1);
    expect(dynamo).toHaveReceivedCommandTimes(QueryCommand, 0);
    const [second] = commitPuts();
    expect(second?.prevHash).toMatch(/^[0-9a-f]{64}$/);
    expect(second?.prevHash).not.toBe(GENESIS_HASH);
  });

  it('reads the previous hash with the head when the boundary is not known', async () => {
    // Prepare: the head item as another instance wrote it
    const previousHash = 'a'.repeat(64);
    dynamo.on(QueryCommand).resolves({
      Items: [marshall({ lastVersion: 4, recordedAt: '2026-03-01T08:00:00.000Z', hash: previousHash })],
    });

    // Act
    await newStore().append(append(4));

    // Assess
    expect(dynamo).toHaveReceivedCommandTimes(QueryCommand, 1);
    expect(commitPuts().map((item) => [item.sk, item.prevHash])).toEqual([[5, previousHash]]);
  });

  it('starts a new stream from the genesis hash without reading', async () => {
    // Act
    await newStore().append(append('no-stream'));

    // Assess
    expect(dynamo).toHaveReceivedCommandTimes(QueryCommand, 0);
    expect(commitPuts().map((item) => item.prevHash)).toEqual([GENESIS_HASH]);
  });
});
