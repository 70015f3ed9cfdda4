import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type PartnerAdministrationDependencies,
  partnerRoutes,
} from '../../../../../functions/adapters/http/routes/partners.js';
import { InMemoryEventStore } from '../../../../../functions/adapters/in-memory/event-store.js';
import { InMemoryPartnerRegistry } from '../../../../../functions/adapters/in-memory/partner-reports.js';
import { WebhookDispatcher } from '../../../../../functions/adapters/webhooks/dispatcher.js';
import { InMemoryOutboundWebhookStore } from '../../../../../functions/adapters/webhooks/store.js';
import { DevAuth } from '../../../../../local/dev-auth.js';
import { tallyRoutes } from '../../../../support/http-test-routes.js';
import { type HttpTestServer, startHttpTestServer } from '../../../../support/http-test-server.js';

// Issue 22's attack classes through real HTTP: the local server, real ES256 tokens, the real
// routes (partner subscriptions) and the test tally routes, in memory.

let api: HttpTestServer;
let ministry: string;

beforeAll(async () => {
  const subscriptions = new InMemoryOutboundWebhookStore();
  const partners = new InMemoryPartnerRegistry();
  const deliveries = new WebhookDispatcher({
    store: subscriptions,
    scope: { partners, events: new InMemoryEventStore() },
  });
  const administration: PartnerAdministrationDependencies = {
    partnerAdministration: { partners, subscriptions, deliveries },
  };
  api = await startHttpTestServer([...tallyRoutes, ...partnerRoutes], { deps: administration });
  ministry = await api.auth.mint({ subject: 'minister-1', roles: ['ministry'] });
});

afterAll(async () => {
  await api?.server.close();
});

const send = async (method: string, path: string, token: string, body: string, headers = {}) => {
  const response = await fetch(`${api.url}${path}`, {
    method,
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', ...headers },
    body,
  });
  // biome-ignore lint/suspicious/noExplicitAny: tests read answers loosely
  const json: any = await response.json();
  return { status: response.status, type: response.headers.get('content-type'), json };
};

/** An EventBridge pattern nested `depth` levels deep in `detail`. */
const deepPattern = (depth: number) =>
  `{"url":"https://partner.example/hooks","eventPatterns":[{"detail":${'{"a":'.repeat(depth)}["x"]${'}'.repeat(depth)}}]}`;

describe('deep JSON', () => {
  it.each([
    ['without an Idempotency-Key', {}],
    ['with an Idempotency-Key', { 'idempotency-key': 'deep-1' }],
  ])('refuses a subscription 10,000 levels deep with 400 JSON_TOO_DEEP %s', async (_name, headers) => {
    // Act
    const answer = await send(
      'PUT',
      '/partners/amsed/subscriptions/sub-1',
      ministry,
      deepPattern(10_000),
      headers,
    );

    // Assess
    expect(answer.status).toBe(400);
    expect(answer.type).toBe('application/problem+json');
    expect(answer.json).toMatchObject({
      code: 'JSON_TOO_DEEP',
      detail: 'The request body nests arrays and objects deeper than 32 levels',
      errors: [expect.objectContaining({ reason: 'Nested deeper than 32 levels' })],
    });
  });

  it('refuses a tally addition 400 levels deep (its route takes 1 KiB) with an Idempotency-Key with 400, appending nothing', async () => {
    // Prepare
    const appendsBefore = api.store.appendCalls;
    const deep = `{"amount":3,"note":${'['.repeat(400)}${']'.repeat(400)}}`;

    // Act
    const answer = await send('POST', '/tallies/t-deep/additions', ministry, deep, {
      'idempotency-key': 'deep-2',
    });

    // Assess
    expect(answer.status).toBe(400);
    expect(answer.json.code).toBe('JSON_TOO_DEEP');
    expect(api.store.appendCalls).toBe(appendsBefore);
  });

  it('still takes a subscription whose pattern nests a few levels', async () => {
    const answer = await send('PUT', '/partners/amsed/subscriptions/sub-2', ministry, deepPattern(3));
    expect(answer.status).toBe(201);
  });
});

describe('duplicate names', () => {
  it('refuses a body naming a field twice with 400 DUPLICATE_JSON_KEY, naming the field', async () => {
    // Act
    const answer = await send(
      'PUT',
      '/partners/amsed/subscriptions/sub-3',
      ministry,
      '{"url":"https://partner.example/hooks","eventTypes":["RolloutLaunched"],"url":"https://evil.example/"}',
    );

    // Assess
    expect(answer.status).toBe(400);
    expect(answer.json).toMatchObject({
      code: 'DUPLICATE_JSON_KEY',
      errors: [
        {
          pointer: '/body/url',
          field: 'body.url',
          reason: 'This name appears more than once in its object',
        },
      ],
    });
  });
});

