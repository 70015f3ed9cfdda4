import { describe, expect, it } from 'vitest';
import { DynamoDbEventStore } from '../../../../../functions/adapters/dynamodb/event-store.js';
import { DynamoDbOutboundWebhookStore } from '../../../../../functions/adapters/webhooks/dynamodb-store.js';
import { appendEvents } from '../../../../support/bus-change-feed.js';
import {
  describeOutboundWebhookStoreContract,
  parkedDelivery,
  subscription,
} from '../../../../support/bus-webhook-store-contract.js';
import { createFreshEventStoreTable, dynaliteForTheFile } from '../../../../support/dynalite.js';

const dynamo = dynaliteForTheFile();

describeOutboundWebhookStoreContract('DynamoDbOutboundWebhookStore on dynalite', async () => {
  const tableName = await createFreshEventStoreTable(dynamo);
  return new DynamoDbOutboundWebhookStore({ client: dynamo.client, tableName });
});

describe('DynamoDbOutboundWebhookStore beside the events', () => {
  it('never shows up in the global order of events', async () => {
    // Prepare
    const tableName = await createFreshEventStoreTable(dynamo);
    const events = new DynamoDbEventStore({ client: dynamo.client, tableName });
    const webhooks = new DynamoDbOutboundWebhookStore({ client: dynamo.client, tableName });
    const ids = await appendEvents(events, 's-1', 2);
    // Act
    await webhooks.putSubscription(subscription());
    await webhooks.park(parkedDelivery());
    const page = await events.readGlobal(null);
    // Assess
    expect(page.events.map((event) => event.eventId)).toEqual(ids);
  });

  it('gives concurrent new subscriptions each a slot of their own', async () => {
    // Prepare
    const tableName = await createFreshEventStoreTable(dynamo);
    const store = new DynamoDbOutboundWebhookStore({ client: dynamo.client, tableName });
    // Act
    await Promise.all(
      Array.from({ length: 6 }, (_, index) => store.putSubscription(subscription({ id: `sub-${index}` }))),
    );
    // Assess
    expect((await store.listSubscriptions()).map((found) => found.id).sort()).toEqual([
      'sub-0',
      'sub-1',
      'sub-2',
      'sub-3',
      'sub-4',
      'sub-5',
    ]);
  });
});
