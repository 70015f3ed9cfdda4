import type { z } from 'zod';
import type { Role } from '../../../events/envelope.js';
import type { GrantsEvent } from '../../../events/grants/index.js';
import type {
  AttachedEvidence,
  Deliverable,
  FundingShare,
  GrantInstrument,
  ReleaseCondition,
} from '../../../events/grants/parts.js';
import type { Bilingual } from '../../../events/reference.js';
import { grantsStreamId } from '../ids.js';
import { assertNever, type CommandContext, type Decider, type Fold } from '../shared/decider.js';
import { domainError } from '../shared/errors.js';
import {
  checkFactDate,
  EARLIEST_FACT_DATE,
  type FactKind,
  instantOfFactDate,
  latestFactDate,
  requireNotBefore,
} from '../shared/fact-date.js';
import { addCentimes, MAX_AMOUNT_CENTIMES, sumCentimes } from '../shared/money.js';
import type {
  AmendGrant,
  ApproveTranche,
  AwardGrant,
  CancelGrant,
  CommitCoFunderBudget,
  CorrectTranchePayment,
  GrantsCommand,
  PayTranche,
  RecordTrancheRefund,
  RejectTranche,
  RequestTranche,
  SubmitGrantReport,
} from './commands.js';

export { grantsStreamId };

/*
 * Consistency boundary: ONE stream per rollout holds the co-funders' budgets and every grant of
 * that rollout with its tranches. An award checks each chosen co-funder's remaining budget across
 * all the rollout's grants, and that the association has no grant yet; only a single stream makes
 * both checks safe under concurrent awards (with a stream per grant, two awards could each see the
 * same remaining budget and overspend it). The stream stays modest: 30 grants now, about 600 at the
 * horizon, each 1 award + about 3 tranches × 3 steps, so 300 to 6,000 events written over months
 * by a few finance officers (no hot partition); a warm runtime's fold cache folds only the events
 * since its last load (docs/adr/0111-one-caching-story.md), and a cold load of 6,000 events is
 * one paged query.
 */

/**
 * Circular 7/2003: public funding "above" 50,000 MAD needs a partnership convention, otherwise a
 * decision. "Above" is read strictly: exactly 50,000 MAD (5,000,000 centimes) is a decision.
 */
export const CONVENTION_THRESHOLD_CENTIMES = 5_000_000;

/** The legal instrument a grant of this amount needs (see `CONVENTION_THRESHOLD_CENTIMES`). */
export const requiredInstrument = (amount: number): 'convention' | 'decision' =>
  amount > CONVENTION_THRESHOLD_CENTIMES ? 'convention' : 'decision';

type FundingShareData = z.infer<typeof FundingShare>;
type ReleaseConditionData = z.infer<typeof ReleaseCondition>;
type AttachedEvidenceData = z.infer<typeof AttachedEvidence>;
type GrantInstrumentData = z.infer<typeof GrantInstrument>;
type DeliverableData = z.infer<typeof Deliverable>;

/** The three steps of a tranche's release, each by a different person (segregation of duties). */
export type FinanceStep = 'request' | 'approval' | 'payment';

/** The role each finance step needs. */
export const FINANCE_STEP_ROLES: Readonly<Record<FinanceStep, Role>> = {
  request: 'finance-preparer',
  approval: 'finance-approver',
  payment: 'finance-payer',
};

/** `dropped`: the grant was cancelled before this tranche was paid; it never will be. */
export type TrancheStatus = 'planned' | 'requested' | 'approved' | 'paid' | 'dropped';

export interface TrancheState {
  readonly trancheNumber: number;
  readonly amount: number;
  readonly releaseConditions: readonly ReleaseConditionData[];
  readonly funding: readonly FundingShareData[];
  readonly status: TrancheStatus;
  /** The evidence of the current request (empty when planned). */
  readonly evidence: readonly AttachedEvidenceData[];
  readonly preparerId: string | null;
  readonly approverId: string | null;
  readonly payerId: string | null;
  /** When the current request was made (TrancheRequested v2); null or absent: undated (v1), or none. */
  readonly requestedAt?: string | null;
  /** When the current approval was given (TrancheApproved v2); null or absent: undated (v1), or none. */
  readonly approvedAt?: string | null;
  /** When its last request was rejected (TrancheRejected v2); null or absent: undated (v1), or none. */
  readonly rejectedAt?: string | null;
  /** The payment as recorded (and corrected): the transfer's reference and date (null: a v1 payment). */
  readonly payment?: { readonly reference: string; readonly paidAt: string | null };
  /** Every finance officer who acted on this tranche, rejected requests included, with their step. */
  readonly stepsByActor: Readonly<Record<string, FinanceStep>>;
  readonly rejections: number;
  /** What came back of this tranche once paid (returned or recovered), in all. */
  readonly refunded: number;
  /** Each co-funder's part of `refunded`. */
  readonly refundedFunding: readonly FundingShareData[];
}

export interface GrantState {
  readonly grantId: string;
  readonly associationId: string;
  /** The amount as awarded, or as last amended; a cancellation leaves it as it was. */
  readonly amount: number;
  /** What the grant is for (null for a grant awarded before purposes were recorded). */
  readonly purpose: z.infer<typeof Bilingual> | null;
  readonly deliverables: readonly DeliverableData[];
  readonly instrument: GrantInstrumentData;
  readonly funding: readonly FundingShareData[];
  readonly tranches: readonly TrancheState[];
  readonly status: 'active' | 'cancelled';
  /** What went back to the co-funders' budgets (unpaid at the cancellation, then refunded): 0 while active. */
  readonly released: number;
  readonly amendments: number;
  /** When it was awarded (GrantAwarded v3); null or absent: a v2 award, dated by its recording. */
  readonly awardedAt?: string | null;
  /** What the association reported, in order (absent in a state folded before reports existed). */
  readonly reports?: readonly GrantReportState[];
}

/** A report of the association on a paid tranche, as recorded (docs/adr/0121-grant-reports.md). */
export interface GrantReportState {
  readonly reportId: string;
  readonly trancheNumber: number;
  readonly deliverable: string | null;
  readonly summary: { readonly language: 'fr' | 'ar'; readonly text: string };
  readonly evidence: readonly {
    readonly documentId: string;
    readonly sha256: string;
    readonly sizeBytes: number;
    readonly contentType: string;
  }[];
}

/** The reports of a grant, in the order they were submitted. */
export const reportsOfGrant = (grant: GrantState): readonly GrantReportState[] => grant.reports ?? [];

/** One commitment of a co-funder: its amount and when it was committed (null: undated, a v1). */
export interface CommitmentState {
  readonly amount: number;
  readonly committedAt: string | null;
}

export interface CoFunderAccount {
  readonly coFunderId: string;
  readonly name: z.infer<typeof Bilingual>;
  readonly committed: number;
  /** What its grants weigh: their amounts, a cancelled grant only for what the association holds of it. */
  readonly awarded: number;
  /** What the associations hold: paid out less refunded. */
  readonly paid: number;
  /** Every payment made, before any refund. */
  readonly paidOut: number;
  /** What came back of payments (returned or recovered). */
  readonly refunded: number;
}

/** A rollout's grants: plain records (no Map) so that a snapshot is plain JSON. */
export interface GrantsState {
  readonly rolloutId: string | null;
  readonly coFunders: Readonly<Record<string, CoFunderAccount>>;
  /** Co-funder ids in the order of their first commitment. */
  readonly coFunderOrder: readonly string[];
  readonly grants: Readonly<Record<string, GrantState>>;
  /** Grant ids in the order of their award. */
  readonly grantOrder: readonly string[];
  readonly grantIdByAssociation: Readonly<Record<string, string>>;
  /**
   * Each co-funder's commitments here, by co-funder id, in the order recorded: the amount and when
   * it was committed (CoFunderBudgetCommitted v2; null for a v1, whose date is its recording, which
   * the rules do not see); absent in a state folded before they were kept. An award rests on them
   * (`commitmentAwardRestsOn`, ADR 0162).
   */
  readonly commitments?: Readonly<Record<string, readonly CommitmentState[]>>;
}

