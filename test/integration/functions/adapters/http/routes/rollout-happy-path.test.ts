import { beforeAll, describe, expect } from 'vitest';
import {
  type ApiRequest,
  type ApiTestServer,
  apiTestServerForTheFile,
  partnerRecord,
  sendSignedWebhook,
  webhookSecret,
} from '../../../../../support/api-server.js';
import { grantPurpose } from '../../../../../support/grant-purpose.js';
import { operatorCallRequest, regionalAgreementRequest } from '../../../../../support/rollout-requests.js';
import { withSharedGiven } from '../../../../../support/shared-given.js';
import { signatureBody } from '../../../../../support/signer-capacity.js';

// A region's rollout by HTTP alone, over the real route table, the local server and dynalite; the
// operator's reports arrive through webhooks signed with `standardwebhooks`. Smaller than the
// program (2 associations × 2 members, 2 trainers) to stay fast; every step is the real one.

const ROLLOUT = 'rollout-FM-2026';
const CALL = 'FM-2026-operator';
const MODULES = ['M1', 'M2', 'M3', 'M4', 'M5', 'M6', 'M7', 'M8'] as const;
const BENEFICIARIES = [
  { associationId: 'assoc-sefrou-1', province: 'Sefrou', members: ['mem-s1', 'mem-s2'] },
  { associationId: 'assoc-taza-1', province: 'Taza', members: ['mem-t1', 'mem-t2'] },
];
const bilingual = (fr: string) => ({ fr, ar: `${fr} (ar)` });
const secret = webhookSecret('amsed-fm-2026-secret');

const api = apiTestServerForTheFile();
const tokens: Record<string, string> = {};

const expectOk = async (method: string, path: string, request: ApiRequest) => {
  const answer = await api.call(method, path, request);
  if (answer.status >= 300) throw new Error(`${method} ${path} → ${answer.status} ${answer.text}`);
  return answer;
};
const report = async (payload: unknown) => {
  const answer = await sendSignedWebhook(api, 'amsed', secret, payload);
  if (answer.status >= 300) throw new Error(`webhook → ${answer.status} ${answer.text}`);
  return answer;
};
const advance = (to: string, token = tokens.ministry) =>
  expectOk('POST', `/rollouts/${ROLLOUT}/phase-advances`, { token, body: { to } });

beforeAll(async () => {
  const mint = async (name: string, request: Parameters<ApiTestServer['token']>[0]) => {
    tokens[name] = await api.token(request);
  };
  await mint('ministry', { subject: 'minister-1', roles: ['ministry'] });
  await mint('coordinator', { subject: 'coord-fm', roles: ['coordinator'], regions: ['FM'] });
  // The Wali and the Regional Council sign for their region and operate nothing.
  await mint('wali', { subject: 'wali-fm', roles: ['signatory'], regions: ['FM'] });
  await mint('council', { subject: 'council-fm', roles: ['signatory'], regions: ['FM'] });
  await mint('partner', {
    subject: 'partner-amsed',
    roles: ['partner'],
    partner: { associationId: 'assoc-amsed', rolloutId: ROLLOUT },
  });
  for (const member of ['m1', 'm2', 'm3'])
    await mint(member, { subject: member, roles: ['committee-member'] });
  await mint('reader', { subject: 'dashboard', roles: ['reader'] });
  await mint('preparer', { subject: 'fin-prep-1', roles: ['finance-preparer'] });
  await mint('approver', { subject: 'fin-appr-1', roles: ['finance-approver'] });
  await mint('payer', { subject: 'fin-pay-1', roles: ['finance-payer'] });
  await mint('twoHats', { subject: 'fin-two-hats', roles: ['finance-preparer', 'finance-approver'] });
  await api.partners.put(partnerRecord('amsed', ROLLOUT, { active: [secret] }));
});

/**
 * The given of every test: the whole rollout played over HTTP, to its close, asserting each step on
 * the way; answers the answer to the close.
 */
