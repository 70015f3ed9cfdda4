import { beforeAll, describe, expect, it } from 'vitest';
import { apiTestServerForTheFile } from '../../../../../support/api-server.js';

// docs/adr/0085-beneficiaries-change.md over real HTTP on dynalite: the routes that record an
// association leaving and a member replaced, their access rules and refusals as problem details.

const api = apiTestServerForTheFile();
let ministry: string;
let coordinator: string;
const ROLLOUT = '/rollouts/rollout-FM-2026';
const reason = { fr: "L'association a cessé ses activités", ar: 'توقفت الجمعية عن أنشطتها' };

/** Launches FM's rollout of `edition` with assoc-a and assoc-b enrolled directly, four members each. */
const launchRollout = async (edition: string): Promise<string> => {
  await api.call('POST', '/rollouts', { token: ministry, body: { regionCode: 'FM', edition } });
  const rollout = `/rollouts/rollout-FM-${edition}`;
  // No beneficiary call in this rollout: its associations are enrolled directly.
  for (const [associationId, province] of [
    ['assoc-a', 'Fès'],
    ['assoc-b', 'Taza'],
  ] as const) {
    const enrolled = await api.call('POST', `${rollout}/beneficiaries`, {
      token: coordinator,
      body: { associationId, name: { fr: associationId, ar: associationId }, province },
    });
    expect(enrolled.status).toBeLessThan(300);
    for (const rank of [1, 2, 3, 4]) {
      await api.call('POST', `${rollout}/beneficiaries/${associationId}/members`, {
        token: coordinator,
        body: { memberId: `${associationId}-m${rank}`, trainingTopic: 'M1' },
      });
    }
  }
  return rollout;
};

beforeAll(async () => {
  ministry = await api.token({ subject: 'user-ministry-1', roles: ['ministry'] });
  coordinator = await api.token({ subject: 'user-coordinator-fm', roles: ['coordinator'], regions: ['FM'] });
  await launchRollout('2026');
}, 60_000);

const enrolmentTypes = async (edition = '2026') =>
  (await api.streamEvents(`enrolment-rollout-FM-${edition}`)).map((event) => event.type);

