import { describe, expect, it } from 'vitest';
import type { Actor } from '../../../../../events/envelope.js';
import type { GrantsEvent } from '../../../../../events/grants/index.js';
import type {
  AmendGrant,
  AwardGrant,
  CancelGrant,
  RecordTrancheRefund,
} from '../../../../../functions/domain/grants/commands.js';
import {
  coFunderLedger,
  grantsDecider,
  grantsInOrder,
  isGrantSettled,
  ledgerTotals,
  paidOfGrant,
  refundedOfGrant,
} from '../../../../../functions/domain/grants/grants.js';
import { fold } from '../../../../../functions/domain/shared/decider.js';
import { fesMeknesBudgets } from '../../../../support/co-funder-budgets.js';
import { given } from '../../../../support/given-when-then.js';

/*
 * Issue 20, item 6: money as it really moves. A grant of 80,000 MAD (50,000 from the ministry,
 * 30,000 from the region) in three tranches, the first paid; then the ministry amends it, money
 * comes back, or the grant is cancelled. Every amount below is written out, never recomputed.
 */

const rolloutId = 'rollout-fm-2025';
const ministry = { fr: 'Ministère', ar: 'الوزارة' };
const reason = {
  fr: 'Le volet équipement est pris en charge par la commune',
  ar: 'تتكفل الجماعة بشق التجهيز',
};
const minister: Actor = { id: 'ministry-officer-4', role: 'ministry' };
const payer: Actor = { id: 'finance-officer-3', role: 'finance-payer' };
const purpose = { fr: 'Système de gestion financière', ar: 'نظام للتدبير المالي' };
const manual = {
  deliverable: 'procedures-manual',
  label: { fr: 'Manuel des procédures', ar: 'دليل المساطر' },
  dueBy: '2026-09-30',
};

/** The ministry's 100,000 MAD and the region's 60,000 MAD, recorded before facts carried their date. */
const budgets = fesMeknesBudgets(rolloutId, ministry, null);
const split = (ministryPart: number, regionPart: number) => [
  { coFunderId: 'ministry', amount: ministryPart },
  { coFunderId: 'region-fm', amount: regionPart },
];
const awarded: GrantsEvent = {
  type: 'GrantAwarded',
  data: {
    rolloutId,
    grantId: 'grant-1',
    associationId: 'association-sefrou-12',
    amount: 8_000_000,
    purpose,
    deliverables: [manual],
    instrument: { kind: 'convention', agreementId: 'convention-sefrou-12' },
    conventionThreshold: 5_000_000,
    awardedAt: null,
    lateEntry: null,
    funding: split(5_000_000, 3_000_000),
    tranches: [
      { trancheNumber: 1, amount: 3_200_000, releaseConditions: [], funding: split(2_000_000, 1_200_000) },
      { trancheNumber: 2, amount: 3_200_000, releaseConditions: [], funding: split(2_000_000, 1_200_000) },
      { trancheNumber: 3, amount: 1_600_000, releaseConditions: [], funding: split(1_000_000, 600_000) },
    ],
  },
};
const tranche = (trancheNumber: number) => ({
  rolloutId,
  grantId: 'grant-1',
  associationId: 'association-sefrou-12',
  trancheNumber,
});
const trancheOnePaid: GrantsEvent[] = [
  ...budgets,
  awarded,
  {
    type: 'TrancheRequested',
    data: {
      ...tranche(1),
      amount: 3_200_000,
      evidence: [],
      preparerId: 'finance-officer-1',
      requestedAt: null,
      lateEntry: null,
    },
  },
  {
    type: 'TrancheApproved',
    data: {
      ...tranche(1),
      amount: 3_200_000,
      approverId: 'finance-officer-2',
      approvedAt: null,
      lateEntry: null,
    },
  },
  {
    type: 'TranchePaid',
    data: {
      ...tranche(1),
      amount: 3_200_000,
      funding: split(2_000_000, 1_200_000),
      paymentReference: 'TRF-1',
      grantFullyPaid: false,
      paidAt: null,
      lateEntry: null,
      payerId: payer.id,
    },
  },
];

