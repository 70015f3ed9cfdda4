import { describe, expect, it } from 'vitest';
import type { z } from 'zod';
import type { Actor } from '../../../../../events/envelope.js';
import type { GrantsEvent } from '../../../../../events/grants/index.js';
import type {
  AwardGrant,
  AwardGrantInput,
  GrantsCommand,
  PayTranche,
  RequestTranche,
} from '../../../../../functions/domain/grants/commands.js';
import {
  CONVENTION_THRESHOLD_CENTIMES,
  coFunderLedger,
  conventionAgreementOf,
  grantOfAssociation,
  grantsDecider,
  grantsInOrder,
  grantsStreamId,
  initialState,
  ledgerTotals,
  paidOfGrant,
  remainingBudget,
  requiredInstrument,
  splitTranchesAmongCoFunders,
} from '../../../../../functions/domain/grants/grants.js';
import { fold } from '../../../../../functions/domain/shared/decider.js';
import { budgetCommitted, fesMeknesBudgets } from '../../../../support/co-funder-budgets.js';
import { given } from '../../../../support/given-when-then.js';

const rolloutId = 'rollout-fm-2025';
const ministry = {
  fr: 'Ministère chargé des Relations avec le Parlement',
  ar: 'الوزارة المكلفة بالعلاقات مع البرلمان',
};
const region = { fr: 'Conseil de la Région Fès-Meknès', ar: 'مجلس جهة فاس-مكناس' };

const preparer: Actor = { id: 'finance-officer-1', role: 'finance-preparer' };
const approver: Actor = { id: 'finance-officer-2', role: 'finance-approver' };
const payer: Actor = { id: 'finance-officer-3', role: 'finance-payer' };

const attendance = {
  evidence: 'attendance-report',
  label: { fr: 'Feuilles de présence', ar: 'لوائح الحضور' },
};
const interim = { evidence: 'interim-report', label: { fr: "Rapport d'étape", ar: 'تقرير مرحلي' } };
const final = { evidence: 'final-report', label: { fr: 'Rapport final', ar: 'التقرير النهائي' } };

/** The test context's clock: what an undated command is dated by. */
const NOW = '2026-03-01T09:00:00.000Z';
const ministryCommitted: GrantsEvent = {
  type: 'CoFunderBudgetCommitted',
  data: {
    rolloutId,
    coFunderId: 'ministry',
    name: ministry,
    amount: 10_000_000,
    totalCommitted: 10_000_000,
    committedAt: NOW,
    lateEntry: null,
  },
};
/** The co-funders' budgets, committed in December 2023: before any award these tests date. */
const budgets = fesMeknesBudgets(rolloutId, ministry, '2023-12-01T09:00:00.000Z');

const purpose = {
  fr: "Mise en place d'un système de gestion financière",
  ar: 'إرساء نظام للتدبير المالي',
};
const deliverables = [
  {
    deliverable: 'procedures-manual',
    label: { fr: 'Manuel des procédures', ar: 'دليل المساطر' },
    dueBy: '2026-09-30',
  },
  {
    deliverable: 'audited-accounts',
    label: { fr: 'Comptes certifiés', ar: 'حسابات مصادق عليها' },
    dueBy: '2027-04-30',
  },
];

/** 80,000 MAD: 50,000 from the ministry and 30,000 from the region, in 3 tranches (40/40/20). */
const awardInput = {
  rolloutId,
  associationId: 'association-sefrou-12',
  amount: 8_000_000,
  purpose,
  deliverables,
  funding: [
    { coFunderId: 'ministry', amount: 5_000_000 },
    { coFunderId: 'region-fm', amount: 3_000_000 },
  ],
  tranches: [
    { amount: 3_200_000, releaseConditions: [] },
    { amount: 3_200_000, releaseConditions: [attendance, interim] },
    { amount: 1_600_000, releaseConditions: [final] },
  ],
  conventionAgreementId: 'convention-sefrou-12',
} satisfies z.input<typeof AwardGrantInput>;

const award = (
  data: Partial<AwardGrant['data']> = {},
  associationCompletedTraining = true,
  axisOneCompletedOn: string | null = null,
): AwardGrant => ({
  type: 'AwardGrant',
  data: { ...awardInput, ...data },
  facts: { associationCompletedTraining, axisOneCompletedOn },
});

const awarded: GrantsEvent = {
  type: 'GrantAwarded',
  data: {
    rolloutId,
    grantId: 'id-1',
    associationId: 'association-sefrou-12',
    amount: 8_000_000,
    purpose,
    deliverables,
    instrument: { kind: 'convention', agreementId: 'convention-sefrou-12' },
    conventionThreshold: 5_000_000,
    awardedAt: '2026-03-01T09:00:00.000Z',
    lateEntry: null,
    funding: awardInput.funding,
    tranches: [
      {
        trancheNumber: 1,
        amount: 3_200_000,
        releaseConditions: [],
        funding: [
          { coFunderId: 'ministry', amount: 2_000_000 },
          { coFunderId: 'region-fm', amount: 1_200_000 },
        ],
      },
      {
        trancheNumber: 2,
        amount: 3_200_000,
        releaseConditions: [attendance, interim],
        funding: [
          { coFunderId: 'ministry', amount: 2_000_000 },
          { coFunderId: 'region-fm', amount: 1_200_000 },
        ],
      },
      {
        trancheNumber: 3,
        amount: 1_600_000,
        releaseConditions: [final],
        funding: [
          { coFunderId: 'ministry', amount: 1_000_000 },
          { coFunderId: 'region-fm', amount: 600_000 },
        ],
      },
    ],
  },
};

/** The same award, keyed in on its true date of 12 January 2026 (a late entry of the ministry). */
const awardedInJanuary: GrantsEvent =
  awarded.type === 'GrantAwarded'
    ? {
        ...awarded,
        data: {
          ...awarded.data,
          awardedAt: '2026-01-12T09:00:00.000Z',
          lateEntry: { reason: { fr: 'Décision saisie en retard', ar: 'قرار أدخل متأخرا' } },
        },
      }
    : awarded;

/** 30,000 MAD from the ministry alone, by decision, in one tranche on an attendance report. */
const smallAwarded: GrantsEvent = {
  type: 'GrantAwarded',
  data: {
    rolloutId,
    grantId: 'grant-small',
    associationId: 'association-taza-3',
    amount: 3_000_000,
    purpose,
    deliverables: deliverables.slice(0, 1),
    instrument: { kind: 'decision' },
    conventionThreshold: 5_000_000,
    awardedAt: '2026-03-01T09:00:00.000Z',
    lateEntry: null,
    funding: [{ coFunderId: 'ministry', amount: 3_000_000 }],
    tranches: [
      {
        trancheNumber: 1,
        amount: 3_000_000,
        releaseConditions: [attendance],
        funding: [{ coFunderId: 'ministry', amount: 3_000_000 }],
      },
    ],
  },
};

