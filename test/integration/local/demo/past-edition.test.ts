import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  PAST_EDITION_REASON,
  type PastEdition,
  playPastEdition,
} from '../../../../local/demo/past-edition.js';
import { minterOf } from '../../../../local/demo/tokens.js';
import { type Runtime, startRuntime } from '../../../../local/runtime.js';
import { fetchAs } from '../../../support/fetch-as.js';

// The 2023 Fès-Meknès edition entered from its files through the HTTP API, with real JWTs, on its
// own in-memory runtime and the real clock: each fact at its true 2023/2024 date, the workflow (the
// ASL of workflows/, on the local executor) following it to the close (ADR 0135).

let runtime: Runtime;
let edition: PastEdition;
let started: number;
let ended: number;

type Entry = { type: string; occurredAt: string; recordedAt: string; why: unknown };

const request = async (method: string, path: string, token: string, body?: unknown) => {
  const response = await fetchAs(`${runtime.url}${path}`, token, method, body);
  // biome-ignore lint/suspicious/noExplicitAny: the answers are read field by field below
  return { status: response.status, json: (await response.json()) as any };
};
const get = (path: string, token = runtime.tokens.ministry) => request('GET', path, token);
const audit = async (streamId: string): Promise<Entry[]> =>
  (await get(`/views/audit/stream/${streamId}`)).json.entries;
/** The entries of a type, as (type, occurredAt, why) and whether each was recorded during this run. */
const dated = (entries: readonly Entry[], type: string) =>
  entries
    .filter((entry) => entry.type === type)
    .map((entry) => ({
      occurredAt: entry.occurredAt,
      recordedNow: Date.parse(entry.recordedAt) >= started && Date.parse(entry.recordedAt) <= ended,
      why: entry.why,
    }));
const late = (occurredAt: string) => ({ occurredAt, recordedNow: true, why: PAST_EDITION_REASON });
/** The same fact of each of the edition's three associations (their files, grants, tranches), on one date. */
const lateForEachOfThree = (occurredAt: string) => [late(occurredAt), late(occurredAt), late(occurredAt)];

beforeAll(async () => {
  runtime = await startRuntime({ inMemory: true, port: 0, quiet: true });
  started = Date.now();
  edition = await playPastEdition({ url: runtime.url, mint: minterOf(runtime.auth) });
  ended = Date.now();
  // The views are read below: every commit delivered to the projections first (the last payment
  // may still be on its way to the audit trail when the rollout shows closed).
  await runtime.drainFeed();
}, 240_000);

afterAll(async () => {
  await runtime?.stop();
});

