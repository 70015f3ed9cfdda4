import { Webhook } from 'standardwebhooks';
import { describe, expect, it } from 'vitest';
import { InMemoryEventStore } from '../../../../../functions/adapters/in-memory/event-store.js';
import { InMemoryPartnerRegistry } from '../../../../../functions/adapters/in-memory/partner-reports.js';
import { WebhookDispatcher } from '../../../../../functions/adapters/webhooks/dispatcher.js';
import {
  isInvalidWebhookSubscriptionError,
  isParkedDeliveryNotFoundError,
} from '../../../../../functions/adapters/webhooks/errors.js';
import type { WebhookRequest } from '../../../../../functions/adapters/webhooks/http-sender.js';
import { InMemoryOutboundWebhookStore } from '../../../../../functions/adapters/webhooks/store.js';
import {
  generateSigningSecret,
  parseWebhookSubscription,
  webhookIdFor,
} from '../../../../../functions/adapters/webhooks/subscription.js';
import type { EventStore } from '../../../../../functions/application/ports/event-store.js';
import { busEvent } from '../../../../support/bus-events.js';
import { subscription } from '../../../../support/bus-webhook-store-contract.js';

/** A receiver that answers the given statuses in turn (the last one forever). */
const scriptedReceiver = (...statuses: number[]) => {
  const requests: WebhookRequest[] = [];
  const send = async (request: WebhookRequest) => {
    requests.push(request);
    return { status: statuses[Math.min(requests.length - 1, statuses.length - 1)] as number };
  };
  return { requests, send };
};

/**
 * A dispatcher with a clock that ticks one second per reading and sleeps that are recorded; its
 * partners and event store (what deliveries are scoped by) are empty unless given.
 */
const testDispatcher = (
  send: (request: WebhookRequest) => Promise<{ status: number }>,
  scope: { partners?: InMemoryPartnerRegistry; events?: EventStore } = {},
) => {
  const store = new InMemoryOutboundWebhookStore();
  const waits: number[] = [];
  let tick = 0;
  const dispatcher = new WebhookDispatcher({
    store,
    scope: {
      partners: scope.partners ?? new InMemoryPartnerRegistry(),
      events: scope.events ?? new InMemoryEventStore(),
    },
    send,
    retry: { maxAttempts: 4, baseDelayMs: 5, maxDelayMs: 12 },
    clock: () => new Date(Date.UTC(2026, 2, 1, 9, 0, tick++)),
    sleep: async (milliseconds) => {
      waits.push(milliseconds);
    },
  });
  return { store, dispatcher, waits };
};

