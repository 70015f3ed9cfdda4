import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { encodeEvent, type NaseejEvent } from '../../../../../../events/catalog.js';
import type { RouteRequest } from '../../../../../../functions/adapters/http/route.js';
import { grantRoutes } from '../../../../../../functions/adapters/http/routes/grants.js';
import { readModelRoutes } from '../../../../../../functions/adapters/http/routes/views.js';
import { InMemoryEventStore } from '../../../../../../functions/adapters/in-memory/event-store.js';
import { FoldedReadModels } from '../../../../../../functions/application/read-models/read-models.js';
import { grantPurpose } from '../../../../../support/grant-purpose.js';
import { countingIds, fesMeknesLaunched, steppingClock } from '../../../../../support/projection-scenario.js';

// Issue 22, defect 2, as a property: whatever grants history the v1 event schemas accept (each
// amount up to 2^53 − 1, events are never removed), every view drawn from it answers within its
// own response schema: the grants view, the grant ledger, the national overview, the region's
// funnel, the public funding export (JSON and CSV) and the partnership report.
// Issue 20: one grant of the history may also have its tranche returned, or be cancelled (after
// a return, or unpaid), as the grants decider would record it.

const ROLLOUT = 'rollout-FM-2026';
const MAX_SAFE = Number.MAX_SAFE_INTEGER;
const COFUNDERS = ['cofunder-a', 'cofunder-b', 'cofunder-c'] as const;

/** Mostly huge amounts, the edges included. */
const amount = fc.oneof(
  fc.constantFrom(1, MAX_SAFE, MAX_SAFE - 1, 2 ** 52),
  fc.integer({ min: 1, max: MAX_SAFE }),
);
const share = fc.record({ coFunderId: fc.constantFrom(...COFUNDERS), amount });

const commitment = fc.record({ coFunderId: fc.constantFrom(...COFUNDERS), amount, totalCommitted: amount });
const grant = fc.record({
  amount,
  funding: fc.array(share, { minLength: 1, maxLength: 3 }),
  paid: fc.boolean(),
});

/** What happens to one grant after its award and payment: which one, and what. */
const change = fc.record({
  grant: fc.nat(2),
  kind: fc.constantFrom('none' as const, 'refund' as const, 'cancel' as const, 'refund-then-cancel' as const),
});
type Change = typeof change extends fc.Arbitrary<infer T> ? T : never;

const reason = { fr: 'Motif', ar: 'سبب' };

/** The return and cancellation events of `change`, when it names this grant. */
const changesOf = (
  ids: { rolloutId: string; grantId: string; associationId: string },
  grant: { amount: number; funding: { coFunderId: string; amount: number }[]; paid: boolean },
  index: number,
  { grant: changed, kind }: Change,
): NaseejEvent[] => {
  if (changed !== index || kind === 'none') return [];
  const refunds = kind !== 'cancel' && grant.paid;
  const refund: NaseejEvent[] = refunds
    ? [
        {
          type: 'TrancheRefunded',
          data: {
            ...ids,
            trancheNumber: 1,
            kind: 'recovered',
            amount: grant.amount,
            funding: grant.funding,
            refundReference: `rct-${index}`,
            reason,
            grantCancelled: false,
            payerId: 'payer-1',
          },
        },
      ]
    : [];
  // Cancelled only when the association holds nothing of it: unpaid, or paid and returned.
  const cancels = kind !== 'refund' && (!grant.paid || refunds);
  const cancellation: NaseejEvent[] = cancels
    ? [
        {
          type: 'GrantCancelled',
          data: {
            ...ids,
            amount: grant.amount,
            held: 0,
            released: grant.amount,
            releasedFunding: grant.funding,
            droppedTranches: grant.paid ? [] : [1],
            reason,
            cancelledBy: 'minister',
          },
        },
      ]
    : [];
  return [...refund, ...cancellation];
};

const historyOf = (
  commitments: readonly { coFunderId: string; amount: number; totalCommitted: number }[],
  grants: readonly { amount: number; funding: { coFunderId: string; amount: number }[]; paid: boolean }[],
  changed: Change = { grant: 0, kind: 'none' },
): NaseejEvent[] => [
  ...commitments.map(
    (data): NaseejEvent => ({
      type: 'CoFunderBudgetCommitted',
      data: {
        rolloutId: ROLLOUT,
        ...data,
        name: { fr: data.coFunderId, ar: 'ممول' },
        committedAt: null,
        lateEntry: null,
      },
    }),
  ),
  ...grants.flatMap(({ amount: granted, funding, paid }, index): NaseejEvent[] => {
    const ids = { rolloutId: ROLLOUT, grantId: `grant-${index}`, associationId: `assoc-${index}` };
    const tranche = { trancheNumber: 1, amount: granted, funding };
    return [
      {
        type: 'GrantAwarded',
        data: {
          ...ids,
          amount: granted,
          ...grantPurpose,
          instrument: { kind: 'decision' },
          conventionThreshold: 5_000_000,
          awardedAt: null,
          lateEntry: null,
          funding,
          tranches: [{ ...tranche, releaseConditions: [] }],
        },
      },
      ...(paid
        ? [
            {
              type: 'TranchePaid',
              data: {
                ...ids,
                ...tranche,
                paymentReference: `pay-${index}`,
                grantFullyPaid: true,
                payerId: 'payer-1',
                paidAt: null,
                lateEntry: null,
              },
            } as NaseejEvent,
          ]
        : []),
      ...changesOf(ids, { amount: granted, funding, paid }, index, changed),
    ];
  }),
];

const VIEWS = [
  ['getGrants', { rolloutId: ROLLOUT }],
  ['readGrantLedger', { rolloutId: ROLLOUT }],
  ['readNationalOverview', {}],
  ['readRegionFunnel', { regionCode: 'FM' }],
  ['exportPublicFunding', {}],
  ['exportPublicFundingCsv', {}],
  ['readPartnershipReport', { year: 2026 }],
] as const;

const request = (params: unknown): RouteRequest => ({
  params,
  query: {},
  body: undefined,
  principal: { subject: 'minister', roles: ['ministry'], regions: [], partner: undefined },
  correlationId: 'test',
  ifMatch: undefined,
  commandId: undefined,
});

const route = (operationId: string) => {
  const found = [...grantRoutes, ...readModelRoutes].find(
    (candidate) => candidate.operationId === operationId,
  );
  if (!found) throw new Error(`no route ${operationId}`);
  return found;
};

describe('views of any grants history the v1 schemas accept', () => {
  it('answer 200 within their response schemas', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(commitment, { minLength: 1, maxLength: 4 }),
        fc.array(grant, { maxLength: 3 }),
        change,
        async (commitments, grants, changed) => {
          // Prepare
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
            streamId: `grants-${ROLLOUT}`,
            expectedVersion: 'any',
            events: historyOf(commitments, grants, changed).map((event) => encodeEvent(event)),
            metadata,
          });
          const deps = {
            store,
            readModels: new FoldedReadModels(store),
            clock: () => '2027-01-01T00:00:00.000Z',
            newId: countingIds('id'),
          };
          // Act
          const statuses = [];
          for (const [operationId, params] of VIEWS)
            statuses.push((await route(operationId).handle(request(params), deps)).status);
          // Assess
          expect(statuses).toEqual([200, 200, 200, 200, 200, 200, 200]);
        },
      ),
      { numRuns: 20 },
    );
  });
});