const playTheRollout = async () => {
  const { ministry, coordinator, partner, reader } = tokens as Record<string, string>;

  // 1. Launch and the regional agreement, signed by its three parties.
  const launched = await expectOk('POST', '/rollouts', {
    token: ministry,
    body: {
      regionCode: 'FM',
      edition: '2026',
      targets: { associations: 2, membersPerAssociation: 2, trainers: 2, horizon: 10 },
    },
  });
  expect([launched.status, launched.headers.get('etag')]).toEqual([201, '"1"']);
  await advance('regional-agreement', coordinator);
  await expectOk('POST', `/rollouts/${ROLLOUT}/agreements`, {
    token: coordinator,
    body: regionalAgreementRequest('Convention régionale Fès-Meknès'),
  });
  const regional = `/agreements/${ROLLOUT}-regional-partnership`;
  const walisDraft = await api.call('POST', `/rollouts/${ROLLOUT}/agreements`, {
    token: tokens.wali as string,
    body: { kind: 'co-funding', title: bilingual('Cofinancement'), parties: [] },
  });
  expect([walisDraft.status, walisDraft.json.code]).toEqual([403, 'ROLE_NOT_ALLOWED']);
  for (const [signer, role] of [
    ['ministry', 'ministry'],
    ['wali', 'wali'],
    ['council', 'regional-council'],
  ] as const) {
    await expectOk('POST', `${regional}/signatures`, {
      token: tokens[signer] as string,
      body: signatureBody(role),
    });
  }
  expect((await expectOk('GET', regional, { token: reader })).json.status).toBe('in-force');
  await advance('call-for-interest');

  // 2. The call for the operator: four files, one refused as ineligible.
  await expectOk('POST', `/rollouts/${ROLLOUT}/calls`, { token: ministry, body: operatorCallRequest });
  const applicants = ['assoc-amsed', 'assoc-b', 'assoc-c', 'assoc-d'];
  for (const associationId of applicants) {
    await expectOk('POST', `/calls/${CALL}/applications`, {
      token: coordinator,
      body: {
        associationId,
        associationName: bilingual(associationId),
        province: 'Fès',
        declaredFacts: { 'final-receipt': associationId !== 'assoc-d' },
      },
    });
  }
  api.setNow('2026-03-16T09:00:00.000Z');
  await expectOk('POST', `/calls/${CALL}/closure`, { token: coordinator });
  await advance('committee-selection');

  // 3. The committee: a conflict declared, scores, ranking, selection, publication.
  await expectOk('PUT', `/calls/${CALL}/committee`, {
    token: ministry,
    body: {
      memberIds: ['m1', 'm2', 'm3'],
      chairId: 'm1',
      quorum: 2,
      scoringGrid: [
        { criterionId: 'experience', label: bilingual('Expérience'), weight: 3, maxScore: 20 },
        { criterionId: 'capacity', label: bilingual('Capacité'), weight: 1, maxScore: 20 },
      ],
    },
  });
  const call = (await expectOk('GET', `/calls/${CALL}`, { token: ministry })).json;
  expect(call.counts).toEqual({ received: 4, refused: 1, eligible: 3 });
  const fileOf = (associationId: string) =>
    call.applications.find(
      (application: { associationId: string }) => application.associationId === associationId,
    ).applicationId as string;
  await expectOk('POST', `/calls/${CALL}/committee/conflicts`, {
    token: tokens.m3 as string,
    body: { applicationId: fileOf('assoc-b') },
  });
  const points: Record<string, number> = { 'assoc-amsed': 18, 'assoc-b': 12, 'assoc-c': 9 };
  for (const member of ['m1', 'm2', 'm3']) {
    for (const associationId of ['assoc-amsed', 'assoc-b', 'assoc-c']) {
      if (member === 'm3' && associationId === 'assoc-b') continue;
      const score = points[associationId] as number;
      await expectOk('POST', `/calls/${CALL}/committee/scores`, {
        token: tokens[member] as string,
        body: {
          applicationId: fileOf(associationId),
          scores: [
            { criterionId: 'experience', score },
            { criterionId: 'capacity', score },
          ],
        },
      });
    }
  }
  const seenByConflicted = (await expectOk('GET', `/calls/${CALL}`, { token: tokens.m3 as string })).json;
  expect(seenByConflicted.committee.scores.length).toBe(6);
  expect(
    seenByConflicted.committee.scores.some(
      (sheet: { applicationId: string }) => sheet.applicationId === fileOf('assoc-b'),
    ),
  ).toBe(false);
  await expectOk('POST', `/calls/${CALL}/committee/ranking`, { token: tokens.m1 as string });
  await expectOk('POST', `/calls/${CALL}/committee/selection`, { token: tokens.m1 as string });
  await expectOk('POST', `/calls/${CALL}/committee/publication`, {
    token: ministry,
    body: { appealWindowEndsAt: '2026-03-20T17:00:00.000Z', minutes: { fr: 'pv-fr-1', ar: 'pv-ar-1' } },
  });
  const seenByReader = await expectOk('GET', `/calls/${CALL}`, { token: reader });
  expect(seenByReader.json.committee.selectedAssociationIds).toEqual(['assoc-amsed']);
  expect(seenByReader.json.applications).toBeUndefined();
  expect(seenByReader.text).not.toContain('"scores"');
  api.setNow('2026-03-21T09:00:00.000Z');
  await advance('partner-agreement');

  // 4. The partner agreement with the selected operator.
  await expectOk('POST', `/rollouts/${ROLLOUT}/agreements`, {
    token: ministry,
    body: {
      kind: 'partner',
      title: bilingual('Convention de partenariat AMSED'),
      parties: [
        { partyId: 'minister-1', role: 'ministry' },
        { partyId: 'partner-amsed', role: 'operator' },
      ],
    },
  });
  for (const [signer, role] of [
    [ministry, 'ministry'],
    [partner, 'operator'],
  ] as const) {
    await expectOk('POST', `/agreements/${ROLLOUT}-partner/signatures`, {
      token: signer,
      body: signatureBody(role),
    });
  }
  await advance('enrolment');

  // 5. Enrolment.
  for (const beneficiary of BENEFICIARIES) {
    await expectOk('POST', `/rollouts/${ROLLOUT}/beneficiaries`, {
      token: coordinator,
      body: {
        associationId: beneficiary.associationId,
        name: bilingual(beneficiary.associationId),
        province: beneficiary.province,
      },
    });
    for (const [index, memberId] of beneficiary.members.entries()) {
      await expectOk('POST', `/rollouts/${ROLLOUT}/beneficiaries/${beneficiary.associationId}/members`, {
        token: coordinator,
        body: { memberId, trainingTopic: MODULES[index] },
      });
    }
  }
  await expectOk('POST', `/rollouts/${ROLLOUT}/enrolment/closure`, { token: coordinator });
  await advance('axis-1-training');

  // 6. Axis 1, reported by the operator through signed webhooks.
  api.setNow('2026-05-01T09:00:00.000Z');
  for (const [index, module] of MODULES.entries()) {
    const sessionId = `session-${module}`;
    await report({
      type: 'session.held',
      data: {
        rolloutId: ROLLOUT,
        sessionId,
        module,
        // Held in the fortnight before it is reported: on time for the operator (ADR 0081).
        date: `2026-04-${String(index + 20)}`,
        province: 'Fès',
      },
    });
    for (const beneficiary of BENEFICIARIES) {
      await report({
        type: 'attendance.reported',
        data: {
          rolloutId: ROLLOUT,
          associationId: beneficiary.associationId,
          sessionId,
          attendance: beneficiary.members.map((memberId) => ({ memberId, attended: true })),
        },
      });
      for (const [rank, memberId] of beneficiary.members.entries()) {
        await report({
          type: 'module.completed',
          data: {
            rolloutId: ROLLOUT,
            associationId: beneficiary.associationId,
            memberId,
            module,
            evaluationScore: 90 - rank * 20,
          },
        });
      }
    }
  }
  const progress = (await expectOk('GET', `/rollouts/${ROLLOUT}/training`, { token: coordinator })).json;
  expect(
    progress.associations.map((association: { axisOneCompleted: boolean }) => association.axisOneCompleted),
  ).toEqual([true, true]);
  const publicProgress = (await expectOk('GET', `/rollouts/${ROLLOUT}/training`, { token: reader })).json;
  expect(publicProgress.associations[0].members).toBeUndefined();
  await advance('axis-2-trainers-and-hub');

  // 7. Axis 2: trainees, trainer modules (the third certifies), the hub, a cascade session.
  await expectOk('POST', `/rollouts/${ROLLOUT}/trainees`, {
    token: coordinator,
    body: { minimumAttendanceRatePercent: 75, minimumEvaluationScore: 80 },
  });
  const trainees = (await expectOk('GET', `/rollouts/${ROLLOUT}/training`, { token: ministry })).json
    .trainees;
  expect(trainees.map((trainee: { memberId: string }) => trainee.memberId).sort()).toEqual([
    'mem-s1',
    'mem-t1',
  ]);
  for (const { memberId } of trainees) {
    for (const module of ['T1', 'T2', 'T3']) {
      await report({ type: 'trainer-module.completed', data: { rolloutId: ROLLOUT, memberId, module } });
    }
  }
  await expectOk('PUT', `/rollouts/${ROLLOUT}/hub`, {
    token: coordinator,
    body: { name: bilingual('Pôle régional Fès-Meknès') },
  });
  await report({
    type: 'cascade-session.held',
    data: {
      rolloutId: ROLLOUT,
      sessionId: 'cascade-1',
      trainerId: 'mem-s1',
      province: 'Ifrane',
      date: '2026-04-30',
      topic: 'M1',
      participantCount: 12,
      associationIds: ['assoc-ifrane-1', 'assoc-ifrane-2', 'assoc-sefrou-1'],
    },
  });
  await advance('axis-3-grants');

  // 8. Axis 3: a budget, a grant per beneficiary, tranches by three different finance officers.
  await expectOk('POST', `/rollouts/${ROLLOUT}/co-funders/region-fm/commitments`, {
    token: ministry,
    body: { name: bilingual('Conseil régional Fès-Meknès'), amount: 10_000_000 },
  });
  for (const { associationId } of BENEFICIARIES) {
    await expectOk('POST', `/rollouts/${ROLLOUT}/grants`, {
      token: ministry,
      body: {
        associationId,
        amount: 4_000_000,
        ...grantPurpose,
        funding: [{ coFunderId: 'region-fm', amount: 4_000_000 }],
        tranches: [
          { amount: 2_500_000, releaseConditions: [] },
          {
            amount: 1_500_000,
            releaseConditions: [{ evidence: 'interim-report', label: bilingual('Rapport intermédiaire') }],
          },
        ],
      },
    });
  }
  const grants = (await expectOk('GET', `/rollouts/${ROLLOUT}/grants`, { token: tokens.preparer as string }))
    .json.grants;
  for (const [grantIndex, grant] of grants.entries()) {
    for (const trancheNumber of [1, 2]) {
      const tranche = `/rollouts/${ROLLOUT}/grants/${grant.grantId}/tranches/${trancheNumber}`;
      // Once, an officer holding two finance roles prepares, then tries to approve the same tranche.
      const twoHats = grantIndex === 1 && trancheNumber === 1;
      await expectOk('POST', `${tranche}/request`, {
        token: (twoHats ? tokens.twoHats : tokens.preparer) as string,
        body: {
          evidence:
            trancheNumber === 2 ? [{ evidence: 'interim-report', documentId: `doc-${grant.grantId}` }] : [],
        },
      });
      if (twoHats) {
        const refused = await api.call('POST', `${tranche}/approval`, { token: tokens.twoHats as string });
        expect(refused.json.code).toBe('FINANCE_STEPS_BY_SAME_PERSON');
      }
      await expectOk('POST', `${tranche}/approval`, { token: tokens.approver as string });
      await expectOk('POST', `${tranche}/payment`, {
        token: tokens.payer as string,
        body: { paymentReference: `pay-${grant.grantId}-${trancheNumber}` },
      });
    }
  }

  // 9. Close, with the figures against the targets.
  return expectOk('POST', `/rollouts/${ROLLOUT}/completion`, { token: coordinator });
};