describe('the outbound webhook dispatcher', () => {
  it('sends an event only to the active subscriptions whose patterns match it', async () => {
    // Prepare
    const receiver = scriptedReceiver(204);
    const { store, dispatcher } = testDispatcher(receiver.send);
    await store.putSubscription(subscription({ id: 'sessions', url: 'https://partner.test/sessions' }));
    await store.putSubscription(
      subscription({ id: 'grants', eventPatterns: [{ 'detail-type': ['TranchePaid'] }] }),
    );
    await store.putSubscription(subscription({ id: 'paused', active: false }));
    // Act
    const outcomes = await dispatcher.dispatch(busEvent({ type: 'SessionHeld' }));
    // Assess
    expect(outcomes).toEqual([
      expect.objectContaining({ subscriptionId: 'sessions', outcome: 'delivered', attempts: 1 }),
    ]);
    expect(receiver.requests.map((request) => request.url)).toEqual(['https://partner.test/sessions']);
  });

  it('signs per Standard Webhooks: the body in the { type, timestamp, data } shape, without the actor', async () => {
    // Prepare
    const receiver = scriptedReceiver(200);
    const { store, dispatcher } = testDispatcher(receiver.send);
    const secret = generateSigningSecret();
    await store.putSubscription(subscription({ secret }));
    const event = busEvent({ eventId: 'e-1', type: 'SessionHeld' });
    // Act
    await dispatcher.dispatch(event);
    // Assess
    const [request] = receiver.requests as [WebhookRequest];
    const {
      'webhook-id': id,
      'webhook-timestamp': timestamp,
      'webhook-signature': signature,
    } = request.headers;
    expect(id).toBe('msg_ecc13fbf9f785b15088ceec005a31586');
    expect(signature).toBe(
      new Webhook(secret).sign(id as string, new Date(Number(timestamp) * 1_000), request.body),
    );
    const body = JSON.parse(request.body);
    expect(body).toMatchObject({
      type: 'SessionHeld',
      timestamp: event.detail.occurredAt,
      data: { eventId: 'e-1' },
    });
    expect(body.data.actor).toBeUndefined();
  });

  it('leaves out the finance officers who acted, as the feed does for every role but the ministry', async () => {
    // Prepare
    const receiver = scriptedReceiver(204);
    const { store, dispatcher } = testDispatcher(receiver.send);
    await store.putSubscription(subscription({ eventPatterns: [{ 'detail-type': ['TranchePaid'] }] }));
    // Act
    await dispatcher.dispatch(
      busEvent({
        type: 'TranchePaid',
        data: { grantId: 'grant-1', tranche: 1, preparerId: 'fin-1', approverId: 'fin-2', payerId: 'fin-3' },
      }),
    );
    // Assess
    expect(JSON.parse(receiver.requests[0]?.body ?? '{}').data.data).toEqual({
      grantId: 'grant-1',
      tranche: 1,
    });
  });

  it('retries with backoff, keeping the webhook-id and stamping each attempt anew', async () => {
    // Prepare
    const receiver = scriptedReceiver(500, 503, 200);
    const { store, dispatcher, waits } = testDispatcher(receiver.send);
    await store.putSubscription(subscription());
    // Act
    const [outcome] = await dispatcher.dispatch(busEvent({ type: 'SessionHeld' }));
    // Assess
    expect(outcome).toMatchObject({ outcome: 'delivered', attempts: 3, lastStatus: 200 });
    expect(waits).toEqual([5, 10]);
    expect(new Set(receiver.requests.map((request) => request.headers['webhook-id'])).size).toBe(1);
    expect(new Set(receiver.requests.map((request) => request.headers['webhook-timestamp'])).size).toBe(3);
  });

  it('parks a delivery after the last attempt, and replays it to the fixed URL', async () => {
    // Prepare
    const receiver = scriptedReceiver(500, 500, 500, 500, 200);
    const { store, dispatcher } = testDispatcher(receiver.send);
    await store.putSubscription(subscription({ url: 'https://partner.test/broken' }));
    const [parked] = await dispatcher.dispatch(busEvent({ type: 'SessionHeld' }));
    await store.putSubscription(subscription({ url: 'https://partner.test/fixed' }));
    // Act
    const replayed = await dispatcher.replay(parked?.webhookId as string);
    // Assess
    expect(parked).toMatchObject({ outcome: 'parked', attempts: 4, lastStatus: 500, lastError: 'HTTP 500' });
    expect(replayed).toMatchObject({ outcome: 'delivered', webhookId: parked?.webhookId });
    expect(receiver.requests.at(-1)?.url).toBe('https://partner.test/fixed');
    expect(await dispatcher.listParked()).toEqual([]);
  });

  it('counts the attempts of every round when a replay fails again', async () => {
    // Prepare
    const unreachable = async () => {
      throw new Error('connect ECONNREFUSED');
    };
    const { store, dispatcher } = testDispatcher(unreachable);
    await store.putSubscription(subscription());
    await dispatcher.dispatch(busEvent({ type: 'SessionHeld' }));
    // Act
    const [again] = await dispatcher.replayAll();
    // Assess
    expect(again).toMatchObject({ outcome: 'parked', lastError: 'Error: connect ECONNREFUSED' });
    expect(await dispatcher.listParked()).toEqual([expect.objectContaining({ attempts: 8 })]);
  });

  it('refuses to replay what is not parked', async () => {
    const { dispatcher } = testDispatcher(scriptedReceiver(200).send);
    await expect(dispatcher.replay('msg_unknown')).rejects.toSatisfy(isParkedDeliveryNotFoundError);
  });
});