const amend = (data: Partial<AmendGrant['data']>): AmendGrant => ({
  type: 'AmendGrant',
  data: {
    rolloutId,
    grantId: 'grant-1',
    amount: 7_000_000,
    funding: split(4_375_000, 2_625_000),
    tranches: [{ amount: 3_800_000, releaseConditions: [] }],
    reason,
    ...data,
  },
});
const refund = (data: Partial<RecordTrancheRefund['data']>): RecordTrancheRefund => ({
  type: 'RecordTrancheRefund',
  data: {
    rolloutId,
    grantId: 'grant-1',
    trancheNumber: 1,
    kind: 'returned',
    amount: 800_000,
    refundReference: 'RCT-31',
    reason,
    ...data,
  },
});
const cancel: CancelGrant = { type: 'CancelGrant', data: { rolloutId, grantId: 'grant-1', reason } };

const returned800k: GrantsEvent = {
  type: 'TrancheRefunded',
  data: {
    ...tranche(1),
    kind: 'returned',
    amount: 800_000,
    funding: split(500_000, 300_000),
    refundReference: 'RCT-31',
    reason,
    grantCancelled: false,
    payerId: payer.id,
  },
};
const cancelledAfterTrancheOne: GrantsEvent = {
  type: 'GrantCancelled',
  data: {
    rolloutId,
    grantId: 'grant-1',
    associationId: 'association-sefrou-12',
    amount: 8_000_000,
    held: 3_200_000,
    released: 4_800_000,
    releasedFunding: split(3_000_000, 1_800_000),
    droppedTranches: [2, 3],
    reason,
    cancelledBy: minister.id,
  },
};

describe('grants: a grant has a purpose and deliverables', () => {
  const award = (deliverables: AwardGrant['data']['deliverables']): AwardGrant => ({
    type: 'AwardGrant',
    data: {
      rolloutId,
      associationId: 'association-taza-3',
      amount: 3_000_000,
      purpose,
      deliverables,
      funding: [{ coFunderId: 'ministry', amount: 3_000_000 }],
      tranches: [{ amount: 3_000_000, releaseConditions: [] }],
    },
    facts: { associationCompletedTraining: true, axisOneCompletedOn: null },
  });

  it('records them with the award, and the state keeps them', () => {
    const events = given(grantsDecider, budgets)
      .when(award([manual]))
      .events();
    expect(events[0]?.type === 'GrantAwarded' && events[0].data.purpose).toEqual(purpose);
    expect(events[0]?.type === 'GrantAwarded' && events[0].data.deliverables).toEqual([manual]);
    const [grant] = grantsInOrder(fold(grantsDecider, [...budgets, ...events]));
    expect(grant?.purpose).toEqual(purpose);
    expect(grant?.deliverables).toEqual([manual]);
  });

  it('refuses a deliverable listed twice', () => {
    given(grantsDecider, budgets)
      .when(award([manual, { ...manual, dueBy: '2027-01-31' }]))
      .thenRefuses('DELIVERABLE_LISTED_TWICE', 'invalid');
  });
});

