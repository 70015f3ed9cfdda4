import type { LookupAddress } from 'node:dns';
import { describe, expect, it } from 'vitest';
import { lambdaHandler } from '../../../../../functions/adapters/http/lambda.js';
import { partnerRoutes } from '../../../../../functions/adapters/http/routes/partners.js';
import { InMemoryEventStore } from '../../../../../functions/adapters/in-memory/event-store.js';
import { InMemoryIdempotencyStore } from '../../../../../functions/adapters/in-memory/idempotency.js';
import { InMemoryPartnerRegistry } from '../../../../../functions/adapters/in-memory/partner-reports.js';
import {
  guardedLookup,
  type HostResolver,
  PUBLIC_DESTINATIONS_ONLY,
  refusedUrlReason,
} from '../../../../../functions/adapters/webhooks/destination.js';
import { WebhookDispatcher } from '../../../../../functions/adapters/webhooks/dispatcher.js';
import { isWebhookDestinationRefusedError } from '../../../../../functions/adapters/webhooks/errors.js';
import {
  guardedWebhookSender,
  type WebhookRequest,
} from '../../../../../functions/adapters/webhooks/http-sender.js';
import { InMemoryOutboundWebhookStore } from '../../../../../functions/adapters/webhooks/store.js';
import { busEvent } from '../../../../support/bus-events.js';
import { subscription } from '../../../../support/bus-webhook-store-contract.js';
import { apiGatewayEvent, testLambdaContext } from '../../../../support/http-events.js';

// Where outbound deliveries may go. The resolver is injected: what is proven here is the check on
// the addresses a name resolves to (test/integration/local/delivery.test.ts delivers
// over real sockets).

const LOCAL_DEVELOPMENT = { allowLoopbackForLocalDevelopment: true };

/** A resolver answering these addresses for every name, counting its calls. */
const resolverOf = (...answers: (readonly string[])[]) => {
  let calls = 0;
  const resolve: HostResolver = async () => {
    const addresses = answers[Math.min(calls, answers.length - 1)] ?? [];
    calls += 1;
    return addresses.map((address): LookupAddress => ({ address, family: address.includes(':') ? 6 : 4 }));
  };
  return { resolve, calls: () => calls };
};

/** What a socket's lookup answers, as a promise. */
const lookUp = (resolve: HostResolver, hostname: string, all: boolean) =>
  new Promise<{ error: NodeJS.ErrnoException | null; address: string | LookupAddress[]; family?: number }>(
    (settle) => {
      guardedLookup(PUBLIC_DESTINATIONS_ONLY, resolve)(hostname, { all }, (error, address, family) =>
        settle({ error, address, ...(family === undefined ? {} : { family }) }),
      );
    },
  );

describe('the URL of a delivery', () => {
  it.each([
    [
      'http://169.254.169.254/latest/meta-data',
      '169.254.169.254 is a private, link-local, multicast or reserved address',
    ],
    ['https://169.254.169.254/', '169.254.169.254 is a private, link-local, multicast or reserved address'],
    ['http://localhost/', 'must not name this machine (localhost)'],
    ['https://api.localhost/', 'must not name this machine (api.localhost)'],
    ['http://127.0.0.1:8080/', 'must not name this machine (127.0.0.1)'],
    ['http://0x7f.1/', 'must not name this machine (127.0.0.1)'],
    ['http://[::1]/', 'must not name this machine (::1)'],
    ['https://[::ffff:127.0.0.1]/', 'must not name this machine (::ffff:7f00:1)'],
    ['https://[::ffff:10.0.0.1]/', '::ffff:a00:1 is a private, link-local, multicast or reserved address'],
    ['https://10.1.2.3/', '10.1.2.3 is a private, link-local, multicast or reserved address'],
    ['https://172.20.0.1/', '172.20.0.1 is a private, link-local, multicast or reserved address'],
    ['https://192.168.1.1/', '192.168.1.1 is a private, link-local, multicast or reserved address'],
    ['https://100.64.0.1/', '100.64.0.1 is a private, link-local, multicast or reserved address'],
    ['https://0.0.0.0/', '0.0.0.0 is a private, link-local, multicast or reserved address'],
    ['https://224.0.0.1/', '224.0.0.1 is a private, link-local, multicast or reserved address'],
    ['https://[fe80::1]/', 'fe80::1 is a private, link-local, multicast or reserved address'],
    ['https://[fd00::1]/', 'fd00::1 is a private, link-local, multicast or reserved address'],
    ['https://user:pass@example.org/', 'must not hold credentials (user:password@)'],
    ['https://token@example.org/', 'must not hold credentials (user:password@)'],
    ['http://partner.example.org/', 'must be https'],
  ])('refuses %s: %s', (url, reason) => {
    expect(refusedUrlReason(url, PUBLIC_DESTINATIONS_ONLY)).toBe(reason);
  });

  it('accepts a public https URL, by name or address', () => {
    expect(refusedUrlReason('https://partner.example.org/naseej', PUBLIC_DESTINATIONS_ONLY)).toBeUndefined();
    expect(refusedUrlReason('https://93.184.215.14:8443/hook', PUBLIC_DESTINATIONS_ONLY)).toBeUndefined();
  });

  it('lets local development reach this machine, over http too, and nothing else private', () => {
    expect(refusedUrlReason('http://127.0.0.1:9/webhooks', LOCAL_DEVELOPMENT)).toBeUndefined();
    expect(refusedUrlReason('http://localhost:9/webhooks', LOCAL_DEVELOPMENT)).toBeUndefined();
    expect(refusedUrlReason('http://169.254.169.254/', LOCAL_DEVELOPMENT)).toBe(
      '169.254.169.254 is a private, link-local, multicast or reserved address',
    );
    expect(refusedUrlReason('http://partner.example.org/', LOCAL_DEVELOPMENT)).toBe('must be https');
  });
});

