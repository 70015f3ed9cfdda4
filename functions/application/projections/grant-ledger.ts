import type { GrantsEvent } from '../../../events/grants/index.js';
import {
  evolve as evolveGrants,
  type GrantsState,
  initialState as initialGrantsState,
} from '../../domain/grants/grants.js';
import { type ProjectedEvent, type Projection, withInOrder } from './projection.js';

/** An association as the public funding data names it (a legal entity: its name may be published). */
export interface FundedAssociation {
  readonly name: { readonly fr: string; readonly ar: string };
  readonly province: string;
}

/** The grants of one rollout, folded by the grants decider, with the dates the public data needs. */
export interface GrantLedgerView {
  readonly rolloutId: string;
  readonly grants: GrantsState;
  /** When each grant was awarded (the `occurredAt` of `GrantAwarded`: its `awardedAt` from v3 on, ADR 0137), by grant id. */
  readonly awardedAt: Readonly<Record<string, string>>;
  /**
   * Each paid tranche: grant, number, amount, when the transfer was made (the `occurredAt` of
   * `TranchePaid`: its `paidAt` from v2 on, its recording before; ADR 0080), and who funded it.
   */
  readonly payments: readonly {
    readonly grantId: string;
    readonly trancheNumber: number;
    readonly amount: number;
    readonly paidAt: string;
    readonly funding: readonly { readonly coFunderId: string; readonly amount: number }[];
  }[];
  /**
   * Each movement after the award, in time order, with what it changed of the awarded total (an
   * amendment's change of amount; a cancellation's release; a refund of a cancelled grant) and of
   * the paid total (a refund), so that a period's figures add up to the totals.
   */
  readonly changes: readonly {
    readonly grantId: string;
    readonly kind: 'amended' | 'refunded' | 'cancelled';
    readonly awardedDelta: number;
    readonly paidDelta: number;
    readonly at: string;
  }[];
  /** Each commitment of a co-funder, with when it was made (the `occurredAt` of `CoFunderBudgetCommitted`: its `committedAt` from v2 on, ADR 0153). */
  readonly commitments: readonly {
    readonly coFunderId: string;
    readonly amount: number;
    readonly committedAt: string;
  }[];
  /** Beneficiary associations' names and provinces, from the enrolment. */
  readonly associations: Readonly<Record<string, FundedAssociation>>;
}

const GRANT_TYPES: ReadonlySet<string> = new Set([
  'CoFunderBudgetCommitted',
  'GrantAwarded',
  'TrancheRequested',
  'TrancheApproved',
  'TrancheRejected',
  'TranchePaid',
  'TranchePaymentCorrected',
  'GrantAmended',
  'TrancheRefunded',
  'GrantCancelled',
]);

/** Keeps a list in a canonical order, so that events of different streams commute. */
const byTime =
  <T extends { grantId?: string; trancheNumber?: number; coFunderId?: string }>(at: (item: T) => string) =>
  (a: T, b: T): number =>
    at(a).localeCompare(at(b)) ||
    (a.grantId ?? a.coFunderId ?? '').localeCompare(b.grantId ?? b.coFunderId ?? '') ||
    (a.trancheNumber ?? 0) - (b.trancheNumber ?? 0);

const evolveLedger = (view: GrantLedgerView, event: ProjectedEvent): GrantLedgerView => {
  if (event.type === 'BeneficiaryEnrolled') {
    const { associationId, name, province } = event.data;
    return { ...view, associations: { ...view.associations, [associationId]: { name, province } } };
  }
  if (!GRANT_TYPES.has(event.type)) return view;
  const next = { ...view, grants: evolveGrants(view.grants, event as unknown as GrantsEvent) };
  switch (event.type) {
    case 'CoFunderBudgetCommitted':
      return {
        ...next,
        commitments: withInOrder(
          next.commitments,
          { coFunderId: event.data.coFunderId, amount: event.data.amount, committedAt: event.occurredAt },
          byTime((item) => item.committedAt),
        ),
      };
    case 'GrantAwarded':
      return { ...next, awardedAt: { ...next.awardedAt, [event.data.grantId]: event.occurredAt } };
    case 'TranchePaid': {
      const { grantId, trancheNumber, amount, funding } = event.data;
      return {
        ...next,
        payments: withInOrder(
          next.payments,
          { grantId, trancheNumber, amount, paidAt: event.occurredAt, funding },
          byTime((item) => item.paidAt),
        ),
      };
    }
    case 'TranchePaymentCorrected': {
      // A corrected value date moves the payment to it (ADR 0082); a v1 payment's null keeps its own.
      const { grantId, trancheNumber, paidAt } = event.data;
      if (paidAt === null) return next;
      const corrected = next.payments.map((payment) =>
        payment.grantId === grantId && payment.trancheNumber === trancheNumber
          ? { ...payment, paidAt }
          : payment,
      );
      return { ...next, payments: [...corrected].sort(byTime((item) => item.paidAt)) };
    }
    case 'GrantAmended':
      return withChange(next, {
        grantId: event.data.grantId,
        kind: 'amended',
        awardedDelta: event.data.amount - event.data.previousAmount,
        paidDelta: 0,
        at: event.recordedAt,
      });
    case 'TrancheRefunded':
      return withChange(next, {
        grantId: event.data.grantId,
        kind: 'refunded',
        awardedDelta: event.data.grantCancelled ? -event.data.amount : 0,
        paidDelta: -event.data.amount,
        at: event.recordedAt,
      });
    case 'GrantCancelled':
      return withChange(next, {
        grantId: event.data.grantId,
        kind: 'cancelled',
        awardedDelta: -event.data.released,
        paidDelta: 0,
        at: event.recordedAt,
      });
    default:
      return next;
  }
};

type LedgerChange = GrantLedgerView['changes'][number];
// Changes all come from the rollout's one grants stream, so ties keep the stream's order.
const withChange = (view: GrantLedgerView, change: LedgerChange): GrantLedgerView => ({
  ...view,
  changes: withInOrder(
    view.changes,
    change,
    byTime((item) => item.at),
  ),
});

/** The grant ledger per co-funder (committed, awarded, paid) and per grant: one document per rollout. */
export const grantLedgerProjection: Projection<GrantLedgerView> = {
  name: 'grant-ledger',
  // 2: amendments, refunds and cancellations (issue 20); net `paid`, `paidOut` and `refunded`.
  revision: 2,
  keysOf: (event) =>
    GRANT_TYPES.has(event.type) || event.type === 'BeneficiaryEnrolled'
      ? [(event.data as { rolloutId: string }).rolloutId]
      : [],
  initialView: (rolloutId) => ({
    rolloutId,
    grants: initialGrantsState(),
    awardedAt: {},
    payments: [],
    changes: [],
    commitments: [],
    associations: {},
  }),
  evolve: (view, event) => evolveLedger(view, event),
};

/** What a grant weighed when it was awarded: its weight now, less every change recorded since. */
export const awardedAtAward = (view: GrantLedgerView, grantId: string, awardedNow: number): number =>
  view.changes
    .filter((change) => change.grantId === grantId)
    .reduce((amount, change) => amount - change.awardedDelta, awardedNow);