describe('role and region claims, read strictly', () => {
  const tallyInCS = 't-claims-cs';

  beforeAll(async () => {
    const body = JSON.stringify({ region: 'CS', associationId: 'assoc-amsed', label: 'Sessions' });
    expect((await send('POST', `/tallies/${tallyInCS}`, ministry, body)).status).toBe(201);
  });

  const addOne = (token: string) => send('POST', `/tallies/${tallyInCS}/additions`, token, '{"amount":1}');

  it.each([
    ['two roles in one item', { roles: ['reader ministry'] }],
    ['two roles joined by a comma', { roles: ['reader,ministry'] }],
    ['a role with a trailing space', { roles: ['ministry '] }],
    ['two regions in one item', { roles: ['coordinator'], regions: ['FM CS'] }],
    ['an unknown role beside a known one', { roles: ['reader', 'admin'] }],
  ])('refuses a signed token with %s with 401 INVALID_TOKEN, appending nothing', async (_name, claims) => {
    // Prepare (real tokens, signed with the server's key: only their claims are wrong)
    const token = await api.auth.mint({ subject: 'someone', ...(claims as { roles: [] }) });
    const appendsBefore = api.store.appendCalls;

    // Act
    const answer = await addOne(token);

    // Assess
    expect(answer.status).toBe(401);
    expect(answer.json.code).toBe('INVALID_TOKEN');
    expect(api.store.appendCalls).toBe(appendsBefore);
  });

  it('lets the exact roles and regions in', async () => {
    const ministryAndReader = await api.auth.mint({ subject: 'm1', roles: ['reader', 'ministry'] });
    const coordinator = await api.auth.mint({ subject: 'c1', roles: ['coordinator'], regions: ['FM', 'CS'] });
    expect((await addOne(ministryAndReader)).status).toBe(200);
    expect((await addOne(coordinator)).status).toBe(200);
  });
});

describe('token times and what a refused token is told', () => {
  const readTally = (token: string) =>
    fetch(`${api.url}/tallies/t-none`, { headers: { authorization: `Bearer ${token}` } }).then(
      async (response) => ({
        status: response.status,
        authenticate: response.headers.get('www-authenticate'),
        // biome-ignore lint/suspicious/noExplicitAny: tests read answers loosely
        json: (await response.json()) as any,
      }),
    );

  it.each([
    ['issued a year ahead', { issuedAt: new Date(Date.now() + 365 * 86_400_000) }],
    ['valid for 50 years', { expiresInSeconds: 50 * 365 * 86_400 }],
  ])('refuses a token %s with 401 INVALID_TOKEN', async (_name, times) => {
    const token = await api.auth.mint({ subject: 'reader-1', roles: ['reader'], ...times });
    const answer = await readTally(token);
    expect(answer.status).toBe(401);
    expect(answer.json.code).toBe('INVALID_TOKEN');
  });

  it('tells an expired token to sign in again', async () => {
    // Prepare
    const expired = await api.auth.mint({ subject: 'reader-1', roles: ['reader'], expiresInSeconds: -120 });

    // Act
    const answer = await readTally(expired);

    // Assess
    expect(answer.status).toBe(401);
    expect(answer.json).toMatchObject({
      code: 'TOKEN_EXPIRED',
      detail: 'The token has expired: sign in again, or mint a new token (naseej token <role>)',
    });
  });

  it.each([
    ['signed by another key', async () => (await DevAuth.create()).mint({ subject: 'r', roles: ['reader'] })],
    [
      'issued by another issuer',
      () => api.auth.mint({ subject: 'r', roles: ['reader'], issuer: 'https://other.example' }),
    ],
    ['for another audience', () => api.auth.mint({ subject: 'r', roles: ['reader'], audience: 'other-api' })],
  ])('tells a token %s that it was not issued for this server', async (_name, mintToken) => {
    const answer = await readTally(await mintToken());
    expect(answer.status).toBe(401);
    expect(answer.json).toMatchObject({
      code: 'TOKEN_NOT_FOR_THIS_SERVER',
      detail:
        "This token was not issued for this server: use one from this server's sign-in " +
        '(naseej token <role>, with the data folder the server runs on)',
    });
  });

  it('calls an expired token signed by another key foreign, not expired (the signature is checked first)', async () => {
    const forger = await DevAuth.create();
    const token = await forger.mint({ subject: 'r', roles: ['reader'], expiresInSeconds: -120 });
    expect((await readTally(token)).json.code).toBe('TOKEN_NOT_FOR_THIS_SERVER');
  });

  it('tells a tampered token only that a valid token is required', async () => {
    const [header, , signature] = (await api.auth.mint({ subject: 'r', roles: ['reader'] })).split('.');
    const payload = Buffer.from(JSON.stringify({ sub: 'r', 'naseej:roles': ['ministry'] })).toString(
      'base64url',
    );
    const answer = await readTally(`${header}.${payload}.${signature}`);
    expect(answer.status).toBe(401);
    expect(answer.json.code).toBe('UNAUTHENTICATED');
  });
});
