import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Actor } from '../../../../../events/envelope.js';
import { type GrantsEvent, grantsFamilies } from '../../../../../events/grants/index.js';
import type { GrantsCommand } from '../../../../../functions/domain/grants/commands.js';
import {
  awardedOfGrant,
  coFunderLedger,
  type GrantState,
  type GrantsState,
  grantsDecider,
  grantsInOrder,
  heldByCoFunder,
  paidOfGrant,
  refundedOfGrant,
  requiredInstrument,
  splitTranchesAmongCoFunders,
} from '../../../../../functions/domain/grants/grants.js';
import type { CommandContext } from '../../../../../functions/domain/shared/decider.js';
import { isDomainError } from '../../../../../functions/domain/shared/errors.js';
import { grantPurpose } from '../../../../support/grant-purpose.js';

const rolloutId = 'rollout-fm-2025';
const coFunderIds = ['ministry', 'region-fm', 'commune-fes'] as const;
const associationIds = ['association-1', 'association-2', 'association-3', 'association-4'] as const;
const officerIds = ['officer-1', 'officer-2', 'officer-3', 'officer-4'] as const;
const evidenceKinds = ['attendance-report', 'interim-report', 'final-report'] as const;
const anyRoles = ['finance-preparer', 'finance-approver', 'finance-payer', 'ministry'] as const;
const roleFor = {
  request: 'finance-preparer',
  approve: 'finance-approver',
  reject: 'finance-approver',
  pay: 'finance-payer',
} as const;

const label = { fr: 'Pièce justificative', ar: 'وثيقة مثبتة' };
const nameOf = (coFunderId: string, variant: number) => ({
  fr: `${coFunderId} ${variant}`,
  ar: `ممول ${variant}`,
});
const sum = (amounts: readonly number[]) => amounts.reduce((total, amount) => total + amount, 0);
const weighted = <T>(weight: number, arbitrary: fc.Arbitrary<T>) => ({ arbitrary, weight });

/*
 * A step as generated, resolved against the state when it runs. Mostly well-formed (the role the
 * step needs, the next tranche to release, co-funders that committed budget, the instrument the
 * amount needs), so that sequences reach payments; sometimes not, so that refusals happen too.
 */
const actorArb = fc.record({
  officer: fc.constantFrom(...officerIds),
  /** null: the role the step needs. */
  role: fc.oneof(weighted(4, fc.constant(null)), weighted(1, fc.constantFrom(...anyRoles))),
});
const trancheStepFields = {
  grant: fc.nat(5),
  /** null: the grant's first tranche not yet paid. */
  trancheNumber: fc.oneof(weighted(4, fc.constant(null)), weighted(1, fc.integer({ min: 1, max: 4 }))),
  actor: actorArb,
};
const shareArb = fc.record({
  coFunder: fc.constantFrom(...coFunderIds),
  amount: fc.integer({ min: 100, max: 4_000_000 }),
});