const ref = { rolloutId, grantId: 'id-1' };
const request = (
  trancheNumber: number,
  evidence: RequestTranche['data']['evidence'] = [],
): RequestTranche => ({
  type: 'RequestTranche',
  data: { ...ref, trancheNumber, evidence },
});
const approve = (trancheNumber: number) => ({
  type: 'ApproveTranche' as const,
  data: { ...ref, trancheNumber },
});
const reason = { fr: 'Rapport incomplet', ar: 'تقرير غير مكتمل' };
const reject = (trancheNumber: number) => ({
  type: 'RejectTranche' as const,
  data: { ...ref, trancheNumber, reason },
});
const pay = (trancheNumber: number, conventionInForce = true): PayTranche => ({
  type: 'PayTranche',
  data: { ...ref, trancheNumber, paymentReference: `TRF-${trancheNumber}` },
  facts: { conventionInForce },
});

const trancheRef = (trancheNumber: number) => ({
  rolloutId,
  grantId: 'id-1',
  associationId: 'association-sefrou-12',
  trancheNumber,
});
const amounts = [3_200_000, 3_200_000, 1_600_000];
const trancheFunding = (trancheNumber: number) =>
  awarded.type === 'GrantAwarded' ? (awarded.data.tranches[trancheNumber - 1]?.funding ?? []) : [];
/** A request (by default as recorded, at the context's clock; null: a v1 request, undated). */
const requested = (
  trancheNumber: number,
  preparerId = preparer.id,
  requestedAt: string | null = NOW,
): GrantsEvent => ({
  type: 'TrancheRequested',
  data: {
    ...trancheRef(trancheNumber),
    amount: amounts[trancheNumber - 1] ?? 0,
    evidence: [],
    preparerId,
    requestedAt,
    lateEntry: null,
  },
});
const approved = (
  trancheNumber: number,
  approverId = approver.id,
  approvedAt: string | null = NOW,
): GrantsEvent => ({
  type: 'TrancheApproved',
  data: {
    ...trancheRef(trancheNumber),
    amount: amounts[trancheNumber - 1] ?? 0,
    approverId,
    approvedAt,
    lateEntry: null,
  },
});
/** Tranche 1 requested and approved in January 2026, before transfers dated in February. */
const requestedAndApprovedInJanuary = [
  requested(1, preparer.id, '2026-01-20T09:00:00.000Z'),
  approved(1, approver.id, '2026-01-21T09:00:00.000Z'),
];
/** Tranche 1 requested and approved before their steps were dated (v1). */
const requestedAndApprovedUndated = [requested(1, preparer.id, null), approved(1, approver.id, null)];
/** A rejection (by default as recorded, at the context's clock; null: a v1 rejection, undated). */
const rejected = (
  trancheNumber: number,
  approverId = approver.id,
  rejectedAt: string | null = NOW,
): GrantsEvent => ({
  type: 'TrancheRejected',
  data: { ...trancheRef(trancheNumber), reason, approverId, rejectedAt, lateEntry: null },
});
const paid = (trancheNumber: number, payerId = payer.id): GrantsEvent => ({
  type: 'TranchePaid',
  data: {
    ...trancheRef(trancheNumber),
    amount: amounts[trancheNumber - 1] ?? 0,
    funding: trancheFunding(trancheNumber),
    paymentReference: `TRF-${trancheNumber}`,
    grantFullyPaid: trancheNumber === 3,
    payerId,
    // Paid as recorded: the test context's clock.
    paidAt: '2026-03-01T09:00:00.000Z',
    lateEntry: null,
  },
});
const trancheOnePaid = [...budgets, awarded, requested(1), approved(1), paid(1)];

describe('grants: co-funders commit budgets', () => {
  it('records a first commitment', () => {
    given(grantsDecider, [])
      .when({
        type: 'CommitCoFunderBudget',
        data: { rolloutId, coFunderId: 'ministry', name: ministry, amount: 10_000_000 },
      })
      .then([ministryCommitted]);
  });

  it('adds a top-up to what the co-funder committed', () => {
    given(grantsDecider, budgets)
      .when({
        type: 'CommitCoFunderBudget',
        data: { rolloutId, coFunderId: 'region-fm', name: region, amount: 1_000_000 },
      })
      .then([
        {
          type: 'CoFunderBudgetCommitted',
          data: {
            rolloutId,
            coFunderId: 'region-fm',
            name: region,
            amount: 1_000_000,
            totalCommitted: 7_000_000,
            committedAt: NOW,
            lateEntry: null,
          },
        },
      ]);
  });

  it('refuses a co-funder id already registered under another name', () => {
    given(grantsDecider, budgets)
      .when({
        type: 'CommitCoFunderBudget',
        data: { rolloutId, coFunderId: 'region-fm', name: ministry, amount: 1_000_000 },
      })
      .thenRefuses('CO_FUNDER_NAME_MISMATCH', 'invalid');
  });

  it('refuses a commitment that would overflow the amounts the system can count', () => {
    given(grantsDecider, budgets)
      .when({
        type: 'CommitCoFunderBudget',
        data: { rolloutId, coFunderId: 'ministry', name: ministry, amount: Number.MAX_SAFE_INTEGER },
      })
      .thenRefuses('CO_FUNDER_BUDGET_TOO_LARGE', 'invalid');
  });

  it("refuses a commitment that takes the rollout's budget, over all its co-funders, past 10^12 centimes", () => {
    // budgets: 10,000,000 + 6,000,000 committed; a third co-funder brings the rollout 1 centime past.
    given(grantsDecider, budgets)
      .when({
        type: 'CommitCoFunderBudget',
        data: { rolloutId, coFunderId: 'province', name: ministry, amount: 999_984_000_001 },
      })
      .thenRefuses('CO_FUNDER_BUDGET_TOO_LARGE', 'invalid');
  });

  it("accepts a commitment that brings the rollout's budget to exactly 10^12 centimes", () => {
    given(grantsDecider, budgets)
      .when({
        type: 'CommitCoFunderBudget',
        data: { rolloutId, coFunderId: 'province', name: ministry, amount: 999_984_000_000 },
      })
      .then([
        {
          type: 'CoFunderBudgetCommitted',
          data: {
            rolloutId,
            coFunderId: 'province',
            name: ministry,
            amount: 999_984_000_000,
            totalCommitted: 999_984_000_000,
            committedAt: NOW,
            lateEntry: null,
          },
        },
      ]);
  });

  it('refuses a command about another rollout than the stream holds', () => {
    given(grantsDecider, budgets)
      .when({
        type: 'CommitCoFunderBudget',
        data: { rolloutId: 'rollout-ms-2025', coFunderId: 'ministry', name: ministry, amount: 1 },
      })
      .thenRefuses('GRANTS_ROLLOUT_MISMATCH', 'invalid');
  });
});

