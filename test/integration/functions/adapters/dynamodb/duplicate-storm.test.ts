import { describe, expect, it } from 'vitest';
import { DynamoDbEventStore } from '../../../../../functions/adapters/dynamodb/event-store.js';
import { createFreshEventStoreTable, dynaliteForTheFile } from '../../../../support/dynalite.js';
import { runDuplicateStorm, STORM_EVENT_TYPE } from '../../../../support/reliability-storm.js';

const SETTLE_MS = 10_000;

const dynamo = dynaliteForTheFile();

describe('DynamoDbEventStore on dynalite in a duplicate storm', () => {
  it('stores a command sent 1,000 times, 50 at once through 10 instances amid other writers, exactly once', async () => {
    // Prepare: ten instances (ten Lambdas) over one table, and a clock the test moves at the end
    const tableName = await createFreshEventStoreTable(dynamo);
    let skewMs = 0;
    const writers = Array.from(
      { length: 10 },
      () =>
        new DynamoDbEventStore({
          client: dynamo.client,
          tableName,
          clock: () => new Date(Date.now() + skewMs),
          settleMs: SETTLE_MS,
          requestTimeoutMs: 5_000,
        }),
    );

    // Act
    const { results, stream, global } = await runDuplicateStorm(
      writers,
      { duplicates: 1_000, concurrency: 50, others: 40 },
      () => {
        skewMs = SETTLE_MS + 1;
      },
    );

    // Assess
    expect(results).toHaveLength(1_000);
    expect(results.filter((result) => !result.duplicate)).toHaveLength(1);
    const [first] = results;
    for (const result of results) {
      expect(result.firstVersion).toBe(first?.firstVersion);
      expect(result.events.map((event) => event.eventId)).toEqual(
        first?.events.map((event) => event.eventId),
      );
    }
    expect(stream.filter((event) => event.type === STORM_EVENT_TYPE)).toHaveLength(1);
    expect(stream.map((event) => event.version)).toEqual(stream.map((_, index) => index + 1));
    expect(stream).toHaveLength(1 + 1 + 40);
    expect(global.filter((event) => event.type === STORM_EVENT_TYPE)).toHaveLength(1);
    expect(global).toHaveLength(stream.length);
  }, 180_000);
});
