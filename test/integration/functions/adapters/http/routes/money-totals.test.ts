import { beforeAll, describe, expect, it } from 'vitest';
import type { EventToAppend } from '../../../../../../functions/application/ports/event-store.js';
import { apiTestServerForTheFile } from '../../../../../support/api-server.js';

// Issue 22, defect 2: amounts each within the safe-integer range whose sum is past it. Over real
// HTTP on dynalite: such amounts no longer enter, and a history that already holds them (events
// are never removed) leaves every view answering.

const api = apiTestServerForTheFile();
let ministry: string;
const MAX_SAFE = 9_007_199_254_740_991;
const VIEWS = (rolloutId: string) => [
  `/rollouts/${rolloutId}/grants`,
  `/views/rollouts/${rolloutId}/grant-ledger`,
  '/views/national',
  '/views/regions/FM/funnel',
  '/open-data/public-funding',
  '/open-data/public-funding/csv',
  '/open-data/partnership-report/2026',
];

const commit = (rolloutId: string, coFunderId: string, amount: number) =>
  api.call('POST', `/rollouts/${rolloutId}/co-funders/${coFunderId}/commitments`, {
    token: ministry,
    body: { name: { fr: coFunderId, ar: 'ممول' }, amount },
  });

/** Events the v1 schemas read, as a store may hold them from before amounts were bounded. */
const grantsHistory = (rolloutId: string): EventToAppend[] => {
  const committed = (coFunderId: string, amount: number): EventToAppend => ({
    type: 'CoFunderBudgetCommitted',
    schemaVersion: 1,
    data: { rolloutId, coFunderId, name: { fr: coFunderId, ar: 'ممول' }, amount, totalCommitted: amount },
  });
  const share = (coFunderId: string, amount: number) => [{ coFunderId, amount }];
  const awarded = (grantId: string, associationId: string, coFunderId: string, amount: number) => ({
    type: 'GrantAwarded',
    schemaVersion: 1,
    data: {
      rolloutId,
      grantId,
      associationId,
      amount,
      instrument: { kind: 'convention', agreementId: `convention-${grantId}` },
      conventionThreshold: 5_000_000,
      funding: share(coFunderId, amount),
      tranches: [{ trancheNumber: 1, amount, releaseConditions: [], funding: share(coFunderId, amount) }],
    },
  });
  const paid = (grantId: string, associationId: string, coFunderId: string, amount: number) => ({
    type: 'TranchePaid',
    schemaVersion: 1,
    data: {
      rolloutId,
      grantId,
      associationId,
      trancheNumber: 1,
      amount,
      funding: share(coFunderId, amount),
      paymentReference: `pay-${grantId}`,
      grantFullyPaid: true,
      payerId: 'finance-payer-1',
    },
  });
  return [
    committed('cofunder-a', MAX_SAFE),
    committed('cofunder-b', 1),
    awarded('grant-a', 'assoc-a', 'cofunder-a', MAX_SAFE),
    awarded('grant-b', 'assoc-b', 'cofunder-b', 1),
    paid('grant-a', 'assoc-a', 'cofunder-a', MAX_SAFE),
    paid('grant-b', 'assoc-b', 'cofunder-b', 1),
  ];
};

beforeAll(async () => {
  ministry = await api.token({ subject: 'minister', roles: ['ministry'] });
  await api.call('POST', '/rollouts', { token: ministry, body: { regionCode: 'FM', edition: '2026' } });
  await api.call('POST', '/rollouts', { token: ministry, body: { regionCode: 'CS', edition: '2026' } });
}, 60_000);

describe('money amounts where they enter', () => {
  it('refuses a commitment above 10^12 centimes with a 400 naming the field, and appends nothing', async () => {
    // Prepare
    const before = await api.countAllEvents();
    // Act
    const answer = await commit('rollout-CS-2026', 'cofunder-a', MAX_SAFE);
    // Assess
    expect(answer.status).toBe(400);
    expect(answer.json.errors).toEqual([
      {
        field: 'body.amount',
        pointer: '/body/amount',
        reason: 'at most 1000000000000 centimes (10 billion MAD)',
      },
    ]);
    expect(await api.countAllEvents()).toBe(before);
  });

  it("refuses a commitment that takes the rollout's budget past 10^12 centimes, over two co-funders", async () => {
    // Prepare
    expect((await commit('rollout-CS-2026', 'cofunder-a', 1_000_000_000_000)).status).toBe(201);
    // Act
    const answer = await commit('rollout-CS-2026', 'cofunder-b', 1);
    // Assess
    expect([answer.status, answer.json.code]).toEqual([422, 'CO_FUNDER_BUDGET_TOO_LARGE']);
  });
});

describe('money totals of a history accepted before the bound', () => {
  it('given commitments, grants and payments of 2^53 − 1 and 1 centimes, every view answers 200, its totals saturated', async () => {
    // Prepare
    await api.store.append({
      streamId: 'grants-rollout-FM-2026',
      expectedVersion: 'any',
      events: grantsHistory('rollout-FM-2026'),
      metadata: { actor: { id: 'minister', role: 'ministry' }, correlationId: 'history', causationId: null },
    });
    // Act
    const answers = [];
    for (const view of VIEWS('rollout-FM-2026'))
      answers.push(await api.call('GET', view, { token: ministry }));
    // Assess
    expect(answers.map((answer) => answer.status)).toEqual([200, 200, 200, 200, 200, 200, 200]);
    expect(answers[0]?.json.totals).toEqual({
      committed: MAX_SAFE,
      awarded: MAX_SAFE,
      paidOut: MAX_SAFE,
      refunded: 0,
      paid: MAX_SAFE,
      remaining: 0,
    });
    expect(answers[1]?.json.totals).toEqual({
      committed: MAX_SAFE,
      awarded: MAX_SAFE,
      paidOut: MAX_SAFE,
      refunded: 0,
      paid: MAX_SAFE,
      remaining: 0,
    });
    expect(answers[6]?.json.national.year).toEqual({
      committed: MAX_SAFE,
      awarded: MAX_SAFE,
      paid: MAX_SAFE,
    });
  });
});