describe('the addresses a name resolves to, checked by the socket’s own lookup', () => {
  it('refuses a name that resolves to loopback', async () => {
    const { error } = await lookUp(resolverOf(['127.0.0.1']).resolve, 'partner.example.org', true);
    expect(isWebhookDestinationRefusedError(error)).toBe(true);
    expect(error?.message).toBe('Destination refused: partner.example.org: 127.0.0.1 is a loopback address');
  });

  it('refuses a name when any of its addresses is refused (a public one beside a private one)', async () => {
    const { error } = await lookUp(
      resolverOf(['93.184.215.14', '10.0.0.7']).resolve,
      'partner.example.org',
      true,
    );
    expect(error?.message).toBe(
      'Destination refused: partner.example.org: 10.0.0.7 is a private, link-local, multicast or reserved address',
    );
  });

  it('refuses an IPv4-mapped IPv6 answer of the metadata service', async () => {
    const { error } = await lookUp(
      resolverOf(['::ffff:169.254.169.254']).resolve,
      'partner.example.org',
      false,
    );
    expect(isWebhookDestinationRefusedError(error)).toBe(true);
  });

  it('hands the socket the very addresses it checked, in both lookup forms', async () => {
    const { resolve } = resolverOf(['93.184.215.14', '2606:2800:21f:cb07:6820:80da:af6b:8b2c']);
    expect(await lookUp(resolve, 'partner.example.org', true)).toEqual({
      error: null,
      address: [
        { address: '93.184.215.14', family: 4 },
        { address: '2606:2800:21f:cb07:6820:80da:af6b:8b2c', family: 6 },
      ],
    });
    expect(await lookUp(resolve, 'partner.example.org', false)).toEqual({
      error: null,
      address: '93.184.215.14',
      family: 4,
    });
  });

  it('checks every resolution: a name that turns to loopback on the next lookup is refused then', async () => {
    const rebinding = resolverOf(['93.184.215.14'], ['127.0.0.1']);
    const first = await lookUp(rebinding.resolve, 'partner.example.org', false);
    const second = await lookUp(rebinding.resolve, 'partner.example.org', false);
    expect(first.error).toBeNull();
    expect(isWebhookDestinationRefusedError(second.error)).toBe(true);
    expect(rebinding.calls()).toBe(2);
  });
});