const stepArb = fc.oneof(
  weighted(
    2,
    fc.record({
      kind: fc.constant('commit' as const),
      coFunder: fc.constantFrom(...coFunderIds),
      amount: fc.integer({ min: 1, max: 20_000_000 }),
      nameVariant: fc.oneof(weighted(9, fc.constant(0)), weighted(1, fc.constant(1))),
    }),
  ),
  weighted(
    2,
    fc.record({
      kind: fc.constant('award' as const),
      association: fc.constantFrom(...associationIds),
      shares: fc.oneof(
        weighted(
          9,
          fc.uniqueArray(shareArb, { minLength: 1, maxLength: 3, selector: (share) => share.coFunder }),
        ),
        weighted(1, fc.array(shareArb, { minLength: 2, maxLength: 3 })),
      ),
      /** Mostly the co-funders that committed budget (in turn from `offset`), else those generated. */
      pickCommitted: fc.oneof(weighted(4, fc.constant(true)), weighted(1, fc.constant(false))),
      offset: fc.nat(2),
      weights: fc.array(fc.integer({ min: 1, max: 9 }), { minLength: 1, maxLength: 4 }),
      conditions: fc.array(fc.subarray([...evidenceKinds]), { minLength: 4, maxLength: 4 }),
      /** 1: the tranches sum to one centime more than the grant. */
      trancheDrift: fc.oneof(weighted(9, fc.constant(0)), weighted(1, fc.constant(1))),
      convention: fc.oneof(
        weighted(8, fc.constant('as-required' as const)),
        weighted(1, fc.constant('always' as const)),
        weighted(1, fc.constant('never' as const)),
      ),
      trained: fc.oneof(weighted(4, fc.constant(true)), weighted(1, fc.constant(false))),
    }),
  ),
  weighted(
    3,
    fc.record({
      kind: fc.constant('request' as const),
      ...trancheStepFields,
      evidenceMode: fc.oneof(
        weighted(4, fc.constant('all' as const)),
        weighted(1, fc.constant('none' as const)),
      ),
    }),
  ),
  weighted(3, fc.record({ kind: fc.constant('approve' as const), ...trancheStepFields })),
  weighted(1, fc.record({ kind: fc.constant('reject' as const), ...trancheStepFields })),
  weighted(
    3,
    fc.record({
      kind: fc.constant('pay' as const),
      ...trancheStepFields,
      conventionInForce: fc.oneof(weighted(4, fc.constant(true)), weighted(1, fc.constant(false))),
    }),
  ),
  // Issue 20: the ministry amends and cancels grants; paid money comes back.
  weighted(
    1,
    fc.record({
      kind: fc.constant('amend' as const),
      grant: fc.nat(5),
      /** The new amount's part of each co-funder's unpaid share, in percent (above 100: a rise). */
      percent: fc.integer({ min: 0, max: 180 }),
      weights: fc.array(fc.integer({ min: 1, max: 9 }), { minLength: 1, maxLength: 3 }),
      /** 1: the new schedule sums to one centime more than it should. */
      trancheDrift: fc.oneof(weighted(9, fc.constant(0)), weighted(1, fc.constant(1))),
      ministry: fc.oneof(weighted(9, fc.constant(true)), weighted(1, fc.constant(false))),
    }),
  ),
  weighted(
    1,
    fc.record({
      kind: fc.constant('refund' as const),
      grant: fc.nat(5),
      /** null: the last paid tranche. */
      trancheNumber: fc.oneof(weighted(4, fc.constant(null)), weighted(1, fc.integer({ min: 1, max: 4 }))),
      /** The part of what can come back that comes back, in percent (above 100: too much). */
      percent: fc.oneof(weighted(8, fc.integer({ min: 1, max: 100 })), weighted(1, fc.constant(101))),
      how: fc.constantFrom('returned' as const, 'recovered' as const),
      actor: actorArb,
    }),
  ),
  weighted(1, fc.record({ kind: fc.constant('cancel' as const), grant: fc.nat(5) })),
);
type Step = typeof stepArb extends fc.Arbitrary<infer T> ? T : never;

const pickGrant = (state: GrantsState, index: number): GrantState | undefined => {
  const grants = grantsInOrder(state);
  return grants.length === 0 ? undefined : grants[index % grants.length];
};
const unknownGrant = (actor: Actor): { command: GrantsCommand; actor: Actor } => ({
  actor,
  command: { type: 'CancelGrant', data: { rolloutId, grantId: 'grant-unknown', reason: label } },
});

