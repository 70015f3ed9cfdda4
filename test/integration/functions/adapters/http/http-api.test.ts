import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { DevAuth } from '../../../../../local/dev-auth.js';
import type { DynaliteServer } from '../../../../../local/dynalite/server.js';
import { startDynalite } from '../../../../support/dynalite.js';
import {
  INTERNAL_SECRET,
  tallyCodec,
  tallyRoutes,
  tallyStreamId,
} from '../../../../support/http-test-routes.js';
import { type HttpTestServer, startHttpTestServer } from '../../../../support/http-test-server.js';

// Real HTTP to the local server, real ES256 JWTs (jose), the real event store and idempotency
// records on dynalite, over the test-only tally routes.

let dynalite: DynaliteServer;
let api: HttpTestServer;
let tokens: {
  ministry: string;
  coordinatorFM: string;
  coordinatorCS: string;
  partner: string;
  reader: string;
};
let tallyNumber = 0;

const newTallyId = () => {
  tallyNumber += 1;
  return `t${tallyNumber}`;
};

beforeAll(async () => {
  dynalite = await startDynalite();
  api = await startHttpTestServer(tallyRoutes, { dynalite });
  tokens = {
    ministry: await api.auth.mint({ subject: 'minister-1', roles: ['ministry'] }),
    coordinatorFM: await api.auth.mint({ subject: 'coord-fm', roles: ['coordinator'], regions: ['FM'] }),
    coordinatorCS: await api.auth.mint({ subject: 'coord-cs', roles: ['coordinator'], regions: ['CS'] }),
    partner: await api.auth.mint({
      subject: 'partner-amsed',
      roles: ['partner'],
      partner: { associationId: 'assoc-amsed', rolloutId: 'rollout-FM-2026' },
    }),
    reader: await api.auth.mint({ subject: 'reader-1', roles: ['reader'] }),
  };
});

afterAll(async () => {
  await api?.server.close();
  await dynalite?.stop();
});

beforeEach(() => {
  api.store.beforeAppend = async () => undefined;
});

const call = async (
  method: string,
  path: string,
  options: {
    token?: string;
    body?: unknown;
    rawBody?: string | Buffer;
    headers?: Record<string, string>;
  } = {},
) => {
  const headers: Record<string, string> = { ...options.headers };
  if (options.token !== undefined) headers.authorization = `Bearer ${options.token}`;
  let body: string | Buffer | undefined = options.rawBody;
  if (options.body !== undefined) body = JSON.stringify(options.body);
  if (body !== undefined && headers['content-type'] === undefined)
    headers['content-type'] = 'application/json';
  const response = await fetch(`${api.url}${path}`, {
    method,
    headers,
    ...(body === undefined ? {} : { body }),
  });
  const text = await response.text();
  return {
    status: response.status,
    headers: response.headers,
    text,
    json: /json/.test(response.headers.get('content-type') ?? '')
      ? (JSON.parse(text) as Record<string, unknown>)
      : undefined,
  };
};

const openTally = async (tallyId: string, region = 'FM', token = tokens.ministry) => {
  const opened = await call('POST', `/tallies/${tallyId}`, {
    token,
    body: { region, associationId: 'assoc-amsed', label: 'Sessions' },
  });
  expect(opened.status).toBe(201);
  return opened;
};

const versionOf = async (tallyId: string) => (await api.streamEvents(tallyStreamId(tallyId))).length;

