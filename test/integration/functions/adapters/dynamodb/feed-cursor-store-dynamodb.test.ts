import { describe, expect, it } from 'vitest';
import { DynamoDbEventStore } from '../../../../../functions/adapters/dynamodb/event-store.js';
import { DynamoDbFeedCursorStore } from '../../../../../functions/adapters/dynamodb/feed-cursors.js';
import { DynamoDbGlobalTailFinder } from '../../../../../functions/adapters/dynamodb/feed-tail.js';
import { readGlobalTail } from '../../../../../functions/application/feed/tail.js';
import type { StoredEvent } from '../../../../../functions/application/ports/event-store.js';
import { appendCountedCommits } from '../../../../support/counted-commits.js';
import { createFreshEventStoreTable, dynaliteForTheFile } from '../../../../support/dynalite.js';
import { feedCursorStoreContract } from '../../../../support/feed-cursor-contract.js';

// The DynamoDB adapters of the event feed on dynalite: the cursor store under the shared contract,
// and the tail finder walking the global-order index back across days.

const dynalite = dynaliteForTheFile();

feedCursorStoreContract(
  'DynamoDB',
  async () =>
    new DynamoDbFeedCursorStore({
      client: dynalite.client,
      tableName: await createFreshEventStoreTable(dynalite),
    }),
);

describe('the tail of the DynamoDB global order', () => {
  it('is found by walking back across days, and reads on to the last event', async () => {
    // Prepare: commits of 1 to 3 events over three days (the last day's newest last).
    const tableName = await createFreshEventStoreTable(dynalite);
    let now = Date.parse('2026-03-01T20:00:00.000Z');
    const store = new DynamoDbEventStore({ client: dynalite.client, tableName, clock: () => new Date(now) });
    await appendCountedCommits(store, 30, {
      beforeEach: () => {
        now += 90 * 60_000;
      },
    });
    const everything = (await store.readGlobal(null, { limit: 1_000 })).events as StoredEvent[];
    const finder = new DynamoDbGlobalTailFinder({ client: dynalite.client, tableName });
    // Act
    const last7 = await readGlobalTail(store, 7, finder);
    const last50 = await readGlobalTail(store, 50, finder);
    const beyond = await finder.startOfTail(everything.length + 1);
    // Assess
    expect(new Set(everything.map((event) => event.recordedAt.slice(0, 10))).size).toBe(3);
    expect(last7.events.map((event) => event.eventId)).toEqual(everything.slice(-7).map((e) => e.eventId));
    expect(last50.events.map((event) => event.eventId)).toEqual(everything.slice(-50).map((e) => e.eventId));
    expect(beyond).toBeNull();
  });

  it('is nothing on an empty table', async () => {
    const tableName = await createFreshEventStoreTable(dynalite);
    const finder = new DynamoDbGlobalTailFinder({ client: dynalite.client, tableName });
    expect(await finder.startOfTail(10)).toBeNull();
  });
});