/** Turns a generated step into a command (and the actor who sends it) against the current state. */
const commandOf = (step: Step, state: GrantsState): { command: GrantsCommand; actor: Actor } => {
  const ministry: Actor = { id: 'user-ministry-1', role: 'ministry' };
  switch (step.kind) {
    case 'commit':
      return {
        actor: ministry,
        command: {
          type: 'CommitCoFunderBudget',
          data: {
            rolloutId,
            coFunderId: step.coFunder,
            name: nameOf(step.coFunder, step.nameVariant),
            amount: step.amount,
          },
        },
      };
    case 'award': {
      const committedIds = coFunderLedger(state).map((line) => line.coFunderId);
      const funding =
        step.pickCommitted && committedIds.length > 0
          ? step.shares.slice(0, committedIds.length).map((share, index) => ({
              coFunderId: committedIds[(index + step.offset) % committedIds.length] ?? share.coFunder,
              amount: share.amount,
            }))
          : step.shares.map((share) => ({ coFunderId: share.coFunder, amount: share.amount }));
      const amount = sum(funding.map((share) => share.amount));
      const weightTotal = sum(step.weights);
      const trancheAmounts = step.weights.map((weight) => Math.floor((amount * weight) / weightTotal));
      const lastIndex = trancheAmounts.length - 1;
      trancheAmounts[lastIndex] = amount - sum(trancheAmounts.slice(0, lastIndex)) + step.trancheDrift;
      const withConvention =
        step.convention === 'as-required'
          ? requiredInstrument(amount) === 'convention'
          : step.convention === 'always';
      return {
        actor: ministry,
        command: {
          type: 'AwardGrant',
          data: {
            rolloutId,
            associationId: step.association,
            amount,
            ...grantPurpose,
            funding,
            tranches: trancheAmounts.map((trancheAmount, index) => ({
              amount: Math.max(1, trancheAmount),
              releaseConditions: (step.conditions[index] ?? []).map((evidence) => ({ evidence, label })),
            })),
            ...(withConvention ? { conventionAgreementId: `convention-${step.association}` } : {}),
          },
          facts: { associationCompletedTraining: step.trained, axisOneCompletedOn: null },
        },
      };
    }
    case 'amend': {
      const grant = pickGrant(state, step.grant);
      if (!grant) return unknownGrant(ministry);
      const held = heldByCoFunder(grant);
      const heldOf = (coFunderId: string) =>
        held.find((share) => share.coFunderId === coFunderId)?.amount ?? 0;
      const funding = grant.funding
        .map((share) => ({
          coFunderId: share.coFunderId,
          amount:
            heldOf(share.coFunderId) +
            Math.floor(((share.amount - heldOf(share.coFunderId)) * step.percent) / 100),
        }))
        .filter((share) => share.amount > 0);
      const amount = sum(funding.map((share) => share.amount));
      const toPay = amount - paidOfGrant(grant);
      const weightTotal = sum(step.weights);
      const trancheAmounts =
        toPay <= 0 ? [] : step.weights.map((weight) => Math.floor((toPay * weight) / weightTotal));
      if (trancheAmounts.length > 0) {
        trancheAmounts[trancheAmounts.length - 1] =
          toPay - sum(trancheAmounts.slice(0, -1)) + step.trancheDrift;
      }
      const crosses = grant.instrument.kind === 'decision' && requiredInstrument(amount) === 'convention';
      return {
        actor: step.ministry ? ministry : { id: 'officer-1', role: 'finance-payer' },
        command: {
          type: 'AmendGrant',
          data: {
            rolloutId,
            grantId: grant.grantId,
            amount: Math.max(1, amount),
            funding: funding.length > 0 ? funding : [{ coFunderId: 'ministry', amount: 1 }],
            tranches: trancheAmounts
              .filter((trancheAmount) => trancheAmount > 0)
              .map((trancheAmount) => ({ amount: trancheAmount, releaseConditions: [] })),
            ...(crosses ? { conventionAgreementId: `convention-${grant.grantId}` } : {}),
            reason: label,
          },
        },
      };
    }
    case 'refund': {
      const grant = pickGrant(state, step.grant);
      const paidTranches = grant?.tranches.filter((tranche) => tranche.status === 'paid') ?? [];
      const trancheNumber = step.trancheNumber ?? paidTranches.at(-1)?.trancheNumber ?? 1;
      const tranche = grant?.tranches.find((candidate) => candidate.trancheNumber === trancheNumber);
      const refundable = tranche ? tranche.amount - tranche.refunded : 0;
      const amount = Math.max(
        1,
        step.percent > 100 ? refundable + 1 : Math.floor((refundable * step.percent) / 100),
      );
      return {
        actor: { id: step.actor.officer, role: step.actor.role ?? 'finance-payer' },
        command: {
          type: 'RecordTrancheRefund',
          data: {
            rolloutId,
            grantId: grant?.grantId ?? 'grant-unknown',
            trancheNumber,
            kind: step.how,
            amount,
            refundReference: `RCT-${trancheNumber}`,
            reason: label,
          },
        },
      };
    }
    case 'cancel': {
      const grant = pickGrant(state, step.grant);
      return {
        actor: ministry,
        command: {
          type: 'CancelGrant',
          data: { rolloutId, grantId: grant?.grantId ?? 'grant-unknown', reason: label },
        },
      };
    }
    default: {
      const grant = pickGrant(state, step.grant);
      const trancheNumber =
        step.trancheNumber ??
        grant?.tranches.find((tranche) => tranche.status !== 'paid')?.trancheNumber ??
        1;
      const ref = { rolloutId, grantId: grant?.grantId ?? 'grant-unknown', trancheNumber };
      const actor: Actor = { id: step.actor.officer, role: step.actor.role ?? roleFor[step.kind] };
      if (step.kind === 'request') {
        const tranche = grant?.tranches.find((candidate) => candidate.trancheNumber === trancheNumber);
        const evidence =
          step.evidenceMode === 'all'
            ? (tranche?.releaseConditions ?? []).map((condition, index) => ({
                evidence: condition.evidence,
                documentId: `doc-${index}`,
              }))
            : [];
        return { actor, command: { type: 'RequestTranche', data: { ...ref, evidence } } };
      }
      if (step.kind === 'approve') return { actor, command: { type: 'ApproveTranche', data: ref } };
      if (step.kind === 'reject') {
        return { actor, command: { type: 'RejectTranche', data: { ...ref, reason: label } } };
      }
      return {
        actor,
        command: {
          type: 'PayTranche',
          data: { ...ref, paymentReference: 'TRF-1' },
          facts: { conventionInForce: step.conventionInForce },
        },
      };
    }
  }
};