export const initialState = (): GrantsState => ({
  rolloutId: null,
  coFunders: {},
  coFunderOrder: [],
  grants: {},
  grantOrder: [],
  grantIdByAssociation: {},
});

/** A record's own entry: ids such as `constructor` must not find Object.prototype's members. */
const lookup = <T>(record: Readonly<Record<string, T>>, key: string): T | undefined =>
  Object.hasOwn(record, key) ? record[key] : undefined;

/**
 * Splits each tranche among the grant's co-funders in proportion to their shares (rounded down),
 * with the rounding centimes given to the first co-funders that still have room, and the last
 * tranche taking exactly what each co-funder has left. Every tranche's split sums to the tranche;
 * every co-funder's splits sum to its share. Expects `sum(trancheAmounts) === sum(funding)`.
 */
export const splitTranchesAmongCoFunders = (
  funding: readonly FundingShareData[],
  trancheAmounts: readonly number[],
): FundingShareData[][] => {
  const total = BigInt(sumCentimes(funding.map((share) => share.amount)));
  const paidSoFar = funding.map(() => 0);
  return trancheAmounts.map((trancheAmount, index) => {
    const roomOf = (coFunderIndex: number) =>
      (funding[coFunderIndex]?.amount ?? 0) - (paidSoFar[coFunderIndex] ?? 0);
    let allocation: number[];
    if (index === trancheAmounts.length - 1) {
      allocation = funding.map((_, coFunderIndex) => roomOf(coFunderIndex));
    } else {
      allocation = funding.map((share, coFunderIndex) =>
        Math.min(Number((BigInt(share.amount) * BigInt(trancheAmount)) / total), roomOf(coFunderIndex)),
      );
      let leftover = trancheAmount - sumCentimes(allocation);
      for (let coFunderIndex = 0; coFunderIndex < funding.length && leftover > 0; coFunderIndex += 1) {
        const extra = Math.min(leftover, roomOf(coFunderIndex) - (allocation[coFunderIndex] ?? 0));
        allocation[coFunderIndex] = (allocation[coFunderIndex] ?? 0) + extra;
        leftover -= extra;
      }
    }
    allocation.forEach((amount, coFunderIndex) => {
      paidSoFar[coFunderIndex] = (paidSoFar[coFunderIndex] ?? 0) + amount;
    });
    return funding
      .map((share, coFunderIndex) => ({
        coFunderId: share.coFunderId,
        amount: allocation[coFunderIndex] ?? 0,
      }))
      .filter((share) => share.amount > 0);
  });
};

// ---------------------------------------------------------------------------------------------
// evolve

const withCoFunder = (
  state: GrantsState,
  coFunderId: string,
  change: (account: CoFunderAccount) => CoFunderAccount,
): GrantsState => {
  const account = lookup(state.coFunders, coFunderId);
  if (!account) return state;
  return { ...state, coFunders: { ...state.coFunders, [coFunderId]: change(account) } };
};

const withGrant = (
  state: GrantsState,
  grantId: string,
  change: (grant: GrantState) => GrantState,
): GrantsState => {
  const grant = lookup(state.grants, grantId);
  if (!grant) return state;
  return { ...state, grants: { ...state.grants, [grantId]: change(grant) } };
};

const withTranche = (
  state: GrantsState,
  grantId: string,
  trancheNumber: number,
  change: (tranche: TrancheState) => TrancheState,
): GrantsState =>
  withGrant(state, grantId, (grant) => ({
    ...grant,
    tranches: grant.tranches.map((tranche) =>
      tranche.trancheNumber === trancheNumber ? change(tranche) : tranche,
    ),
  }));

/** Adds each co-funder's share of `funding` (times `sign`) to each of the named totals. */
const addToCoFunders = (
  state: GrantsState,
  funding: readonly FundingShareData[],
  totals: readonly ('awarded' | 'paid' | 'paidOut' | 'refunded')[],
  sign: 1 | -1 = 1,
): GrantsState =>
  funding.reduce(
    (next, share) =>
      withCoFunder(next, share.coFunderId, (account) => {
        const changed = { ...account };
        for (const total of totals) {
          const sum = addCentimes(account[total] ?? 0, sign * share.amount);
          // Never below zero: a total saturated at 2^53 − 1 (a history the v1 schemas accepted)
          // lost what was above it, so taking back the whole share would go negative.
          changed[total] = sign < 0 ? Math.max(0, sum) : sum;
        }
        return changed;
      }),
    state,
  );

/** Adds shares of the same co-funders together, keeping the order of first appearance. */
const mergeShares = (
  left: readonly FundingShareData[],
  right: readonly FundingShareData[],
): FundingShareData[] => {
  const merged: FundingShareData[] = left.map((share) => ({ ...share }));
  for (const share of right) {
    const existing = merged.find((candidate) => candidate.coFunderId === share.coFunderId);
    if (existing) existing.amount = addCentimes(existing.amount, share.amount);
    else merged.push({ ...share });
  }
  return merged;
};

/** A planned tranche, as every plan (award or amendment) starts it. */
const plannedTranche = (planned: {
  trancheNumber: number;
  amount: number;
  releaseConditions: readonly ReleaseConditionData[];
  funding: readonly FundingShareData[];
}): TrancheState => ({
  ...planned,
  status: 'planned',
  evidence: [],
  preparerId: null,
  approverId: null,
  payerId: null,
  stepsByActor: {},
  rejections: 0,
  refunded: 0,
  refundedFunding: [],
});

/** A finance step taken on a tranche: its `change`, and the step noted against the officer who took it. */
const withStep = (
  state: GrantsState,
  { grantId, trancheNumber }: { readonly grantId: string; readonly trancheNumber: number },
  officerId: string,
  step: FinanceStep,
  change: (tranche: TrancheState) => Partial<TrancheState>,
): GrantsState =>
  withTranche(state, grantId, trancheNumber, (tranche) => ({
    ...tranche,
    ...change(tranche),
    stepsByActor: { ...tranche.stepsByActor, [officerId]: step },
  }));

/** Events of other aggregates never reach this stream; ignore them rather than fail a replay. */
const ignoreOtherEvent = (_event: never, state: GrantsState): GrantsState => state;

