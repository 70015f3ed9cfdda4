import { describe, expect, it } from 'vitest';
import type { OutboundWebhookStore, ParkedDelivery } from '../../functions/adapters/webhooks/store.js';
import type { WebhookSubscription } from '../../functions/adapters/webhooks/subscription.js';
import { busEvent } from './bus-events.js';

/** A valid subscription for tests; override what the test is about. */
export const subscription = (overrides: Partial<WebhookSubscription> = {}): WebhookSubscription => ({
  id: 'sub-1',
  partnerId: 'partner-amsed',
  eventPatterns: [{ 'detail-type': [{ prefix: 'Session' }] }],
  url: 'https://partner.example.org/webhooks',
  secret: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw',
  active: true,
  createdAt: '2026-03-01T09:00:00.000Z',
  ...overrides,
});

/** A parked delivery for tests. */
export const parkedDelivery = (overrides: Partial<ParkedDelivery> = {}): ParkedDelivery => ({
  webhookId: 'msg_1',
  subscriptionId: 'sub-1',
  partnerId: 'partner-amsed',
  event: busEvent(),
  attempts: 5,
  lastStatus: 500,
  lastError: 'HTTP 500',
  firstAttemptAt: '2026-03-01T09:00:00.000Z',
  parkedAt: '2026-03-01T09:00:15.000Z',
  ...overrides,
});

/** The contract every OutboundWebhookStore adapter passes; `makeStore` gives a fresh, empty one. */
export const describeOutboundWebhookStoreContract = (
  name: string,
  makeStore: () => Promise<OutboundWebhookStore>,
): void => {
  describe(`${name} (outbound webhook store contract)`, () => {
    it('keeps, lists, replaces and removes subscriptions', async () => {
      // Prepare
      const store = await makeStore();
      await store.putSubscription(subscription({ id: 'sub-1' }));
      await store.putSubscription(subscription({ id: 'sub-2', url: 'http://127.0.0.1:9/two' }));
      // Act
      await store.putSubscription(subscription({ id: 'sub-1', active: false }));
      await store.removeSubscription('sub-2');
      // Assess
      expect(await store.listSubscriptions()).toEqual([subscription({ id: 'sub-1', active: false })]);
      expect(await store.getSubscription('sub-1')).toEqual(subscription({ id: 'sub-1', active: false }));
      expect(await store.getSubscription('sub-2')).toBeUndefined();
    });

    it('keeps parked deliveries in parking order, and a re-park replaces in place', async () => {
      // Prepare
      const store = await makeStore();
      await store.park(parkedDelivery({ webhookId: 'msg_a' }));
      await store.park(parkedDelivery({ webhookId: 'msg_b' }));
      // Act
      await store.park(parkedDelivery({ webhookId: 'msg_a', attempts: 10 }));
      // Assess
      expect((await store.listParked()).map((delivery) => [delivery.webhookId, delivery.attempts])).toEqual([
        ['msg_a', 10],
        ['msg_b', 5],
      ]);
      expect(await store.getParked('msg_b')).toEqual(parkedDelivery({ webhookId: 'msg_b' }));
    });

    it('unparks a delivery', async () => {
      const store = await makeStore();
      await store.park(parkedDelivery({ webhookId: 'msg_a' }));
      await store.removeParked('msg_a');
      expect(await store.listParked()).toEqual([]);
      expect(await store.getParked('msg_a')).toBeUndefined();
    });

    it('does not let callers change what is stored through returned objects', async () => {
      const store = await makeStore();
      await store.putSubscription(subscription());
      const read = (await store.getSubscription('sub-1')) as { active: boolean };
      read.active = false;
      expect((await store.getSubscription('sub-1'))?.active).toBe(true);
    });
  });
};
