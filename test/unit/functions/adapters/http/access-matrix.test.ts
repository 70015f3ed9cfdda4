import { describe, expect, it } from 'vitest';
import { HTTP_ROLES } from '../../../../../functions/adapters/http/claims.js';
import { lambdaHandler } from '../../../../../functions/adapters/http/lambda.js';
import { routeKeyOf } from '../../../../../functions/adapters/http/route.js';
import { InMemoryEventStore } from '../../../../../functions/adapters/in-memory/event-store.js';
import { InMemoryIdempotencyStore } from '../../../../../functions/adapters/in-memory/idempotency.js';
import { apiGatewayEvent, testLambdaContext } from '../../../../support/http-events.js';
import { tallyRoutes } from '../../../../support/http-test-routes.js';

// The role × route matrix, generated from the route table: every role on every route gets 403
// ROLE_NOT_ALLOWED where the table does not allow it, and gets past the role check where it does.

const handler = lambdaHandler(tallyRoutes, {
  store: new InMemoryEventStore(),
  idempotency: new InMemoryIdempotencyStore(),
  clock: () => '2026-03-01T09:00:00.000Z',
  newId: () => 'id',
});

const cells = tallyRoutes.flatMap((route) =>
  HTTP_ROLES.map((role) => ({
    route,
    role,
    key: routeKeyOf(route),
    allowed: 'public' in route.access || route.access.roles.includes(role),
  })),
);

describe('the role × route matrix', () => {
  it.each(cells)('$key as $role: allowed $allowed', async ({ route, role, allowed }) => {
    // Act (claims as the HTTP API JWT authorizer passes them: flattened strings)
    const response = await handler(
      apiGatewayEvent(route, {
        claims: {
          sub: `user-${role}`,
          iat: '1780000000',
          exp: '1780003600',
          'naseej:roles': `[${role}]`,
          'naseej:regions': '[FM]',
        },
      }),
      testLambdaContext(),
    );

    // Assess
    const problem = response.body ? (JSON.parse(response.body) as { code?: string }) : {};
    if (allowed) {
      expect(response.statusCode).not.toBe(401);
      expect(problem.code).not.toBe('ROLE_NOT_ALLOWED');
    } else {
      expect(response.statusCode).toBe(403);
      expect(problem.code).toBe('ROLE_NOT_ALLOWED');
    }
  });

  it('refuses every protected route without claims with 401, and answers with the correlation id', async () => {
    for (const route of tallyRoutes.filter((candidate) => !('public' in candidate.access))) {
      const response = await handler(
        apiGatewayEvent(route, { headers: { 'x-correlation-id': 'corr-401' } }),
        testLambdaContext(),
      );
      expect(response.statusCode).toBe(401);
      expect(response.headers?.['x-correlation-id']).toBe('corr-401');
    }
  });
});