describe('grants: award to a trained association', () => {
  it('awards a grant above 50,000 MAD under its convention, splitting each tranche among co-funders', () => {
    given(grantsDecider, budgets).when(award()).then([awarded]);
  });

  const reason = { fr: 'Édition 2023 saisie depuis ses dossiers', ar: 'دورة 2023 أدخلت من ملفاتها' };
  /** The award as decided when keyed in late on its true date, with the reason. */
  const awardedLateOn = (awardedAt: string) =>
    ({ ...awarded, data: { ...awarded.data, awardedAt, lateEntry: { reason } } }) as GrantsEvent;

  it('awards a grant on its true date: a past award keyed in by the ministry with its reason (ADR 0137)', () => {
    given(grantsDecider, budgets)
      .when(award({ awardedAt: '2024-02-12T09:00:00.000Z', lateEntryReason: reason }))
      .then([awardedLateOn('2024-02-12T09:00:00.000Z')]);
  });

  it('awards within the week without a reason', () => {
    given(grantsDecider, budgets)
      .when(award({ awardedAt: '2026-02-23T09:00:00.000Z' }))
      .then([
        { ...awarded, data: { ...awarded.data, awardedAt: '2026-02-23T09:00:00.000Z' } } as GrantsEvent,
      ]);
  });

  describe('not before the association completed axis 1 (ADR 0151)', () => {
    it('refuses an award dated before the day the association completed axis 1, naming awardedAt', () => {
      let thrown: unknown;
      try {
        grantsDecider.decide(
          award({ awardedAt: '2024-01-21T09:00:00.000Z', lateEntryReason: reason }, true, '2024-01-22'),
          fold(grantsDecider, budgets),
          { now: '2026-03-01T09:00:00.000Z', newId: () => 'id-1', actor: { id: 'm', role: 'ministry' } },
        );
      } catch (error) {
        thrown = error;
      }
      expect(thrown).toMatchObject({
        kind: 'invalid',
        code: 'AWARDED_BEFORE_TRAINING_COMPLETED',
        details: {
          field: 'awardedAt',
          awardedAt: '2024-01-21T09:00:00.000Z',
          restsOn: { fact: 'axis-1 completion', date: '2024-01-22' },
        },
      });
    });

    it('awards on the very day the association completed axis 1', () => {
      given(grantsDecider, budgets)
        .when(award({ awardedAt: '2024-01-22T09:00:00.000Z', lateEntryReason: reason }, true, '2024-01-22'))
        .then([awardedLateOn('2024-01-22T09:00:00.000Z')]);
    });

    it('awards now an association whose completions carry no date', () => {
      given(grantsDecider, budgets)
        .when(award({}, true, null))
        .then([awarded]);
    });
  });

  it('refuses an award dated in the future, a late award without its reason, and one by another role', () => {
    const reason = { fr: 'Dossier archivé', ar: 'ملف مؤرشف' };
    given(grantsDecider, budgets)
      .when(award({ awardedAt: '2026-03-02T09:00:00.000Z' }))
      .thenRefuses('FACT_DATE_IN_FUTURE', 'invalid');
    given(grantsDecider, budgets)
      .when(award({ awardedAt: '2024-02-12T09:00:00.000Z' }))
      .thenRefuses('LATE_ENTRY_REASON_REQUIRED', 'invalid');
    given(grantsDecider, budgets)
      .when(award({ awardedAt: '2024-02-12T09:00:00.000Z', lateEntryReason: reason }), {
        actor: { id: 'coordinator-fm', role: 'coordinator' },
      })
      .thenRefuses('LATE_ENTRY_NOT_ALLOWED', 'forbidden');
  });

  it('awards a grant of 50,000 MAD or less by decision', () => {
    given(grantsDecider, budgets)
      .when(
        award({
          associationId: 'association-taza-3',
          amount: 3_000_000,
          deliverables: deliverables.slice(0, 1),
          funding: [{ coFunderId: 'ministry', amount: 3_000_000 }],
          tranches: [{ amount: 3_000_000, releaseConditions: [attendance] }],
          conventionAgreementId: undefined,
        }),
      )
      .then([{ ...smallAwarded, data: { ...smallAwarded.data, grantId: 'id-1' } } as GrantsEvent]);
  });

  it('awards exactly 50,000 MAD by decision: the circular asks a convention only above it', () => {
    expect(requiredInstrument(CONVENTION_THRESHOLD_CENTIMES)).toBe('decision');
    expect(requiredInstrument(CONVENTION_THRESHOLD_CENTIMES + 1)).toBe('convention');
    const [event] = given(grantsDecider, budgets)
      .when(
        award({
          amount: 5_000_000,
          funding: [{ coFunderId: 'ministry', amount: 5_000_000 }],
          tranches: [{ amount: 5_000_000, releaseConditions: [] }],
          conventionAgreementId: undefined,
        }),
      )
      .events();
    expect(event?.type === 'GrantAwarded' && event.data.instrument).toEqual({ kind: 'decision' });
  });

  it('refuses a convention for a grant of 50,000 MAD or less', () => {
    given(grantsDecider, budgets)
      .when(
        award({
          amount: 5_000_000,
          funding: [{ coFunderId: 'ministry', amount: 5_000_000 }],
          tranches: [{ amount: 5_000_000, releaseConditions: [] }],
        }),
      )
      .thenRefuses('CONVENTION_AGREEMENT_NOT_EXPECTED', 'invalid');
  });

  it('refuses a grant above 50,000 MAD without a convention', () => {
    given(grantsDecider, budgets)
      .when(award({ conventionAgreementId: undefined }))
      .thenRefuses('CONVENTION_AGREEMENT_REQUIRED', 'invalid');
  });

  it('refuses an association that has not completed the training', () => {
    given(grantsDecider, budgets)
      .when(award({}, false))
      .thenRefuses('ASSOCIATION_TRAINING_NOT_COMPLETED', 'conflict');
  });

  it('refuses a second grant to the same association in the rollout', () => {
    given(grantsDecider, [...budgets, awarded])
      .when(
        award({
          amount: 1_000_000,
          funding: [{ coFunderId: 'ministry', amount: 1_000_000 }],
          tranches: [{ amount: 1_000_000, releaseConditions: [] }],
          conventionAgreementId: undefined,
        }),
      )
      .thenRefuses('ASSOCIATION_ALREADY_GRANTED', 'conflict');
  });

  it("refuses a grant beyond a co-funder's remaining budget, counting earlier grants", () => {
    // The ministry committed 100,000 MAD and already awarded 50,000 + 30,000: 20,000 remain.
    given(grantsDecider, [...budgets, awarded, smallAwarded])
      .when(
        award({
          associationId: 'association-ifrane-8',
          amount: 2_000_001,
          funding: [{ coFunderId: 'ministry', amount: 2_000_001 }],
          tranches: [{ amount: 2_000_001, releaseConditions: [] }],
          conventionAgreementId: undefined,
        }),
      )
      .thenRefuses('CO_FUNDER_BUDGET_EXCEEDED', 'conflict');
  });

  it('awards up to the last centime of the remaining budget', () => {
    const events = given(grantsDecider, [...budgets, awarded, smallAwarded])
      .when(
        award({
          associationId: 'association-ifrane-8',
          amount: 2_000_000,
          funding: [{ coFunderId: 'ministry', amount: 2_000_000 }],
          tranches: [{ amount: 2_000_000, releaseConditions: [] }],
          conventionAgreementId: undefined,
        }),
      )
      .events();
    expect(events.map((event) => event.type)).toEqual(['GrantAwarded']);
  });

  it('refuses a co-funder that committed no budget to the rollout', () => {
    given(grantsDecider, [ministryCommitted]).when(award()).thenRefuses('CO_FUNDER_NOT_FOUND', 'not-found');
  });

  it('refuses a co-funder listed twice', () => {
    given(grantsDecider, budgets)
      .when(
        award({
          funding: [
            { coFunderId: 'ministry', amount: 4_000_000 },
            { coFunderId: 'ministry', amount: 4_000_000 },
          ],
        }),
      )
      .thenRefuses('CO_FUNDER_LISTED_TWICE', 'invalid');
  });

  it("refuses co-funders' shares that do not sum to the grant", () => {
    given(grantsDecider, budgets)
      .when(award({ funding: [{ coFunderId: 'ministry', amount: 7_999_999 }] }))
      .thenRefuses('GRANT_FUNDING_MISMATCH', 'invalid');
  });

  it('refuses tranches that do not sum exactly to the grant', () => {
    given(grantsDecider, budgets)
      .when(
        award({
          tranches: [
            { amount: 4_000_000, releaseConditions: [] },
            { amount: 4_000_001, releaseConditions: [final] },
          ],
        }),
      )
      .thenRefuses('GRANT_TRANCHES_MISMATCH', 'invalid');
  });
});