describe('a command through HTTP', () => {
  it('appends the decided events with the actor and the correlation id, and answers 201 with an ETag', async () => {
    // Prepare
    const tallyId = newTallyId();

    // Act
    const response = await call('POST', `/tallies/${tallyId}`, {
      token: tokens.coordinatorFM,
      body: { region: 'FM', associationId: 'assoc-amsed', label: 'تكوين' },
      headers: { 'x-correlation-id': 'corr-open-1' },
    });

    // Assess
    expect(response.status).toBe(201);
    expect(response.headers.get('etag')).toBe('"1"');
    expect(response.headers.get('x-correlation-id')).toBe('corr-open-1');
    expect(response.json).toMatchObject({ streamId: tallyStreamId(tallyId), version: 1 });
    const [event] = await api.streamEvents(tallyStreamId(tallyId));
    expect(event).toMatchObject({
      type: 'TallyOpened',
      correlationId: 'corr-open-1',
      causationId: null,
      actor: { id: 'coord-fm', role: 'coordinator' },
      data: { tallyId, region: 'FM', label: 'تكوين' },
    });
  });

  it('gives a request without a correlation id a new one, in the answer and in the envelope', async () => {
    // Prepare
    const tallyId = newTallyId();

    // Act
    const response = await openTally(tallyId);

    // Assess
    const correlationId = response.headers.get('x-correlation-id');
    expect(correlationId).toMatch(/^[0-9a-f-]{36}$/);
    const [event] = await api.streamEvents(tallyStreamId(tallyId));
    expect(event?.correlationId).toBe(correlationId);
  });

  it('answers a query with the resource, its ETag, and only what the role may see', async () => {
    // Prepare
    const tallyId = newTallyId();
    await openTally(tallyId);
    await call('POST', `/tallies/${tallyId}/additions`, { token: tokens.partner, body: { amount: 5 } });

    // Act
    const asMinistry = await call('GET', `/tallies/${tallyId}`, { token: tokens.ministry });
    const asReader = await call('GET', `/tallies/${tallyId}`, { token: tokens.reader });

    // Assess
    expect(asMinistry.status).toBe(200);
    expect(asMinistry.headers.get('etag')).toBe('"2"');
    expect(asMinistry.json).toEqual({
      tallyId,
      region: 'FM',
      label: 'Sessions',
      total: 5,
      associationId: 'assoc-amsed',
    });
    expect(asReader.json).not.toHaveProperty('associationId');
  });
});