describe('what a partner receives: what the API lets it read', () => {
  /** AMSED implements the Fès-Meknès rollout; its subscription asks for every Naseej event. */
  const amsedScope = async () => {
    const partners = new InMemoryPartnerRegistry([
      { partnerId: 'partner-amsed', associationId: 'assoc-amsed', rolloutId: 'rollout-FM-2026', secrets: [] },
    ]);
    const events = new InMemoryEventStore();
    const metadata = {
      actor: { id: 'ministry-1', role: 'ministry' as const },
      correlationId: 'c-1',
      causationId: null,
    };
    for (const [streamId, rolloutId] of [
      ['agreement-FM-2026-partner', 'rollout-FM-2026'],
      ['agreement-MS-2026-partner', 'rollout-MS-2026'],
    ] as const) {
      await events.append({
        streamId,
        expectedVersion: 'any',
        events: [{ type: 'AgreementDrafted', schemaVersion: 1, data: { rolloutId } }],
        metadata,
      });
    }
    return { partners, events };
  };

  it("delivers its own rollout's events and the public types, never another rollout's", async () => {
    // Prepare
    const receiver = scriptedReceiver(204);
    const { store, dispatcher } = testDispatcher(receiver.send, await amsedScope());
    await store.putSubscription(subscription({ eventPatterns: [{ source: ['naseej'] }] }));
    const events = [
      // Names its rollout in its data.
      busEvent({
        eventId: 'fm-attendance',
        type: 'AttendanceRecorded',
        data: { rolloutId: 'rollout-FM-2026' },
      }),
      busEvent({
        eventId: 'ms-attendance',
        type: 'AttendanceRecorded',
        data: { rolloutId: 'rollout-MS-2026' },
      }),
      // Named by its stream's first event.
      busEvent({
        eventId: 'fm-signed',
        streamId: 'agreement-FM-2026-partner',
        version: 2,
        type: 'AgreementSigned',
        data: {},
      }),
      busEvent({
        eventId: 'ms-signed',
        streamId: 'agreement-MS-2026-partner',
        version: 2,
        type: 'AgreementSigned',
        data: {},
      }),
      // A public type, of another rollout.
      busEvent({ eventId: 'ms-session', type: 'SessionHeld', data: { rolloutId: 'rollout-MS-2026' } }),
      // Of no rollout and not public.
      busEvent({
        eventId: 'orphan',
        streamId: 'unknown-stream',
        version: 3,
        type: 'AttendanceRecorded',
        data: {},
      }),
    ];
    // Act
    const outcomes = await dispatcher.dispatchAll(events);
    // Assess
    expect(outcomes.map((outcome) => outcome.outcome)).toEqual(['delivered', 'delivered', 'delivered']);
    expect(receiver.requests.map((request) => JSON.parse(request.body).data.eventId)).toEqual([
      'fm-attendance',
      'fm-signed',
      'ms-session',
    ]);
  });

  it('gives a partner with no record (no rollout) the public types only', async () => {
    // Prepare
    const receiver = scriptedReceiver(204);
    const { store, dispatcher } = testDispatcher(receiver.send, await amsedScope());
    await store.putSubscription(
      subscription({ partnerId: 'partner-unknown', eventPatterns: [{ source: ['naseej'] }] }),
    );
    // Act
    await dispatcher.dispatchAll([
      busEvent({
        eventId: 'fm-attendance',
        type: 'AttendanceRecorded',
        data: { rolloutId: 'rollout-FM-2026' },
      }),
      busEvent({ eventId: 'fm-session', type: 'SessionHeld', data: { rolloutId: 'rollout-FM-2026' } }),
    ]);
    // Assess
    expect(receiver.requests.map((request) => JSON.parse(request.body).data.eventId)).toEqual(['fm-session']);
  });

  it('keeps parked, saying why, a delivery the partner may no longer read when replayed', async () => {
    // Prepare: parked while AMSED implemented Fès-Meknès; it now implements Marrakech-Safi
    const receiver = scriptedReceiver(500, 500, 500, 500, 204);
    const scope = await amsedScope();
    const { store, dispatcher } = testDispatcher(receiver.send, scope);
    await store.putSubscription(subscription({ eventPatterns: [{ source: ['naseej'] }] }));
    const [parked] = await dispatcher.dispatch(
      busEvent({ type: 'AttendanceRecorded', data: { rolloutId: 'rollout-FM-2026' } }),
    );
    scope.partners.put({
      partnerId: 'partner-amsed',
      associationId: 'assoc-amsed',
      rolloutId: 'rollout-MS-2026',
      secrets: [],
    });
    // Act
    const replayed = await dispatcher.replay(parked?.webhookId as string);
    // Assess
    expect(replayed).toMatchObject({ outcome: 'parked', attempts: 0 });
    expect(receiver.requests).toHaveLength(4);
    expect(await dispatcher.listParked()).toEqual([
      expect.objectContaining({
        webhookId: parked?.webhookId,
        attempts: 4,
        lastError:
          'Refused: partner partner-amsed may not read this event (not of its rollout, not a public type)',
      }),
    ]);
  });
});

describe('webhook subscriptions', () => {
  it('accepts a valid subscription', () => {
    expect(parseWebhookSubscription(subscription())).toEqual(subscription());
  });

  it.each([
    ['a URL that is not http(s)', { url: 'ftp://partner.test/x' }, 'url'],
    ['a secret without the whsec_ prefix', { secret: 'MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw' }, 'secret'],
    ['a secret too short', { secret: 'whsec_c2hvcnQ=' }, 'secret'],
    ['no event patterns', { eventPatterns: [] }, 'eventPatterns'],
    [
      'a pattern the matcher does not support',
      { eventPatterns: [{ source: [{ cidr: '10.0.0.0/8' }] }] },
      'eventPatterns.0.source[0]',
    ],
  ])('refuses %s, naming the field', (_, overrides, path) => {
    expect.assertions(2);
    try {
      parseWebhookSubscription({ ...subscription(), ...overrides });
    } catch (error) {
      expect(isInvalidWebhookSubscriptionError(error)).toBe(true);
      expect((error as { issues: { path: string }[] }).issues.map((issue) => issue.path)).toContain(path);
    }
  });

  it('gives each subscription its own stable webhook id for one event', () => {
    expect(webhookIdFor('sub-1', 'e-1')).toBe('msg_ecc13fbf9f785b15088ceec005a31586');
    expect(webhookIdFor('sub-2', 'e-1')).toBe('msg_f0dd166d5dd00f2911e6ee952df5c4ce');
    expect(webhookIdFor('sub-1', 'e-1')).toMatch(/^msg_[0-9a-f]{32}$/);
  });
});
