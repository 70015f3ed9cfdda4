import { describe, expect, it } from 'vitest';
import type * as z from 'zod';
import { encodeEvent, type NaseejEvent } from '../../../../../../events/catalog.js';
import type { HttpRole } from '../../../../../../functions/adapters/http/claims.js';
import { toProblem } from '../../../../../../functions/adapters/http/problem.js';
import type { RouteRequest } from '../../../../../../functions/adapters/http/route.js';
import { grantRoutes } from '../../../../../../functions/adapters/http/routes/grants.js';
import { validatePart } from '../../../../../../functions/adapters/http/validation.js';
import { InMemoryEventStore } from '../../../../../../functions/adapters/in-memory/event-store.js';
import { budgetCommitted } from '../../../../../support/co-funder-budgets.js';
import { grantPurpose } from '../../../../../support/grant-purpose.js';
import { countingIds, fesMeknesLaunched, steppingClock } from '../../../../../support/projection-scenario.js';

// Issue 20, item 6, through the HTTP routes: refusals are problems naming the field or the rule,
// and append nothing; a cancellation shows in the grants view.

const ROLLOUT = 'rollout-FM-2026';
const GRANTS = `grants-${ROLLOUT}`;
const reason = { fr: 'Motif', ar: 'سبب' };
const ids = { rolloutId: ROLLOUT, grantId: 'grant-1', associationId: 'assoc-1' };
const funding = [{ coFunderId: 'cofunder-ministry', amount: 3_000_000 }];

const history: NaseejEvent[] = [
  budgetCommitted(ROLLOUT, 'cofunder-ministry', { fr: 'Ministère', ar: 'الوزارة' }, 10_000_000),
  {
    type: 'GrantAwarded',
    data: {
      ...ids,
      amount: 3_000_000,
      ...grantPurpose,
      instrument: { kind: 'decision' },
      conventionThreshold: 5_000_000,
      awardedAt: null,
      lateEntry: null,
      funding,
      tranches: [
        {
          trancheNumber: 1,
          amount: 2_000_000,
          releaseConditions: [],
          funding: [{ ...funding[0], amount: 2_000_000 }],
        },
        {
          trancheNumber: 2,
          amount: 1_000_000,
          releaseConditions: [],
          funding: [{ ...funding[0], amount: 1_000_000 }],
        },
      ] as never,
    },
  },
  {
    type: 'TranchePaid',
    data: {
      ...ids,
      trancheNumber: 1,
      amount: 2_000_000,
      funding: [{ coFunderId: 'cofunder-ministry', amount: 2_000_000 }],
      paymentReference: 'pay-1',
      grantFullyPaid: false,
      paidAt: null,
      lateEntry: null,
      payerId: 'payer-1',
    },
  },
];

const prepared = async () => {
  const store = new InMemoryEventStore({ clock: steppingClock(), newId: countingIds() });
  const metadata = {
    actor: { id: 'minister', role: 'ministry' as const },
    correlationId: 'c',
    causationId: null,
  };
  await store.append({
    streamId: ROLLOUT,
    expectedVersion: 'any',
    events: [encodeEvent(fesMeknesLaunched)],
    metadata,
  });
  await store.append({
    streamId: GRANTS,
    expectedVersion: 'any',
    events: history.map(encodeEvent),
    metadata,
  });
  return { store, clock: () => '2026-06-01T09:00:00.000Z', newId: countingIds('id') };
};

const call = async (
  deps: Awaited<ReturnType<typeof prepared>>,
  operationId: string,
  params: Record<string, unknown>,
  body: unknown,
  role: HttpRole = 'ministry',
) => {
  const route = grantRoutes.find((candidate) => candidate.operationId === operationId);
  if (!route) throw new Error(`no route ${operationId}`);
  const request: RouteRequest = {
    params,
    query: {},
    body,
    principal: { subject: `user-${role}`, roles: [role], regions: [], partner: undefined },
    correlationId: 'test',
    ifMatch: undefined,
    commandId: undefined,
  };
  try {
    // The route's own schemas, as the HTTP adapter applies them before the route is called.
    const parsed = {
      ...request,
      params: validatePart('params', route.request.params as z.ZodType, params),
      body:
        route.request.body === undefined
          ? undefined
          : validatePart('body', route.request.body as z.ZodType, body),
    };
    return await route.handle(parsed, deps);
  } catch (error) {
    const mapped = toProblem(error);
    return { status: mapped.status, body: mapped.problem };
  }
};

describe('the routes that amend, refund and cancel a grant', () => {
  it('refuses an amendment without a reason, naming the field, and appends nothing', async () => {
    const deps = await prepared();
    const answer = await call(
      deps,
      'amendGrant',
      { rolloutId: ROLLOUT, grantId: 'grant-1' },
      {
        amount: 2_500_000,
        funding: [{ coFunderId: 'cofunder-ministry', amount: 2_500_000 }],
        tranches: [{ amount: 500_000, releaseConditions: [] }],
      },
    );
    expect(answer.status).toBe(400);
    expect(JSON.stringify(answer.body)).toContain('reason');
    expect(await deps.store.streamVersion(GRANTS)).toBe(3);
  });

  it('answers 409 with the rule when an amendment goes below what the association holds', async () => {
    const deps = await prepared();
    const answer = await call(
      deps,
      'amendGrant',
      { rolloutId: ROLLOUT, grantId: 'grant-1' },
      {
        amount: 1_000_000,
        funding: [{ coFunderId: 'cofunder-ministry', amount: 1_000_000 }],
        tranches: [],
        reason,
      },
    );
    expect(answer.status).toBe(409);
    expect(JSON.stringify(answer.body)).toContain('GRANT_AMOUNT_BELOW_HELD');
    expect(await deps.store.streamVersion(GRANTS)).toBe(3);
  });

  it('lets only a finance payer record a refund', async () => {
    const deps = await prepared();
    const params = { rolloutId: ROLLOUT, grantId: 'grant-1', trancheNumber: '1' };
    const body = { kind: 'returned', amount: 500_000, refundReference: 'rct-1', reason };
    expect((await call(deps, 'recordTrancheRefund', params, body, 'ministry')).status).toBe(403);
    expect((await call(deps, 'recordTrancheRefund', params, body, 'finance-payer')).status).toBeLessThan(300);
    expect(await deps.store.streamVersion(GRANTS)).toBe(4);
  });

  it('cancels a grant: the view shows it cancelled, its unpaid tranche dropped, and what is held', async () => {
    const deps = await prepared();
    const cancelled = await call(deps, 'cancelGrant', { rolloutId: ROLLOUT, grantId: 'grant-1' }, { reason });
    expect(cancelled.status).toBeLessThan(300);
    const view = (await call(deps, 'getGrants', { rolloutId: ROLLOUT }, undefined)).body as {
      totals: Record<string, number>;
      grants: { status: string; paid: number; tranches: { status: string }[] }[];
    };
    expect(view.totals).toEqual({
      committed: 10_000_000,
      awarded: 2_000_000,
      paid: 2_000_000,
      paidOut: 2_000_000,
      refunded: 0,
      remaining: 8_000_000,
    });
    expect(
      view.grants.map((grant) => [grant.status, grant.paid, grant.tranches.map((t) => t.status)]),
    ).toEqual([['cancelled', 2_000_000, ['paid', 'dropped']]]);
  });
});