const test = withSharedGiven(playTheRollout);

describe("a region's rollout over HTTP", () => {
  test('launches, agrees, calls, selects, enrols, trains, certifies, grants and closes', async ({
    given: closed,
  }) => {
    const { reader } = tokens as Record<string, string>;
    expect(closed.json.events.map((event: { type: string }) => event.type)).toEqual(['RolloutCompleted']);
    const rollout = (await expectOk('GET', `/rollouts/${ROLLOUT}`, { token: reader })).json;
    expect(rollout).toMatchObject({
      status: 'closed',
      phase: 'closed',
      figuresAreFinal: true,
      figures: {
        associationsEnrolled: 2,
        membersEnrolled: 4,
        associationsCompletedAxisOne: 2,
        membersCompletedAxisOne: 4,
        trainersCertified: 2,
        cascadeAssociationsReached: 2,
        grantsAwarded: 2,
        grantsAwardedCentimes: 8_000_000,
        grantsPaidCentimes: 8_000_000,
      },
    });

    // The public feed shows the story without the committee's insides.
    const feed = await expectOk('GET', '/events?limit=500', { token: reader });
    const types = new Set(feed.json.events.map((event: { type: string }) => event.type));
    expect(types.has('RolloutCompleted')).toBe(true);
    expect(types.has('ApplicationScored')).toBe(false);
    expect(feed.text).not.toContain('fin-pay-1');
  });

  test('records each tranche as prepared, approved and paid by three different people', async ({
    given: _closed,
  }) => {
    const grants = (
      await expectOk('GET', `/rollouts/${ROLLOUT}/grants`, { token: tokens.approver as string })
    ).json;
    expect(
      grants.grants.every((grant: { tranches: { status: string }[] }) =>
        grant.tranches.every((t) => t.status === 'paid'),
      ),
    ).toBe(true);
    const [first] = grants.grants[0].tranches;
    expect(new Set([first.preparerId, first.approverId, first.payerId]).size).toBe(3);
  });
});