describe('grants: the ministry amends a grant (amount, shares, schedule) with a reason', () => {
  it('lowers it: the paid tranche stays, the rest is one new tranche split to the centime', () => {
    given(grantsDecider, trancheOnePaid)
      .when(amend({}), { actor: minister })
      .then([
        {
          type: 'GrantAmended',
          data: {
            rolloutId,
            grantId: 'grant-1',
            associationId: 'association-sefrou-12',
            previousAmount: 8_000_000,
            amount: 7_000_000,
            instrument: { kind: 'convention', agreementId: 'convention-sefrou-12' },
            funding: split(4_375_000, 2_625_000),
            tranches: [
              {
                trancheNumber: 2,
                amount: 3_800_000,
                releaseConditions: [],
                funding: split(2_375_000, 1_425_000),
              },
            ],
            reason,
            amendedBy: minister.id,
          },
        },
      ]);
  });

  it('moves the ledger: awarded follows the amendment, remaining is given back', () => {
    const events = given(grantsDecider, trancheOnePaid).when(amend({}), { actor: minister }).events();
    const state = fold(grantsDecider, [...trancheOnePaid, ...events]);
    expect(ledgerTotals(state)).toEqual({
      committed: 16_000_000,
      awarded: 7_000_000,
      paid: 3_200_000,
      paidOut: 3_200_000,
      refunded: 0,
      remaining: 9_000_000,
    });
    const [grant] = grantsInOrder(state);
    expect(grant?.tranches.map((t) => [t.trancheNumber, t.amount, t.status])).toEqual([
      [1, 3_200_000, 'paid'],
      [2, 3_800_000, 'planned'],
    ]);
    expect(grant?.amendments).toBe(1);
  });

  it('raises it within the co-funders remaining budgets', () => {
    const [event] = given(grantsDecider, trancheOnePaid)
      .when(
        amend({
          amount: 9_000_000,
          funding: split(5_600_000, 3_400_000),
          tranches: [{ amount: 5_800_000, releaseConditions: [] }],
        }),
        {
          actor: minister,
        },
      )
      .events();
    expect(event?.type === 'GrantAmended' && event.data.tranches).toEqual([
      { trancheNumber: 2, amount: 5_800_000, releaseConditions: [], funding: split(3_600_000, 2_200_000) },
    ]);
  });

  it('schedules again what came back: a returned 8,000 MAD is paid in the new tranches', () => {
    const [event] = given(grantsDecider, [...trancheOnePaid, returned800k])
      .when(
        amend({
          amount: 8_000_000,
          funding: split(5_000_000, 3_000_000),
          tranches: [
            { amount: 4_000_000, releaseConditions: [] },
            { amount: 1_600_000, releaseConditions: [] },
          ],
        }),
        { actor: minister },
      )
      .events();
    expect(event?.type === 'GrantAmended' && event.data.tranches).toEqual([
      { trancheNumber: 2, amount: 4_000_000, releaseConditions: [], funding: split(2_500_000, 1_500_000) },
      { trancheNumber: 3, amount: 1_600_000, releaseConditions: [], funding: split(1_000_000, 600_000) },
    ]);
  });

  it('needs a convention when it takes a grant by decision above 50,000 MAD', () => {
    const small: GrantsEvent = {
      type: 'GrantAwarded',
      data: {
        ...(awarded.type === 'GrantAwarded' ? awarded.data : ({} as never)),
        amount: 3_000_000,
        instrument: { kind: 'decision' },
        funding: [{ coFunderId: 'ministry', amount: 3_000_000 }],
        tranches: [
          {
            trancheNumber: 1,
            amount: 3_000_000,
            releaseConditions: [],
            funding: [{ coFunderId: 'ministry', amount: 3_000_000 }],
          },
        ],
      },
    };
    const raise = amend({
      amount: 6_000_000,
      funding: [{ coFunderId: 'ministry', amount: 6_000_000 }],
      tranches: [{ amount: 6_000_000, releaseConditions: [] }],
    });
    given(grantsDecider, [...budgets, small])
      .when(raise, { actor: minister })
      .thenRefuses('CONVENTION_AGREEMENT_REQUIRED', 'invalid');
    const [event] = given(grantsDecider, [...budgets, small])
      .when(
        { ...raise, data: { ...raise.data, conventionAgreementId: 'convention-taza-3' } },
        { actor: minister },
      )
      .events();
    expect(event?.type === 'GrantAmended' && event.data.instrument).toEqual({
      kind: 'convention',
      agreementId: 'convention-taza-3',
    });
  });

  it.each([
    [
      'below what the association holds',
      amend({ amount: 3_000_000, funding: [{ coFunderId: 'ministry', amount: 3_000_000 }], tranches: [] }),
      'GRANT_AMOUNT_BELOW_HELD',
      'conflict',
    ],
    [
      "a co-funder's share below what it paid",
      amend({
        amount: 4_000_000,
        funding: split(3_000_000, 1_000_000),
        tranches: [{ amount: 800_000, releaseConditions: [] }],
      }),
      'CO_FUNDER_SHARE_BELOW_HELD',
      'conflict',
    ],
    [
      "a rise beyond a co-funder's remaining budget",
      amend({
        amount: 16_000_000,
        funding: split(11_000_000, 5_000_000),
        tranches: [{ amount: 12_800_000, releaseConditions: [] }],
      }),
      'CO_FUNDER_BUDGET_EXCEEDED',
      'conflict',
    ],
    [
      'a schedule that does not add up',
      amend({ tranches: [{ amount: 3_800_001, releaseConditions: [] }] }),
      'GRANT_TRANCHES_MISMATCH',
      'invalid',
    ],
    [
      'shares that do not add up',
      amend({ funding: split(4_375_000, 2_625_001) }),
      'GRANT_FUNDING_MISMATCH',
      'invalid',
    ],
  ])('refuses %s', (_case, command, code, kind) => {
    given(grantsDecider, trancheOnePaid).when(command, { actor: minister }).thenRefuses(code, kind);
  });

  it('refuses while a tranche is requested, and refuses anyone but the ministry', () => {
    const requested: GrantsEvent = {
      type: 'TrancheRequested',
      data: {
        ...tranche(2),
        amount: 3_200_000,
        evidence: [],
        preparerId: 'finance-officer-1',
        requestedAt: null,
        lateEntry: null,
      },
    };
    given(grantsDecider, [...trancheOnePaid, requested])
      .when(amend({}), { actor: minister })
      .thenRefuses('GRANT_TRANCHE_UNDERWAY', 'conflict');
    given(grantsDecider, trancheOnePaid)
      .when(amend({}), { actor: payer })
      .thenRefuses('MINISTRY_ROLE_REQUIRED', 'forbidden');
  });
});