describe('grants: a tranche is requested, approved and paid by three different people', () => {
  it('lets a finance preparer request the first tranche', () => {
    given(grantsDecider, [...budgets, awarded])
      .when(request(1), { actor: preparer })
      .then([requested(1)]);
  });

  it('records the evidence of each release condition with the request', () => {
    const evidence = [
      { evidence: 'attendance-report', documentId: 'doc-1' },
      { evidence: 'interim-report', documentId: 'doc-2' },
    ];
    const [event] = given(grantsDecider, trancheOnePaid)
      .when(request(2, evidence), { actor: preparer })
      .events();
    expect(event).toEqual({
      type: 'TrancheRequested',
      data: {
        ...trancheRef(2),
        amount: 3_200_000,
        evidence,
        preparerId: preparer.id,
        requestedAt: NOW,
        lateEntry: null,
      },
    });
  });

  it('refuses a request that lacks the evidence of a condition', () => {
    given(grantsDecider, trancheOnePaid)
      .when(request(2, [{ evidence: 'attendance-report', documentId: 'doc-1' }]), { actor: preparer })
      .thenRefuses('TRANCHE_EVIDENCE_MISSING', 'invalid');
  });

  it('refuses evidence that no condition of the tranche asks for', () => {
    given(grantsDecider, [...budgets, awarded])
      .when(request(1, [{ evidence: 'final-report', documentId: 'doc-9' }]), { actor: preparer })
      .thenRefuses('TRANCHE_EVIDENCE_UNEXPECTED', 'invalid');
  });

  it('refuses a request for tranche 2 before tranche 1 is paid', () => {
    given(grantsDecider, [...budgets, awarded, requested(1), approved(1)])
      .when(request(2, [{ evidence: 'attendance-report', documentId: 'd' }]), { actor: preparer })
      .thenRefuses('TRANCHE_OUT_OF_ORDER', 'conflict');
  });

  it('refuses a request for a tranche already requested', () => {
    given(grantsDecider, [...budgets, awarded, requested(1)])
      .when(request(1), { actor: preparer })
      .thenRefuses('TRANCHE_ALREADY_REQUESTED', 'conflict');
  });

  it('refuses a request for a grant or a tranche that does not exist', () => {
    given(grantsDecider, [...budgets, awarded])
      .when({ ...request(1), data: { ...request(1).data, grantId: 'grant-unknown' } }, { actor: preparer })
      .thenRefuses('GRANT_NOT_FOUND', 'not-found');
    given(grantsDecider, [...budgets, awarded])
      .when(request(4), { actor: preparer })
      .thenRefuses('TRANCHE_NOT_FOUND', 'not-found');
  });

  it('refuses a request by someone who is not a finance preparer', () => {
    given(grantsDecider, [...budgets, awarded])
      .when(request(1), { actor: { id: 'user-ministry-1', role: 'ministry' } })
      .thenRefuses('FINANCE_ROLE_REQUIRED', 'forbidden');
  });

  it('lets another person, a finance approver, approve the request', () => {
    given(grantsDecider, [...budgets, awarded, requested(1)])
      .when(approve(1), { actor: approver })
      .then([approved(1)]);
  });

  it('refuses an approval by the person who requested the tranche', () => {
    given(grantsDecider, [...budgets, awarded, requested(1)])
      .when(approve(1), { actor: { id: preparer.id, role: 'finance-approver' } })
      .thenRefuses('FINANCE_STEPS_BY_SAME_PERSON', 'forbidden');
  });

  it('refuses an approval by someone who is not a finance approver', () => {
    given(grantsDecider, [...budgets, awarded, requested(1)])
      .when(approve(1), { actor: payer })
      .thenRefuses('FINANCE_ROLE_REQUIRED', 'forbidden');
  });

  it('refuses to approve a tranche not requested, or already approved', () => {
    given(grantsDecider, [...budgets, awarded])
      .when(approve(1), { actor: approver })
      .thenRefuses('TRANCHE_NOT_REQUESTED', 'conflict');
    given(grantsDecider, [...budgets, awarded, requested(1), approved(1)])
      .when(approve(1), { actor: approver })
      .thenRefuses('TRANCHE_ALREADY_APPROVED', 'conflict');
  });

  it('lets a third person, a finance payer, pay the approved tranche under a convention in force', () => {
    given(grantsDecider, [...budgets, awarded, requested(1), approved(1)])
      .when(pay(1), { actor: payer })
      .then([paid(1)]);
  });

  describe('on the date of the transfer (ADR 0080)', () => {
    const lateReason = {
      fr: 'Avis de virement reçu tardivement de la Trésorerie',
      ar: 'إشعار التحويل توصل به متأخرا',
    };
    const payOn = (paidAt: string, lateEntryReason?: typeof lateReason): PayTranche => ({
      ...pay(1),
      data: { ...pay(1).data, paidAt, ...(lateEntryReason === undefined ? {} : { lateEntryReason }) },
    });
    const before = [...budgets, awardedInJanuary, ...requestedAndApprovedInJanuary];
    const paidOn = (paidAt: string, lateEntry: { reason: typeof lateReason } | null): GrantsEvent => {
      const event = paid(1);
      return event.type === 'TranchePaid' ? { ...event, data: { ...event.data, paidAt, lateEntry } } : event;
    };

    it('records a transfer made five days before it is keyed in, with its date', () => {
      given(grantsDecider, before)
        .when(payOn('2026-02-24T09:00:00.000Z'), { actor: payer })
        .then([paidOn('2026-02-24T09:00:00.000Z', null)]);
    });

    it('records a transfer keyed in three weeks late as a late entry, with its reason', () => {
      given(grantsDecider, before)
        .when(payOn('2026-02-08T09:00:00.000Z', lateReason), { actor: payer })
        .then([paidOn('2026-02-08T09:00:00.000Z', { reason: lateReason })]);
    });

    it('refuses a late entry without its reason', () => {
      given(grantsDecider, before)
        .when(payOn('2026-02-08T09:00:00.000Z'), { actor: payer })
        .thenRefuses('LATE_ENTRY_REASON_REQUIRED', 'invalid');
    });

    it('refuses a transfer dated in the future', () => {
      given(grantsDecider, before)
        .when(payOn('2026-03-01T09:00:00.001Z'), { actor: payer })
        .thenRefuses('FACT_DATE_IN_FUTURE', 'invalid');
    });

    it('refuses a transfer dated before its grant was awarded, naming paidAt (ADR 0151)', () => {
      const given12February = [
        ...budgets,
        awardedInJanuary.type === 'GrantAwarded'
          ? { ...awardedInJanuary, data: { ...awardedInJanuary.data, awardedAt: '2026-02-12T09:00:00.000Z' } }
          : awardedInJanuary,
        ...requestedAndApprovedUndated,
      ];
      given(grantsDecider, given12February)
        .when(payOn('2026-02-12T08:59:59.999Z', lateReason), { actor: payer })
        .thenRefuses('PAID_BEFORE_AWARD', 'invalid');
      given(grantsDecider, given12February)
        .when(payOn('2026-02-12T09:00:00.000Z', lateReason), { actor: payer })
        .then([paidOn('2026-02-12T09:00:00.000Z', { reason: lateReason })]);
    });

    it('pays on any date a grant awarded before awards were dated (v2: its date is its recording)', () => {
      const undated =
        awarded.type === 'GrantAwarded'
          ? { ...awarded, data: { ...awarded.data, awardedAt: null } }
          : awarded;
      given(grantsDecider, [...budgets, undated, ...requestedAndApprovedUndated])
        .when(payOn('2026-02-08T09:00:00.000Z', lateReason), { actor: payer })
        .then([paidOn('2026-02-08T09:00:00.000Z', { reason: lateReason })]);
    });

    it('refuses a transfer dated before the program began', () => {
      given(grantsDecider, before)
        .when(payOn('2021-12-31T23:59:59.999Z', lateReason), { actor: payer })
        .thenRefuses('FACT_DATE_BEFORE_PROGRAM', 'invalid');
    });
  });

  describe('a payment record corrected (ADR 0082)', () => {
    const fixReason = { fr: 'Référence du virement inversée à la saisie', ar: 'مرجع التحويل أدخل معكوسا' };
    const correctPayment = (fields: { paymentReference?: string; paidAt?: string }): GrantsCommand => ({
      type: 'CorrectTranchePayment',
      data: { rolloutId, grantId: 'id-1', trancheNumber: 1, reason: fixReason, ...fields },
    });

    it('corrects the reference and the date of a paid tranche, with the reason and what it replaces', () => {
      given(grantsDecider, [...budgets, awardedInJanuary, ...requestedAndApprovedInJanuary, paid(1)])
        .when(correctPayment({ paymentReference: 'TRF-1-bis', paidAt: '2026-02-27T10:00:00.000Z' }), {
          actor: payer,
        })
        .then([
          {
            type: 'TranchePaymentCorrected',
            data: {
              ...trancheRef(1),
              paymentReference: 'TRF-1-bis',
              paidAt: '2026-02-27T10:00:00.000Z',
              previous: { paymentReference: 'TRF-1', paidAt: '2026-03-01T09:00:00.000Z' },
              reason: fixReason,
            },
          },
        ]);
    });

    it('refuses a tranche that is not paid', () => {
      given(grantsDecider, [...budgets, awarded, requested(1), approved(1)])
        .when(correctPayment({ paymentReference: 'TRF-1-bis' }), { actor: payer })
        .thenRefuses('TRANCHE_NOT_PAID', 'conflict');
    });

    it('refuses a correction that changes nothing', () => {
      given(grantsDecider, trancheOnePaid)
        .when(correctPayment({ paymentReference: 'TRF-1' }), { actor: payer })
        .thenRefuses('PAYMENT_UNCHANGED', 'conflict');
    });

    it('refuses a date in the future', () => {
      given(grantsDecider, trancheOnePaid)
        .when(correctPayment({ paidAt: '2026-03-01T09:00:00.001Z' }), { actor: payer })
        .thenRefuses('FACT_DATE_IN_FUTURE', 'invalid');
    });

    it('refuses a date before the grant was awarded (ADR 0151)', () => {
      given(grantsDecider, [...budgets, awardedInJanuary, ...requestedAndApprovedUndated, paid(1)])
        .when(correctPayment({ paidAt: '2026-01-11T09:00:00.000Z' }), { actor: payer })
        .thenRefuses('PAID_BEFORE_AWARD', 'invalid');
    });

    it('refuses anyone but a finance payer', () => {
      given(grantsDecider, trancheOnePaid)
        .when(correctPayment({ paymentReference: 'TRF-1-bis' }), { actor: approver })
        .thenRefuses('FINANCE_ROLE_REQUIRED', 'forbidden');
    });
  });

  it('marks the grant fully paid with its last tranche', () => {
    const beforeLast = [...trancheOnePaid, requested(2), approved(2), paid(2), requested(3), approved(3)];
    given(grantsDecider, beforeLast)
      .when(pay(3), { actor: payer })
      .then([paid(3)]);
  });

  it('refuses to pay a grant under a convention that is not in force', () => {
    given(grantsDecider, [...budgets, awarded, requested(1), approved(1)])
      .when(pay(1, false), { actor: payer })
      .thenRefuses('CONVENTION_NOT_IN_FORCE', 'conflict');
  });

  it('pays a grant awarded by decision without any convention', () => {
    const decisionRef = {
      rolloutId,
      grantId: 'grant-small',
      associationId: 'association-taza-3',
      trancheNumber: 1,
    };
    const history: GrantsEvent[] = [
      ...budgets,
      smallAwarded,
      {
        type: 'TrancheRequested',
        data: {
          ...decisionRef,
          amount: 3_000_000,
          evidence: [],
          preparerId: preparer.id,
          requestedAt: NOW,
          lateEntry: null,
        },
      },
      {
        type: 'TrancheApproved',
        data: {
          ...decisionRef,
          amount: 3_000_000,
          approverId: approver.id,
          approvedAt: NOW,
          lateEntry: null,
        },
      },
    ];
    const [event] = given(grantsDecider, history)
      .when(
        {
          type: 'PayTranche',
          data: { rolloutId, grantId: 'grant-small', trancheNumber: 1, paymentReference: 'TRF-9' },
          facts: { conventionInForce: false },
        },
        { actor: payer },
      )
      .events();
    expect(event?.type === 'TranchePaid' && event.data.grantFullyPaid).toBe(true);
  });

  it('refuses a payment by the person who approved, or who requested, the tranche', () => {
    given(grantsDecider, [...budgets, awarded, requested(1), approved(1)])
      .when(pay(1), { actor: { id: approver.id, role: 'finance-payer' } })
      .thenRefuses('FINANCE_STEPS_BY_SAME_PERSON', 'forbidden');
    given(grantsDecider, [...budgets, awarded, requested(1), approved(1)])
      .when(pay(1), { actor: { id: preparer.id, role: 'finance-payer' } })
      .thenRefuses('FINANCE_STEPS_BY_SAME_PERSON', 'forbidden');
  });

  it('refuses a payment by someone who is not a finance payer', () => {
    given(grantsDecider, [...budgets, awarded, requested(1), approved(1)])
      .when(pay(1), { actor: approver })
      .thenRefuses('FINANCE_ROLE_REQUIRED', 'forbidden');
  });

  it('refuses to pay a tranche that is not approved', () => {
    given(grantsDecider, [...budgets, awarded, requested(1)])
      .when(pay(1), { actor: payer })
      .thenRefuses('TRANCHE_NOT_APPROVED', 'conflict');
  });

  it('pays a tranche once', () => {
    given(grantsDecider, trancheOnePaid)
      .when(pay(1), { actor: payer })
      .thenRefuses('TRANCHE_ALREADY_PAID', 'conflict');
    given(grantsDecider, trancheOnePaid)
      .when(approve(1), { actor: approver })
      .thenRefuses('TRANCHE_ALREADY_PAID', 'conflict');
    given(grantsDecider, trancheOnePaid)
      .when(request(1), { actor: preparer })
      .thenRefuses('TRANCHE_ALREADY_PAID', 'conflict');
  });
});