describe('a past edition entered with its true dates, through the workflow to its grants paid', () => {
  it('runs the 2023 rollout to its close', async () => {
    const rollout = await get(`/rollouts/${edition.rolloutId}`, runtime.tokens.reader);
    expect(rollout.json).toMatchObject({ status: 'closed', phase: 'closed' });
  });

  it('shows both dates in the audit trail, with the late entry’s reason', async () => {
    const rollout = await audit('rollout-FM-2023');
    const call = await audit('call-FM-2023-operator');
    const committee = await audit('committee-FM-2023-operator');
    const schedule = await audit('session-schedule-rollout-FM-2023');
    const grants = await audit('grants-rollout-FM-2023');
    expect(dated(rollout, 'RolloutLaunched')).toEqual([late('2023-01-16T09:00:00.000Z')]);
    expect(dated(call, 'CallOpened')).toEqual([late('2023-03-01T09:00:00.000Z')]);
    expect(dated(call, 'ApplicationSubmitted')).toEqual(lateForEachOfThree('2023-03-20T10:00:00.000Z'));
    // The closing, the committee's appointment, its nine score sheets and its ranking (ADR 0159).
    expect(dated(call, 'CallClosed')).toEqual([late('2023-03-31T17:00:00.000Z')]);
    expect(dated(committee, 'CommitteeAppointed')).toEqual([late('2023-04-03T09:00:00.000Z')]);
    expect(dated(committee, 'ApplicationScored')).toEqual([
      ...lateForEachOfThree('2023-04-10T10:00:00.000Z'),
      ...lateForEachOfThree('2023-04-10T10:00:00.000Z'),
      ...lateForEachOfThree('2023-04-10T10:00:00.000Z'),
    ]);
    expect(dated(committee, 'ApplicationsRanked')).toEqual([late('2023-04-12T15:00:00.000Z')]);
    expect(dated(committee, 'SelectionPublished')).toEqual([late('2023-04-20T09:00:00.000Z')]);
    expect(dated(schedule, 'SessionHeld').map((entry) => entry.occurredAt)).toEqual([
      '2023-10-02T00:00:00.000Z',
      '2023-10-16T00:00:00.000Z',
      '2023-10-30T00:00:00.000Z',
      '2023-11-13T00:00:00.000Z',
      '2023-11-27T00:00:00.000Z',
      '2023-12-11T00:00:00.000Z',
      '2024-01-08T00:00:00.000Z',
      '2024-01-22T00:00:00.000Z',
    ]);
    const enrolment = await audit('enrolment-rollout-FM-2023');
    expect(dated(enrolment, 'BeneficiaryEnrolled')).toEqual(lateForEachOfThree('2023-06-05T09:00:00.000Z'));
    expect(dated(enrolment, 'MemberNominated')).toEqual(lateForEachOfThree('2023-06-12T09:00:00.000Z'));
    expect(dated(enrolment, 'EnrolmentClosed')).toEqual([late('2023-06-30T15:00:00.000Z')]);
    const trainers = await audit('trainers-rollout-FM-2023');
    expect(dated(trainers, 'TraineesSelected')).toEqual([late('2024-01-25T09:00:00.000Z')]);
    expect(dated(trainers, 'TrainerModuleCompleted')).toEqual([
      late('2024-01-29T00:00:00.000Z'),
      late('2024-02-02T00:00:00.000Z'),
      late('2024-02-07T00:00:00.000Z'),
    ]);
    // Derived from the last module, it keeps no reason of its own (ADR 0152).
    expect(dated(trainers, 'TrainerCertified')).toEqual([
      { occurredAt: '2024-02-07T00:00:00.000Z', recordedNow: true, why: null },
    ]);
    expect(dated(trainers, 'CompetenceHubEstablished')).toEqual([late('2024-02-08T10:00:00.000Z')]);
    expect(dated(grants, 'CoFunderBudgetCommitted')).toEqual([
      late('2024-01-30T09:00:00.000Z'),
      late('2024-01-30T09:00:00.000Z'),
    ]);
    // The first grant's first request of 15 April, rejected on 19 April (ADR 0161), then each on 22 April.
    expect(dated(grants, 'TrancheRequested')).toEqual([
      late('2024-04-15T09:00:00.000Z'),
      ...lateForEachOfThree('2024-04-22T09:00:00.000Z'),
    ]);
    expect(dated(grants, 'TrancheRejected')).toEqual([late('2024-04-19T09:00:00.000Z')]);
    expect(dated(grants, 'TrancheApproved')).toEqual(lateForEachOfThree('2024-05-06T09:00:00.000Z'));
    expect(dated(grants, 'GrantAwarded')).toEqual(lateForEachOfThree('2024-02-12T09:00:00.000Z'));
    expect(dated(grants, 'TranchePaid')).toEqual(lateForEachOfThree('2024-05-15T10:00:00.000Z'));
  });

  it('counts the grants paid in the ledger', async () => {
    const ledger = await get('/views/rollouts/rollout-FM-2023/grant-ledger', runtime.tokens.reader);
    expect(ledger.json.totals).toMatchObject({
      committed: 12_000_000,
      awarded: 12_000_000,
      paid: 12_000_000,
    });
  });

  it('shows the payments of 2024 in the 2024 partnership report, not in the report of the year they were keyed in', async () => {
    // What is known now of each year, by each fact's date (ADR 0136): the three transfers made on
    // 15 May 2024 belong to 2024, though they were recorded today.
    const report2024 = (await get('/open-data/partnership-report/2024', runtime.tokens.reader)).json;
    expect(report2024.regions).toHaveLength(1);
    expect(report2024.regions[0]).toMatchObject({
      rolloutId: 'rollout-FM-2023',
      regionCode: 'FM',
      // The commitments of 30 January 2024 (ADR 0153), the awards of 12 February 2024 (ADR 0137)
      // and the transfers of 15 May 2024.
      year: { committed: 12_000_000, awarded: 12_000_000, paid: 12_000_000 },
      // Enrolled in 2023 (ADR 0154), axis 1 completed and the trainer certified in 2024 (ADR 0151,
      // ADR 0152): the grants of 2024 rest on facts the report of 2024 counts.
      figures: {
        associationsEnrolled: 3,
        associationsCompletedAxisOne: 3,
        trainersCertified: 1,
        grantsAwarded: 3,
        grantsAwardedCentimes: 12_000_000,
        grantsPaidCentimes: 12_000_000,
      },
    });
    expect(report2024.national.year.paid).toBe(12_000_000);
    expect(report2024.national.figures.grantsPaidCentimes).toBe(12_000_000);
    const report2026 = (await get('/open-data/partnership-report/2026', runtime.tokens.reader)).json;
    expect(report2026.national.year).toMatchObject({ committed: 0, awarded: 0, paid: 0 });
    // The 2022 report knows nothing of an edition launched in January 2023.
    const report2022 = (await get('/open-data/partnership-report/2022', runtime.tokens.reader)).json;
    expect(report2022.regions).toEqual([]);
  });

  it('dates the training certificates by the completions of 2023 and 2024', async () => {
    const list = await get('/documents/rollouts/rollout-FM-2023/certificates');
    const training = (list.json.certificates as { kind: string; memberId: string; issuedAt: string }[])
      .filter((certificate) => certificate.kind === 'training')
      .map(({ memberId, issuedAt }) => ({ memberId, issuedAt }));
    expect(training).toEqual([
      { memberId: 'mem-fm-001-1', issuedAt: '2024-01-22T00:00:00.000Z' },
      { memberId: 'mem-fm-002-1', issuedAt: '2024-01-22T00:00:00.000Z' },
      { memberId: 'mem-fm-003-1', issuedAt: '2024-01-22T00:00:00.000Z' },
    ]);
  });

  it('dates the trainer certificate by its last trainer module, 7 February 2024 (ADR 0152)', async () => {
    const list = await get('/documents/rollouts/rollout-FM-2023/certificates');
    const trainer = (
      list.json.certificates as { kind: string; memberId: string; issuedAt: string; modules?: unknown }[]
    ).filter((certificate) => certificate.kind === 'trainer');
    expect(trainer.map(({ memberId, issuedAt }) => ({ memberId, issuedAt }))).toEqual([
      { memberId: 'mem-fm-001-1', issuedAt: '2024-02-07T00:00:00.000Z' },
    ]);
  });

  describe('refuses, naming the field, and appends nothing', () => {
    const launch = (extra: Record<string, unknown>) =>
      request('POST', '/rollouts', runtime.tokens.ministry, {
        regionCode: 'MS',
        edition: '2023',
        launchedAt: '2023-02-01T09:00:00.000Z',
        lateEntryReason: PAST_EDITION_REASON,
        ...extra,
      });
    const refusal = (code: string, pointer: string) => ({
      code,
      errors: [expect.objectContaining({ pointer })],
    });

    it('a date in the future', async () => {
      const answer = await launch({ launchedAt: '2099-01-01T09:00:00.000Z' });
      expect(answer.status).toBe(422);
      expect(answer.json).toMatchObject(refusal('FACT_DATE_IN_FUTURE', '/body/launchedAt'));
    });

    it('a date before 1 January 2022', async () => {
      const answer = await launch({ launchedAt: '2021-12-31T09:00:00.000Z' });
      expect(answer.status).toBe(422);
      expect(answer.json).toMatchObject(refusal('FACT_DATE_BEFORE_PROGRAM', '/body/launchedAt'));
    });

    /** A small grant of 10,000 MAD from the ministry, awarded as `extra` says. */
    const award = (extra: Record<string, unknown>) =>
      request('POST', '/rollouts/rollout-FM-2023/grants', runtime.tokens.ministry, {
        associationId: 'assoc-fm-extra',
        amount: 1_000_000,
        purpose: { fr: 'Gouvernance', ar: 'الحكامة' },
        deliverables: [
          { deliverable: 'action-plan', label: { fr: "Plan d'action", ar: 'مخطط عمل' }, dueBy: '2024-12-31' },
        ],
        funding: [{ coFunderId: 'ministry', amount: 1_000_000 }],
        tranches: [{ amount: 1_000_000, releaseConditions: [] }],
        ...extra,
      });

    it('an award dated in the future (ADR 0137)', async () => {
      const grantsBefore = await audit('grants-rollout-FM-2023');
      const answer = await award({ awardedAt: '2099-01-01T09:00:00.000Z' });
      expect(answer.status).toBe(422);
      expect(answer.json).toMatchObject(refusal('FACT_DATE_IN_FUTURE', '/body/awardedAt'));
      expect(await audit('grants-rollout-FM-2023')).toHaveLength(grantsBefore.length);
    });

    it('a transfer dated before its grant was awarded or its tranche approved, an award before axis 1 was completed (ADR 0151)', async () => {
      const grantsBefore = await audit('grants-rollout-FM-2023');
      const payer = await runtime.auth.mint({ subject: 'payer-fm-2023', roles: ['finance-payer'] });
      const grants = (await get('/rollouts/rollout-FM-2023/grants')).json.grants as { grantId: string }[];
      const correctPaidAt = (paidAt: string) =>
        request(
          'POST',
          `/rollouts/rollout-FM-2023/grants/${grants[0]?.grantId}/tranches/1/payment-corrections`,
          payer,
          { paidAt, reason: PAST_EDITION_REASON },
        );
      // Awarded on 12 February 2024 at 09:00 (ADR 0137), approved on 6 May 2024 (ADR 0153).
      const beforeAward = await correctPaidAt('2024-02-12T08:59:59.000Z');
      expect(beforeAward.status).toBe(422);
      expect(beforeAward.json).toMatchObject(refusal('PAID_BEFORE_AWARD', '/body/paidAt'));
      const beforeApproval = await correctPaidAt('2024-05-05T10:00:00.000Z');
      expect(beforeApproval.status).toBe(422);
      expect(beforeApproval.json).toMatchObject(refusal('PAID_BEFORE_APPROVAL', '/body/paidAt'));
      // The association completed axis 1 on 22 January 2024: an award of the 21st is refused first.
      const beforeAxisOne = await award({
        associationId: edition.beneficiaries[0]?.associationId,
        awardedAt: '2024-01-21T09:00:00.000Z',
        lateEntryReason: PAST_EDITION_REASON,
      });
      expect(beforeAxisOne.status).toBe(422);
      expect(beforeAxisOne.json).toMatchObject(
        refusal('AWARDED_BEFORE_TRAINING_COMPLETED', '/body/awardedAt'),
      );
      expect(await audit('grants-rollout-FM-2023')).toHaveLength(grantsBefore.length);
    });

    it('a committee appointed before its call was opened (ADR 0159)', async () => {
      // The national call, opened now until ten days from now (the workflow waits for its deadline).
      const callId = 'CC-2026-refusal';
      const opened = await request('POST', '/calls', runtime.tokens.ministry, {
        callId,
        title: { fr: 'Centre de contact', ar: 'مركز الاتصال' },
        deadline: new Date(Date.now() + 10 * 86_400_000).toISOString(),
        eligibilityRules: [],
      });
      expect(opened.status).toBe(201);
      const answer = await request('PUT', `/calls/${callId}/committee`, runtime.tokens.ministry, {
        memberIds: ['committee-cc-1'],
        chairId: 'committee-cc-1',
        quorum: 1,
        scoringGrid: [
          { criterionId: 'experience', label: { fr: 'Expérience', ar: 'التجربة' }, weight: 1, maxScore: 20 },
        ],
        appointedAt: '2023-04-03T09:00:00.000Z',
        lateEntryReason: PAST_EDITION_REASON,
      });
      expect(answer.status).toBe(422);
      expect(answer.json).toMatchObject(refusal('APPOINTED_BEFORE_CALL_OPENED', '/body/appointedAt'));
      expect((await get(`/calls/${callId}`)).json.committee).toMatchObject({ status: 'not-appointed' });
    });

    it('a nomination dated before its association was enrolled (ADR 0161)', async () => {
      const enrolmentBefore = await audit('enrolment-rollout-FM-2023');
      const associationId = edition.beneficiaries[0]?.associationId;
      // Enrolled on 5 June 2023 at 09:00: a member nominated on 1 June is refused for its date.
      const answer = await request(
        'POST',
        `/rollouts/rollout-FM-2023/beneficiaries/${associationId}/members`,
        runtime.tokens.coordinator,
        {
          memberId: 'mem-fm-extra',
          trainingTopic: 'M1',
          nominatedAt: '2023-06-01T09:00:00.000Z',
          lateEntryReason: PAST_EDITION_REASON,
        },
      );
      expect(answer.status).toBe(422);
      expect(answer.json).toMatchObject(refusal('NOMINATED_BEFORE_ENROLMENT', '/body/nominatedAt'));
      expect(answer.json.details).toMatchObject({
        restsOn: { fact: 'association enrolment', date: '2023-06-05T09:00:00.000Z' },
      });
      expect(await audit('enrolment-rollout-FM-2023')).toHaveLength(enrolmentBefore.length);
    });

    it('a late entry without its reason', async () => {
      const answer = await launch({ lateEntryReason: undefined });
      expect(answer.status).toBe(422);
      expect(answer.json).toMatchObject(refusal('LATE_ENTRY_REASON_REQUIRED', '/body/lateEntryReason'));
      expect((await get('/rollouts/rollout-MS-2023', runtime.tokens.reader)).status).toBe(404);
    });

    it('a late entry by a role the rules do not allow (the operator, for a 2023 session)', async () => {
      const partner = await runtime.auth.mint({
        subject: 'partner-amsed',
        roles: ['partner'],
        partner: { associationId: 'assoc-amsed', rolloutId: 'rollout-FM-2023' },
      });
      const answer = await request('POST', '/rollouts/rollout-FM-2023/sessions', partner, {
        sessionId: 'session-FM-2023-extra',
        module: 'M1',
        date: '2023-10-03',
        province: 'Fès',
        lateEntryReason: PAST_EDITION_REASON,
      });
      expect(answer.status).toBe(403);
      expect(answer.json).toMatchObject(refusal('LATE_ENTRY_NOT_ALLOWED', '/body/date'));
      expect(dated(await audit('session-schedule-rollout-FM-2023'), 'SessionHeld')).toHaveLength(8);
    });
  });
});