export const evolve = (state: GrantsState, event: GrantsEvent): GrantsState => {
  switch (event.type) {
    case 'CoFunderBudgetCommitted': {
      const { coFunderId, name, amount, committedAt } = event.data;
      const existing = lookup(state.coFunders, coFunderId);
      const account: CoFunderAccount = existing
        ? { ...existing, name, committed: addCentimes(existing.committed, amount) }
        : { coFunderId, name, committed: amount, awarded: 0, paid: 0, paidOut: 0, refunded: 0 };
      return {
        ...state,
        rolloutId: state.rolloutId ?? event.data.rolloutId,
        coFunders: { ...state.coFunders, [coFunderId]: account },
        coFunderOrder: existing ? state.coFunderOrder : [...state.coFunderOrder, coFunderId],
        commitments: {
          ...state.commitments,
          [coFunderId]: [...(lookup(state.commitments ?? {}, coFunderId) ?? []), { amount, committedAt }],
        },
      };
    }
    case 'GrantAwarded': {
      const { grantId, associationId, amount, purpose, deliverables, instrument, funding, tranches } =
        event.data;
      const grant: GrantState = {
        grantId,
        associationId,
        amount,
        purpose,
        deliverables,
        instrument,
        funding,
        tranches: tranches.map(plannedTranche),
        status: 'active',
        released: 0,
        amendments: 0,
        awardedAt: event.data.awardedAt,
      };
      const awarded: GrantsState = {
        ...state,
        rolloutId: state.rolloutId ?? event.data.rolloutId,
        grants: { ...state.grants, [grantId]: grant },
        grantOrder: [...state.grantOrder, grantId],
        grantIdByAssociation: { ...state.grantIdByAssociation, [associationId]: grantId },
      };
      return addToCoFunders(awarded, funding, ['awarded']);
    }
    case 'TrancheRequested': {
      const { evidence, preparerId, requestedAt } = event.data;
      return withStep(state, event.data, preparerId, 'request', () => ({
        status: 'requested',
        evidence,
        preparerId,
        approverId: null,
        requestedAt,
        approvedAt: null,
      }));
    }
    case 'TrancheApproved': {
      const { approverId, approvedAt } = event.data;
      return withStep(state, event.data, approverId, 'approval', () => ({
        status: 'approved',
        approverId,
        approvedAt,
      }));
    }
    case 'TrancheRejected':
      return withStep(state, event.data, event.data.approverId, 'approval', (tranche) => ({
        status: 'planned',
        evidence: [],
        preparerId: null,
        approverId: null,
        requestedAt: null,
        approvedAt: null,
        rejectedAt: event.data.rejectedAt,
        rejections: tranche.rejections + 1,
      }));
    case 'TranchePaid': {
      const { payerId, funding, paymentReference, paidAt } = event.data;
      const paid = withStep(state, event.data, payerId, 'payment', () => ({
        status: 'paid',
        payerId,
        payment: { reference: paymentReference, paidAt },
      }));
      return addToCoFunders(paid, funding, ['paid', 'paidOut']);
    }
    case 'GrantAmended': {
      const { grantId, amount, instrument, funding, tranches } = event.data;
      const before = lookup(state.grants, grantId);
      if (!before) return state;
      const amended = withGrant(state, grantId, (grant) => ({
        ...grant,
        amount,
        instrument,
        funding,
        tranches: [
          ...grant.tranches.filter((tranche) => tranche.status === 'paid'),
          // A tranche planned anew keeps who acted on that tranche before (segregation of duties
          // holds across an amendment: whoever prepared it does not approve it afterwards).
          ...tranches.map((planned) => {
            const before = grant.tranches.find((tranche) => tranche.trancheNumber === planned.trancheNumber);
            return {
              ...plannedTranche(planned),
              stepsByActor: before?.stepsByActor ?? {},
              rejections: before?.rejections ?? 0,
            };
          }),
        ],
        amendments: grant.amendments + 1,
      }));
      return addToCoFunders(addToCoFunders(amended, before.funding, ['awarded'], -1), funding, ['awarded']);
    }
    case 'TrancheRefunded': {
      const { grantId, trancheNumber, amount, funding, grantCancelled } = event.data;
      const refunded = withTranche(state, grantId, trancheNumber, (tranche) => ({
        ...tranche,
        refunded: addCentimes(tranche.refunded, amount),
        refundedFunding: mergeShares(tranche.refundedFunding, funding),
      }));
      if (!grantCancelled) {
        return addToCoFunders(addToCoFunders(refunded, funding, ['paid'], -1), funding, ['refunded']);
      }
      const released = withGrant(refunded, grantId, (grant) => ({
        ...grant,
        released: addCentimes(grant.released, amount),
      }));
      return addToCoFunders(addToCoFunders(released, funding, ['paid', 'awarded'], -1), funding, [
        'refunded',
      ]);
    }
    case 'GrantCancelled': {
      const { grantId, released, releasedFunding } = event.data;
      const cancelled = withGrant(state, grantId, (grant) => ({
        ...grant,
        status: 'cancelled',
        released,
        tranches: grant.tranches.map((tranche) =>
          tranche.status === 'paid'
            ? tranche
            : { ...tranche, status: 'dropped', evidence: [], preparerId: null, approverId: null },
        ),
      }));
      return addToCoFunders(cancelled, releasedFunding, ['awarded'], -1);
    }
    case 'GrantReportSubmitted': {
      const { grantId, reportId, trancheNumber, deliverable, summary, evidence } = event.data;
      return withGrant(state, grantId, (grant) => ({
        ...grant,
        reports: [...reportsOfGrant(grant), { reportId, trancheNumber, deliverable, summary, evidence }],
      }));
    }
    case 'TranchePaymentCorrected': {
      const { grantId, trancheNumber, paymentReference, paidAt } = event.data;
      return withTranche(state, grantId, trancheNumber, (tranche) => ({
        ...tranche,
        payment: { reference: paymentReference, paidAt },
      }));
    }
    default:
      return ignoreOtherEvent(event, state);
  }
};

// ---------------------------------------------------------------------------------------------
// decide

/** A grant's funding names each co-funder once and its shares sum to the grant (award and amendment). */
const requireFundingOf = (
  amount: number,
  funding: readonly { coFunderId: string; amount: number }[],
): void => {
  const coFunderIds = funding.map((share) => share.coFunderId);
  const listedTwice = coFunderIds.find((id, index) => coFunderIds.indexOf(id) !== index);
  if (listedTwice !== undefined) {
    throw domainError('invalid', 'CO_FUNDER_LISTED_TWICE', 'A co-funder appears twice in the funding.', {
      coFunderId: listedTwice,
    });
  }
  const funded = sumCentimes(funding.map((share) => share.amount));
  if (funded !== amount) {
    throw domainError(
      'invalid',
      'GRANT_FUNDING_MISMATCH',
      "The co-funders' shares do not sum to the grant.",
      {
        amount,
        funded,
      },
    );
  }
};

/** Every co-funder of a grant's funding has committed budget in this rollout (award and amendment). */
const requireCommittedCoFunders = (state: GrantsState, funding: readonly { coFunderId: string }[]): void => {
  for (const share of funding) {
    if (!lookup(state.coFunders, share.coFunderId)) {
      throw domainError('not-found', 'CO_FUNDER_NOT_FOUND', 'This co-funder has committed no budget here.', {
        coFunderId: share.coFunderId,
      });
    }
  }
};

const requireRollout = (state: GrantsState, rolloutId: string): void => {
  if (state.rolloutId !== null && state.rolloutId !== rolloutId) {
    throw domainError(
      'invalid',
      'GRANTS_ROLLOUT_MISMATCH',
      'This grants ledger belongs to another rollout.',
      {
        expected: state.rolloutId,
        received: rolloutId,
      },
    );
  }
};

const commitCoFunderBudget = (
  command: CommitCoFunderBudget,
  state: GrantsState,
  context: CommandContext,
): GrantsEvent[] => {
  const { rolloutId, coFunderId, name, amount } = command.data;
  requireRollout(state, rolloutId);
  const { date: committedAt, lateEntry } = factDated(
    'budget-committed',
    'committedAt',
    command.data,
    context,
  );
  const existing = lookup(state.coFunders, coFunderId);
  if (existing && (existing.name.fr !== name.fr || existing.name.ar !== name.ar)) {
    throw domainError(
      'invalid',
      'CO_FUNDER_NAME_MISMATCH',
      'This co-funder id is already registered under another name.',
      { coFunderId, registeredName: existing.name },
    );
  }
  const totalCommitted = addCentimes(existing?.committed ?? 0, amount);
  // The rollout's whole budget stays within one amount's ceiling, so that every total a view
  // draws from it (committed, awarded, paid, remaining) is exact.
  const rolloutCommitted = addCentimes(
    sumCentimes(Object.values(state.coFunders).map((account) => account.committed)),
    amount,
  );
  if (rolloutCommitted > MAX_AMOUNT_CENTIMES) {
    throw domainError('invalid', 'CO_FUNDER_BUDGET_TOO_LARGE', 'The committed budget is too large.', {
      coFunderId,
      ceiling: MAX_AMOUNT_CENTIMES,
    });
  }
  return [
    {
      type: 'CoFunderBudgetCommitted',
      data: { rolloutId, coFunderId, name, amount, totalCommitted, committedAt, lateEntry },
    },
  ];
};