const schemaOf = new Map(grantsFamilies.map((family) => [family.type, family.latest.data]));
const stepRoles = {
  TrancheRequested: 'finance-preparer',
  TrancheApproved: 'finance-approver',
  TrancheRejected: 'finance-approver',
  TranchePaid: 'finance-payer',
  // A payment record's correction is the payer's (never generated by these histories' commands).
  TranchePaymentCorrected: 'finance-payer',
} as const;
/** Events of the ministry's own decisions, and the refunds a finance payer records. */
const otherRoles = {
  CoFunderBudgetCommitted: 'ministry',
  GrantAwarded: 'ministry',
  GrantAmended: 'ministry',
  GrantCancelled: 'ministry',
  TrancheRefunded: 'finance-payer',
} as const;

/** Every invariant of the grants aggregate's state. */
const expectStateInvariants = (state: GrantsState) => {
  const grants = grantsInOrder(state);
  // One grant per association; each grant sums exactly, with the instrument its amount needs.
  expect(new Set(grants.map((grant) => grant.associationId)).size).toBe(grants.length);
  for (const grant of grants) {
    const held = paidOfGrant(grant);
    const unpaid = grant.tranches.filter(
      (tranche) => tranche.status !== 'paid' && tranche.status !== 'dropped',
    );
    // What is held and what is still to pay never exceed the amount (they equal it unless money
    // came back since the last amendment: it is paid again only once the ministry amends).
    expect(held + sum(unpaid.map((tranche) => tranche.amount))).toBeLessThanOrEqual(grant.amount);
    if (refundedOfGrant(grant) === 0 && grant.status === 'active') {
      expect(held + sum(unpaid.map((tranche) => tranche.amount))).toBe(grant.amount);
    }
    expect(sum(grant.funding.map((share) => share.amount))).toBe(grant.amount);
    // Above the threshold a convention, always; an amendment below it keeps the convention.
    if (requiredInstrument(grant.amount) === 'convention') expect(grant.instrument.kind).toBe('convention');
    expect(held).toBeGreaterThanOrEqual(0);
    expect(held).toBeLessThanOrEqual(grant.amount);
    // A cancelled grant weighs what the association holds, and has nothing left to pay.
    if (grant.status === 'cancelled') {
      expect(awardedOfGrant(grant)).toBe(held);
      expect(unpaid).toEqual([]);
    } else {
      expect(awardedOfGrant(grant)).toBe(grant.amount);
    }
    // Each co-funder holds no more of a grant than its share.
    for (const share of heldByCoFunder(grant)) {
      expect(share.amount).toBeGreaterThanOrEqual(0);
      const funded =
        grant.funding.find((candidate) => candidate.coFunderId === share.coFunderId)?.amount ?? 0;
      expect(share.amount).toBeLessThanOrEqual(funded);
    }
    grant.tranches.forEach((tranche, index) => {
      expect(sum(tranche.funding.map((share) => share.amount))).toBe(tranche.amount);
      expect(sum(tranche.refundedFunding.map((share) => share.amount))).toBe(tranche.refunded);
      expect(tranche.refunded).toBeLessThanOrEqual(tranche.amount);
      if (tranche.refunded > 0) expect(tranche.status).toBe('paid');
      // Tranches move in order: one that left 'planned' has every earlier tranche paid.
      if (tranche.status !== 'planned' && tranche.status !== 'dropped') {
        expect(grant.tranches.slice(0, index).every((earlier) => earlier.status === 'paid')).toBe(true);
      }
      // Three different people for a paid tranche.
      if (tranche.status === 'paid') {
        const people = [tranche.preparerId, tranche.approverId, tranche.payerId];
        expect(people.every((id) => id !== null)).toBe(true);
        expect(new Set(people).size).toBe(3);
      }
    });
  }
  // The ledger: never more awarded than committed, never more paid than awarded, and both equal
  // to what the grants and their paid tranches say.
  for (const line of coFunderLedger(state)) {
    expect(line.paid).toBeLessThanOrEqual(line.awarded);
    expect(line.awarded).toBeLessThanOrEqual(line.committed);
    expect(line.paid).toBe(line.paidOut - line.refunded);
    const ofThisCoFunder = (shares: readonly { coFunderId: string; amount: number }[]) =>
      sum(shares.filter((share) => share.coFunderId === line.coFunderId).map((share) => share.amount));
    // Awarded: each active grant's share, each cancelled grant's part held by this co-funder.
    expect(
      sum(
        grants.map((grant) =>
          ofThisCoFunder(grant.status === 'cancelled' ? heldByCoFunder(grant) : grant.funding),
        ),
      ),
    ).toBe(line.awarded);
    const paidTranches = grants.flatMap((grant) =>
      grant.tranches.filter((tranche) => tranche.status === 'paid'),
    );
    expect(sum(paidTranches.map((tranche) => ofThisCoFunder(tranche.funding)))).toBe(line.paidOut);
    expect(sum(paidTranches.map((tranche) => ofThisCoFunder(tranche.refundedFunding)))).toBe(line.refunded);
    expect(sum(grants.map((grant) => ofThisCoFunder(heldByCoFunder(grant))))).toBe(line.paid);
  }
};

