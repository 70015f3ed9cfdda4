import { afterEach, describe, expect, it } from 'vitest';
import { InMemoryEventStore } from '../../../functions/adapters/in-memory/event-store.js';
import { InMemoryPartnerRegistry } from '../../../functions/adapters/in-memory/partner-reports.js';
import { WebhookDispatcher } from '../../../functions/adapters/webhooks/dispatcher.js';
import { InMemoryOutboundWebhookStore } from '../../../functions/adapters/webhooks/store.js';
import { generateSigningSecret, webhookIdFor } from '../../../functions/adapters/webhooks/subscription.js';
import { InMemoryCheckpointStore } from '../../../local/bus/checkpoints.js';
import { LocalBus } from '../../../local/bus.js';
import { ChangeFeed } from '../../../local/change-feed.js';
import { startLocalWebhookDispatcher } from '../../../local/webhook-dispatcher.js';
import { appendEvents } from '../../support/bus-change-feed.js';
import { busEvent } from '../../support/bus-events.js';
import { startWebhookReceiver } from '../../support/bus-webhook-receiver.js';
import { subscription } from '../../support/bus-webhook-store-contract.js';

const tinyRetries = { maxAttempts: 3, baseDelayMs: 5, maxDelayMs: 10 };
/** The receiver listens on 127.0.0.1: only local development's option lets deliveries reach it. */
const LOCAL_DEVELOPMENT = { allowLoopbackForLocalDevelopment: true };
/** What deliveries are scoped by: no partner record (the public types) and the given events. */
const scopeOver = (events = new InMemoryEventStore()) => ({
  partners: new InMemoryPartnerRegistry(),
  events,
});
const stops: (() => Promise<void>)[] = [];

afterEach(async () => {
  while (stops.length > 0) await stops.pop()?.();
});

/**
 * The local delivery path: a fresh store's events through the change feed onto the bus, to the
 * webhook dispatcher over `webhooks`; the feed publishes each event, or a page at once.
 */
const feedToDispatcher = (
  webhooks: Parameters<typeof startLocalWebhookDispatcher>[1]['store'],
  publish: 'each' | 'page',
  partners = new InMemoryPartnerRegistry(),
) => {
  const events = new InMemoryEventStore();
  const bus = new LocalBus({ onMissingHandler: 'skip' });
  startLocalWebhookDispatcher(bus, {
    store: webhooks,
    scope: { partners, events },
    destinations: LOCAL_DEVELOPMENT,
    retry: tinyRetries,
  });
  const feed = new ChangeFeed({
    store: events,
    checkpoints: new InMemoryCheckpointStore(),
    publish: publish === 'each' ? (event) => bus.publish(event) : { batch: (page) => bus.publishBatch(page) },
  });
  return { events, feed };
};

/** A partner receiver and a dispatcher subscribed to it with the same secret. */
const partnerSetup = async (respond?: (attempt: number) => number) => {
  const secret = generateSigningSecret();
  const receiver = await startWebhookReceiver(secret, respond);
  stops.push(receiver.stop);
  const store = new InMemoryOutboundWebhookStore();
  await store.putSubscription(subscription({ id: 'sub-amsed', url: receiver.url, secret }));
  const dispatcher = new WebhookDispatcher({
    store,
    scope: scopeOver(),
    destinations: LOCAL_DEVELOPMENT,
    retry: tinyRetries,
    timeoutMs: 5_000,
  });
  return { receiver, store, dispatcher, secret };
};