/**
 * A grant fact's date (`field` of the command; absent: now) and its late entry, judged by the
 * table of ADR 0081 (a payment's `paidAt`, an award's `awardedAt`, ADR 0137; a commitment's, a
 * request's and an approval's, ADR 0153; a rejection's, ADR 0161).
 */
const factDated = <
  Field extends 'awardedAt' | 'paidAt' | 'committedAt' | 'requestedAt' | 'approvedAt' | 'rejectedAt',
  Reason,
>(
  kind: FactKind,
  field: Field,
  data: Partial<Record<Field, string>> & { readonly lateEntryReason?: Reason | undefined },
  context: CommandContext,
) => {
  const date = data[field] ?? context.now;
  const lateEntry = checkFactDate({
    kind,
    field,
    date,
    now: context.now,
    role: context.actor.role,
    lateEntryReason: data.lateEntryReason,
    reasonField: 'lateEntryReason',
  });
  return { date, lateEntry };
};

/** A fact date as the instant to order by (a day by its first instant). */
const instantMillis = (date: string): number => Date.parse(instantOfFactDate(date));

/**
 * When a co-funder had committed the budget its share of an award dated `awardedAt` rests on
 * (ADR 0162): its budget as of that date. Its commitments taken in the order of their dates (the
 * undated first: their date is their recording, which the rules do not see, so they may be as early
 * as any), the date of the one that brings what it committed up to its shares of the grants awarded
 * by then and this share. The grants counted are the active ones dated at or before `awardedAt`
 * (an undated, a later or a cancelled grant is left out: the check refuses only what is surely
 * wrong). Null when the undated commitments suffice, or when none suffices (the remaining budget
 * refuses that: `CO_FUNDER_BUDGET_EXCEEDED`).
 */
export const commitmentAwardRestsOn = (
  state: GrantsState,
  share: { readonly coFunderId: string; readonly amount: number },
  awardedAt: string,
): string | null => {
  const awardedBy = instantMillis(awardedAt);
  const awardedBefore = sumCentimes(
    Object.values(state.grants)
      .filter(
        (grant) =>
          grant.status === 'active' &&
          grant.awardedAt !== null &&
          grant.awardedAt !== undefined &&
          instantMillis(grant.awardedAt) <= awardedBy,
      )
      .flatMap((grant) => grant.funding.filter((funded) => funded.coFunderId === share.coFunderId))
      .map((funded) => funded.amount),
  );
  const needed = addCentimes(awardedBefore, share.amount);
  const dateOrder = (commitment: CommitmentState): number =>
    commitment.committedAt === null ? Number.NEGATIVE_INFINITY : instantMillis(commitment.committedAt);
  const inDateOrder = [...(lookup(state.commitments ?? {}, share.coFunderId) ?? [])].sort(
    (left, right) => dateOrder(left) - dateOrder(right) || 0,
  );
  let committed = 0;
  for (const commitment of inDateOrder) {
    committed = addCentimes(committed, commitment.amount);
    if (committed >= needed) return commitment.committedAt;
  }
  return null;
};

const awardGrant = (command: AwardGrant, state: GrantsState, context: CommandContext): GrantsEvent[] => {
  const {
    rolloutId,
    associationId,
    amount,
    purpose,
    deliverables,
    funding,
    tranches,
    conventionAgreementId,
  } = command.data;
  requireRollout(state, rolloutId);
  const { date: awardedAt, lateEntry } = factDated('grant-awarded', 'awardedAt', command.data, context);
  const slugs = deliverables.map((item) => item.deliverable);
  const deliverableTwice = slugs.find((slug, index) => slugs.indexOf(slug) !== index);
  if (deliverableTwice !== undefined) {
    throw domainError('invalid', 'DELIVERABLE_LISTED_TWICE', 'A deliverable appears twice in the grant.', {
      deliverable: deliverableTwice,
    });
  }

  requireFundingOf(amount, funding);
  const planned = sumCentimes(tranches.map((tranche) => tranche.amount));
  if (planned !== amount) {
    throw domainError('invalid', 'GRANT_TRANCHES_MISMATCH', 'The tranche amounts do not sum to the grant.', {
      amount,
      planned,
    });
  }

  let instrument: GrantInstrumentData;
  if (requiredInstrument(amount) === 'convention') {
    if (conventionAgreementId === undefined) {
      throw domainError(
        'invalid',
        'CONVENTION_AGREEMENT_REQUIRED',
        'A grant above 50,000 MAD needs a partnership convention.',
        { amount, threshold: CONVENTION_THRESHOLD_CENTIMES },
      );
    }
    instrument = { kind: 'convention', agreementId: conventionAgreementId };
  } else {
    if (conventionAgreementId !== undefined) {
      throw domainError(
        'invalid',
        'CONVENTION_AGREEMENT_NOT_EXPECTED',
        'A grant of 50,000 MAD or less is awarded by decision, not by convention.',
        { amount, threshold: CONVENTION_THRESHOLD_CENTIMES },
      );
    }
    instrument = { kind: 'decision' };
  }

  requireCommittedCoFunders(state, funding);
  if (!command.facts.associationCompletedTraining) {
    throw domainError(
      'conflict',
      'ASSOCIATION_TRAINING_NOT_COMPLETED',
      'Only an association that completed the training may receive a grant.',
      { associationId },
    );
  }
  requireNotBefore('AWARDED_BEFORE_TRAINING_COMPLETED', 'awardedAt', awardedAt, {
    fact: 'axis-1 completion',
    date: command.facts.axisOneCompletedOn,
  });
  // Each co-funder of the grant had committed, by then, the budget its share rests on (ADR 0162).
  requireNotBefore('AWARDED_BEFORE_BUDGET_COMMITTED', 'awardedAt', awardedAt, {
    fact: 'co-funder commitment',
    date: latestFactDate(funding.map((share) => commitmentAwardRestsOn(state, share, awardedAt))),
  });
  const existingGrantId = lookup(state.grantIdByAssociation, associationId);
  if (existingGrantId !== undefined) {
    throw domainError(
      'conflict',
      'ASSOCIATION_ALREADY_GRANTED',
      'This association already has a grant in this rollout.',
      { associationId, grantId: existingGrantId },
    );
  }
  for (const share of funding) {
    const remaining = remainingBudget(state, share.coFunderId);
    if (share.amount > remaining) {
      throw domainError(
        'conflict',
        'CO_FUNDER_BUDGET_EXCEEDED',
        "The grant exceeds this co-funder's remaining budget.",
        { coFunderId: share.coFunderId, remaining, requested: share.amount },
      );
    }
  }

  const splits = splitTranchesAmongCoFunders(
    funding,
    tranches.map((tranche) => tranche.amount),
  );
  return [
    {
      type: 'GrantAwarded',
      data: {
        rolloutId,
        grantId: context.newId(),
        associationId,
        amount,
        purpose,
        deliverables,
        instrument,
        conventionThreshold: CONVENTION_THRESHOLD_CENTIMES,
        funding,
        tranches: tranches.map((tranche, index) => ({
          trancheNumber: index + 1,
          amount: tranche.amount,
          releaseConditions: tranche.releaseConditions,
          funding: splits[index] ?? [],
        })),
        awardedAt,
        lateEntry,
      },
    },
  ];
};