describe('grants: a tranche request may be rejected with a reason', () => {
  it('lets a finance approver reject a request', () => {
    given(grantsDecider, [...budgets, awarded, requested(1)])
      .when(reject(1), { actor: approver })
      .then([rejected(1)]);
  });

  it('refuses a rejection by the person who requested, or by someone who is not an approver', () => {
    given(grantsDecider, [...budgets, awarded, requested(1)])
      .when(reject(1), { actor: { id: preparer.id, role: 'finance-approver' } })
      .thenRefuses('FINANCE_STEPS_BY_SAME_PERSON', 'forbidden');
    given(grantsDecider, [...budgets, awarded, requested(1)])
      .when(reject(1), { actor: preparer })
      .thenRefuses('FINANCE_ROLE_REQUIRED', 'forbidden');
  });

  it('refuses to reject a tranche that is not requested', () => {
    given(grantsDecider, [...budgets, awarded])
      .when(reject(1), { actor: approver })
      .thenRefuses('TRANCHE_NOT_REQUESTED', 'conflict');
  });

  it('lets the tranche be requested again after a rejection', () => {
    given(grantsDecider, [...budgets, awarded, requested(1), rejected(1)])
      .when(request(1), { actor: preparer })
      .then([requested(1)]);
  });

  it('keeps the person who rejected a request out of the other steps of that tranche', () => {
    given(grantsDecider, [...budgets, awarded, requested(1), rejected(1)])
      .when(request(1), { actor: { id: approver.id, role: 'finance-preparer' } })
      .thenRefuses('FINANCE_STEPS_BY_SAME_PERSON', 'forbidden');
    given(grantsDecider, [
      ...budgets,
      awarded,
      requested(1),
      rejected(1),
      requested(1, 'finance-officer-7'),
      approved(1, 'finance-officer-8'),
    ])
      .when(pay(1), { actor: { id: approver.id, role: 'finance-payer' } })
      .thenRefuses('FINANCE_STEPS_BY_SAME_PERSON', 'forbidden');
  });
});

