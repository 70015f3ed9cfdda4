import type { RolloutPhase } from '../../events/rollout/schemas.js';
import {
  OPERATOR_CALL_ELIGIBILITY_RULES,
  operatorCallScoringGrid,
} from '../../functions/domain/committee/fes-meknes-seed.js';
import { phaseIndex } from '../../functions/domain/rollout/rollout.js';
import { DemoClient } from './client.js';
import { regionPlan } from './scenario.js';
import { type MintToken, mintRegionTokens } from './tokens.js';

// A past edition entered from its files (docs/adr/0135-a-past-edition-with-its-true-dates.md): the
// 2023 Fès-Meknès rollout, small (three associations, one member each, one trainer), keyed in
// through the HTTP API by the ministry, the region's coordinator, the committee, the operator and
// the finance officers, each fact with its true 2023 or 2024 date and the reason it is entered late.
// The workflow follows it: the appeal window has passed, so its wait ends at once; the call, whose
// deadline has passed too, is closed by the ministry once its files are keyed in; the rollout closes
// once its grants are paid.

/** Why every fact of the edition is keyed in now: it is entered from its archived files. */
export const PAST_EDITION_REASON = {
  fr: 'Édition 2023 saisie depuis ses dossiers archivés',
  ar: 'دورة 2023 أدخلت من ملفاتها المؤرشفة',
} as const;

/** The true dates of the 2023 edition, as its files say. */
export const PAST_EDITION_DATES = {
  launchedAt: '2023-01-16T09:00:00.000Z',
  regionalAgreementSignedAt: '2023-02-10T11:00:00.000Z',
  callOpenedAt: '2023-03-01T09:00:00.000Z',
  callDeadline: '2023-03-31T17:00:00.000Z',
  filesReceivedAt: '2023-03-20T10:00:00.000Z',
  /** The call closed at its deadline; its committee appointed, its files scored and ranked (ADR 0159). */
  callClosedAt: '2023-03-31T17:00:00.000Z',
  committeeAppointedAt: '2023-04-03T09:00:00.000Z',
  scoredAt: '2023-04-10T10:00:00.000Z',
  rankedAt: '2023-04-12T15:00:00.000Z',
  publishedAt: '2023-04-20T09:00:00.000Z',
  appealWindowEndsAt: '2023-05-05T17:00:00.000Z',
  partnerAgreementSignedAt: '2023-05-15T11:00:00.000Z',
  /** The three associations enrolled, after the partner agreement (ADR 0154). */
  enrolledAt: '2023-06-05T09:00:00.000Z',
  /** Their members nominated, and the enrolment closed (ADR 0161). */
  nominatedAt: '2023-06-12T09:00:00.000Z',
  enrolmentClosedAt: '2023-06-30T15:00:00.000Z',
  /** Module k's session (and its completions) is held on the k-th of these days. */
  sessionDays: [
    '2023-10-02',
    '2023-10-16',
    '2023-10-30',
    '2023-11-13',
    '2023-11-27',
    '2023-12-11',
    '2024-01-08',
    '2024-01-22',
  ],
  /** The trainee selected, after the last completions of axis 1 (ADR 0161). */
  traineesSelectedAt: '2024-01-25T09:00:00.000Z',
  /** Trainer module k (T1, T2, T3) is completed on the k-th of these days (ADR 0152). */
  trainerModuleDays: ['2024-01-29', '2024-02-02', '2024-02-07'],
  /** The region's hub, the day after its trainer's certification. */
  hubEstablishedAt: '2024-02-08T10:00:00.000Z',
  /** The co-funders' commitments, before the awards they fund (ADR 0153). */
  committedAt: '2024-01-30T09:00:00.000Z',
  /** The ministry's grant decisions, after the last completions of January 2024 (ADR 0137). */
  awardedAt: '2024-02-12T09:00:00.000Z',
  /** Each grant's one tranche: requested, approved, then paid (ADR 0153). */
  requestedAt: '2024-04-22T09:00:00.000Z',
  /** The first grant's first request, rejected for a missing bank certificate (ADR 0161). */
  firstRequestedAt: '2024-04-15T09:00:00.000Z',
  rejectedAt: '2024-04-19T09:00:00.000Z',
  approvedAt: '2024-05-06T09:00:00.000Z',
  paidAt: '2024-05-15T10:00:00.000Z',
} as const;