const requireTranche = (
  state: GrantsState,
  grantId: string,
  trancheNumber: number,
): { grant: GrantState; tranche: TrancheState } => {
  const grant = lookup(state.grants, grantId);
  if (!grant)
    throw domainError('not-found', 'GRANT_NOT_FOUND', 'No such grant in this rollout.', { grantId });
  const tranche = grant.tranches.find((candidate) => candidate.trancheNumber === trancheNumber);
  if (!tranche) {
    throw domainError('not-found', 'TRANCHE_NOT_FOUND', 'This grant has no such tranche.', {
      grantId,
      trancheNumber,
      tranches: grant.tranches.length,
    });
  }
  return { grant, tranche };
};

/** The role check and the segregation of duties, for one finance step on one tranche. */
const requireFinanceOfficer = (
  context: CommandContext,
  tranche: TrancheState,
  step: FinanceStep,
  grantId: string,
): void => {
  const role = FINANCE_STEP_ROLES[step];
  if (context.actor.role !== role) {
    throw domainError(
      'forbidden',
      'FINANCE_ROLE_REQUIRED',
      `This step of a tranche needs the ${role} role.`,
      {
        step,
        requiredRole: role,
        actorRole: context.actor.role,
      },
    );
  }
  const earlierStep = lookup(tranche.stepsByActor, context.actor.id);
  if (earlierStep !== undefined && earlierStep !== step) {
    throw domainError(
      'forbidden',
      'FINANCE_STEPS_BY_SAME_PERSON',
      'The same person may not do two of the request, approval and payment of one tranche.',
      { grantId, trancheNumber: tranche.trancheNumber, step, earlierStep },
    );
  }
};

/** Why a tranche in status `actual` cannot take the step that needs status `expected`. */
const statusRefusal = (
  expected: TrancheStatus,
  actual: TrancheStatus,
): { readonly code: string; readonly message: string } => {
  if (actual === 'paid')
    return { code: 'TRANCHE_ALREADY_PAID', message: 'This tranche has already been paid.' };
  if (actual === 'dropped') {
    return { code: 'GRANT_CANCELLED', message: 'This grant was cancelled: its unpaid tranches are dropped.' };
  }
  if (expected === 'planned') {
    return { code: 'TRANCHE_ALREADY_REQUESTED', message: 'This tranche has already been requested.' };
  }
  if (expected === 'requested' && actual === 'approved') {
    return { code: 'TRANCHE_ALREADY_APPROVED', message: 'This tranche has already been approved.' };
  }
  if (expected === 'requested') {
    return { code: 'TRANCHE_NOT_REQUESTED', message: 'This tranche has not been requested.' };
  }
  return { code: 'TRANCHE_NOT_APPROVED', message: 'This tranche has not been approved.' };
};

const requireStatus = (tranche: TrancheState, grantId: string, expected: TrancheStatus): void => {
  if (tranche.status === expected) return;
  const { code, message } = statusRefusal(expected, tranche.status);
  throw domainError('conflict', code, message, {
    grantId,
    trancheNumber: tranche.trancheNumber,
    status: tranche.status,
  });
};

/** The status a tranche must be in for each finance step. */
const STATUS_BEFORE_STEP: Readonly<Record<FinanceStep, TrancheStatus>> = {
  request: 'planned',
  approval: 'requested',
  payment: 'approved',
};

/**
 * The grant and tranche a finance step acts on, once the step may be taken: the ledger's rollout,
 * a known tranche, an officer of the step's role who took no other step of it, the right status.
 */
const trancheForStep = (
  state: GrantsState,
  context: CommandContext,
  {
    rolloutId,
    grantId,
    trancheNumber,
  }: { readonly rolloutId: string; readonly grantId: string; readonly trancheNumber: number },
  step: FinanceStep,
): { grant: GrantState; tranche: TrancheState } => {
  requireRollout(state, rolloutId);
  const found = requireTranche(state, grantId, trancheNumber);
  requireFinanceOfficer(context, found.tranche, step, grantId);
  requireStatus(found.tranche, grantId, STATUS_BEFORE_STEP[step]);
  return found;
};

/** What every tranche event names first: the rollout, the grant, its association and the tranche. */
const trancheOf = (rolloutId: string, grant: GrantState, trancheNumber: number) => ({
  rolloutId,
  grantId: grant.grantId,
  associationId: grant.associationId,
  trancheNumber,
});

const requestTranche = (
  command: RequestTranche,
  state: GrantsState,
  context: CommandContext,
): GrantsEvent[] => {
  const { rolloutId, grantId, trancheNumber, evidence } = command.data;
  const { grant, tranche } = trancheForStep(state, context, command.data, 'request');
  const previous = grant.tranches.find((candidate) => candidate.trancheNumber === trancheNumber - 1);
  if (previous && previous.status !== 'paid') {
    throw domainError(
      'conflict',
      'TRANCHE_OUT_OF_ORDER',
      'A tranche may be requested only once the previous one has been paid.',
      { grantId, trancheNumber, previousStatus: previous.status },
    );
  }
  const { date: requestedAt, lateEntry } = factDated(
    'tranche-requested',
    'requestedAt',
    command.data,
    context,
  );
  requireNotBefore('REQUESTED_BEFORE_AWARD', 'requestedAt', requestedAt, {
    fact: 'grant award',
    date: grant.awardedAt,
  });
  requireNotBefore('REQUESTED_BEFORE_PREVIOUS_PAYMENT', 'requestedAt', requestedAt, {
    fact: 'previous tranche payment',
    date: previous?.payment?.paidAt,
  });
  // Requested again after a rejection: not before it (ADR 0161).
  requireNotBefore('REQUESTED_BEFORE_REJECTION', 'requestedAt', requestedAt, {
    fact: 'tranche rejection',
    date: tranche.rejectedAt,
  });
  const required = new Set(tranche.releaseConditions.map((condition) => condition.evidence));
  const attached = new Set(evidence.map((item) => item.evidence));
  const missing = [...required].filter((kind) => !attached.has(kind));
  if (missing.length > 0) {
    throw domainError(
      'invalid',
      'TRANCHE_EVIDENCE_MISSING',
      "The request lacks evidence for some of the tranche's conditions.",
      { grantId, trancheNumber, missing },
    );
  }
  const unexpected = [...attached].filter((kind) => !required.has(kind));
  if (unexpected.length > 0) {
    throw domainError(
      'invalid',
      'TRANCHE_EVIDENCE_UNEXPECTED',
      'The request attaches evidence that no condition of this tranche asks for.',
      { grantId, trancheNumber, unexpected },
    );
  }
  return [
    {
      type: 'TrancheRequested',
      data: {
        ...trancheOf(rolloutId, grant, trancheNumber),
        amount: tranche.amount,
        evidence,
        preparerId: context.actor.id,
        requestedAt,
        lateEntry,
      },
    },
  ];
};

const approveTranche = (
  command: ApproveTranche,
  state: GrantsState,
  context: CommandContext,
): GrantsEvent[] => {
  const { rolloutId, trancheNumber } = command.data;
  const { grant, tranche } = trancheForStep(state, context, command.data, 'approval');
  const { date: approvedAt, lateEntry } = factDated('tranche-approved', 'approvedAt', command.data, context);
  requireNotBefore('APPROVED_BEFORE_REQUEST', 'approvedAt', approvedAt, {
    fact: 'tranche request',
    date: tranche.requestedAt,
  });
  return [
    {
      type: 'TrancheApproved',
      data: {
        ...trancheOf(rolloutId, grant, trancheNumber),
        amount: tranche.amount,
        approverId: context.actor.id,
        approvedAt,
        lateEntry,
      },
    },
  ];
};

