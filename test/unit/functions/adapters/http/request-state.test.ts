import { describe, expect, it } from 'vitest';
import * as z from 'zod';
import { lambdaHandler } from '../../../../../functions/adapters/http/lambda.js';
import type { HttpRoute } from '../../../../../functions/adapters/http/route.js';
import { InMemoryEventStore } from '../../../../../functions/adapters/in-memory/event-store.js';
import { InMemoryIdempotencyStore } from '../../../../../functions/adapters/in-memory/idempotency.js';
import { apiGatewayEvent, testLambdaContext } from '../../../../support/http-events.js';

// Per-request state lives in middy's `request.internal`, new for each invocation: requests that run
// at once through one handler (as the local server runs them) never see each other's state.

/** Answers each request once its gate is opened, with what the middlewares handed it. */
const gates = new Map<string, () => void>();
const echo: HttpRoute = {
  kind: 'query',
  method: 'GET',
  path: '/echoes/{echoId}',
  operationId: 'readEcho',
  summary: 'Echo what the middlewares prepared',
  tags: ['test'],
  access: { public: true },
  request: { params: z.strictObject({ echoId: z.string() }) },
  responses: { 200: { description: 'The echo', schema: z.unknown() } },
  handle: async (request) => {
    const { echoId } = request.params as { echoId: string };
    await new Promise<void>((resolve) => gates.set(echoId, resolve));
    return { status: 200, body: { echoId, correlationId: request.correlationId } };
  },
};

const handler = lambdaHandler([echo], {
  store: new InMemoryEventStore(),
  idempotency: new InMemoryIdempotencyStore(),
  clock: () => '2026-03-01T09:00:00.000Z',
  newId: () => 'id',
});

const call = (echoId: string) =>
  handler(
    apiGatewayEvent(echo, {
      pathParameters: { echoId },
      headers: { 'x-correlation-id': `correlation-${echoId}` },
    }),
    testLambdaContext(`request-${echoId}`),
  );

const open = async (echoId: string): Promise<void> => {
  while (!gates.has(echoId)) await new Promise((resolve) => setImmediate(resolve));
  gates.get(echoId)?.();
};

describe('per-request state', () => {
  it('keeps each of two requests running at once to its own route input and correlation id', async () => {
    // Prepare: both requests are inside the route before either answers.
    const first = call('first');
    const second = call('second');

    // Act: the second answers first.
    await open('second');
    await open('first');
    const [firstAnswer, secondAnswer] = await Promise.all([first, second]);

    // Assess
    expect(JSON.parse(firstAnswer.body ?? '')).toEqual({
      echoId: 'first',
      correlationId: 'correlation-first',
    });
    expect(firstAnswer.headers?.['x-correlation-id']).toBe('correlation-first');
    expect(JSON.parse(secondAnswer.body ?? '')).toEqual({
      echoId: 'second',
      correlationId: 'correlation-second',
    });
    expect(secondAnswer.headers?.['x-correlation-id']).toBe('correlation-second');
  });
});