describe('grants: pure queries', () => {
  it('keeps the ledger per co-funder: committed, awarded, paid and remaining', () => {
    const state = fold(grantsDecider, [...trancheOnePaid, smallAwarded]);
    expect(coFunderLedger(state)).toEqual([
      {
        coFunderId: 'ministry',
        name: ministry,
        committed: 10_000_000,
        awarded: 8_000_000,
        paid: 2_000_000,
        paidOut: 2_000_000,
        refunded: 0,
        remaining: 2_000_000,
      },
      {
        coFunderId: 'region-fm',
        name: region,
        committed: 6_000_000,
        awarded: 3_000_000,
        paid: 1_200_000,
        paidOut: 1_200_000,
        refunded: 0,
        remaining: 3_000_000,
      },
    ]);
    expect(ledgerTotals(state)).toEqual({
      committed: 16_000_000,
      awarded: 11_000_000,
      paid: 3_200_000,
      paidOut: 3_200_000,
      refunded: 0,
      remaining: 5_000_000,
    });
    expect(remainingBudget(state, 'region-fm')).toBe(3_000_000);
    expect(remainingBudget(state, 'constructor')).toBe(0);
  });

  it('finds grants, what is paid of them, and the convention a payment depends on', () => {
    const state = fold(grantsDecider, [...trancheOnePaid, smallAwarded]);
    expect(grantsInOrder(state).map((grant) => grant.grantId)).toEqual(['id-1', 'grant-small']);
    const grant = grantOfAssociation(state, 'association-sefrou-12');
    expect(grant && paidOfGrant(grant)).toBe(3_200_000);
    expect(grantOfAssociation(state, 'association-unknown')).toBeUndefined();
    expect(conventionAgreementOf(state, 'id-1')).toBe('convention-sefrou-12');
    expect(conventionAgreementOf(state, 'grant-small')).toBeNull();
    expect(grantsStreamId(rolloutId)).toBe('grants-rollout-fm-2025');
    expect(initialState().rolloutId).toBeNull();
  });

  it('splits tranches among co-funders to the centime', () => {
    const funding = [
      { coFunderId: 'a', amount: 1 },
      { coFunderId: 'b', amount: 2 },
    ];
    const splits = splitTranchesAmongCoFunders(funding, [1, 1, 1]);
    expect(splits.map((split) => split.reduce((total, share) => total + share.amount, 0))).toEqual([1, 1, 1]);
    const perCoFunder = (id: string) =>
      splits
        .flat()
        .filter((share) => share.coFunderId === id)
        .reduce((total, share) => total + share.amount, 0);
    expect([perCoFunder('a'), perCoFunder('b')]).toEqual([1, 2]);
  });
});