const rejectTranche = (
  command: RejectTranche,
  state: GrantsState,
  context: CommandContext,
): GrantsEvent[] => {
  const { rolloutId, trancheNumber, reason } = command.data;
  const { grant, tranche } = trancheForStep(state, context, command.data, 'approval');
  const { date: rejectedAt, lateEntry } = factDated('tranche-rejected', 'rejectedAt', command.data, context);
  requireNotBefore('REJECTED_BEFORE_REQUEST', 'rejectedAt', rejectedAt, {
    fact: 'tranche request',
    date: tranche.requestedAt,
  });
  return [
    {
      type: 'TrancheRejected',
      data: {
        ...trancheOf(rolloutId, grant, trancheNumber),
        reason,
        approverId: context.actor.id,
        rejectedAt,
        lateEntry,
      },
    },
  ];
};

/** A transfer is not dated before its grant's award, nor before its tranche's approval (ADR 0151, 0153). */
const requirePaidInOrder = (paidAt: string, grant: GrantState, tranche: TrancheState): void => {
  requireNotBefore('PAID_BEFORE_AWARD', 'paidAt', paidAt, { fact: 'grant award', date: grant.awardedAt });
  requireNotBefore('PAID_BEFORE_APPROVAL', 'paidAt', paidAt, {
    fact: 'tranche approval',
    date: tranche.approvedAt,
  });
};

const payTranche = (command: PayTranche, state: GrantsState, context: CommandContext): GrantsEvent[] => {
  const { rolloutId, grantId, trancheNumber, paymentReference } = command.data;
  const { grant, tranche } = trancheForStep(state, context, command.data, 'payment');
  const { date: paidAt, lateEntry } = factDated('tranche-paid', 'paidAt', command.data, context);
  requirePaidInOrder(paidAt, grant, tranche);
  if (grant.instrument.kind === 'convention' && !command.facts.conventionInForce) {
    throw domainError(
      'conflict',
      'CONVENTION_NOT_IN_FORCE',
      'A grant under a partnership convention cannot be paid before the convention is in force.',
      { grantId, agreementId: grant.instrument.agreementId },
    );
  }
  const fullyPaid = grant.tranches.every(
    (candidate) => candidate.trancheNumber === trancheNumber || candidate.status === 'paid',
  );
  return [
    {
      type: 'TranchePaid',
      data: {
        ...trancheOf(rolloutId, grant, trancheNumber),
        amount: tranche.amount,
        funding: [...tranche.funding],
        paymentReference,
        grantFullyPaid: fullyPaid,
        payerId: context.actor.id,
        paidAt,
        lateEntry,
      },
    },
  ];
};

/**
 * Corrects a paid tranche's payment record (ADR 0082): a finance payer, with the reason; the
 * reference and the date only, the date never in the future nor before the program began.
 */
const correctTranchePayment = (
  command: CorrectTranchePayment,
  state: GrantsState,
  context: CommandContext,
): GrantsEvent[] => {
  const { rolloutId, grantId, trancheNumber, reason } = command.data;
  if (context.actor.role !== 'finance-payer') {
    throw domainError('forbidden', 'FINANCE_ROLE_REQUIRED', 'A finance payer corrects a payment record.', {
      required: 'finance-payer',
      actual: context.actor.role,
    });
  }
  requireRollout(state, rolloutId);
  const grant = lookup(state.grants, grantId);
  const tranche = grant?.tranches.find((candidate) => candidate.trancheNumber === trancheNumber);
  if (grant === undefined || tranche === undefined) {
    throw domainError('not-found', 'TRANCHE_NOT_FOUND', 'No such tranche of this grant.', {
      grantId,
      trancheNumber,
    });
  }
  if (tranche.status !== 'paid' || tranche.payment === undefined) {
    throw domainError('conflict', 'TRANCHE_NOT_PAID', 'Only the record of a paid tranche can be corrected.', {
      grantId,
      trancheNumber,
      status: tranche.status,
    });
  }
  const paymentReference = command.data.paymentReference ?? tranche.payment.reference;
  const paidAt = command.data.paidAt ?? tranche.payment.paidAt;
  if (paymentReference === tranche.payment.reference && paidAt === tranche.payment.paidAt) {
    throw domainError('conflict', 'PAYMENT_UNCHANGED', 'The record already says this.', {
      grantId,
      trancheNumber,
    });
  }
  if (command.data.paidAt !== undefined) {
    if (Date.parse(command.data.paidAt) > Date.parse(context.now)) {
      throw domainError('invalid', 'FACT_DATE_IN_FUTURE', 'paidAt is after the moment it is recorded', {
        field: 'paidAt',
        paidAt: command.data.paidAt,
        now: context.now,
      });
    }
    if (Date.parse(command.data.paidAt) < Date.parse(EARLIEST_FACT_DATE)) {
      throw domainError('invalid', 'FACT_DATE_BEFORE_PROGRAM', 'paidAt is before the program began', {
        field: 'paidAt',
        paidAt: command.data.paidAt,
        earliest: EARLIEST_FACT_DATE,
      });
    }
    requirePaidInOrder(command.data.paidAt, grant, tranche);
  }
  return [
    {
      type: 'TranchePaymentCorrected',
      data: {
        rolloutId,
        grantId,
        associationId: grant.associationId,
        trancheNumber,
        paymentReference,
        paidAt,
        previous: { paymentReference: tranche.payment.reference, paidAt: tranche.payment.paidAt },
        reason,
      },
    },
  ];
};

/** What the association holds of a grant, per co-funder: paid less refunded, in funding order. */
export const heldByCoFunder = (grant: GrantState): FundingShareData[] => {
  const paid = grant.tranches
    .filter((tranche) => tranche.status === 'paid')
    .reduce<FundingShareData[]>((sum, tranche) => mergeShares(sum, tranche.funding), []);
  const refunded = grant.tranches.reduce<FundingShareData[]>(
    (sum, tranche) => mergeShares(sum, tranche.refundedFunding),
    [],
  );
  return mergeShares(
    paid,
    refunded.map((share) => ({ ...share, amount: -share.amount })),
  ).filter((share) => share.amount !== 0);
};

const amountOf = (shares: readonly FundingShareData[], coFunderId: string): number =>
  shares.find((share) => share.coFunderId === coFunderId)?.amount ?? 0;

const requireGrant = (state: GrantsState, rolloutId: string, grantId: string): GrantState => {
  requireRollout(state, rolloutId);
  const grant = lookup(state.grants, grantId);
  if (!grant)
    throw domainError('not-found', 'GRANT_NOT_FOUND', 'No such grant in this rollout.', { grantId });
  return grant;
};

/** Amending and cancelling a grant are the ministry's decisions, as its award is. */
const requireMinistry = (context: CommandContext, action: string): void => {
  if (context.actor.role !== 'ministry') {
    throw domainError('forbidden', 'MINISTRY_ROLE_REQUIRED', `Only the ministry may ${action} a grant.`, {
      requiredRole: 'ministry',
      actorRole: context.actor.role,
    });
  }
};

const requireActiveGrant = (grant: GrantState): void => {
  if (grant.status === 'cancelled') {
    throw domainError('conflict', 'GRANT_CANCELLED', 'This grant was cancelled.', { grantId: grant.grantId });
  }
};

