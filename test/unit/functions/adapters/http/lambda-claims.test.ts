import { decodeJwt } from 'jose';
import { beforeAll, describe, expect, it } from 'vitest';
import type { HttpRole } from '../../../../../functions/adapters/http/claims.js';
import { lambdaHandler } from '../../../../../functions/adapters/http/lambda.js';
import { InMemoryEventStore } from '../../../../../functions/adapters/in-memory/event-store.js';
import { InMemoryIdempotencyStore } from '../../../../../functions/adapters/in-memory/idempotency.js';
import { DevAuth, type DevTokenRequest } from '../../../../../local/dev-auth.js';
import { flattenClaimsLikeApiGateway } from '../../../../../local/http-server.js';
import { apiGatewayEvent, testLambdaContext } from '../../../../support/http-events.js';
import { tallyRoutes } from '../../../../support/http-test-routes.js';

// The AWS path: the Lambda handler as the HTTP API JWT authorizer calls it, with the claims it
// verified flattened to strings and the bearer token in the Authorization header.

const handler = lambdaHandler(tallyRoutes, {
  store: new InMemoryEventStore(),
  idempotency: new InMemoryIdempotencyStore(),
  clock: () => '2026-03-01T09:00:00.000Z',
  newId: () => 'id',
});
const readTally = tallyRoutes.find((route) => route.method === 'GET' && route.path === '/tallies/{tallyId}');

let auth: DevAuth;
beforeAll(async () => {
  auth = await DevAuth.create();
});

/** Calls the read route as API Gateway would after its authorizer accepted `token`. */
const callWith = async (token: string, options: { header?: boolean } = {}) => {
  if (readTally === undefined) throw new Error('no read route');
  const response = await handler(
    apiGatewayEvent(readTally, {
      claims: flattenClaimsLikeApiGateway(decodeJwt(token)),
      headers: options.header === false ? {} : { authorization: `Bearer ${token}` },
    }),
    testLambdaContext(),
  );
  return { status: response.statusCode, code: (JSON.parse(response.body ?? '{}') as { code?: string }).code };
};

const mint = (request: { subject: string; roles: readonly string[]; regions?: readonly string[] }) =>
  auth.mint(request as DevTokenRequest);

describe('claims on the AWS path', () => {
  it('refuses one item holding two regions, read from the token beside the claims', async () => {
    const token = await mint({ subject: 'u1', roles: ['coordinator'], regions: ['FM CS'] });
    expect(await callWith(token)).toEqual({ status: 401, code: 'INVALID_TOKEN' });
  });

  it('refuses one item holding two roles, which the flattened claims show as two roles', async () => {
    // Prepare
    const token = await mint({ subject: 'u1', roles: ['reader ministry'] });
    expect(flattenClaimsLikeApiGateway(decodeJwt(token))['naseej:roles']).toBe('[reader ministry]');

    // Act
    const answer = await callWith(token);

    // Assess
    expect(answer).toEqual({ status: 401, code: 'INVALID_TOKEN' });
  });

  it.each([
    ['two roles joined by a comma', { roles: ['reader,ministry'] }],
    ['a role with a trailing space', { roles: ['ministry '] }],
    ['two regions joined by a comma', { roles: ['coordinator'], regions: ['FM,CS'] }],
  ])('refuses %s from the flattened claims alone', async (_name, claims) => {
    const token = await mint({ subject: 'u1', ...claims });
    expect(await callWith(token, { header: false })).toEqual({ status: 401, code: 'INVALID_TOKEN' });
  });

  it('reads two exact roles, with or without the token beside the claims', async () => {
    const token = await auth.mint({ subject: 'u1', roles: ['reader', 'ministry'] as HttpRole[] });
    expect((await callWith(token)).status).toBe(404);
    expect((await callWith(token, { header: false })).status).toBe(404);
  });
});

describe('token times on the AWS path', () => {
  it.each([
    ['issued a year ahead', { issuedAt: new Date(Date.now() + 365 * 86_400_000) }],
    ['valid for 50 years', { expiresInSeconds: 50 * 365 * 86_400 }],
  ])('refuses a token %s with 401, though its signature and expiry hold', async (_name, times) => {
    const token = await auth.mint({ subject: 'u1', roles: ['ministry'], ...times });
    expect(await callWith(token)).toEqual({ status: 401, code: 'INVALID_TOKEN' });
    expect(await callWith(token, { header: false })).toEqual({ status: 401, code: 'INVALID_TOKEN' });
  });

  it('takes a token valid for 24 hours', async () => {
    const token = await auth.mint({ subject: 'u1', roles: ['ministry'], expiresInSeconds: 86_400 });
    expect((await callWith(token)).status).toBe(404);
  });
});