describe('the bad-input matrix: each answered 4xx, nothing appended', () => {
  const cases: {
    name: string;
    status: number;
    code: string;
    request: () => Parameters<typeof call>[2];
    field?: string;
  }[] = [
    {
      name: 'malformed JSON',
      status: 400,
      code: 'MALFORMED_JSON',
      request: () => ({ token: tokens.ministry, rawBody: '{"amount": 3,' }),
    },
    {
      name: 'a wrong type',
      status: 400,
      code: 'VALIDATION_FAILED',
      request: () => ({ token: tokens.ministry, body: { amount: 'three' } }),
      field: 'body.amount',
    },
    {
      name: 'an unknown field',
      status: 400,
      code: 'VALIDATION_FAILED',
      request: () => ({ token: tokens.ministry, body: { amount: 3, region: 'CS' } }),
      field: 'body.region',
    },
    {
      name: 'a missing field',
      status: 400,
      code: 'VALIDATION_FAILED',
      request: () => ({ token: tokens.ministry, body: {} }),
      field: 'body.amount',
    },
    {
      name: 'a huge body',
      status: 413,
      code: 'PAYLOAD_TOO_LARGE',
      request: () => ({
        token: tokens.ministry,
        rawBody: JSON.stringify({ amount: 3, pad: 'x'.repeat(200_000) }),
      }),
    },
    {
      name: 'invalid UTF-8',
      status: 400,
      code: 'INVALID_UNICODE',
      request: () => ({
        token: tokens.ministry,
        rawBody: Buffer.concat([
          Buffer.from('{"amount": 3, "x": "'),
          Buffer.from([0xc3, 0x28]),
          Buffer.from('"}'),
        ]),
      }),
    },
    {
      name: 'a lone surrogate escape',
      status: 400,
      code: 'INVALID_UNICODE',
      request: () => ({ token: tokens.ministry, rawBody: '{"amount": 3, "note": "\\ud800"}' }),
    },
    {
      name: 'a body that is not JSON',
      status: 415,
      code: 'UNSUPPORTED_MEDIA_TYPE',
      request: () => ({
        token: tokens.ministry,
        rawBody: 'amount=3',
        headers: { 'content-type': 'text/plain' },
      }),
    },
    {
      name: 'no token',
      status: 401,
      code: 'UNAUTHENTICATED',
      request: () => ({ body: { amount: 3 } }),
    },
    {
      name: 'an expired token',
      status: 401,
      code: 'TOKEN_EXPIRED',
      request: () => ({ token: expiredToken, body: { amount: 3 } }),
    },
    {
      name: 'a forged token (signed by another key)',
      status: 401,
      code: 'TOKEN_NOT_FOR_THIS_SERVER',
      request: () => ({ token: forgedToken, body: { amount: 3 } }),
    },
    {
      name: 'a token for another audience',
      status: 401,
      code: 'TOKEN_NOT_FOR_THIS_SERVER',
      request: () => ({ token: otherAudienceToken, body: { amount: 3 } }),
    },
    {
      name: 'a role the route does not allow',
      status: 403,
      code: 'ROLE_NOT_ALLOWED',
      request: () => ({ token: tokens.reader, body: { amount: 3 } }),
    },
    {
      name: 'a coordinator of another region',
      status: 403,
      code: 'OUT_OF_SCOPE',
      request: () => ({ token: tokens.coordinatorCS, body: { amount: 3 } }),
    },
    {
      name: 'a malformed Idempotency-Key',
      status: 400,
      code: 'VALIDATION_FAILED',
      request: () => ({
        token: tokens.ministry,
        body: { amount: 3 },
        headers: { 'idempotency-key': 'has space#' },
      }),
      field: 'headers.idempotency-key',
    },
  ];

  let expiredToken: string;
  let forgedToken: string;
  let otherAudienceToken: string;
  const badInputTally = 'bad-input';

  beforeAll(async () => {
    await openTally(badInputTally);
    expiredToken = await api.auth.mint({
      subject: 'minister-1',
      roles: ['ministry'],
      expiresInSeconds: -120,
    });
    const forger = await DevAuth.create();
    forgedToken = await forger.mint({ subject: 'minister-1', roles: ['ministry'] });
    otherAudienceToken = await api.auth.mint({
      subject: 'minister-1',
      roles: ['ministry'],
      audience: 'other-api',
    });
  });

  it.each(cases)('refuses $name with $status $code', async ({ status, code, request, field }) => {
    // Prepare
    const appendsBefore = api.store.appendCalls;

    // Act
    const response = await call('POST', `/tallies/${badInputTally}/additions`, request());

    // Assess
    expect(response.status).toBe(status);
    expect(response.headers.get('content-type')).toBe('application/problem+json');
    expect(response.json).toMatchObject({ status, code });
    if (field !== undefined) {
      expect(response.json?.errors).toEqual(
        expect.arrayContaining([expect.objectContaining({ field, reason: expect.any(String) })]),
      );
    }
    expect(api.store.appendCalls).toBe(appendsBefore);
    expect(await versionOf(badInputTally)).toBe(1);
  });

  it('names every bad field of one request, each with its pointer and reason', async () => {
    // Act
    const response = await call('POST', '/tallies/bad%20id', {
      token: tokens.ministry,
      body: { region: 'XX', associationId: 3, label: '', extra: true },
    });

    // Assess
    expect(response.status).toBe(400);
    const pointers = ((response.json?.errors ?? []) as { pointer: string }[])
      .map((error) => error.pointer)
      .sort();
    expect(pointers).toEqual([
      '/body/associationId',
      '/body/extra',
      '/body/label',
      '/body/region',
      '/params/tallyId',
    ]);
  });
});

