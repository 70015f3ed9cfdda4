import { GetItemCommand, PutItemCommand } from '@aws-sdk/client-dynamodb';
import { describe, expect, it } from 'vitest';
import { encodeGlobalCheckpoint } from '../../../../functions/adapters/dynamodb/global-order.js';
import { globalKeyOf, itemSizeBytes } from '../../../../functions/adapters/dynamodb/item-layout.js';
import { checkpointKey, DynamoDbCheckpointStore } from '../../../../local/bus/checkpoints.js';
import { describeCheckpointStoreContract } from '../../../support/bus-checkpoint-contract.js';
import { createFreshEventStoreTable, dynaliteForTheFile } from '../../../support/dynalite.js';

const dynamo = dynaliteForTheFile();

describeCheckpointStoreContract('DynamoDbCheckpointStore on dynalite', async () => {
  const tableName = await createFreshEventStoreTable(dynamo);
  return new DynamoDbCheckpointStore({ client: dynamo.client, tableName });
});

/**
 * A change feed's checkpoint at one region's pace (the demo at 1 × 10: ≈ 20 commits a second, a
 * 5 s settle bound and a 5 s late window): 200 delivered keys, a commit every 50 ms, on a
 * rollout's enrolment and grants streams and ten associations' training streams.
 */
const checkpointAtOneRegionsPace = (): string => {
  const streams = [
    'enrolment-rollout-FM-2026',
    'grants-rollout-FM-2026',
    ...Array.from(
      { length: 10 },
      (_, index) => `training-rollout-FM-2026-assoc-fm-${String(index + 1).padStart(3, '0')}`,
    ),
  ];
  const start = Date.parse('2026-03-02T09:00:00.000Z');
  const delivered = Array.from({ length: 200 }, (_, index) =>
    globalKeyOf(
      new Date(start + index * 50).toISOString(),
      streams[index % streams.length] as string,
      index + 1,
    ),
  );
  return encodeGlobalCheckpoint({
    horizon: new Date(start + 5_000).toISOString(),
    floor: new Date(start).toISOString(),
    delivered,
    partial: [],
  });
};

describe('DynamoDbCheckpointStore, its item', () => {
  it('keeps a change feed checkpoint compressed: 15,223 bytes of position in an item of 1,467', async () => {
    // Prepare
    const tableName = await createFreshEventStoreTable(dynamo);
    const store = new DynamoDbCheckpointStore({ client: dynamo.client, tableName });
    const checkpoint = checkpointAtOneRegionsPace();
    // Act
    await store.save('local-bus', checkpoint, 0);
    const { Item } = await dynamo.client.send(
      new GetItemCommand({
        TableName: tableName,
        Key: { pk: { S: checkpointKey('local-bus') }, sk: { N: '0' } },
      }),
    );
    // Assess: the item DynamoDB bills (2 write units a save, where the position as a string made an item of 15,328 bytes: 15 units)
    expect(Buffer.byteLength(checkpoint, 'utf8')).toBe(15_223);
    expect(itemSizeBytes(Item ?? {})).toBe(1_467);
    expect(await store.load('local-bus')).toEqual({ checkpoint, revision: 1 });
  });

  it('reads a checkpoint saved before compression, and moves it on', async () => {
    // Prepare: an item as the store wrote it until issue 24
    const tableName = await createFreshEventStoreTable(dynamo);
    await dynamo.client.send(
      new PutItemCommand({
        TableName: tableName,
        Item: {
          pk: { S: checkpointKey('local-bus') },
          sk: { N: '0' },
          checkpointPosition: { S: 'position-7' },
          checkpointRevision: { N: '7' },
          checkpointSavedAt: { S: '2026-03-02T09:00:00.000Z' },
        },
      }),
    );
    const store = new DynamoDbCheckpointStore({ client: dynamo.client, tableName });
    // Act
    const read = await store.load('local-bus');
    const moved = await store.save('local-bus', 'position-8', read.revision);
    // Assess
    expect(read).toEqual({ checkpoint: 'position-7', revision: 7 });
    expect(await store.load('local-bus')).toEqual(moved);
    expect(moved).toEqual({ checkpoint: 'position-8', revision: 8 });
  });
});