const amendGrant = (command: AmendGrant, state: GrantsState, context: CommandContext): GrantsEvent[] => {
  const { rolloutId, grantId, amount, funding, tranches, conventionAgreementId, reason } = command.data;
  requireMinistry(context, 'amend');
  const grant = requireGrant(state, rolloutId, grantId);
  requireActiveGrant(grant);
  const underway = grant.tranches.find(
    (tranche) => tranche.status === 'requested' || tranche.status === 'approved',
  );
  if (underway) {
    throw domainError(
      'conflict',
      'GRANT_TRANCHE_UNDERWAY',
      'A tranche is requested or approved: pay or reject it before amending the grant.',
      { grantId, trancheNumber: underway.trancheNumber, status: underway.status },
    );
  }
  requireFundingOf(amount, funding);
  const held = heldByCoFunder(grant);
  const heldTotal = sumCentimes(held.map((share) => share.amount));
  if (amount < heldTotal) {
    throw domainError(
      'conflict',
      'GRANT_AMOUNT_BELOW_HELD',
      'A grant cannot be amended below what the association holds of it: record a refund first.',
      { grantId, amount, held: heldTotal },
    );
  }
  const planned = sumCentimes(tranches.map((tranche) => tranche.amount));
  if (planned !== amount - heldTotal) {
    throw domainError(
      'invalid',
      'GRANT_TRANCHES_MISMATCH',
      'The tranches to pay do not sum to the amended amount less what the association holds.',
      { amount, held: heldTotal, planned, expected: amount - heldTotal },
    );
  }
  const paidTranches = grant.tranches.filter((tranche) => tranche.status === 'paid').length;
  if (paidTranches + tranches.length > 12) {
    throw domainError('invalid', 'GRANT_TOO_MANY_TRANCHES', 'A grant has at most 12 tranches.', {
      paidTranches,
      planned: tranches.length,
    });
  }
  requireCommittedCoFunders(state, funding);
  for (const share of held) {
    const newShare = amountOf(funding, share.coFunderId);
    if (newShare < share.amount) {
      throw domainError(
        'conflict',
        'CO_FUNDER_SHARE_BELOW_HELD',
        "A co-funder's share cannot fall below what it has paid of this grant (less refunds).",
        { coFunderId: share.coFunderId, share: newShare, held: share.amount },
      );
    }
  }
  for (const share of funding) {
    const increase = share.amount - amountOf(grant.funding, share.coFunderId);
    const remaining = remainingBudget(state, share.coFunderId);
    if (increase > remaining) {
      throw domainError(
        'conflict',
        'CO_FUNDER_BUDGET_EXCEEDED',
        "The amendment exceeds this co-funder's remaining budget.",
        { coFunderId: share.coFunderId, remaining, requested: increase },
      );
    }
  }
  let instrument: GrantInstrumentData = grant.instrument;
  if (grant.instrument.kind === 'decision' && requiredInstrument(amount) === 'convention') {
    if (conventionAgreementId === undefined) {
      throw domainError(
        'invalid',
        'CONVENTION_AGREEMENT_REQUIRED',
        'Amended above 50,000 MAD, the grant needs a partnership convention.',
        { amount, threshold: CONVENTION_THRESHOLD_CENTIMES },
      );
    }
    instrument = { kind: 'convention', agreementId: conventionAgreementId };
  } else if (conventionAgreementId !== undefined) {
    throw domainError(
      'invalid',
      'CONVENTION_AGREEMENT_NOT_EXPECTED',
      'A convention is named only when an amendment takes a grant by decision above 50,000 MAD.',
      { amount, instrument: grant.instrument.kind, threshold: CONVENTION_THRESHOLD_CENTIMES },
    );
  }
  const rooms = funding
    .map((share) => ({
      coFunderId: share.coFunderId,
      amount: share.amount - amountOf(held, share.coFunderId),
    }))
    .filter((share) => share.amount > 0);
  const splits = splitTranchesAmongCoFunders(
    rooms,
    tranches.map((tranche) => tranche.amount),
  );
  return [
    {
      type: 'GrantAmended',
      data: {
        rolloutId,
        grantId,
        associationId: grant.associationId,
        previousAmount: grant.amount,
        amount,
        instrument,
        funding,
        tranches: tranches.map((tranche, index) => ({
          trancheNumber: paidTranches + index + 1,
          amount: tranche.amount,
          releaseConditions: tranche.releaseConditions,
          funding: splits[index] ?? [],
        })),
        reason,
        amendedBy: context.actor.id,
      },
    },
  ];
};

const recordTrancheRefund = (
  command: RecordTrancheRefund,
  state: GrantsState,
  context: CommandContext,
): GrantsEvent[] => {
  const { rolloutId, grantId, trancheNumber, kind, amount, refundReference, reason } = command.data;
  requireRollout(state, rolloutId);
  const { grant, tranche } = requireTranche(state, grantId, trancheNumber);
  if (context.actor.role !== FINANCE_STEP_ROLES.payment) {
    throw domainError('forbidden', 'FINANCE_ROLE_REQUIRED', 'A refund is recorded by a finance payer.', {
      requiredRole: FINANCE_STEP_ROLES.payment,
      actorRole: context.actor.role,
    });
  }
  if (tranche.status !== 'paid') {
    throw domainError('conflict', 'TRANCHE_NOT_PAID', 'Only a paid tranche can be refunded.', {
      grantId,
      trancheNumber,
      status: tranche.status,
    });
  }
  const refundable = tranche.amount - tranche.refunded;
  if (amount > refundable) {
    throw domainError(
      'conflict',
      'REFUND_EXCEEDS_PAID',
      'More cannot come back than the tranche paid, less what came back of it before.',
      { grantId, trancheNumber, amount, refundable },
    );
  }
  const rooms = tranche.funding
    .map((share) => ({
      coFunderId: share.coFunderId,
      amount: share.amount - amountOf(tranche.refundedFunding, share.coFunderId),
    }))
    .filter((share) => share.amount > 0);
  // The refund is split like a first tranche of what is refundable, so it is proportional to what
  // each co-funder has not had back yet, to the centime, and never more than that.
  const split =
    amount === refundable
      ? rooms
      : (splitTranchesAmongCoFunders(rooms, [amount, refundable - amount])[0] ?? []);
  return [
    {
      type: 'TrancheRefunded',
      data: {
        ...trancheOf(rolloutId, grant, trancheNumber),
        kind,
        amount,
        funding: split,
        refundReference,
        reason,
        grantCancelled: grant.status === 'cancelled',
        payerId: context.actor.id,
      },
    },
  ];
};

const cancelGrant = (command: CancelGrant, state: GrantsState, context: CommandContext): GrantsEvent[] => {
  const { rolloutId, grantId, reason } = command.data;
  requireMinistry(context, 'cancel');
  const grant = requireGrant(state, rolloutId, grantId);
  if (grant.status === 'cancelled') {
    throw domainError('conflict', 'GRANT_ALREADY_CANCELLED', 'This grant was already cancelled.', {
      grantId,
    });
  }
  const held = heldByCoFunder(grant);
  const heldTotal = sumCentimes(held.map((share) => share.amount));
  const releasedFunding = grant.funding
    .map((share) => ({
      coFunderId: share.coFunderId,
      amount: share.amount - amountOf(held, share.coFunderId),
    }))
    .filter((share) => share.amount > 0);
  return [
    {
      type: 'GrantCancelled',
      data: {
        rolloutId,
        grantId,
        associationId: grant.associationId,
        amount: grant.amount,
        held: heldTotal,
        released: grant.amount - heldTotal,
        releasedFunding,
        droppedTranches: grant.tranches
          .filter((tranche) => tranche.status !== 'paid')
          .map((tranche) => tranche.trancheNumber),
        reason,
        cancelledBy: context.actor.id,
      },
    },
  ];
};

/**
 * A beneficiary association reports on a paid tranche of its own grant, with files it uploaded as
 * that tranche's evidence and the API accepted (their hashes go into the event).
 */