describe('idempotent retries', () => {
  it('answers a retry with the same key and body with the first answer, and appends once', async () => {
    // Prepare
    const tallyId = newTallyId();
    await openTally(tallyId);
    const request = {
      token: tokens.ministry,
      body: { amount: 7 },
      headers: { 'idempotency-key': `key-${tallyId}` },
    };

    // Act
    const first = await call('POST', `/tallies/${tallyId}/additions`, request);
    const retry = await call('POST', `/tallies/${tallyId}/additions`, request);

    // Assess
    expect(first.status).toBe(200);
    expect(retry.status).toBe(200);
    expect(retry.json).toEqual(first.json);
    expect(retry.headers.get('etag')).toBe(first.headers.get('etag'));
    expect(retry.headers.get('idempotent-replayed')).toBe('true');
    expect(await versionOf(tallyId)).toBe(2);
  });

  it('refuses the same key with another body with 422, appending nothing', async () => {
    // Prepare
    const tallyId = newTallyId();
    await openTally(tallyId);
    const headers = { 'idempotency-key': `key-${tallyId}` };
    await call('POST', `/tallies/${tallyId}/additions`, {
      token: tokens.ministry,
      body: { amount: 7 },
      headers,
    });

    // Act
    const reused = await call('POST', `/tallies/${tallyId}/additions`, {
      token: tokens.ministry,
      body: { amount: 8 },
      headers,
    });

    // Assess
    expect(reused.status).toBe(422);
    expect(reused.json).toMatchObject({ code: 'IDEMPOTENCY_KEY_REUSED' });
    expect(await versionOf(tallyId)).toBe(2);
  });

  it('appends once when the answer was lost after the append and the client retries', async () => {
    // Prepare: the first attempt appends, then fails before it can answer (its claim is released).
    const tallyId = newTallyId();
    await openTally(tallyId);
    const request = {
      token: tokens.ministry,
      body: { amount: 4 },
      headers: { 'idempotency-key': `lost-${tallyId}` },
    };
    api.store.beforeAppend = async (appendRequest, inner) => {
      api.store.beforeAppend = async () => undefined;
      await inner.append(appendRequest);
      throw new Error('network lost after the write');
    };
    const lost = await call('POST', `/tallies/${tallyId}/additions`, request);

    // Act
    const retry = await call('POST', `/tallies/${tallyId}/additions`, request);

    // Assess
    expect(lost.status).toBe(500);
    expect(retry.status).toBe(200);
    expect(retry.json).toMatchObject({ version: 2 });
    expect(await versionOf(tallyId)).toBe(2);
  });
});

describe('versions and conflicts', () => {
  it('refuses a stale If-Match with 412, appending nothing', async () => {
    // Prepare
    const tallyId = newTallyId();
    await openTally(tallyId);
    await call('POST', `/tallies/${tallyId}/additions`, { token: tokens.ministry, body: { amount: 1 } });

    // Act
    const stale = await call('POST', `/tallies/${tallyId}/additions`, {
      token: tokens.ministry,
      body: { amount: 1 },
      headers: { 'if-match': '"1"' },
    });
    const current = await call('POST', `/tallies/${tallyId}/additions`, {
      token: tokens.ministry,
      body: { amount: 1 },
      headers: { 'if-match': '"2"' },
    });

    // Assess
    expect(stale.status).toBe(412);
    expect(stale.json).toMatchObject({ code: 'STALE_IF_MATCH' });
    expect(current.status).toBe(200);
    expect(await versionOf(tallyId)).toBe(3);
  });

  it('answers 412 when another writer wins between the read and the write under If-Match', async () => {
    // Prepare
    const tallyId = newTallyId();
    await openTally(tallyId);
    api.store.beforeAppend = async (request, inner) => {
      api.store.beforeAppend = async () => undefined;
      await inner.append({ ...request, expectedVersion: 'any', commandId: 'competitor' });
    };

    // Act
    const response = await call('POST', `/tallies/${tallyId}/additions`, {
      token: tokens.ministry,
      body: { amount: 2 },
      headers: { 'if-match': '"1"' },
    });

    // Assess
    expect(response.status).toBe(412);
    expect(await versionOf(tallyId)).toBe(2);
  });

  it('retries on a conflict without If-Match, deciding again on the new state', async () => {
    // Prepare
    const tallyId = newTallyId();
    await openTally(tallyId);
    api.store.beforeAppend = async (request, inner) => {
      api.store.beforeAppend = async () => undefined;
      await inner.append({ ...request, expectedVersion: 'any' });
    };

    // Act
    const response = await call('POST', `/tallies/${tallyId}/additions`, {
      token: tokens.ministry,
      body: { amount: 2 },
    });

    // Assess
    expect(response.status).toBe(200);
    expect(response.json).toMatchObject({ version: 3 });
    const events = await api.streamEvents(tallyStreamId(tallyId));
    expect(events.map((event) => tallyCodec.decode(event).type)).toEqual([
      'TallyOpened',
      'TallyIncremented',
      'TallyIncremented',
    ]);
  });

  it('answers 409 when the resource keeps changing', async () => {
    // Prepare: a competing writer wins before every attempt.
    const tallyId = newTallyId();
    await openTally(tallyId);
    api.store.beforeAppend = async (request, inner) => {
      await inner.append({ ...request, expectedVersion: 'any' });
    };

    // Act
    const response = await call('POST', `/tallies/${tallyId}/additions`, {
      token: tokens.ministry,
      body: { amount: 1 },
    });

    // Assess
    api.store.beforeAppend = async () => undefined;
    expect(response.status).toBe(409);
    expect(response.json).toMatchObject({ code: 'CONCURRENCY_CONFLICT' });
    expect(await versionOf(tallyId)).toBe(4);
  });
});