describe('grants: the money of a past edition in its order (ADR 0153)', () => {
  const reason = { fr: 'Édition 2023 saisie depuis ses dossiers', ar: 'دورة 2023 أدخلت من ملفاتها' };
  const late = { reason };
  const minister: Actor = { id: 'user-ministry-1', role: 'ministry' };
  const awardedOn12February: GrantsEvent =
    awarded.type === 'GrantAwarded'
      ? { ...awarded, data: { ...awarded.data, awardedAt: '2024-02-12T09:00:00.000Z', lateEntry: late } }
      : awarded;
  const requestOn = (requestedAt: string, trancheNumber = 1): GrantsCommand => ({
    ...request(trancheNumber),
    data: { ...request(trancheNumber).data, requestedAt, lateEntryReason: reason },
  });
  const approveOn = (approvedAt: string): GrantsCommand => ({
    ...approve(1),
    data: { ...approve(1).data, approvedAt, lateEntryReason: reason },
  });
  const payOn = (paidAt: string): GrantsCommand => ({
    ...pay(1),
    data: { ...pay(1).data, paidAt, lateEntryReason: reason },
  });

  it('records a commitment on its true date, keyed in late by the ministry with the reason', () => {
    given(grantsDecider, [])
      .when(
        {
          type: 'CommitCoFunderBudget',
          data: {
            rolloutId,
            coFunderId: 'ministry',
            name: ministry,
            amount: 10_000_000,
            committedAt: '2024-01-30T09:00:00.000Z',
            lateEntryReason: reason,
          },
        },
        { actor: minister },
      )
      .then([
        {
          ...ministryCommitted,
          data: { ...ministryCommitted.data, committedAt: '2024-01-30T09:00:00.000Z', lateEntry: late },
        } as GrantsEvent,
      ]);
  });

  it('refuses an award dated before a co-funder of it first committed budget, naming awardedAt', () => {
    // The region committed on 1 March 2026.
    given(grantsDecider, [
      budgets[0] as GrantsEvent,
      budgetCommitted(rolloutId, 'region-fm', region, 6_000_000, '2026-03-01T09:00:00.000Z'),
    ])
      .when(award({ awardedAt: '2024-02-12T09:00:00.000Z', lateEntryReason: reason }))
      .thenRefuses('AWARDED_BEFORE_BUDGET_COMMITTED', 'invalid');
  });

  it('records a request, an approval and a payment each on its true date, in their order', () => {
    given(grantsDecider, [...budgets, awardedOn12February])
      .when(requestOn('2024-04-22T09:00:00.000Z'), { actor: preparer })
      .then([
        {
          type: 'TrancheRequested',
          data: {
            ...trancheRef(1),
            amount: 3_200_000,
            evidence: [],
            preparerId: preparer.id,
            requestedAt: '2024-04-22T09:00:00.000Z',
            lateEntry: late,
          },
        },
      ]);
    const requestedOn22April = requested(1, preparer.id, '2024-04-22T09:00:00.000Z');
    given(grantsDecider, [...budgets, awardedOn12February, requestedOn22April])
      .when(approveOn('2024-05-06T09:00:00.000Z'), { actor: approver })
      .then([
        {
          type: 'TrancheApproved',
          data: {
            ...trancheRef(1),
            amount: 3_200_000,
            approverId: approver.id,
            approvedAt: '2024-05-06T09:00:00.000Z',
            lateEntry: late,
          },
        },
      ]);
  });

  it('refuses a request dated before its grant was awarded, naming requestedAt', () => {
    given(grantsDecider, [...budgets, awardedOn12February])
      .when(requestOn('2024-02-11T09:00:00.000Z'), { actor: preparer })
      .thenRefuses('REQUESTED_BEFORE_AWARD', 'invalid');
  });

  it('refuses a request of the next tranche dated before the previous one was paid', () => {
    const paidOn15May: GrantsEvent = (() => {
      const event = paid(1);
      return event.type === 'TranchePaid'
        ? { ...event, data: { ...event.data, paidAt: '2024-05-15T10:00:00.000Z', lateEntry: late } }
        : event;
    })();
    const history = [
      ...budgets,
      awardedOn12February,
      requested(1, preparer.id, '2024-04-22T09:00:00.000Z'),
      approved(1, approver.id, '2024-05-06T09:00:00.000Z'),
      paidOn15May,
    ];
    const second = (requestedAt: string): GrantsCommand => ({
      type: 'RequestTranche',
      data: {
        ...ref,
        trancheNumber: 2,
        evidence: [
          { evidence: 'attendance-report', documentId: 'doc-1' },
          { evidence: 'interim-report', documentId: 'doc-2' },
        ],
        requestedAt,
        lateEntryReason: reason,
      },
    });
    given(grantsDecider, history)
      .when(second('2024-05-14T09:00:00.000Z'), { actor: preparer })
      .thenRefuses('REQUESTED_BEFORE_PREVIOUS_PAYMENT', 'invalid');
    expect(
      given(grantsDecider, history)
        .when(second('2024-05-15T10:00:00.000Z'), { actor: preparer })
        .events()
        .map((event) => event.type),
    ).toEqual(['TrancheRequested']);
  });

  it('refuses an approval dated before its request, and a payment before its approval', () => {
    const requestedOn22April = requested(1, preparer.id, '2024-04-22T09:00:00.000Z');
    given(grantsDecider, [...budgets, awardedOn12February, requestedOn22April])
      .when(approveOn('2024-04-21T09:00:00.000Z'), { actor: approver })
      .thenRefuses('APPROVED_BEFORE_REQUEST', 'invalid');
    given(grantsDecider, [
      ...budgets,
      awardedOn12February,
      requestedOn22April,
      approved(1, approver.id, '2024-05-06T09:00:00.000Z'),
    ])
      .when(payOn('2024-05-05T10:00:00.000Z'), { actor: payer })
      .thenRefuses('PAID_BEFORE_APPROVAL', 'invalid');
  });

  it('refuses a late request by the approver’s role, and a late approval without its reason', () => {
    given(grantsDecider, [...budgets, awardedOn12February])
      .when(requestOn('2024-04-22T09:00:00.000Z'), {
        actor: { id: 'finance-officer-2', role: 'finance-approver' },
      })
      .thenRefuses('FINANCE_ROLE_REQUIRED', 'forbidden');
    given(grantsDecider, [
      ...budgets,
      awardedOn12February,
      requested(1, preparer.id, '2024-04-22T09:00:00.000Z'),
    ])
      .when(
        { ...approve(1), data: { ...approve(1).data, approvedAt: '2024-05-06T09:00:00.000Z' } },
        { actor: approver },
      )
      .thenRefuses('LATE_ENTRY_REASON_REQUIRED', 'invalid');
  });
});