const submitGrantReport = (
  command: SubmitGrantReport,
  state: GrantsState,
  context: CommandContext,
): GrantsEvent[] => {
  const { rolloutId, associationId, trancheNumber, deliverable, summary, evidence } = command.data;
  if (context.actor.role !== 'association') {
    throw domainError(
      'forbidden',
      'ASSOCIATION_ROLE_REQUIRED',
      'A grant is reported on by its association, through its portal.',
      { requiredRole: 'association', actorRole: context.actor.role },
    );
  }
  requireRollout(state, rolloutId);
  const grant = grantOfAssociation(state, associationId);
  if (grant === undefined) {
    throw domainError('not-found', 'GRANT_NOT_FOUND', 'This association has no grant in this rollout.', {
      associationId,
    });
  }
  requireActiveGrant(grant);
  const { tranche } = requireTranche(state, grant.grantId, trancheNumber);
  if (tranche.status !== 'paid') {
    throw domainError(
      'conflict',
      'TRANCHE_NOT_PAID',
      'A report tells what was done with a tranche: it follows its payment.',
      { field: 'trancheNumber', grantId: grant.grantId, trancheNumber, status: tranche.status },
    );
  }
  if (deliverable !== undefined && !grant.deliverables.some((item) => item.deliverable === deliverable)) {
    throw domainError('invalid', 'DELIVERABLE_NOT_IN_GRANT', 'This grant has no such deliverable.', {
      field: 'deliverable',
      deliverable,
      deliverables: grant.deliverables.map((item) => item.deliverable),
    });
  }
  const ids = evidence.map((item) => item.documentId);
  const twice = ids.findIndex((id, index) => ids.indexOf(id) !== index);
  if (twice !== -1) {
    throw domainError('invalid', 'EVIDENCE_LISTED_TWICE', 'A file is named once in a report.', {
      field: `evidence.${twice}.documentId`,
      documentId: ids[twice],
    });
  }
  const files = ids.map((documentId, index) => {
    const accepted = command.facts.evidence.find((fact) => fact.documentId === documentId)?.accepted;
    const attachedTo = accepted?.attachedTo;
    const isOwnEvidence =
      accepted !== undefined &&
      accepted !== null &&
      accepted.ownerAssociationId === associationId &&
      attachedTo?.kind === 'tranche-evidence' &&
      attachedTo.rolloutId === rolloutId &&
      attachedTo.associationId === associationId &&
      attachedTo.tranche === trancheNumber;
    if (!isOwnEvidence) {
      throw domainError(
        'invalid',
        'EVIDENCE_NOT_ACCEPTED',
        'Name a file this association uploaded as this tranche’s evidence, once accepted.',
        { field: `evidence.${index}.documentId`, documentId },
      );
    }
    return {
      documentId,
      sha256: accepted.sha256,
      sizeBytes: accepted.sizeBytes,
      contentType: accepted.contentType,
    };
  });
  return [
    {
      type: 'GrantReportSubmitted',
      data: {
        rolloutId,
        grantId: grant.grantId,
        associationId,
        reportId: context.newId(),
        trancheNumber,
        deliverable: deliverable ?? null,
        summary,
        evidence: files,
      },
    },
  ];
};

export const decide = (
  command: GrantsCommand,
  state: GrantsState,
  context: CommandContext,
): GrantsEvent[] => {
  switch (command.type) {
    case 'CommitCoFunderBudget':
      return commitCoFunderBudget(command, state, context);
    case 'AwardGrant':
      return awardGrant(command, state, context);
    case 'RequestTranche':
      return requestTranche(command, state, context);
    case 'ApproveTranche':
      return approveTranche(command, state, context);
    case 'RejectTranche':
      return rejectTranche(command, state, context);
    case 'PayTranche':
      return payTranche(command, state, context);
    case 'CorrectTranchePayment':
      return correctTranchePayment(command, state, context);
    case 'AmendGrant':
      return amendGrant(command, state, context);
    case 'RecordTrancheRefund':
      return recordTrancheRefund(command, state, context);
    case 'CancelGrant':
      return cancelGrant(command, state, context);
    case 'SubmitGrantReport':
      return submitGrantReport(command, state, context);
    default:
      return assertNever(command);
  }
};

/** Axis 3: co-funders' budgets, grants to trained associations, and their tranches. */
export const grantsDecider: Decider<GrantsCommand, GrantsState, GrantsEvent> = {
  initialState,
  evolve,
  decide,
};

/**
 * The fold alone (no `decide`): what readers of this stream load it with, so that a bundle that
 * only reads it does not carry its rules (docs/adr/0066-bundles-within-300-kb.md).
 */
export const grantsFold: Fold<GrantsState, GrantsEvent> = { initialState, evolve };

// ---------------------------------------------------------------------------------------------
// queries (pure; for the application layer, projections and dashboards)

/** What a co-funder has committed, awarded and paid in a rollout; `remaining` is still awardable. */
export interface CoFunderLedgerLine extends CoFunderAccount {
  readonly remaining: number;
}

/** The ledger per co-funder, in the order of their first commitment. */
export const coFunderLedger = (state: GrantsState): CoFunderLedgerLine[] =>
  state.coFunderOrder.flatMap((coFunderId) => {
    const account = lookup(state.coFunders, coFunderId);
    return account
      ? [
          {
            ...account,
            paidOut: account.paidOut ?? account.paid,
            refunded: account.refunded ?? 0,
            remaining: account.committed - account.awarded,
          },
        ]
      : [];
  });

/** The ledger of the whole rollout: the co-funders' lines summed. */
export const ledgerTotals = (state: GrantsState): Omit<CoFunderLedgerLine, 'coFunderId' | 'name'> => {
  const lines = coFunderLedger(state);
  return {
    committed: sumCentimes(lines.map((line) => line.committed)),
    awarded: sumCentimes(lines.map((line) => line.awarded)),
    paid: sumCentimes(lines.map((line) => line.paid)),
    paidOut: sumCentimes(lines.map((line) => line.paidOut)),
    refunded: sumCentimes(lines.map((line) => line.refunded)),
    remaining: sumCentimes(lines.map((line) => line.remaining)),
  };
};

/** What a co-funder may still award in this rollout (0 for an unknown co-funder). */
export const remainingBudget = (state: GrantsState, coFunderId: string): number => {
  const account = lookup(state.coFunders, coFunderId);
  return account ? account.committed - account.awarded : 0;
};

/** Every grant of the rollout, in the order of award. */
export const grantsInOrder = (state: GrantsState): GrantState[] =>
  state.grantOrder.flatMap((grantId) => {
    const grant = lookup(state.grants, grantId);
    return grant ? [grant] : [];
  });

/** The association's grant in this rollout, if it has one. */
export const grantOfAssociation = (state: GrantsState, associationId: string): GrantState | undefined => {
  const grantId = lookup(state.grantIdByAssociation, associationId);
  return grantId === undefined ? undefined : lookup(state.grants, grantId);
};

/** What the association holds of a grant: what was paid of it, less what came back. */
export const paidOfGrant = (grant: GrantState): number =>
  sumCentimes(
    grant.tranches.filter((tranche) => tranche.status === 'paid').map((tranche) => tranche.amount),
  ) - refundedOfGrant(grant);

/** What came back of a grant's paid tranches (returned or recovered). */
export const refundedOfGrant = (grant: GrantState): number =>
  sumCentimes(grant.tranches.map((tranche) => tranche.refunded ?? 0));

/**
 * What a grant weighs on its co-funders' budgets: its amount, or for a cancelled grant what the
 * association still holds of it (its amount less what was released).
 */
export const awardedOfGrant = (grant: GrantState): number => grant.amount - (grant.released ?? 0);

/**
 * A grant is settled when nothing more is to move: cancelled, or every tranche paid and the
 * association holding the whole amount (a refund on an active grant leaves it open until the
 * ministry amends or cancels it).
 */
export const isGrantSettled = (grant: GrantState): boolean =>
  grant.status === 'cancelled' ||
  (grant.tranches.every((tranche) => tranche.status === 'paid') && paidOfGrant(grant) === grant.amount);

/**
 * The agreement whose being in force a payment of this grant depends on (fact
 * `PayTrancheFacts.conventionInForce`); null for a grant awarded by decision or unknown.
 */
export const conventionAgreementOf = (state: GrantsState, grantId: string): string | null => {
  const instrument = lookup(state.grants, grantId)?.instrument;
  return instrument?.kind === 'convention' ? instrument.agreementId : null;
};
