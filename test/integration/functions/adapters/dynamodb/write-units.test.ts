import { type AttributeValue, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { itemSizeBytes } from '../../../../../functions/adapters/dynamodb/item-layout.js';
import { DynamoDbViewStore } from '../../../../../functions/adapters/dynamodb/view-store.js';
import { InMemoryEventStore } from '../../../../../functions/adapters/in-memory/event-store.js';
import { toBusEvent } from '../../../../../functions/application/bus/event-shape.js';
import { PROJECTIONS_TARGET, rules } from '../../../../../functions/application/bus/rules.js';
import type { StoredEvent } from '../../../../../functions/application/ports/event-store.js';
import { ProjectionConsumer } from '../../../../../functions/application/read-models/consumer.js';
import { consumeQueueBatch } from '../../../../../functions/handlers/queue-batch.js';
import type { DynaliteServer } from '../../../../../local/dynalite/server.js';
import { createFreshEventStoreTable, startDynalite } from '../../../../support/dynalite.js';
import { appendScenario, countingIds, steppingClock } from '../../../../support/projection-scenario.js';

// What the read models cost in DynamoDB write units per event, counted on the view store's puts
// (a put of an item of n bytes costs ceil(n / 1 KB) units): the projections consumer as the AWS
// handler runs it (functions/handlers/projections.ts), fed one event per invocation as EventBridge
// fed it before (#17, finding 2), or its queue's batches (functions/application/bus/rules.ts: up to 500,
// gathered 2 s), against a queue's plain batch of 10 and the local page of 500.

/** A client of dynalite that counts the write units of every PutItem it sends. */
const countingClient = (endpoint: string) => {
  const counted = { writeUnits: 0, puts: 0 };
  const client = new DynamoDBClient({
    endpoint,
    region: 'us-east-1',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
  client.middlewareStack.add(
    (next, context) => async (args) => {
      if (context.commandName === 'PutItemCommand') {
        const item = (args.input as { Item: Record<string, AttributeValue> }).Item;
        counted.puts += 1;
        counted.writeUnits += Math.ceil(itemSizeBytes(item) / 1024);
      }
      return next(args);
    },
    { step: 'initialize', name: 'countWriteUnits' },
  );
  return { client, counted };
};

describe('the write units the read models cost per event', () => {
  let dynamo: DynaliteServer;
  let events: StoredEvent[];
  let store: InMemoryEventStore;

  beforeAll(async () => {
    dynamo = await startDynalite();
    store = new InMemoryEventStore({ clock: steppingClock(), newId: countingIds() });
    events = await appendScenario(store);
  });

  afterAll(async () => {
    await dynamo.stop();
  });

  /** Runs the scenario's events through the consumer in batches of `batchSize`; the units counted. */
  const unitsPerEvent = async (batchSize: number): Promise<number> => {
    const tableName = await createFreshEventStoreTable(dynamo);
    const { client, counted } = countingClient(dynamo.endpoint);
    const consumer = new ProjectionConsumer({ store, views: new DynamoDbViewStore({ client, tableName }) });
    for (let start = 0; start < events.length; start += batchSize) {
      const batch = events.slice(start, start + batchSize).map((event) => toBusEvent(event));
      const response = await consumeQueueBatch(
        { Records: batch.map((event, index) => ({ messageId: `m-${index}`, body: JSON.stringify(event) })) },
        { one: consumer.handle, batch: consumer.handleBatch },
      );
      expect(response.batchItemFailures).toEqual([]);
    }
    client.destroy();
    return Math.round((counted.writeUnits / events.length) * 100) / 100;
  };

  it('falls from one save per document per event to one per batch of the projections queue', async () => {
    // Act
    const perEvent = await unitsPerEvent(1);
    const perQueueBatchOf10 = await unitsPerEvent(10);
    const projections = rules
      .flatMap((rule) => rule.targets)
      .find((target) => target.id === PROJECTIONS_TARGET);
    const perProjectionsQueueBatch = await unitsPerEvent(projections?.queue.batchSize ?? 1);
    const perLocalPage = await unitsPerEvent(500);

    // Assess: the scenario's 42 events, and the units each delivery shape costs (its views are
    // small; at the program's size a rollout's documents are far larger, docs/benchmarks.md).
    // Issue 20 made the grant documents a little larger (a grant's purpose and deliverables, the
    // ledger's paid out and refunded): 5.05 → 5.07, 1.36 → 1.38, 0.69 → 0.71.
    expect(events.length).toBe(42);
    expect({ perEvent, perQueueBatchOf10, perProjectionsQueueBatch, perLocalPage }).toEqual({
      perEvent: 5.07,
      perQueueBatchOf10: 1.38,
      perProjectionsQueueBatch: 0.71,
      perLocalPage: 0.71,
    });
  });
});