describe('grants: an amendment keeps the segregation of duties', () => {
  it('refuses the approval of a re-planned tranche by the person who prepared it before', () => {
    // Given: tranche 2 requested by officer 1, rejected by officer 2, then the grant amended
    const ref = { rolloutId, grantId: 'grant-1', trancheNumber: 2 };
    const preparer1: Actor = { id: 'finance-officer-1', role: 'finance-preparer' };
    const steps: [Parameters<typeof grantsDecider.decide>[0], Partial<{ actor: Actor }>][] = [
      [{ type: 'RequestTranche', data: { ...ref, evidence: [] } }, { actor: preparer1 }],
      [
        { type: 'RejectTranche', data: { ...ref, reason } },
        { actor: { id: 'finance-officer-2', role: 'finance-approver' } },
      ],
      [amend({}), { actor: minister }],
      [
        { type: 'RequestTranche', data: { ...ref, evidence: [] } },
        { actor: { id: 'finance-officer-5', role: 'finance-preparer' } },
      ],
    ];
    const history = [...trancheOnePaid];
    for (const [command, context] of steps)
      history.push(...given(grantsDecider, history).when(command, context).events());
    // When officer 1 approves it; Then refused
    given(grantsDecider, history)
      .when(
        { type: 'ApproveTranche', data: ref },
        { actor: { id: 'finance-officer-1', role: 'finance-approver' } },
      )
      .thenRefuses('FINANCE_STEPS_BY_SAME_PERSON', 'forbidden');
  });
});

describe('grants: money of a paid tranche comes back (returned or recovered)', () => {
  it('records a partial return, split in proportion to who paid the tranche', () => {
    given(grantsDecider, trancheOnePaid).when(refund({}), { actor: payer }).then([returned800k]);
  });

  it('gives a single centime to the first co-funder that paid it', () => {
    const [event] = given(grantsDecider, trancheOnePaid)
      .when(refund({ amount: 1 }), { actor: payer })
      .events();
    expect(event?.type === 'TrancheRefunded' && event.data.funding).toEqual([
      { coFunderId: 'ministry', amount: 1 },
    ]);
  });

  it('lowers what is held, keeps what was paid out, and leaves the grant open', () => {
    const state = fold(grantsDecider, [...trancheOnePaid, returned800k]);
    expect(
      coFunderLedger(state).map(({ coFunderId, awarded, paid, paidOut, refunded, remaining }) => ({
        coFunderId,
        awarded,
        paid,
        paidOut,
        refunded,
        remaining,
      })),
    ).toEqual([
      {
        coFunderId: 'ministry',
        awarded: 5_000_000,
        paid: 1_500_000,
        paidOut: 2_000_000,
        refunded: 500_000,
        remaining: 5_000_000,
      },
      {
        coFunderId: 'region-fm',
        awarded: 3_000_000,
        paid: 900_000,
        paidOut: 1_200_000,
        refunded: 300_000,
        remaining: 3_000_000,
      },
    ]);
    const [grant] = grantsInOrder(state);
    expect(grant && paidOfGrant(grant)).toBe(2_400_000);
    expect(grant && refundedOfGrant(grant)).toBe(800_000);
  });

  it('refuses more than the tranche paid less what came back before', () => {
    given(grantsDecider, trancheOnePaid)
      .when(refund({ amount: 3_200_001 }), { actor: payer })
      .thenRefuses('REFUND_EXCEEDS_PAID', 'conflict');
    given(grantsDecider, [...trancheOnePaid, returned800k])
      .when(refund({ amount: 2_400_001 }), { actor: payer })
      .thenRefuses('REFUND_EXCEEDS_PAID', 'conflict');
  });

  it('refuses a tranche not paid, and anyone but a finance payer', () => {
    given(grantsDecider, trancheOnePaid)
      .when(refund({ trancheNumber: 2 }), { actor: payer })
      .thenRefuses('TRANCHE_NOT_PAID', 'conflict');
    given(grantsDecider, trancheOnePaid)
      .when(refund({}), { actor: minister })
      .thenRefuses('FINANCE_ROLE_REQUIRED', 'forbidden');
  });
});

