import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DynamoDbFeedCursorStore } from '../../../../../functions/adapters/dynamodb/feed-cursors.js';
import {
  encodeGlobalCheckpoint,
  MAX_DELIVERED_KEY_BYTES,
} from '../../../../../functions/adapters/dynamodb/global-order.js';
import { globalKeyOf } from '../../../../../functions/adapters/dynamodb/item-layout.js';
import { DynamoDbCheckpointStore } from '../../../../../local/bus/checkpoints.js';
import type { DynaliteServer } from '../../../../../local/dynalite/server.js';
import { createFreshEventStoreTable, startDynalite } from '../../../../support/dynalite.js';

// DynamoDB refuses an item over 400 KB (https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/ServiceQuotas.html#limits-items),
// whatever it is; so does dynalite, the local twin. A global-order checkpoint at its largest (the
// reader's byte budget full) is stored as a change feed's checkpoint and as a feed cursor.

/** A checkpoint whose delivered keys fill the reader's budget. */
const fullCheckpoint = (): string => {
  const keys: string[] = [];
  let bytes = 0;
  for (let index = 0; ; index += 1) {
    const key = globalKeyOf('2026-03-01T09:00:30.000Z', `rollout-FM-2026/association-${index}`, 1);
    if (bytes + key.length + 3 > MAX_DELIVERED_KEY_BYTES) break;
    keys.push(key);
    bytes += key.length + 3;
  }
  keys.sort();
  return encodeGlobalCheckpoint({
    horizon: '2026-03-01T09:00:00.000Z',
    floor: '2026-03-01T09:00:00.000Z',
    delivered: keys,
    partial: [],
  });
};

describe('the 400 KB item limit on what the feed stores', () => {
  let dynamo: DynaliteServer;
  let tableName: string;

  beforeAll(async () => {
    dynamo = await startDynalite();
    tableName = await createFreshEventStoreTable(dynamo);
  });

  afterAll(async () => {
    await dynamo.stop();
  });

  it('refuses a change feed checkpoint and a feed cursor over 400 KB, as DynamoDB does', async () => {
    // Prepare
    const oversized = 'x'.repeat(410 * 1024);
    // The checkpoint store compresses the position (ADR 0117): random bytes do not shrink.
    const incompressible = randomBytes(600 * 1024).toString('base64');
    const checkpoints = new DynamoDbCheckpointStore({ client: dynamo.client, tableName });
    const cursors = new DynamoDbFeedCursorStore({ client: dynamo.client, tableName });

    // Act
    const savingCheckpoint = checkpoints.save('too-large', incompressible, 0);
    const savingCursor = cursors.save({
      cursor: 'too-large',
      checkpoint: oversized,
      expiresAt: 1_900_000_000,
    });

    // Assess
    await expect(savingCheckpoint).rejects.toThrow('Item size has exceeded the maximum allowed size');
    await expect(savingCursor).rejects.toThrow('Item size has exceeded the maximum allowed size');
  });

  it('stores the largest checkpoint the reader writes, in both', async () => {
    // Prepare
    const checkpoint = fullCheckpoint();
    const checkpoints = new DynamoDbCheckpointStore({ client: dynamo.client, tableName });
    const cursors = new DynamoDbFeedCursorStore({ client: dynamo.client, tableName });

    // Act
    await checkpoints.save('largest', checkpoint, 0);
    await cursors.save({ cursor: 'largest', checkpoint, expiresAt: 1_900_000_000 });

    // Assess
    expect((await checkpoints.load('largest')).checkpoint).toBe(checkpoint);
    expect(await cursors.find('largest', 1_800_000_000)).toBe(checkpoint);
  });
});