const MODULES = ['M1', 'M2', 'M3', 'M4', 'M5', 'M6', 'M7', 'M8'] as const;
const TRAINER_MODULES = ['T1', 'T2', 'T3'] as const;
const ASSOCIATIONS = 3;

/** What `playPastEdition` needs: the server, a minter of its dev tokens, and where to say what happens. */
export interface PastEditionOptions {
  readonly url: string;
  readonly mint: MintToken;
  readonly log?: (line: string) => void;
  /** How long to wait for the workflow to move the rollout into a phase (ms). */
  readonly phaseWaitMs?: number;
}

/** The edition entered: its rollout, operator call, beneficiaries and the one member of each. */
export interface PastEdition {
  readonly rolloutId: string;
  readonly callId: string;
  readonly beneficiaries: readonly { readonly associationId: string; readonly memberId: string }[];
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Plays the 2023 Fès-Meknès edition from its launch to its close, with its true dates. */
export const playPastEdition = async (options: PastEditionOptions): Promise<PastEdition> => {
  const log = options.log ?? (() => undefined);
  const plan = regionPlan('FM', ASSOCIATIONS, '2023');
  const tokens = await mintRegionTokens(options.mint, plan);
  const client = new DemoClient({ url: options.url, runKey: 'demo-2023-past-edition' });
  const { rolloutId, operatorCallId: callId, cast } = plan;
  const late = { lateEntryReason: PAST_EDITION_REASON };
  const D = PAST_EDITION_DATES;
  const beneficiaries = plan.beneficiaries.map((beneficiary) => ({
    associationId: beneficiary.associationId,
    name: beneficiary.name,
    province: beneficiary.province,
    memberId: (beneficiary.members[0] as { memberId: string }).memberId,
  }));
  const send = (step: string, method: 'POST' | 'PUT', path: string, token: string, body?: unknown) =>
    client.command(`${rolloutId}:${step}`, method, path, token, body);
  const awaitPhase = async (phase: RolloutPhase): Promise<void> => {
    const deadline = Date.now() + (options.phaseWaitMs ?? 60_000);
    for (;;) {
      const rollout = await client.read(`/rollouts/${rolloutId}`, tokens.reader);
      if (rollout?.escalation !== null && rollout?.escalation !== undefined) {
        throw new Error(`${rolloutId} escalated: ${JSON.stringify(rollout.escalation)}`);
      }
      if (
        rollout !== undefined &&
        (rollout.status === 'closed' || phaseIndex(rollout.phase) >= phaseIndex(phase))
      )
        return;
      if (Date.now() > deadline) throw new Error(`${rolloutId} did not reach ${phase}: ${rollout?.phase}`);
      await sleep(100);
    }
  };
  /** Drafts a rollout's agreement (its parties, one signer each) and records each signature at `at`. */
  const agreement = async (
    kind: 'regional-partnership' | 'partner',
    drafter: string,
    title: { fr: string; ar: string },
    parties: readonly (readonly [string, string, string, string, string])[],
    at: string,
  ) => {
    const agreementId = `${rolloutId}-${kind}`;
    await send(`${kind}:draft`, 'POST', `/rollouts/${rolloutId}/agreements`, drafter, {
      kind,
      title,
      parties: parties.map(([partyId, role]) => ({ partyId, role })),
    });
    for (const [, role, token, office, signerTitle] of parties) {
      await send(`${kind}:sign:${role}`, 'POST', `/agreements/${agreementId}/signatures`, token, {
        capacity: { office, title: { fr: signerTitle, ar: signerTitle } },
        signedAt: at,
        ...late,
      });
    }
  };
  const DELEGATE = 'Directeur de l’économie sociale';

  // 1. The launch, on 16 January 2023.
  await send('launch', 'POST', '/rollouts', tokens.ministry, {
    regionCode: 'FM',
    edition: '2023',
    targets: { associations: ASSOCIATIONS, membersPerAssociation: 1, trainers: 1, horizon: 600 },
    launchedAt: D.launchedAt,
    ...late,
  });
  log(`${rolloutId}: launched on ${D.launchedAt}`);

  // 2. The regional partnership agreement, signed by its three parties in February 2023.
  await awaitPhase('regional-agreement');
  await agreement(
    'regional-partnership',
    tokens.coordinator,
    { fr: 'Convention de partenariat Fès-Meknès 2023', ar: 'اتفاقية شراكة فاس-مكناس 2023' },
    [
      [cast.ministry, 'ministry', tokens.ministry, 'ministry-delegate', DELEGATE],
      [cast.wali, 'wali', tokens.wali, 'wali', 'Wali de la région Fès-Meknès'],
      [
        cast.council,
        'regional-council',
        tokens.council,
        'council-vice-president',
        'Vice-président du Conseil de la région Fès-Meknès',
      ],
    ],
    D.regionalAgreementSignedAt,
  );

  // 3. The operator call, opened on 1 March 2023 with its deadline of 31 March; three files.
  await awaitPhase('call-for-interest');
  await send('call:open', 'POST', `/rollouts/${rolloutId}/calls`, tokens.ministry, {
    purpose: 'regional-operator',
    title: { fr: 'Appel 2023 : association partenaire', ar: 'طلب 2023: الجمعية الشريكة' },
    deadline: D.callDeadline,
    eligibilityRules: OPERATOR_CALL_ELIGIBILITY_RULES.filter((rule) => rule.requirement.kind === 'declared'),
    openedAt: D.callOpenedAt,
    ...late,
  });
  for (const applicant of plan.applicants.slice(0, 3)) {
    await send(
      `call:apply:${applicant.associationId}`,
      'POST',
      `/calls/${callId}/applications`,
      tokens.coordinator,
      {
        associationId: applicant.associationId,
        associationName: applicant.name,
        province: applicant.province,
        declaredFacts: { 'final-receipt': true, 'accounts-filed': true },
        receivedAt: D.filesReceivedAt,
        ...late,
      },
    );
  }
  // Its deadline passed long ago: the workflow waits for the ministry to close it once every file
  // of the archive is keyed in (the clock would have closed it before the first), on its deadline.
  await send('call:close', 'POST', `/calls/${callId}/closure`, tokens.ministry, {
    closedAt: D.callClosedAt,
    ...late,
  });
  log(`${callId}: opened on ${D.callOpenedAt}, its files received by ${D.callDeadline}, closed`);

  // 4. The committee, appointed on 3 April 2023, scores on the 10th, ranks on the 12th and selects;
  // the selection was published on 20 April 2023.
  await awaitPhase('committee-selection');
  const members = cast.committee.slice(0, 3);
  const grid = operatorCallScoringGrid(plan.regionName);
  await send('committee:appoint', 'PUT', `/calls/${callId}/committee`, tokens.ministry, {
    memberIds: members,
    chairId: members[0],
    quorum: members.length,
    scoringGrid: grid,
    appointedAt: D.committeeAppointedAt,
    ...late,
  });
  const call = await client.read(`/calls/${callId}`, tokens.ministry);
  for (const memberId of members) {
    for (const [index, file] of (call.applications as { applicationId: string }[]).entries()) {
      await send(
        `committee:score:${memberId}:${file.applicationId}`,
        'POST',
        `/calls/${callId}/committee/scores`,
        tokens.committee[memberId] as string,
        {
          applicationId: file.applicationId,
          scores: grid.map(({ criterionId }) => ({ criterionId, score: 18 - index })),
          scoredAt: D.scoredAt,
          ...late,
        },
      );
    }
  }
  const chair = tokens.committee[members[0] as string] as string;
  await send('committee:rank', 'POST', `/calls/${callId}/committee/ranking`, chair, {
    rankedAt: D.rankedAt,
    ...late,
  });
  await send('committee:select', 'POST', `/calls/${callId}/committee/selection`, chair);
  await send('committee:publish', 'POST', `/calls/${callId}/committee/publication`, tokens.ministry, {
    appealWindowEndsAt: D.appealWindowEndsAt,
    minutes: { fr: `pv-${callId}-fr`, ar: `pv-${callId}-ar` },
    publishedAt: D.publishedAt,
    ...late,
  });

  // 5. The partner agreement with the operator, signed in May 2023.
  await awaitPhase('partner-agreement');
  await agreement(
    'partner',
    tokens.ministry,
    { fr: 'Convention avec l’opérateur 2023', ar: 'اتفاقية مع الجمعية الشريكة 2023' },
    [
      [cast.ministry, 'ministry', tokens.ministry, 'ministry-delegate', DELEGATE],
      [cast.partner, 'operator', tokens.partner, 'vice-president', 'Vice-président de l’AMSED'],
    ],
    D.partnerAgreementSignedAt,
  );

  // 6. The enrolment of the three associations (5 June 2023) and their member.
  await awaitPhase('enrolment');
  for (const beneficiary of beneficiaries) {
    const { associationId, name, province, memberId } = beneficiary;
    await send(`enrol:${associationId}`, 'POST', `/rollouts/${rolloutId}/beneficiaries`, tokens.coordinator, {
      associationId,
      name,
      province,
      enrolledAt: D.enrolledAt,
      ...late,
    });
    await send(
      `nominate:${memberId}`,
      'POST',
      `/rollouts/${rolloutId}/beneficiaries/${associationId}/members`,
      tokens.coordinator,
      { memberId, trainingTopic: 'M1', nominatedAt: D.nominatedAt, ...late },
    );
  }
  await send('enrolment:close', 'POST', `/rollouts/${rolloutId}/enrolment/closure`, tokens.coordinator, {
    closedAt: D.enrolmentClosedAt,
    ...late,
  });

  // 7. Axis 1, from October 2023 to January 2024: the coordinator keys in each session and each
  // completion from the signed sheets; the operator's attendance sheets carry no date of their own.
  await awaitPhase('axis-1-training');
  const seat = beneficiaries[0]?.province ?? 'Fès';
  for (const [index, module] of MODULES.entries()) {
    const sessionId = `session-FM-2023-${module}`;
    const date = D.sessionDays[index] as string;
    await send(`session:${module}`, 'POST', `/rollouts/${rolloutId}/sessions`, tokens.coordinator, {
      sessionId,
      module,
      date,
      province: seat,
      ...late,
    });
    for (const { associationId, memberId } of beneficiaries) {
      const path = `/rollouts/${rolloutId}/beneficiaries/${associationId}`;
      await send(`attendance:${associationId}:${module}`, 'POST', `${path}/attendance`, tokens.partner, {
        sessionId,
        attendance: [{ memberId, attended: true }],
      });
      await send(`completion:${memberId}:${module}`, 'POST', `${path}/completions`, tokens.coordinator, {
        memberId,
        module,
        evaluationScore: 85,
        completedOn: date,
        ...late,
      });
    }
  }

  // 8. Axis 2: one trainee, selected on 25 January 2024, certified by the three trainer modules (January and February 2024, keyed
  // in by the coordinator from the signed sheets); the region's hub, established on 8 February 2024.
  await awaitPhase('axis-2-trainers-and-hub');
  await send('trainees:select', 'POST', `/rollouts/${rolloutId}/trainees`, tokens.coordinator, {
    minimumAttendanceRatePercent: 75,
    minimumEvaluationScore: 80,
    selectedAt: D.traineesSelectedAt,
    ...late,
  });
  const training = await client.read(`/rollouts/${rolloutId}/training`, tokens.coordinator);
  for (const trainee of training.trainees as { memberId: string }[]) {
    for (const [index, module] of TRAINER_MODULES.entries()) {
      await send(
        `trainer-module:${trainee.memberId}:${module}`,
        'POST',
        `/rollouts/${rolloutId}/trainees/${trainee.memberId}/trainer-modules`,
        tokens.coordinator,
        { module, completedOn: D.trainerModuleDays[index], ...late },
      );
    }
  }
  await send('hub', 'PUT', `/rollouts/${rolloutId}/hub`, tokens.coordinator, {
    name: { fr: 'Pôle de compétences Fès-Meknès', ar: 'قطب الكفاءات فاس-مكناس' },
    establishedAt: D.hubEstablishedAt,
    ...late,
  });

  // 9. Axis 3: the co-funders commit on 30 January 2024; a grant per association, awarded on 12
  // February 2024, its one tranche requested on 22 April, approved on 6 May and paid on 15 May 2024
  // (the first grant's, first requested on 15 April, was rejected on 19 April).
  await awaitPhase('axis-3-grants');
  for (const coFunder of plan.coFunders) {
    await send(
      `budget:${coFunder.coFunderId}`,
      'POST',
      `/rollouts/${rolloutId}/co-funders/${coFunder.coFunderId}/commitments`,
      tokens.ministry,
      { name: coFunder.name, amount: coFunder.amount, committedAt: D.committedAt, ...late },
    );
  }
  for (const grant of plan.grants) {
    await send(`grant:${grant.associationId}`, 'POST', `/rollouts/${rolloutId}/grants`, tokens.ministry, {
      associationId: grant.associationId,
      amount: grant.amount,
      purpose: { fr: 'Renforcer la gouvernance de l’association', ar: 'تعزيز حكامة الجمعية' },
      deliverables: [
        {
          deliverable: 'action-plan',
          label: { fr: "Plan d'action triennal adopté", ar: 'مخطط عمل ثلاثي مصادق عليه' },
          dueBy: '2024-12-31',
        },
      ],
      funding: grant.funding,
      tranches: [{ amount: grant.amount, releaseConditions: [] }],
      awardedAt: D.awardedAt,
      ...late,
    });
  }
  const grants = await client.read(`/rollouts/${rolloutId}/grants`, tokens.ministry);
  for (const [index, grant] of (grants.grants as { grantId: string; associationId: string }[]).entries()) {
    const path = `/rollouts/${rolloutId}/grants/${grant.grantId}/tranches/1`;
    if (index === 0) {
      await send(`tranche:${grant.associationId}:first-request`, 'POST', `${path}/request`, tokens.preparer, {
        evidence: [],
        requestedAt: D.firstRequestedAt,
        ...late,
      });
      await send(`tranche:${grant.associationId}:reject`, 'POST', `${path}/rejection`, tokens.approver, {
        reason: { fr: 'Attestation bancaire manquante', ar: 'الشهادة البنكية غير مرفقة' },
        rejectedAt: D.rejectedAt,
        ...late,
      });
    }
    await send(`tranche:${grant.associationId}:request`, 'POST', `${path}/request`, tokens.preparer, {
      evidence: [],
      requestedAt: D.requestedAt,
      ...late,
    });
    await send(`tranche:${grant.associationId}:approve`, 'POST', `${path}/approval`, tokens.approver, {
      approvedAt: D.approvedAt,
      ...late,
    });
    await send(`tranche:${grant.associationId}:pay`, 'POST', `${path}/payment`, tokens.payer, {
      paymentReference: `pay-2023-${grant.associationId}`,
      paidAt: D.paidAt,
      ...late,
    });
  }

  // 10. The workflow closes the rollout.
  await awaitPhase('closed');
  log(`${rolloutId}: closed, every fact at its true date`);
  return {
    rolloutId,
    callId,
    beneficiaries: beneficiaries.map(({ associationId, memberId }) => ({ associationId, memberId })),
  };
};
