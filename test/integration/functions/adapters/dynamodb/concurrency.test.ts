import { describe, expect, it } from 'vitest';
import { DynamoDbEventStore } from '../../../../../functions/adapters/dynamodb/event-store.js';
import type { AppendResult, StoredEvent } from '../../../../../functions/application/ports/event-store.js';
import { isConcurrencyError } from '../../../../../functions/application/ports/event-store-errors.js';
import { createFreshEventStoreTable, dynaliteForTheFile } from '../../../../support/dynalite.js';

const WRITERS = 20;
const ROUNDS = 50;

const dynamo = dynaliteForTheFile();

describe('DynamoDbEventStore under concurrent writers', () => {
  it(`lets exactly one of ${WRITERS} writers win each of ${ROUNDS} rounds, leaving a dense stream`, async () => {
    // Prepare: one store instance per writer, as separate Lambdas would have
    const tableName = await createFreshEventStoreTable(dynamo);
    const writers = Array.from(
      { length: WRITERS },
      () => new DynamoDbEventStore({ client: dynamo.client, tableName }),
    );
    const metadata = {
      actor: { id: 'system', role: 'system' as const },
      correlationId: 'race',
      causationId: null,
    };
    const winners: AppendResult[] = [];
    let version = 0;

    // Act
    for (let round = 1; round <= ROUNDS; round += 1) {
      const expected = version === 0 ? ('no-stream' as const) : version;
      const results = await Promise.allSettled(
        writers.map((writer, index) =>
          writer.append({
            streamId: 'contested',
            expectedVersion: expected,
            events: [
              { type: 'Claimed', schemaVersion: 1, data: { round, writer: index } },
              { type: 'Confirmed', schemaVersion: 1, data: { round, writer: index } },
            ],
            metadata,
          }),
        ),
      );

      // Assess (each round)
      const won = results.flatMap((result) => (result.status === 'fulfilled' ? [result.value] : []));
      const lost = results.flatMap((result) => (result.status === 'rejected' ? [result.reason] : []));
      expect(won).toHaveLength(1);
      expect(lost).toHaveLength(WRITERS - 1);
      for (const reason of lost) {
        expect(isConcurrencyError(reason) && reason.actual === version + 2).toBe(true);
      }
      winners.push(...won);
      version += 2;
    }

    // Assess (the whole stream)
    const stored: StoredEvent[] = [];
    for await (const event of writers[0]?.readStream('contested') ?? []) stored.push(event);
    expect(stored.map((event) => event.version)).toEqual(Array.from({ length: ROUNDS * 2 }, (_, i) => i + 1));
    expect(new Set(stored.map((event) => event.eventId)).size).toBe(ROUNDS * 2);
    expect(stored.map((event) => event.data)).toEqual(
      winners.flatMap((winner) => winner.events.map((event) => event.data)),
    );
  });
});
