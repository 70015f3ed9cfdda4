import { describe, expect, it } from 'vitest';
import { lambdaHandler } from '../../../../../functions/adapters/http/lambda.js';
import { partnerRoutes } from '../../../../../functions/adapters/http/routes/partners.js';
import { InMemoryEventStore } from '../../../../../functions/adapters/in-memory/event-store.js';
import { InMemoryIdempotencyStore } from '../../../../../functions/adapters/in-memory/idempotency.js';
import { InMemoryPartnerRegistry } from '../../../../../functions/adapters/in-memory/partner-reports.js';
import { WebhookDispatcher } from '../../../../../functions/adapters/webhooks/dispatcher.js';
import type { WebhookRequest } from '../../../../../functions/adapters/webhooks/http-sender.js';
import { InMemoryOutboundWebhookStore } from '../../../../../functions/adapters/webhooks/store.js';
import { busEvent } from '../../../../support/bus-events.js';
import { subscription } from '../../../../support/bus-webhook-store-contract.js';
import { apiGatewayEvent, testLambdaContext } from '../../../../support/http-events.js';

// The operator's action of the `OutboundDeliveriesParked` alarm (docs/operations.md): the ministry
// replays a partner's parked deliveries once its endpoint answers again.

const route = partnerRoutes.find((candidate) => candidate.operationId === 'replayParkedDeliveries');

/** Two partners' subscriptions on one dispatcher whose receivers fail until `up` is set. */
const parkedForTwoPartners = async () => {
  const store = new InMemoryOutboundWebhookStore();
  const up = { value: false };
  const sent: WebhookRequest[] = [];
  const dispatcher = new WebhookDispatcher({
    store,
    scope: { partners: new InMemoryPartnerRegistry(), events: new InMemoryEventStore() },
    send: async (request) => {
      sent.push(request);
      return { status: up.value ? 204 : 503 };
    },
    retry: { maxAttempts: 2, baseDelayMs: 1, maxDelayMs: 1 },
    sleep: async () => {},
  });
  await store.putSubscription(
    subscription({ id: 'sub-amsed', partnerId: 'partner-amsed', url: 'https://amsed.example.org/hooks' }),
  );
  await store.putSubscription(
    subscription({ id: 'sub-other', partnerId: 'partner-other', url: 'https://other.example.org/hooks' }),
  );
  await dispatcher.dispatch(busEvent({ type: 'SessionHeld' }));
  return { store, dispatcher, up, sent };
};

const replay = async (
  dispatcher: WebhookDispatcher,
  store: InMemoryOutboundWebhookStore,
  partnerId: string,
) => {
  const handler = lambdaHandler(partnerRoutes, {
    store: new InMemoryEventStore(),
    idempotency: new InMemoryIdempotencyStore(),
    clock: () => '2026-03-01T09:00:00.000Z',
    newId: () => 'id-1',
    partnerAdministration: {
      partners: new InMemoryPartnerRegistry(),
      subscriptions: store,
      deliveries: dispatcher,
    },
  });
  return handler(
    apiGatewayEvent(route as NonNullable<typeof route>, {
      claims: { sub: 'ministry-1', iat: '1780000000', exp: '1780003600', 'naseej:roles': '[ministry]' },
      pathParameters: { partnerId },
    }),
    testLambdaContext(),
  );
};

describe("replaying a partner's parked deliveries", () => {
  it("delivers that partner's parked deliveries again, under their webhook ids, and leaves the others parked", async () => {
    // Given both partners' deliveries parked while their endpoints failed
    const { store, dispatcher, up, sent } = await parkedForTwoPartners();
    const parkedIds = (await store.listParked()).map((parked) => [parked.partnerId, parked.webhookId]);
    expect(parkedIds.map(([partnerId]) => partnerId).sort()).toEqual(['partner-amsed', 'partner-other']);
    sent.length = 0;
    // When the endpoints answer again and the ministry replays AMSED's
    up.value = true;
    const response = await replay(dispatcher, store, 'partner-amsed');
    // Then AMSED's delivery went out once, with its webhook id, and the other partner's stays parked
    expect(response.statusCode).toBe(200);
    const amsedId = parkedIds.find(([partnerId]) => partnerId === 'partner-amsed')?.[1];
    expect(JSON.parse(response.body ?? '{}')).toEqual({
      partnerId: 'partner-amsed',
      replayed: [{ webhookId: amsedId, outcome: 'delivered', attempts: 1 }],
    });
    expect(sent.map((request) => [request.url, request.headers['webhook-id']])).toEqual([
      ['https://amsed.example.org/hooks', amsedId],
    ]);
    expect((await store.listParked()).map((parked) => parked.partnerId)).toEqual(['partner-other']);
  });

  it('keeps a delivery parked when the endpoint still fails', async () => {
    // Given AMSED's delivery parked, its endpoint still down
    const { store, dispatcher } = await parkedForTwoPartners();
    // When the ministry replays it
    const response = await replay(dispatcher, store, 'partner-amsed');
    // Then it is parked again
    expect(JSON.parse(response.body ?? '{}').replayed).toEqual([
      expect.objectContaining({ outcome: 'parked', attempts: 2 }),
    ]);
    expect((await store.listParked()).map((parked) => parked.partnerId).sort()).toEqual([
      'partner-amsed',
      'partner-other',
    ]);
  });
});