/** The invariants of a whole history, checked once at its end. */
const expectHistoryInvariants = (history: readonly { event: GrantsEvent; actor: Actor }[]) => {
  // Segregation of duties over the whole history: every step in its role, and nobody does two
  // different steps of one tranche (a rejection is the approval step).
  const stepOf = new Map<string, string>();
  for (const { event, actor } of history) {
    if (event.type in otherRoles) {
      expect(actor.role).toBe(otherRoles[event.type as keyof typeof otherRoles]);
      continue;
    }
    if (!(event.type in stepRoles)) throw new Error(`unexpected ${event.type}`);
    const stepEvent = event as Extract<GrantsEvent, { type: keyof typeof stepRoles }>;
    expect(actor.role).toBe(stepRoles[stepEvent.type]);
    const step = stepRoles[stepEvent.type];
    const key = `${stepEvent.data.grantId}#${stepEvent.data.trancheNumber}#${actor.id}`;
    expect(stepOf.get(key) ?? step).toBe(step);
    stepOf.set(key, step);
  }
};

/** Plays `numRuns` arbitrary sequences, checking every invariant; returns the event types reached. */
const playArbitraryFlows = (parameters: fc.Parameters<[Step[]]>): Set<string> => {
  const reached = new Set<string>();
  fc.assert(
    fc.property(fc.array(stepArb, { minLength: 20, maxLength: 80, size: 'medium' }), (steps) => {
      let state = grantsDecider.initialState();
      const history: { event: GrantsEvent; actor: Actor }[] = [];
      steps.forEach((step, index) => {
        const { command, actor } = commandOf(step, state);
        let next = 0;
        const context: CommandContext = {
          now: '2026-03-01T09:00:00.000Z',
          newId: () => {
            next += 1;
            return `grant-${index}-${next}`;
          },
          actor,
        };
        let events: GrantsEvent[];
        try {
          events = grantsDecider.decide(command, state, context);
        } catch (error) {
          if (isDomainError(error)) return;
          throw error;
        }
        for (const event of events) {
          // What the decider emits is what the catalog accepts.
          expect(schemaOf.get(event.type)?.safeParse(event.data).success).toBe(true);
          // Facts: only trained associations get a grant; a convention grant is paid only in force.
          if (command.type === 'AwardGrant') expect(command.facts.associationCompletedTraining).toBe(true);
          if (event.type === 'TranchePaid' && command.type === 'PayTranche') {
            const grant = grantsInOrder(state).find((candidate) => candidate.grantId === event.data.grantId);
            if (grant?.instrument.kind === 'convention') expect(command.facts.conventionInForce).toBe(true);
          }
          history.push({ event, actor });
          reached.add(event.type);
          state = grantsDecider.evolve(state, event);
        }
        expectStateInvariants(state);
      });
      expectHistoryInvariants(history);
    }),
    parameters,
  );
  return reached;
};

