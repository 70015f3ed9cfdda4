import { describe, expect, it } from 'vitest';
import { encodeEvent, type NaseejEvent } from '../../../../../events/catalog.js';
import { InMemoryEventStore } from '../../../../../functions/adapters/in-memory/event-store.js';
import { regionReport } from '../../../../../functions/application/open-data/annual-report.js';
import { fundingRows } from '../../../../../functions/application/open-data/funding.js';
import { funnelFigures, funnelProjection } from '../../../../../functions/application/projections/funnel.js';
import { grantLedgerProjection } from '../../../../../functions/application/projections/grant-ledger.js';
import {
  foldAll,
  type ProjectedEvent,
  toProjectedEvent,
} from '../../../../../functions/application/projections/projection.js';
import {
  coFunderLedger,
  grantsInOrder,
  ledgerTotals,
} from '../../../../../functions/domain/grants/grants.js';
import {
  ASSOC_A,
  appendScenario,
  CO_FUNDER,
  countingIds,
  GRANT,
  ROLLOUT,
  readAllGlobal,
  steppingClock,
} from '../../../../support/projection-scenario.js';

/*
 * Issue 20, item 6, in the read models: the scenario's grant (30,000 MAD, its first tranche of
 * 20,000 paid in 2026) is, in 2027, amended to 25,000 MAD, 3,000 MAD of its first tranche come
 * back, and it is cancelled. The ledger, the funnel, the public funding rows and the annual report
 * stay exact; every expected amount is written out.
 */

const reason = { fr: 'Motif', ar: 'سبب' };
const grantOf = { rolloutId: ROLLOUT, grantId: GRANT, associationId: ASSOC_A };
const changes2027: NaseejEvent[] = [
  {
    type: 'GrantAmended',
    data: {
      ...grantOf,
      previousAmount: 3_000_000,
      amount: 2_500_000,
      instrument: { kind: 'decision' },
      funding: [{ coFunderId: CO_FUNDER, amount: 2_500_000 }],
      tranches: [
        {
          trancheNumber: 2,
          amount: 500_000,
          releaseConditions: [],
          funding: [{ coFunderId: CO_FUNDER, amount: 500_000 }],
        },
      ],
      reason,
      amendedBy: 'minister',
    },
  },
  {
    type: 'TrancheRefunded',
    data: {
      ...grantOf,
      trancheNumber: 1,
      kind: 'returned',
      amount: 300_000,
      funding: [{ coFunderId: CO_FUNDER, amount: 300_000 }],
      refundReference: 'rct-1',
      reason,
      grantCancelled: false,
      payerId: 'payer-1',
    },
  },
  {
    type: 'GrantCancelled',
    data: {
      ...grantOf,
      amount: 2_500_000,
      held: 1_700_000,
      released: 800_000,
      releasedFunding: [{ coFunderId: CO_FUNDER, amount: 800_000 }],
      droppedTranches: [2],
      reason,
      cancelledBy: 'minister',
    },
  },
];

/** The scenario in 2026 (the store's stepping clock), then the changes on 2 March 2027. */
const history = async (): Promise<ProjectedEvent[]> => {
  const clock = steppingClock();
  let in2027 = false;
  const store = new InMemoryEventStore({
    clock: () => (in2027 ? new Date('2027-03-02T10:00:00.000Z') : clock()),
    newId: countingIds(),
  });
  await appendScenario(store);
  in2027 = true;
  await store.append({
    streamId: `grants-${ROLLOUT}`,
    expectedVersion: 'any',
    events: changes2027.map((event) => encodeEvent(event)),
    metadata: { actor: { id: 'minister', role: 'ministry' }, correlationId: 'c-2027', causationId: null },
  });
  return (await readAllGlobal(store)).map(toProjectedEvent);
};

describe('read models after a grant is amended, money comes back and the grant is cancelled', () => {
  it('keeps the ledger exact: awarded is what the association holds, paid is net of the return', async () => {
    // Prepare
    const events = await history();
    // Act
    const ledger = foldAll(grantLedgerProjection, events).get(ROLLOUT)?.view;
    // Assess
    expect(ledger && ledgerTotals(ledger.grants)).toEqual({
      committed: 10_000_000,
      awarded: 1_700_000,
      paid: 1_700_000,
      paidOut: 2_000_000,
      refunded: 300_000,
      remaining: 8_300_000,
    });
    expect(ledger && coFunderLedger(ledger.grants).map((line) => line.remaining)).toEqual([8_300_000]);
    expect(
      ledger?.changes.map(({ kind, awardedDelta, paidDelta }) => [kind, awardedDelta, paidDelta]),
    ).toEqual([
      ['amended', -500_000, 0],
      ['refunded', 0, -300_000],
      ['cancelled', -800_000, 0],
    ]);
    expect(ledger && grantsInOrder(ledger.grants)[0]?.tranches.map((tranche) => tranche.status)).toEqual([
      'paid',
      'dropped',
    ]);
  });

  it('gives the funnel the same money as the ledger', async () => {
    const events = await history();
    const funnel = foldAll(funnelProjection, events).get(ROLLOUT)?.view;
    expect(funnel && funnelFigures(funnel)).toMatchObject({
      grantsAwarded: 1,
      grantsAwardedCentimes: 1_700_000,
      grantsPaidCentimes: 1_700_000,
    });
  });

  it('publishes the cancelled grant with what was paid, what came back and its status', async () => {
    const events = await history();
    const ledger = foldAll(grantLedgerProjection, events).get(ROLLOUT)?.view;
    const [row] = ledger ? fundingRows([{ standing: undefined, ledger }]) : [];
    expect(row).toMatchObject({
      grantId: GRANT,
      amountAwardedCentimes: 1_700_000,
      amountPaidCentimes: 1_700_000,
      amountAwardedMad: '17000.00',
      amountPaidMad: '17000.00',
      tranchesPlanned: 1,
      tranchesPaid: 1,
      coFunders: `${CO_FUNDER}:2500000`,
      grantStatus: 'cancelled',
      amountRefundedCentimes: 300_000,
      amountRefundedMad: '3000.00',
    });
  });

  it("splits the money by year: 2026's award and payment, then 2027's amendment, return and cancellation", async () => {
    // Prepare
    const events = await history();
    const until2026 = events.filter((event) => event.recordedAt <= '2026-12-31T23:59:59.999Z');
    const funnel2026 = foldAll(funnelProjection, until2026).get(ROLLOUT)?.view;
    const ledger2026 = foldAll(grantLedgerProjection, until2026).get(ROLLOUT)?.view;
    const funnel2027 = foldAll(funnelProjection, events).get(ROLLOUT)?.view;
    const ledger2027 = foldAll(grantLedgerProjection, events).get(ROLLOUT)?.view;
    if (!funnel2026 || !funnel2027) throw new Error('no funnel');
    // Act
    const report2026 = regionReport(2026, funnel2026, ledger2026);
    const report2027 = regionReport(2027, funnel2027, ledger2027);
    // Assess: the years add up to the totals (awarded 1,700,000, paid 1,700,000).
    expect(report2026.year).toEqual({ committed: 10_000_000, awarded: 3_000_000, paid: 2_000_000 });
    expect(report2027.year).toEqual({ committed: 0, awarded: -1_300_000, paid: -300_000 });
  });
});