describe('a delivery to a refused destination', () => {
  const dispatcherWith = (send?: (request: WebhookRequest) => Promise<{ status: number }>) => {
    const store = new InMemoryOutboundWebhookStore();
    const dispatcher = new WebhookDispatcher({
      store,
      scope: { partners: new InMemoryPartnerRegistry(), events: new InMemoryEventStore() },
      ...(send === undefined ? {} : { send }),
      retry: { maxAttempts: 3, baseDelayMs: 1, maxDelayMs: 1 },
      clock: () => new Date('2026-03-01T09:00:00.000Z'),
      sleep: async () => undefined,
    });
    return { store, dispatcher };
  };

  it('is refused at delivery time when the name resolves to loopback, parked with the reason, not retried', async () => {
    // Prepare
    const resolver = resolverOf(['127.0.0.1']);
    const { store, dispatcher } = dispatcherWith(
      guardedWebhookSender(PUBLIC_DESTINATIONS_ONLY, resolver.resolve),
    );
    await store.putSubscription(subscription({ url: 'https://partner.example.org/naseej' }));
    // Act
    const [outcome] = await dispatcher.dispatch(busEvent({ type: 'SessionHeld' }));
    // Assess
    expect(outcome).toMatchObject({
      outcome: 'parked',
      attempts: 1,
      lastError: 'Destination refused: partner.example.org: 127.0.0.1 is a loopback address',
    });
    expect(resolver.calls()).toBe(1);
    expect(await dispatcher.listParked()).toEqual([
      expect.objectContaining({ attempts: 1, lastError: outcome?.lastError }),
    ]);
  });

  it('is never sent when a stored subscription names the metadata service', async () => {
    // Prepare: a subscription written before URLs were checked
    const sent: WebhookRequest[] = [];
    const { store, dispatcher } = dispatcherWith(async (request) => {
      sent.push(request);
      return { status: 200 };
    });
    await store.putSubscription(subscription({ url: 'http://169.254.169.254/latest/meta-data' }));
    // Act
    const [outcome] = await dispatcher.dispatch(busEvent({ type: 'SessionHeld' }));
    // Assess
    expect(sent).toEqual([]);
    expect(outcome).toMatchObject({
      outcome: 'parked',
      attempts: 0,
      lastError:
        'Destination refused: http://169.254.169.254/latest/meta-data: 169.254.169.254 is a private, link-local, multicast or reserved address',
    });
  });
});

describe('a subscription PUT by the ministry', () => {
  const route = partnerRoutes.find((candidate) => candidate.operationId === 'subscribePartner');
  /** PUTs a new subscription to the url through the route's Lambda handler; answers it and the store. */
  const put = async (url: string) => {
    const subscriptions = new InMemoryOutboundWebhookStore();
    const partners = new InMemoryPartnerRegistry();
    const events = new InMemoryEventStore();
    const handler = lambdaHandler(partnerRoutes, {
      store: events,
      idempotency: new InMemoryIdempotencyStore(),
      clock: () => '2026-03-01T09:00:00.000Z',
      newId: () => 'id-1',
      partnerAdministration: {
        partners,
        subscriptions,
        deliveries: new WebhookDispatcher({ store: subscriptions, scope: { partners, events } }),
      },
    });
    const response = await handler(
      apiGatewayEvent(route as NonNullable<typeof route>, {
        claims: { sub: 'ministry-1', iat: '1780000000', exp: '1780003600', 'naseej:roles': '[ministry]' },
        pathParameters: { partnerId: 'partner-amsed', subscriptionId: 'sub-amsed' },
        body: JSON.stringify({ url, eventTypes: ['SessionHeld'] }),
      }),
      testLambdaContext(),
    );
    return { response, stored: await subscriptions.listSubscriptions() };
  };

  it.each([
    ['http://169.254.169.254/', '169.254.169.254 is a private, link-local, multicast or reserved address'],
    ['http://localhost/', 'must not name this machine (localhost)'],
    ['https://user:pass@example.org/', 'must not hold credentials (user:password@)'],
    ['http://[::1]/', 'must not name this machine (::1)'],
  ])('answers 400 naming `url` for %s, and stores nothing', async (url, reason) => {
    // Act
    const { response, stored } = await put(url);
    // Assess
    expect(response.statusCode).toBe(400);
    expect(JSON.parse(response.body ?? '{}')).toMatchObject({
      code: 'VALIDATION_FAILED',
      errors: [{ pointer: '/body/url', field: 'body.url', reason }],
    });
    expect(stored).toEqual([]);
  });

  it('accepts a public https URL', async () => {
    const { response, stored } = await put('https://partner.example.org/naseej');
    expect(response.statusCode).toBe(201);
    expect(stored.map((found) => found.url)).toEqual(['https://partner.example.org/naseej']);
  });
});
