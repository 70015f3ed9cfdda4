import { describe, expect, it } from 'vitest';
import * as z from 'zod';
import { handlerRoute, queryRoute } from '../../../../../functions/adapters/http/command.js';
import { checkRouteTable, isRouteDeclarationError } from '../../../../../functions/adapters/http/route.js';
import { breakTally, tallyRoutes } from '../../../../support/http-test-routes.js';

const declare = (overrides: Record<string, unknown>) => () =>
  handlerRoute(breakTally)({
    method: 'POST',
    path: '/tallies/{tallyId}/things',
    operationId: 'doThing',
    summary: 'Do a thing',
    access: { roles: ['ministry'] },
    request: { params: z.strictObject({ tallyId: z.string() }) },
    data: () => ({ tallyId: 'x' }),
    ...overrides,
  });

const refusal = (act: () => unknown): string => {
  try {
    act();
  } catch (error) {
    if (isRouteDeclarationError(error)) return error.message;
    throw error;
  }
  throw new Error('expected a declaration error');
};

describe('the route table rules', () => {
  it('accepts a well-formed declaration', () => {
    expect(declare({})).not.toThrow();
  });

  it('refuses a route open to a coordinator or a partner without a scope rule', () => {
    expect(refusal(declare({ access: { roles: ['ministry', 'coordinator'] } }))).toMatch(/no scope rule/);
    expect(refusal(declare({ access: { roles: ['partner'] } }))).toMatch(/no scope rule/);
  });

  it('refuses a public command and an empty role list', () => {
    expect(refusal(declare({ access: { public: true } }))).toMatch(/cannot be public/);
    expect(refusal(declare({ access: { roles: [] } }))).toMatch(/allows no role/);
  });

  it('refuses path parameters that differ from the params schema', () => {
    expect(refusal(declare({ request: { params: z.strictObject({ other: z.string() }) } }))).toMatch(
      /differ from the params schema/,
    );
  });

  it('refuses a GET with a body and a duplicated route', () => {
    expect(
      refusal(() =>
        queryRoute({
          method: 'GET',
          path: '/things',
          operationId: 'things',
          summary: 'Things',
          access: { roles: ['ministry'] },
          // A body on a GET is a type error too; the declaration check also refuses it at run time.
          request: { body: z.strictObject({}) } as never,
          load: async () => ({}),
          respond: () => ({}),
          response: z.strictObject({}),
        }),
      ),
    ).toMatch(/takes no body/);
    expect(refusal(() => checkRouteTable([...tallyRoutes, tallyRoutes[0] as never]))).toMatch(
      /declared twice/,
    );
  });
});