describe('the routes of the beneficiaries’ changes', () => {
  it('refuses an exclusion by a coordinator: 403, nothing appended', async () => {
    const before = await api.countAllEvents();
    const answer = await api.call('POST', `${ROLLOUT}/beneficiaries/assoc-b/withdrawal`, {
      token: coordinator,
      body: { departure: 'excluded', reason },
    });
    expect([answer.status, answer.json?.code]).toEqual([403, 'EXCLUSION_BY_MINISTRY_ONLY']);
    expect(await api.countAllEvents()).toBe(before);
  });

  it('refuses a withdrawal without its reason in Arabic, naming the field', async () => {
    const answer = await api.call('POST', `${ROLLOUT}/beneficiaries/assoc-b/withdrawal`, {
      token: coordinator,
      body: { departure: 'withdrew', reason: { fr: reason.fr } },
    });
    expect([answer.status, answer.json?.code]).toEqual([400, 'VALIDATION_FAILED']);
    expect(answer.json.errors.map((error: { pointer: string }) => error.pointer)).toEqual([
      '/body/reason/ar',
    ]);
  });

  it('records a withdrawal by the coordinator, with its reason and actor', async () => {
    const answer = await api.call('POST', `${ROLLOUT}/beneficiaries/assoc-b/withdrawal`, {
      token: coordinator,
      body: { departure: 'withdrew', reason },
    });
    expect(answer.status).toBe(200);
    const events = await api.streamEvents('enrolment-rollout-FM-2026');
    const withdrawn = events.at(-1);
    expect(withdrawn?.type).toBe('BeneficiaryWithdrawn');
    expect(withdrawn?.actor).toEqual({ id: 'user-coordinator-fm', role: 'coordinator' });
    expect(withdrawn?.data).toEqual({
      rolloutId: 'rollout-FM-2026',
      associationId: 'assoc-b',
      departure: 'withdrew',
      reason,
      memberIds: ['assoc-b-m1', 'assoc-b-m2', 'assoc-b-m3', 'assoc-b-m4'],
    });
  });

  it('refuses a replacement without a beneficiary call to take a reserve from: 409', async () => {
    // Prepare: a rollout of its own, where assoc-b withdrew
    const rollout = await launchRollout('2027');
    const withdrawn = await api.call('POST', `${rollout}/beneficiaries/assoc-b/withdrawal`, {
      token: coordinator,
      body: { departure: 'withdrew', reason },
    });
    expect(withdrawn.status).toBe(200);
    // Act
    const answer = await api.call('POST', `${rollout}/beneficiaries/assoc-b/replacement`, {
      token: ministry,
    });
    // Assess
    expect([answer.status, answer.json?.code]).toEqual([409, 'NO_BENEFICIARY_RESERVE']);
  });

  it('replaces a member, who takes the leaver’s topic; a second time appends nothing', async () => {
    // Prepare: a rollout of its own, where assoc-b withdrew
    const rollout = await launchRollout('2028');
    await api.call('POST', `${rollout}/beneficiaries/assoc-b/withdrawal`, {
      token: coordinator,
      body: { departure: 'withdrew', reason },
    });
    const path = `${rollout}/beneficiaries/assoc-a/members/assoc-a-m2/replacement`;
    const body = { replacementMemberId: 'assoc-a-m5', reason };
    const first = await api.call('POST', path, { token: coordinator, body });
    const count = await api.countAllEvents();
    const again = await api.call('POST', path, { token: coordinator, body });
    expect(first.status).toBe(200);
    expect(again.status).toBeLessThan(300);
    expect(await api.countAllEvents()).toBe(count);
    const training = await api.call('GET', `${rollout}/training`, { token: coordinator });
    expect(
      training.json.associations.map((association: { associationId: string; membersNominated: number }) => [
        association.associationId,
        association.membersNominated,
      ]),
    ).toEqual([['assoc-a', 4]]);
    expect((await enrolmentTypes('2028')).at(-1)).toBe('MemberReplaced');
  });

  it('refuses a replacement member already in the rollout: 409, nothing appended', async () => {
    const before = await api.countAllEvents();
    const answer = await api.call('POST', `${ROLLOUT}/beneficiaries/assoc-a/members/assoc-a-m1/replacement`, {
      token: coordinator,
      body: { replacementMemberId: 'assoc-a-m3', reason },
    });
    expect([answer.status, answer.json?.code]).toEqual([409, 'MEMBER_ALREADY_NOMINATED']);
    expect(await api.countAllEvents()).toBe(before);
  });
});

describe('the route of the training plan by topic', () => {
  it('refuses a topic whose plan leaves out its own module, naming the rule: 422, nothing appended', async () => {
    const before = await api.countAllEvents();
    const answer = await api.call('PUT', `${ROLLOUT}/training-plan`, {
      token: coordinator,
      body: { topics: [{ topic: 'M4', modules: ['M1', 'M2'] }] },
    });
    expect([answer.status, answer.json?.code]).toEqual([422, 'TOPIC_NOT_IN_ITS_PLAN']);
    expect(await api.countAllEvents()).toBe(before);
  });

  it('sets the plan before the first session', async () => {
    const answer = await api.call('PUT', `${ROLLOUT}/training-plan`, {
      token: coordinator,
      body: { topics: [{ topic: 'M1', modules: ['M1', 'M2', 'M3'] }] },
    });
    expect(answer.status).toBeLessThan(300);
    const [planSet] = await api.streamEvents('training-plan-rollout-FM-2026');
    expect([planSet?.type, planSet?.data]).toEqual([
      'TrainingPlanSet',
      { rolloutId: 'rollout-FM-2026', topics: [{ topic: 'M1', modules: ['M1', 'M2', 'M3'] }] },
    ]);
  });
});