describe('grants: a rejection on its true date (ADR 0161)', () => {
  const reason = { fr: 'Édition 2023 saisie depuis ses dossiers', ar: 'دورة 2023 أدخلت من ملفاتها' };
  const late = { reason };
  const awardedOn12February = {
    ...awarded,
    data: { ...awarded.data, awardedAt: '2024-02-12T09:00:00.000Z', lateEntry: late },
  } as GrantsEvent;
  const requestedOn22April = requested(1, preparer.id, '2024-04-22T09:00:00.000Z');
  const rejectOn = (rejectedAt: string, withReason = true): GrantsCommand => ({
    ...reject(1),
    data: { ...reject(1).data, rejectedAt, ...(withReason ? { lateEntryReason: reason } : {}) },
  });
  const rejectedOn29April = rejected(1, approver.id, '2024-04-29T09:00:00.000Z');

  it('records a rejection on its true date, keyed in late by a finance approver with the reason', () => {
    given(grantsDecider, [...budgets, awardedOn12February, requestedOn22April])
      .when(rejectOn('2024-04-29T09:00:00.000Z'), { actor: approver })
      .then([
        {
          type: 'TrancheRejected',
          data: {
            ...trancheRef(1),
            reason: { fr: 'Rapport incomplet', ar: 'تقرير غير مكتمل' },
            approverId: 'finance-officer-2',
            rejectedAt: '2024-04-29T09:00:00.000Z',
            lateEntry: late,
          },
        },
      ]);
  });

  it('records an undated rejection at the moment it is keyed in', () => {
    given(grantsDecider, [...budgets, awarded, requested(1)])
      .when(reject(1), { actor: approver })
      .then([
        {
          type: 'TrancheRejected',
          data: {
            ...trancheRef(1),
            reason: { fr: 'Rapport incomplet', ar: 'تقرير غير مكتمل' },
            approverId: 'finance-officer-2',
            rejectedAt: '2026-03-01T09:00:00.000Z',
            lateEntry: null,
          },
        },
      ]);
  });

  it('refuses a rejection dated before the request it rejects, naming rejectedAt', () => {
    expect(() =>
      given(grantsDecider, [...budgets, awardedOn12February, requestedOn22April])
        .when(rejectOn('2024-04-21T09:00:00.000Z'), { actor: approver })
        .events(),
    ).toThrow(
      expect.objectContaining({
        kind: 'invalid',
        code: 'REJECTED_BEFORE_REQUEST',
        details: {
          field: 'rejectedAt',
          rejectedAt: '2024-04-21T09:00:00.000Z',
          restsOn: { fact: 'tranche request', date: '2024-04-22T09:00:00.000Z' },
        },
      }),
    );
  });

  it('accepts a rejection of the same day as its request, and any date for an undated (v1) request', () => {
    expect(
      given(grantsDecider, [...budgets, awardedOn12February, requestedOn22April])
        .when(rejectOn('2024-04-22T09:00:00.000Z'), { actor: approver })
        .events()
        .map((event) => event.type),
    ).toEqual(['TrancheRejected']);
    expect(
      given(grantsDecider, [...budgets, awardedOn12February, requested(1, preparer.id, null)])
        .when(rejectOn('2024-03-01T09:00:00.000Z'), { actor: approver })
        .events()
        .map((event) => event.type),
    ).toEqual(['TrancheRejected']);
  });

  it('refuses a late rejection without its reason, and one by a finance payer', () => {
    given(grantsDecider, [...budgets, awardedOn12February, requestedOn22April])
      .when(rejectOn('2024-04-29T09:00:00.000Z', false), { actor: approver })
      .thenRefuses('LATE_ENTRY_REASON_REQUIRED', 'invalid');
    given(grantsDecider, [...budgets, awardedOn12February, requestedOn22April])
      .when(rejectOn('2024-04-29T09:00:00.000Z'), { actor: payer })
      .thenRefuses('FINANCE_ROLE_REQUIRED', 'forbidden');
  });

  it('refuses a new request dated before the rejection of the previous one, naming requestedAt', () => {
    const history = [...budgets, awardedOn12February, requestedOn22April, rejectedOn29April];
    const requestAgainOn = (requestedAt: string): GrantsCommand => ({
      ...request(1),
      data: { ...request(1).data, requestedAt, lateEntryReason: reason },
    });
    expect(() =>
      given(grantsDecider, history)
        .when(requestAgainOn('2024-04-28T09:00:00.000Z'), {
          actor: { id: 'finance-officer-7', role: 'finance-preparer' },
        })
        .events(),
    ).toThrow(
      expect.objectContaining({
        code: 'REQUESTED_BEFORE_REJECTION',
        details: expect.objectContaining({
          field: 'requestedAt',
          restsOn: { fact: 'tranche rejection', date: '2024-04-29T09:00:00.000Z' },
        }),
      }),
    );
    expect(
      given(grantsDecider, history)
        .when(requestAgainOn('2024-05-02T09:00:00.000Z'), {
          actor: { id: 'finance-officer-7', role: 'finance-preparer' },
        })
        .events()
        .map((event) => event.type),
    ).toEqual(['TrancheRequested']);
  });
});

describe('grants: an award rests on the commitments that made its budget (ADR 0162)', () => {
  const reason = { fr: 'Édition 2023 saisie depuis ses dossiers', ar: 'دورة 2023 أدخلت من ملفاتها' };
  const committed = (amount: number, totalCommitted: number, committedAt: string | null): GrantsEvent => ({
    type: 'CoFunderBudgetCommitted',
    data: {
      rolloutId,
      coFunderId: 'ministry',
      name: ministry,
      amount,
      totalCommitted,
      committedAt,
      lateEntry: null,
    },
  });
  /** The ministry commits 40,000 MAD in December 2023, and tops it up by 60,000 MAD on 1 March 2024. */
  const ministryFirst = committed(4_000_000, 4_000_000, '2023-12-01T09:00:00.000Z');
  const ministryTopUp = committed(6_000_000, 10_000_000, '2024-03-01T09:00:00.000Z');
  const regionBudget = budgets[1] as GrantsEvent;
  /** The award of 50,000 MAD from the ministry (and 30,000 from the region), dated `awardedAt`. */
  const awardOn = (awardedAt: string) => award({ awardedAt, lateEntryReason: reason });
  const smallAwardedOn = (awardedAt: string) =>
    ({ ...smallAwarded, data: { ...smallAwarded.data, awardedAt } }) as GrantsEvent;

  it('refuses an award dated after the first commitment but before the top-up its share needs', () => {
    // ADR 0153's check (the first commitment, December 2023) let this award of 12 February 2024
    // take 50,000 MAD of a budget that was 40,000 MAD until 1 March 2024.
    expect(() =>
      given(grantsDecider, [ministryFirst, ministryTopUp, regionBudget])
        .when(awardOn('2024-02-12T09:00:00.000Z'))
        .events(),
    ).toThrow(
      expect.objectContaining({
        kind: 'invalid',
        code: 'AWARDED_BEFORE_BUDGET_COMMITTED',
        details: {
          field: 'awardedAt',
          awardedAt: '2024-02-12T09:00:00.000Z',
          restsOn: { fact: 'co-funder commitment', date: '2024-03-01T09:00:00.000Z' },
        },
      }),
    );
  });

  it('awards it once the top-up is committed, and before it when the first commitment suffices', () => {
    expect(
      given(grantsDecider, [ministryFirst, ministryTopUp, regionBudget])
        .when(awardOn('2024-03-01T09:00:00.000Z'))
        .events()
        .map((event) => event.type),
    ).toEqual(['GrantAwarded']);
    const ministryFirstOf60 = committed(6_000_000, 6_000_000, '2023-12-01T09:00:00.000Z');
    const ministryTopUpOf40 = committed(4_000_000, 10_000_000, '2024-03-01T09:00:00.000Z');
    expect(
      given(grantsDecider, [ministryFirstOf60, ministryTopUpOf40, regionBudget])
        .when(awardOn('2024-02-12T09:00:00.000Z'))
        .events()
        .map((event) => event.type),
    ).toEqual(['GrantAwarded']);
  });

  it('counts what the co-funder had awarded by then: the grants dated before, not those dated after', () => {
    const ministryFirstOf60 = committed(6_000_000, 6_000_000, '2023-12-01T09:00:00.000Z');
    const ministryTopUpOf40 = committed(4_000_000, 10_000_000, '2024-03-01T09:00:00.000Z');
    const history = [ministryFirstOf60, ministryTopUpOf40, regionBudget];
    // 30,000 MAD awarded on 15 January 2024: with this award's 50,000, more than the 60,000 of December.
    given(grantsDecider, [...history, smallAwardedOn('2024-01-15T09:00:00.000Z')])
      .when(awardOn('2024-02-12T09:00:00.000Z'))
      .thenRefuses('AWARDED_BEFORE_BUDGET_COMMITTED', 'invalid');
    // The same 30,000 MAD awarded on 1 April 2024 (keyed in first): the budget of February sufficed.
    expect(
      given(grantsDecider, [...history, smallAwardedOn('2024-04-01T09:00:00.000Z')])
        .when(awardOn('2024-02-12T09:00:00.000Z'))
        .events()
        .map((event) => event.type),
    ).toEqual(['GrantAwarded']);
  });

  it('checks nothing against an undated (v1) commitment: it may be as early as any', () => {
    expect(
      given(grantsDecider, [ministryFirst, committed(6_000_000, 10_000_000, null), regionBudget])
        .when(awardOn('2024-02-12T09:00:00.000Z'))
        .events()
        .map((event) => event.type),
    ).toEqual(['GrantAwarded']);
  });
});