describe('grants: the ministry cancels a grant, with what was paid accounted for', () => {
  it('drops the unpaid tranches and releases what was not paid to each co-funder', () => {
    given(grantsDecider, trancheOnePaid).when(cancel, { actor: minister }).then([cancelledAfterTrancheOne]);
  });

  it('leaves the grant weighing what the association holds; a recovery then frees that too', () => {
    const cancelled = fold(grantsDecider, [...trancheOnePaid, cancelledAfterTrancheOne]);
    expect(ledgerTotals(cancelled)).toEqual({
      committed: 16_000_000,
      awarded: 3_200_000,
      paid: 3_200_000,
      paidOut: 3_200_000,
      refunded: 0,
      remaining: 12_800_000,
    });
    const [grant] = grantsInOrder(cancelled);
    expect(grant?.tranches.map((t) => t.status)).toEqual(['paid', 'dropped', 'dropped']);
    expect(grant && isGrantSettled(grant)).toBe(true);

    const [recovered] = given(grantsDecider, [...trancheOnePaid, cancelledAfterTrancheOne])
      .when(refund({ kind: 'recovered', amount: 3_200_000 }), { actor: payer })
      .events();
    expect(recovered).toEqual({
      type: 'TrancheRefunded',
      data: {
        ...tranche(1),
        kind: 'recovered',
        amount: 3_200_000,
        funding: split(2_000_000, 1_200_000),
        refundReference: 'RCT-31',
        reason,
        grantCancelled: true,
        payerId: payer.id,
      },
    });
    expect(
      ledgerTotals(
        fold(grantsDecider, [...trancheOnePaid, cancelledAfterTrancheOne, recovered as GrantsEvent]),
      ),
    ).toEqual({
      committed: 16_000_000,
      awarded: 0,
      paid: 0,
      paidOut: 3_200_000,
      refunded: 3_200_000,
      remaining: 16_000_000,
    });
  });

  it('refuses any further step on a cancelled grant', () => {
    const history = [...trancheOnePaid, cancelledAfterTrancheOne];
    given(grantsDecider, history)
      .when(cancel, { actor: minister })
      .thenRefuses('GRANT_ALREADY_CANCELLED', 'conflict');
    given(grantsDecider, history)
      .when(amend({}), { actor: minister })
      .thenRefuses('GRANT_CANCELLED', 'conflict');
    given(grantsDecider, history)
      .when(
        { type: 'RequestTranche', data: { rolloutId, grantId: 'grant-1', trancheNumber: 2, evidence: [] } },
        { actor: { id: 'finance-officer-1', role: 'finance-preparer' } },
      )
      .thenRefuses('GRANT_CANCELLED', 'conflict');
    given(grantsDecider, trancheOnePaid)
      .when(cancel, { actor: payer })
      .thenRefuses('MINISTRY_ROLE_REQUIRED', 'forbidden');
  });

  it('counts a grant with money returned and not yet rescheduled as not settled', () => {
    const [grant] = grantsInOrder(fold(grantsDecider, [...trancheOnePaid, returned800k]));
    expect(grant && isGrantSettled(grant)).toBe(false);
  });
});