describe('grants: invariants under arbitrary command sequences', () => {
  // A margin for loaded machines: each run is deterministic in outcome, not in duration.
  it('never overspends, overpays, skips a tranche or lets one person do two steps', () => {
    // A new seed on every run, so that the sequences explored differ from run to run.
    playArbitraryFlows({ numRuns: 120 });
  }, 30_000);

  it('reaches every event of the flow, payments, refunds and rejections included', () => {
    // Which types a random seed reaches is chance (a refund needs a paid tranche first: a seed
    // once reached none), so the coverage is asserted on sequences of a fixed seed; the
    // invariants are checked on them too. A payment record's correction is not a step of the flow
    // (its rules: grants.test.ts), nor is an association's report, which moves no money (its
    // rules: grant-reports.test.ts).
    const reached = playArbitraryFlows({ numRuns: 120, seed: 20_261_207 });
    const ofTheFlow = grantsFamilies
      .map((family) => family.type)
      .filter((type) => type !== 'TranchePaymentCorrected' && type !== 'GrantReportSubmitted');
    expect([...reached].sort()).toEqual(ofTheFlow.sort());
  }, 30_000);

  it('splits any tranche plan among co-funders to the centime', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 1, max: 10_000_000 }), { minLength: 1, maxLength: 5 }),
        fc.array(fc.integer({ min: 1, max: 9 }), { minLength: 1, maxLength: 6 }),
        (shareAmounts, weights) => {
          const funding = shareAmounts.map((amount, index) => ({ coFunderId: `c${index}`, amount }));
          const total = sum(shareAmounts);
          const weightTotal = sum(weights);
          const trancheAmounts = weights.map((weight) => Math.floor((total * weight) / weightTotal));
          trancheAmounts[trancheAmounts.length - 1] = total - sum(trancheAmounts.slice(0, -1));
          fc.pre(trancheAmounts.every((amount) => amount > 0));
          const splits = splitTranchesAmongCoFunders(funding, trancheAmounts);
          splits.forEach((split, index) => {
            expect(sum(split.map((share) => share.amount))).toBe(trancheAmounts[index]);
            expect(split.every((share) => share.amount > 0)).toBe(true);
          });
          for (const share of funding) {
            const paid = splits.flat().filter((part) => part.coFunderId === share.coFunderId);
            expect(sum(paid.map((part) => part.amount))).toBe(share.amount);
          }
        },
      ),
      { numRuns: 300 },
    );
  });
});