describe('outbound partner webhooks over real HTTP (127.0.0.1)', () => {
  it('delivers a delivery the partner verifies with the standardwebhooks package', async () => {
    // Prepare
    const { receiver, dispatcher } = await partnerSetup();
    const event = busEvent({ eventId: 'e-1', type: 'SessionHeld', data: { sessionId: 's-1' } });
    // Act
    const [outcome] = await dispatcher.dispatch(event);
    // Assess
    expect(outcome).toMatchObject({ outcome: 'delivered', attempts: 1, lastStatus: 204 });
    expect(receiver.received).toHaveLength(1);
    expect(receiver.received[0]?.verificationError).toBeUndefined();
    expect(receiver.received[0]?.verified).toMatchObject({
      type: 'SessionHeld',
      data: { eventId: 'e-1', streamId: 'rollout-FM', data: { sessionId: 's-1' } },
    });
  });

  it('retries a receiver that fails twice, with the same webhook-id on every try', async () => {
    // Prepare
    const { receiver, dispatcher } = await partnerSetup((attempt) => (attempt <= 2 ? 500 : 200));
    // Act
    const [outcome] = await dispatcher.dispatch(busEvent({ eventId: 'e-2', type: 'SessionHeld' }));
    // Assess
    expect(outcome).toMatchObject({ outcome: 'delivered', attempts: 3 });
    expect(receiver.received.map((request) => request.status)).toEqual([500, 500, 200]);
    expect(receiver.received.every((request) => request.verified !== undefined)).toBe(true);
    expect(new Set(receiver.received.map((request) => request.headers['webhook-id']))).toEqual(
      new Set([webhookIdFor('sub-amsed', 'e-2')]),
    );
  });

  it('parks what an always-failing receiver refuses, and replays it once the receiver is fixed', async () => {
    // Prepare
    const { receiver, dispatcher } = await partnerSetup(() => 503);
    const [parked] = await dispatcher.dispatch(busEvent({ eventId: 'e-3', type: 'SessionHeld' }));
    receiver.setResponder(() => 200);
    // Act
    const replayed = await dispatcher.replay(parked?.webhookId as string);
    // Assess
    expect(parked).toMatchObject({ outcome: 'parked', attempts: 3, lastStatus: 503 });
    expect(replayed).toMatchObject({ outcome: 'delivered', attempts: 1 });
    expect(receiver.received.map((request) => request.status)).toEqual([503, 503, 503, 200]);
    expect(new Set(receiver.received.map((request) => request.headers['webhook-id'])).size).toBe(1);
    expect(await dispatcher.listParked()).toEqual([]);
  });

  it('is refused by a partner holding another secret (the signature protects the body)', async () => {
    // Prepare
    const { receiver, store, dispatcher } = await partnerSetup();
    await store.putSubscription(
      subscription({ id: 'sub-amsed', url: receiver.url, secret: generateSigningSecret() }),
    );
    // Act
    const [outcome] = await dispatcher.dispatch(busEvent({ type: 'SessionHeld' }));
    // Assess
    expect(outcome).toMatchObject({ outcome: 'parked', lastStatus: 401 });
    expect(receiver.received[0]?.verificationError).toMatch(/signature/i);
  });

  it('refuses the local receiver without the local-development option (as on AWS): parked with the reason', async () => {
    // Prepare
    const { receiver, store } = await partnerSetup();
    const dispatcher = new WebhookDispatcher({ store, scope: scopeOver(), retry: tinyRetries });
    // Act
    const [outcome] = await dispatcher.dispatch(busEvent({ type: 'SessionHeld' }));
    // Assess
    expect(outcome).toMatchObject({
      outcome: 'parked',
      attempts: 0,
      lastError: `Destination refused: ${receiver.url}: must not name this machine (127.0.0.1)`,
    });
    expect(receiver.received).toEqual([]);
    expect(await dispatcher.listParked()).toEqual([
      expect.objectContaining({ lastError: outcome?.lastError }),
    ]);
  });

  it('resolves a name through the guarded lookup and delivers to the address it checked', async () => {
    // Prepare: `localhost` resolves (hosts file) to loopback, which local development allows
    const { receiver, store, secret } = await partnerSetup();
    await store.putSubscription(
      subscription({ id: 'sub-amsed', url: receiver.url.replace('127.0.0.1', 'localhost'), secret }),
    );
    const allowed = new WebhookDispatcher({
      store,
      scope: scopeOver(),
      destinations: LOCAL_DEVELOPMENT,
      retry: tinyRetries,
    });
    // Act
    const [outcome] = await allowed.dispatch(busEvent({ type: 'SessionHeld' }));
    // Assess
    expect(outcome).toMatchObject({ outcome: 'delivered', attempts: 1 });
    expect(receiver.received[0]?.verificationError).toBeUndefined();
  });

  it('runs end to end locally: store → change feed → local bus → dispatcher → partner', async () => {
    // Prepare
    const { receiver, store: webhooks } = await partnerSetup();
    const { events, feed } = feedToDispatcher(webhooks, 'each');
    // Act: one commit holds SessionHeld and AttendanceRecorded; the subscription wants Session* only
    const [sessionHeld] = await appendEvents(events, 'training-FM-a1', 2);
    await feed.drain();
    // Assess
    expect(receiver.received.map((request) => request.headers['webhook-id'])).toEqual([
      webhookIdFor('sub-amsed', sessionHeld as string),
    ]);
    expect(receiver.received[0]?.verified).toMatchObject({ type: 'SessionHeld' });
  });

  it("delivers a partner's own rollout's events and the public types only, over the change feed", async () => {
    // Prepare: AMSED implements Fès-Meknès and subscribes to every signature and every session
    const { receiver, store: webhooks, secret } = await partnerSetup();
    await webhooks.putSubscription(
      subscription({
        id: 'sub-amsed',
        url: receiver.url,
        secret,
        eventPatterns: [{ 'detail-type': ['AgreementSigned', 'SessionHeld'] }],
      }),
    );
    const partners = new InMemoryPartnerRegistry([
      { partnerId: 'partner-amsed', associationId: 'assoc-amsed', rolloutId: 'rollout-FM-2026', secrets: [] },
    ]);
    const { events, feed } = feedToDispatcher(webhooks, 'page', partners);
    const metadata = {
      actor: { id: 'ministry-1', role: 'ministry' as const },
      correlationId: 'c-1',
      causationId: null,
    };
    const append = (streamId: string, type: string, data: Record<string, unknown>) =>
      events.append({
        streamId,
        expectedVersion: 'any',
        events: [{ type, schemaVersion: 1, data }],
        metadata,
      });
    for (const region of ['FM', 'MS']) {
      // The signature names no rollout: the agreement's first event does.
      await append(`agreement-${region}-2026-partner`, 'AgreementDrafted', {
        rolloutId: `rollout-${region}-2026`,
      });
      await append(`agreement-${region}-2026-partner`, 'AgreementSigned', { signatory: 'partner-amsed' });
      await append(`training-${region}-a1`, 'SessionHeld', { rolloutId: `rollout-${region}-2026` });
    }
    // Act
    await feed.drain();
    // Assess: the Marrakech-Safi signature is not AMSED's to read; sessions are public
    expect(
      receiver.received.map((request) => {
        const { type, data } = request.verified as { type: string; data: { streamId: string } };
        return `${type} ${data.streamId}`;
      }),
    ).toEqual([
      'AgreementSigned agreement-FM-2026-partner',
      'SessionHeld training-FM-a1',
      'SessionHeld training-MS-a1',
    ]);
  });

  it('delivers a page of the feed in order, reading the subscriptions once for the page', async () => {
    // Prepare: the runtime's wiring, a page of the feed handed to the bus at once
    const { receiver, store: webhooks } = await partnerSetup();
    let lists = 0;
    const counted = Object.assign(Object.create(webhooks) as InMemoryOutboundWebhookStore, {
      listSubscriptions: () => {
        lists += 1;
        return webhooks.listSubscriptions();
      },
    });
    const { events, feed } = feedToDispatcher(counted, 'page');
    // Act: three commits of SessionHeld + AttendanceRecorded, one page
    const ids = [
      ...(await appendEvents(events, 'training-FM-a1', 2)),
      ...(await appendEvents(events, 'training-FM-a2', 2)),
      ...(await appendEvents(events, 'training-FM-a3', 2)),
    ];
    await feed.drain();
    // Assess: the three SessionHeld, in order, verified; one read of the subscriptions
    expect(receiver.received.map((request) => request.headers['webhook-id'])).toEqual(
      [ids[0], ids[2], ids[4]].map((id) => webhookIdFor('sub-amsed', id as string)),
    );
    expect(receiver.received.every((request) => request.verificationError === undefined)).toBe(true);
    expect(lists).toBe(1);
  });
});