describe('errors', () => {
  it('answers a domain refusal by its kind, with its code', async () => {
    // Prepare
    const tallyId = newTallyId();

    // Act
    const missing = await call('POST', `/tallies/${tallyId}/additions`, {
      token: tokens.ministry,
      body: { amount: 1 },
    });
    await openTally(tallyId);
    const again = await call('POST', `/tallies/${tallyId}`, {
      token: tokens.ministry,
      body: { region: 'FM', associationId: 'assoc-amsed', label: 'Again' },
    });

    // Assess
    expect(missing.status).toBe(404);
    expect(missing.json).toMatchObject({ code: 'TALLY_NOT_FOUND' });
    expect(again.status).toBe(409);
    expect(again.json).toMatchObject({ code: 'TALLY_ALREADY_OPEN' });
  });

  it('answers an unexpected failure with 500 and no internals', async () => {
    // Act
    const response = await call('POST', '/tallies/any/breakdowns', {
      token: tokens.ministry,
      headers: { 'x-correlation-id': 'corr-500' },
    });

    // Assess
    expect(response.status).toBe(500);
    expect(response.text).not.toContain(INTERNAL_SECRET);
    expect(response.text).not.toMatch(/Connection|at .*\.ts|stack/);
    expect(response.json).toMatchObject({ code: 'INTERNAL_ERROR', correlationId: 'corr-500' });
  });

  it('answers an unknown path with 404 and a known path with another method with 405', async () => {
    // Act
    const unknown = await call('GET', '/nothing-here', { token: tokens.ministry });
    const wrongMethod = await call('DELETE', '/tallies/t1', { token: tokens.ministry });

    // Assess
    expect(unknown.status).toBe(404);
    expect(wrongMethod.status).toBe(405);
  });
});

describe('scope', () => {
  it('lets a coordinator act in its region only, and a partner on its own association only', async () => {
    // Prepare
    const inFM = newTallyId();
    await openTally(inFM, 'FM');

    // Act
    const openInCS = await call('POST', `/tallies/${newTallyId()}`, {
      token: tokens.coordinatorFM,
      body: { region: 'CS', associationId: 'assoc-amsed', label: 'Elsewhere' },
    });
    const readByCS = await call('GET', `/tallies/${inFM}`, { token: tokens.coordinatorCS });
    const readByFM = await call('GET', `/tallies/${inFM}`, { token: tokens.coordinatorFM });
    const otherPartner = await api.auth.mint({
      subject: 'partner-other',
      roles: ['partner'],
      partner: { associationId: 'assoc-other', rolloutId: 'rollout-FM-2026' },
    });
    const addByOtherPartner = await call('POST', `/tallies/${inFM}/additions`, {
      token: otherPartner,
      body: { amount: 1 },
    });

    // Assess
    expect(openInCS.status).toBe(403);
    expect(readByCS.status).toBe(403);
    expect(readByFM.status).toBe(200);
    expect(addByOtherPartner.status).toBe(403);
    expect(await versionOf(inFM)).toBe(1);
  });
});

describe('the documents', () => {
  it('serves the OpenAPI document, the reference page and a public route without a token', async () => {
    // Act
    const document = await call('GET', '/openapi.json');
    const page = await call('GET', '/docs');
    const health = await call('GET', '/health');

    // Assess
    expect(document.json).toMatchObject({ openapi: '3.1.0' });
    expect(page.headers.get('content-type')).toContain('text/html');
    expect(page.text).toContain('openapi.json');
    expect(page.text).not.toMatch(/<script[^>]+src=/);
    expect(health.json).toEqual({ status: 'ok' });
  });
});
