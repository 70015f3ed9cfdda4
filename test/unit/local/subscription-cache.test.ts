import { Webhook } from 'standardwebhooks';
import { describe, expect, it } from 'vitest';
import { InMemoryEventStore } from '../../../functions/adapters/in-memory/event-store.js';
import { InMemoryPartnerRegistry } from '../../../functions/adapters/in-memory/partner-reports.js';
import { SIGNING_SECRETS_MAX_AGE_SECONDS } from '../../../functions/adapters/secrets-manager.js';
import { WebhookDispatcher } from '../../../functions/adapters/webhooks/dispatcher.js';
import type { WebhookRequest } from '../../../functions/adapters/webhooks/http-sender.js';
import {
  InMemoryOutboundWebhookStore,
  type OutboundWebhookStore,
} from '../../../functions/adapters/webhooks/store.js';
import type { WebhookSubscription } from '../../../functions/adapters/webhooks/subscription.js';
import { CachedSubscriptionStore } from '../../../local/subscription-cache.js';
import { busEvent } from '../../support/bus-events.js';
import { subscription } from '../../support/bus-webhook-store-contract.js';

// The local dispatcher lists the subscriptions from memory until the administration writes one,
// and keeps each secret 300 s, as the dispatcher's function does on AWS (docs/parity.md).

const T0 = Date.parse('2026-03-01T09:00:00.000Z');
const OLD_SECRET = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';
const NEW_SECRET = 'whsec_dGhlIG5ldyBzZWNyZXQgb2YgdGhlIHBhcnRuZXI=';

/** `records` with another way of listing them. */
const listingBy = (
  records: OutboundWebhookStore,
  list: () => Promise<readonly WebhookSubscription[]>,
): OutboundWebhookStore => ({
  putSubscription: (subscription) => records.putSubscription(subscription),
  getSubscription: (id) => records.getSubscription(id),
  listSubscriptions: list,
  removeSubscription: (id) => records.removeSubscription(id),
  park: (delivery) => records.park(delivery),
  getParked: (webhookId) => records.getParked(webhookId),
  listParked: () => records.listParked(),
  removeParked: (webhookId) => records.removeParked(webhookId),
});

/** The local runtime's composition: the dispatcher and the administration over one cached store. */
const localDispatcher = (records = new InMemoryOutboundWebhookStore()) => {
  let now = T0;
  let lists = 0;
  const counted = listingBy(records, () => {
    lists += 1;
    return records.listSubscriptions();
  });
  const subscriptions = new CachedSubscriptionStore({ store: counted, clock: () => new Date(now) });
  const requests: WebhookRequest[] = [];
  const dispatcher = new WebhookDispatcher({
    store: subscriptions,
    scope: { partners: new InMemoryPartnerRegistry(), events: new InMemoryEventStore() },
    send: async (request) => {
      requests.push(request);
      return { status: 204 };
    },
    clock: () => new Date(now),
  });
  let sequence = 0;
  const deliverNext = async (): Promise<string[]> => {
    sequence += 1;
    const outcomes = await dispatcher.dispatchAll([
      busEvent({ type: 'SessionHeld', eventId: `event-${sequence}` }),
    ]);
    return outcomes.map((outcome) => outcome.subscriptionId);
  };
  return {
    subscriptions,
    requests,
    deliverNext,
    lists: () => lists,
    advance: (ms: number) => {
      now += ms;
    },
  };
};

/** Which of the two secrets signed a request (its signature recomputed with each). */
const signedWith = (request: WebhookRequest): string => {
  const id = request.headers['webhook-id'] ?? '';
  const at = new Date(Number(request.headers['webhook-timestamp']) * 1000);
  const signature = request.headers['webhook-signature'];
  if (signature === new Webhook(OLD_SECRET).sign(id, at, request.body)) return 'old';
  if (signature === new Webhook(NEW_SECRET).sign(id, at, request.body)) return 'new';
  return 'neither';
};

describe('the local cache of outbound subscriptions', () => {
  it('keeps the secret lifetime of the AWS side', () => {
    expect(SIGNING_SECRETS_MAX_AGE_SECONDS).toBe(300);
  });

  it('lists the subscriptions once while none changes, and a subscription created, revoked or removed takes effect for the next event delivered', async () => {
    // Prepare
    const local = localDispatcher();
    const delivered: string[][] = [];

    // Act: two events, a subscription created, two events, revoked, one event, re-activated,
    // one event, removed, one event
    delivered.push(await local.deliverNext(), await local.deliverNext());
    await local.subscriptions.putSubscription(subscription({ id: 'sessions' }));
    delivered.push(await local.deliverNext(), await local.deliverNext());
    await local.subscriptions.putSubscription(subscription({ id: 'sessions', active: false }));
    delivered.push(await local.deliverNext());
    await local.subscriptions.putSubscription(subscription({ id: 'sessions', active: true }));
    delivered.push(await local.deliverNext());
    await local.subscriptions.removeSubscription('sessions');
    delivered.push(await local.deliverNext(), await local.deliverNext());

    // Assess: one list at the start and one after each of the four writes
    expect(delivered).toEqual([[], [], ['sessions'], ['sessions'], [], ['sessions'], [], []]);
    expect(local.lists()).toBe(5);
  });

  it('signs with a rotated secret only once the secret read before is 300 s old, as the AWS dispatcher', async () => {
    // Prepare: a subscription whose secret was read at T0
    const local = localDispatcher();
    await local.subscriptions.putSubscription(subscription({ id: 'sessions', secret: OLD_SECRET }));
    await local.deliverNext();
    local.advance(100_000);
    await local.subscriptions.putSubscription(subscription({ id: 'sessions', secret: NEW_SECRET }));

    // Act: events at 100 s, 299.999 s and 300 s after the first read
    await local.deliverNext();
    local.advance(199_999);
    await local.deliverNext();
    local.advance(1);
    await local.deliverNext();

    // Assess
    expect(local.requests.map(signedWith)).toEqual(['old', 'old', 'old', 'new']);
    expect(await local.subscriptions.getSubscription('sessions')).toEqual(
      expect.objectContaining({ secret: NEW_SECRET }),
    );
  });

  it('does not keep a list read while a subscription was being written', async () => {
    // Prepare: a store whose first list answers what it held before a write that lands meanwhile
    const records = new InMemoryOutboundWebhookStore();
    let release: () => void = () => {};
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    let first = true;
    const slow = listingBy(records, async () => {
      const before = await records.listSubscriptions();
      if (first) {
        first = false;
        await gate;
      }
      return before;
    });
    const subscriptions = new CachedSubscriptionStore({ store: slow, clock: () => new Date(T0) });

    // Act
    const racing = subscriptions.listSubscriptions();
    await subscriptions.putSubscription(subscription({ id: 'sessions' }));
    release();
    const during = await racing;
    const after = await subscriptions.listSubscriptions();

    // Assess
    expect(during).toEqual([]);
    expect(after.map((listed) => listed.id)).toEqual(['sessions']);
  });
});
