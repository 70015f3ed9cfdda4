import { createHash } from 'node:crypto';
import type { RolloutPhase, SignerCapacity } from '../../events/rollout/schemas.js';
import {
  OPERATOR_CALL_ELIGIBILITY_RULES,
  operatorCallScoringGrid,
} from '../../functions/domain/committee/fes-meknes-seed.js';
import { callStreamId } from '../../functions/domain/ids.js';
import { phaseIndex } from '../../functions/domain/rollout/rollout.js';
import { codedError, isErrorWithCode } from '../../functions/domain/shared/coded-error.js';
import type { DemoClient } from './client.js';
import {
  AXIS_ONE_MODULES,
  type DemoGrantAmendment,
  type DemoRegionPlan,
  type DemoTurbulence,
  enrolledAtClosure,
  evaluationScoreOf,
  participantsOf,
  TRAINER_MODULES,
} from './scenario.js';
import type { DemoTokens } from './tokens.js';

// One region's rollout played through the HTTP API as its people would, phase by phase. The
// workflow moves the phases (RolloutPhaseAdvanced is the system's), so each phase starts by
// waiting for the rollout to be in it. Every step first reads what is already done and skips it,
// and sends what is left with keys derived from the step: a rerun after a crash finishes the job.

/** The milestones a run reports (the kill-and-restart test stops the server at one of them). */
export type DemoMilestone =
  | 'launched'
  | 'regional-agreement-in-force'
  | 'call-closed'
  | 'operator-selected'
  | 'partner-agreement-in-force'
  | 'beneficiaries-selected'
  | 'enrolment-closed'
  | 'axis-one-completed'
  | 'hub-established'
  | 'grants-paid'
  | 'closed';

/** What `playRollout` needs: the client, the region's plan and tokens, the pace and the observers. */
export interface PlayOptions {
  readonly client: DemoClient;
  readonly plan: DemoRegionPlan;
  readonly tokens: DemoTokens;
  /** How long the operator call stays open, from its opening (seconds). */
  readonly callSeconds?: number;
  /** How long the appeal window stays open after publication (seconds). */
  readonly appealSeconds?: number;
  /** How long to wait for the workflow to move the rollout into a phase (ms). */
  readonly phaseWaitMs?: number;
  /** How many associations report (or are reported on) at once. */
  readonly parallel?: number;
  /** Called at each milestone. */
  readonly onMilestone?: (milestone: DemoMilestone, plan: DemoRegionPlan) => void | Promise<void>;
  /** Called with a line saying what is happening (quiet when absent). */
  readonly log?: (line: string) => void;
  /** Associations of the plan that act through their own portal: where the player pauses for them. */
  readonly portal?: PortalPauses;
}

/**
 * The player's pauses for associations of the plan that apply and appeal through their own portal
 * (docs/adr/0125-the-player-pauses-for-the-portal.md). The player opens the beneficiaries' call and
 * waits while they apply, then keys in only the files the call has not received; once the selection
 * is published it waits while they follow their file and appeal, then enrols the selected ones.
 */
export interface PortalPauses {
  /** How long the beneficiaries' call stays open, from its opening (s): long enough for them to apply. */
  readonly callSeconds: number;
  /** How long its published selection stays open to appeal (s): long enough for them to appeal. */
  readonly appealSeconds: number;
  /** Called once the beneficiaries' call is open, before the staff key in its files. */
  readonly apply: (callId: string) => Promise<void>;
  /** Called once the beneficiaries' selection is published, before their enrolment. */
  readonly appeal: (callId: string) => Promise<void>;
}

/** The code of a `DemoRolloutStalledError`. */
export const DEMO_ROLLOUT_STALLED = 'DEMO_ROLLOUT_STALLED';

/** The rollout did not reach a phase in time, or was escalated: the workflow did not move it. */
export interface DemoRolloutStalledError extends Error {
  readonly code: typeof DEMO_ROLLOUT_STALLED;
  readonly rolloutId: string;
  readonly awaited: RolloutPhase;
}

/** Whether an error is a `DemoRolloutStalledError` (by its code). */
export const isDemoRolloutStalledError = isErrorWithCode<DemoRolloutStalledError>(DEMO_ROLLOUT_STALLED);

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Runs `work` over `items`, at most `limit` at a time; the first failure fails the whole. */
export const inParallel = async <Item>(
  items: readonly Item[],
  limit: number,
  work: (item: Item, index: number) => Promise<void>,
): Promise<void> => {
  let next = 0;
  let failed = false;
  const worker = async () => {
    // After a failure no worker takes more work: the run stops as a whole.
    while (next < items.length && !failed) {
      const index = next;
      next += 1;
      try {
        await work(items[index] as Item, index);
      } catch (error) {
        failed = true;
        throw error;
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, worker));
};

interface RolloutRead {
  readonly status: 'active' | 'closed' | 'cancelled';
  readonly phase: RolloutPhase;
  readonly escalation: { phase: string; reason: string } | null;
}

/** Plays one region's rollout to its close (or the milestones still left of it). */
export const playRollout = async (options: PlayOptions): Promise<void> => {
  const { client, plan, tokens } = options;
  const log = options.log ?? (() => undefined);
  const parallel = options.parallel ?? 6;
  const { rolloutId, operatorCallId: callId, cast } = plan;
  const step = (name: string) => `${rolloutId}:${name}`;
  const played: Played = { client, plan, tokens, step };
  const milestone = async (name: DemoMilestone) => {
    log(`${rolloutId}: ${name}`);
    await options.onMilestone?.(name, plan);
  };

  const readRollout = async (): Promise<RolloutRead | undefined> =>
    client.read(`/rollouts/${rolloutId}`, tokens.reader);

  /** Events the local runtime's projector has applied so far (undefined where no runtime status answers). */
  const projectedSoFar = async (): Promise<number | undefined> => {
    try {
      const status = await client.read('/runtime/status', tokens.ministry);
      const count: unknown = status?.projectionLag?.count;
      return typeof count === 'number' ? count : undefined;
    } catch {
      return undefined;
    }
  };

  /**
   * Waits until the workflow has moved the rollout into `phase` (or further). The phase shows once
   * the event feed has delivered the events before it: on a local runtime still working through a
   * backlog (the national scale), the wait is extended for as long as its projector makes progress.
   */
  const awaitPhase = async (phase: RolloutPhase): Promise<void> => {
    const waitMs = options.phaseWaitMs ?? 120_000;
    const started = Date.now();
    let deadline = started + waitMs;
    let projected: number | undefined;
    for (let poll = 0; ; poll += 1) {
      const rollout = await readRollout();
      if (rollout !== undefined) {
        if (rollout.escalation !== null || rollout.status === 'cancelled') {
          throw await stalled(
            phase,
            `it is ${rollout.status}, escalated: ${JSON.stringify(rollout.escalation)}`,
          );
        }
        if (rollout.status === 'closed' || phaseIndex(rollout.phase) >= phaseIndex(phase)) return;
      }
      if (poll === 0) projected = await projectedSoFar();
      if (Date.now() > deadline) {
        const now = await projectedSoFar();
        if (now === undefined || projected === undefined || now <= projected) {
          throw await stalled(
            phase,
            `it is still in ${rollout?.phase ?? '(not launched)'} after ${Date.now() - started} ms`,
          );
        }
        projected = now;
        deadline = Date.now() + waitMs;
      }
      // Prompt at first, then once a second: a long wait (a backlog) polls the server less.
      await sleep(Math.min(poll < 40 ? 250 : 1_000, 20 * (poll + 1)));
    }
  };
  /** Where the rollout's latest execution stands, as the local runtime's status says (else null). */
  const executionNote = async (): Promise<string | null> => {
    try {
      const status = await client.read('/runtime/status', tokens.ministry);
      const executions = (status?.executions ?? []) as {
        name: string;
        status: string;
        startedAt: string;
        waitingIn: string | null;
      }[];
      // The latest by its start: generation names sort as text (…-g10 before …-g2).
      const latest = executions
        .filter(({ name }) => name === rolloutId || name.startsWith(`${rolloutId}-g`))
        .reduce<(typeof executions)[number] | undefined>(
          (last, execution) =>
            last === undefined || execution.startedAt >= last.startedAt ? execution : last,
          undefined,
        );
      if (latest === undefined) return `no execution of ${rolloutId} is recorded`;
      const waiting = latest.waitingIn === null ? '' : `, waiting in ${latest.waitingIn}`;
      return `its execution ${latest.name} is ${latest.status}${waiting}`;
    } catch {
      return null;
    }
  };
  const stalled = async (phase: RolloutPhase, why: string): Promise<DemoRolloutStalledError> => {
    const execution = await executionNote();
    return codedError(
      'DemoRolloutStalledError',
      DEMO_ROLLOUT_STALLED,
      `${rolloutId} did not reach ${phase}: ${why} (${execution ?? 'is the workflow executor running?'})`,
      { rolloutId, awaited: phase },
    );
  };
  const isPast = async (phase: RolloutPhase): Promise<boolean> => {
    const rollout = await readRollout();
    return (
      rollout !== undefined && (rollout.status === 'closed' || phaseIndex(rollout.phase) > phaseIndex(phase))
    );
  };

  // 1. Launch, with the targets of the region.
  await client.command(
    step('launch'),
    'POST',
    '/rollouts',
    tokens.ministry,
    { regionCode: plan.regionCode, edition: plan.edition, targets: plan.targets },
    ['ROLLOUT_ALREADY_LAUNCHED'],
  );
  await milestone('launched');

  // 2. The regional partnership agreement: drafted by the coordinator, signed by its three parties,
  // each in its capacity, all of one text (issue 20, item 7).
  await awaitPhase('regional-agreement');
  if (!(await isPast('regional-agreement'))) {
    const regional = {
      kind: 'regional-partnership',
      title: {
        fr: `Convention de partenariat pour la région ${plan.regionName.fr}`,
        ar: `اتفاقية شراكة لجهة ${plan.regionName.ar}`,
      },
      parties: [
        { partyId: cast.ministry, role: 'ministry' },
        { partyId: cast.wali, role: 'wali' },
        { partyId: cast.council, role: 'regional-council' },
      ],
    };
    await concludeAgreement(played, 'regional', tokens.coordinator, regional, [
      ['ministry', tokens.ministry, MINISTRY_DELEGATE],
      [
        'wali',
        tokens.wali,
        capacityOf('wali', `Wali de la région ${plan.regionName.fr}`, `والي جهة ${plan.regionName.ar}`),
      ],
      [
        'council',
        tokens.council,
        capacityOf(
          'council-vice-president',
          `Vice-président du Conseil de la région ${plan.regionName.fr}`,
          `نائب رئيس مجلس جهة ${plan.regionName.ar}`,
        ),
      ],
    ]);
  }
  await milestone('regional-agreement-in-force');

  // 3. The call for expression of interest: twelve files, some refused (ineligible, late).
  await awaitPhase('call-for-interest');
  // Beside it, the call for beneficiary associations (the seed: a call and a committee choose the
  // 30): the planned beneficiaries and a reserve apply; its committee decides at the enrolment.
  const beneficiaryCallId = plan.beneficiaryCallId;
  const readBeneficiaryCall = () => client.read(`/calls/${beneficiaryCallId}`, tokens.ministry);
  if (!(await isPast('call-for-interest'))) {
    let beneficiaryCall = await readBeneficiaryCall();
    if (beneficiaryCall === undefined) {
      // Open for `callSeconds`: the ministry extends it if the files come in slower (keyInBeforeDeadline).
      await openCall(played, 'beneficiary-call', options.portal?.callSeconds ?? options.callSeconds ?? 4, {
        purpose: 'beneficiary-associations',
        seats: plan.beneficiaries.length,
        title: {
          fr: `Appel à manifestation d'intérêt : associations bénéficiaires à ${plan.regionName.fr}`,
          ar: `طلب إبداء الاهتمام لانتقاء الجمعيات المستفيدة بجهة ${plan.regionName.ar}`,
        },
        eligibilityRules: [],
      });
      beneficiaryCall = await readBeneficiaryCall();
    }
    if (options.portal !== undefined) {
      // Associations apply through their portal first: the files it then holds are not keyed in again.
      await options.portal.apply(beneficiaryCallId);
      beneficiaryCall = await readBeneficiaryCall();
    }
    const applied = new Set(
      ((beneficiaryCall?.applications ?? []) as { associationId: string }[]).map(
        (application) => application.associationId,
      ),
    );
    // On a turbulent rollout one file comes on paper: keyed in after the call closed (selectBeneficiaries).
    const paperFile = plan.turbulence?.paperFile.associationId;
    await keyInBeforeDeadline(
      client,
      tokens,
      step('beneficiary-call'),
      beneficiaryCallId,
      Date.parse(beneficiaryCall.deadline),
      [...plan.beneficiaries, ...plan.reserve].filter(
        (candidate) => !applied.has(candidate.associationId) && candidate.associationId !== paperFile,
      ),
      (candidate) =>
        apply(played, `beneficiary-call:apply:${candidate.associationId}`, beneficiaryCallId, candidate, {
          declaredFacts: {},
        }),
    );
  }
  const readCall = () => client.read(`/calls/${callId}`, tokens.ministry);
  let call = await readCall();
  if (call === undefined) {
    await openCall(played, 'call', options.callSeconds ?? 4, {
      purpose: 'regional-operator',
      title: {
        fr: `Appel à manifestation d'intérêt : association partenaire de la mise en œuvre à ${plan.regionName.fr}`,
        ar: `طلب إبداء الاهتمام لاختيار الجمعية الشريكة المكلفة بالتنفيذ بجهة ${plan.regionName.ar}`,
      },
      // The demo's applicants declare two facts (see `submit`): the rules on declared facts only.
      eligibilityRules: OPERATOR_CALL_ELIGIBILITY_RULES.filter(
        (rule) => rule.requirement.kind === 'declared',
      ),
    });
    call = await readCall();
  }
  let deadline = Date.parse(call.deadline);
  const submitted = new Set(
    (call.applications ?? []).map((application: { associationId: string }) => application.associationId),
  );
  const submit = (applicant: DemoRegionPlan['applicants'][number]) =>
    apply(played, `call:apply:${applicant.associationId}`, callId, applicant, {
      declaredFacts: { 'final-receipt': true, 'accounts-filed': applicant.accountsFiled },
    });
  if (!(await isPast('call-for-interest'))) {
    deadline = await keyInBeforeDeadline(
      client,
      tokens,
      step('call'),
      callId,
      deadline,
      plan.applicants.filter((candidate) => !candidate.late && !submitted.has(candidate.associationId)),
      submit,
    );
    // The late files arrive after the deadline: received, and refused as late.
    await sleep(Math.max(0, deadline - Date.now() + 50));
    for (const applicant of plan.applicants.filter((candidate) => candidate.late)) {
      if (!submitted.has(applicant.associationId)) await submit(applicant);
    }
  }
  await awaitPhase('committee-selection');
  await milestone('call-closed');

  // 4. The committee: appointed, one conflict declared, files scored, ranked, selection published.
  const scoringGrid = operatorCallScoringGrid(plan.regionName);
  if (!(await isPast('committee-selection'))) {
    if (plan.turbulence !== null) {
      await relaunchOperatorCall(played, options.callSeconds ?? 4, plan.turbulence);
      // The workflow closes the relaunched call at its new deadline; the committee decides then.
      const waitUntil = Date.now() + (options.phaseWaitMs ?? 120_000);
      for (call = await readCall(); call.status !== 'closed' || call.cancelled; call = await readCall()) {
        if (Date.now() > waitUntil) {
          throw await stalled(
            'committee-selection',
            `the relaunched call ${callId} was not closed at its deadline`,
          );
        }
        await sleep(250);
      }
    }
    const committee = committeeOf(played, callId, 'committee');
    call = await readCall();
    if (call.committee.status === 'not-appointed') {
      await committee.appoint({
        memberIds: cast.committee,
        chairId: cast.committee[0],
        quorum: 3,
        scoringGrid,
      });
      call = await readCall();
    }
    const fileOf = new Map<string, string>(
      (call.applications as { associationId: string; applicationId: string; refusal: unknown }[])
        .filter((application) => application.refusal === null)
        .map((application) => [application.associationId, application.applicationId]),
    );
    const conflictedFile = fileOf.get(plan.conflict.associationId);
    if (conflictedFile !== undefined) {
      await client.command(
        step('committee:conflict'),
        'POST',
        `/calls/${callId}/committee/conflicts`,
        tokens.committee[plan.conflict.memberId] as string,
        { applicationId: conflictedFile },
        ['CONFLICT_ALREADY_DECLARED'],
      );
    }
    const scored = scoredSheets(call.committee);
    for (const [memberIndex, memberId] of cast.committee.entries()) {
      for (const applicant of plan.applicants) {
        const applicationId = fileOf.get(applicant.associationId);
        if (applicationId === undefined || scored.has(`${memberId}/${applicationId}`)) continue;
        if (memberId === plan.conflict.memberId && applicationId === conflictedFile) continue;
        const score = Math.max(0, Math.min(20, applicant.score - (memberIndex % 2)));
        await committee.score(memberId, applicant.associationId, {
          applicationId,
          scores: scoringGrid.map(({ criterionId }) => ({
            criterionId,
            score: criterionId === 'regional-presence' ? Math.max(0, score - 1) : score,
          })),
        });
      }
    }
    await committee.rank();
    await committee.select();
    call = await readCall();
    if (call.committee.status !== 'published') await committee.publish(options.appealSeconds ?? 2);
  }
  await awaitPhase('partner-agreement');
  await milestone('operator-selected');

  // 5. The partner agreement with the operator, who receives its webhook secret to sign reports.
  if (!(await isPast('partner-agreement'))) {
    const partnerAgreement = {
      kind: 'partner',
      title: {
        fr: `Convention de partenariat avec ${plan.operator.name.fr}`,
        ar: `اتفاقية شراكة مع ${plan.operator.name.ar}`,
      },
      parties: [
        { partyId: cast.ministry, role: 'ministry' },
        { partyId: cast.partner, role: 'operator' },
      ],
    };
    await concludeAgreement(played, 'partner', tokens.ministry, partnerAgreement, [
      ['ministry', tokens.ministry, MINISTRY_DELEGATE],
      [
        'operator',
        tokens.partner,
        capacityOf(
          'vice-president',
          `Vice-président de ${plan.operator.name.fr}`,
          `نائب رئيس ${plan.operator.name.ar}`,
        ),
      ],
    ]);
  }
  await awaitPhase('enrolment');
  await milestone('partner-agreement-in-force');
  const secret = await registerWebhookSecret(client, plan, tokens);
  const report = (name: string, payload: { type: string; data: Record<string, unknown> }) =>
    client.report(step(name), plan.partnerId, secret, {
      type: payload.type,
      data: { rolloutId, ...payload.data },
    });

  // 6. Enrolment: the beneficiary call's committee ranks and selects (the rest is the reserve),
  // then the selected associations are enrolled with their members (ids only), then the closure.
  const readTraining = () => client.read(`/rollouts/${rolloutId}/training`, tokens.coordinator);
  if (!(await isPast('enrolment'))) {
    const { portal } = options;
    await selectBeneficiaries(played, portal?.appealSeconds ?? options.appealSeconds ?? 2);
    if (portal !== undefined) await portal.appeal(plan.beneficiaryCallId);
    if (plan.turbulence !== null) await upholdAppeal(played, plan.turbulence);
    await milestone('beneficiaries-selected');
    const training = await readTraining();
    const nominated = new Map<string, number>(
      (training.associations as { associationId: string; membersNominated: number }[]).map((association) => [
        association.associationId,
        association.membersNominated,
      ]),
    );
    // One stream holds the enrolment: the coordinator enters it one association after another.
    for (const beneficiary of enrolledAtClosure(plan)) {
      const already = nominated.get(beneficiary.associationId);
      if (already === beneficiary.members.length) continue;
      if (already === undefined) {
        await client.command(
          step(`enrol:${beneficiary.associationId}`),
          'POST',
          `/rollouts/${rolloutId}/beneficiaries`,
          tokens.coordinator,
          {
            associationId: beneficiary.associationId,
            name: beneficiary.name,
            province: beneficiary.province,
          },
        );
      }
      for (const member of beneficiary.members) {
        await client.command(
          step(`nominate:${member.memberId}`),
          'POST',
          `/rollouts/${rolloutId}/beneficiaries/${beneficiary.associationId}/members`,
          tokens.coordinator,
          member,
        );
      }
    }
    await client.command(
      step('enrolment:close'),
      'POST',
      `/rollouts/${rolloutId}/enrolment/closure`,
      tokens.coordinator,
    );
  }
  await awaitPhase('axis-1-training');
  await milestone('enrolment-closed');

  // 7. Axis 1: the operator reports each module's session, the attendance and the completions.
  const sessionDay = String(call.deadline).slice(0, 10);
  if (!(await isPast('axis-1-training'))) {
    const seat = plan.beneficiaries[0]?.province ?? plan.applicants[0]?.province;
    for (const module of AXIS_ONE_MODULES) {
      await report(`session:${module}`, {
        type: 'session.held',
        data: { sessionId: `session-${plan.regionCode}-${module}`, module, date: sessionDay, province: seat },
      });
    }
    if (plan.turbulence !== null) await changeBeneficiaries(played, plan.turbulence);
    const training = await readTraining();
    const completed = new Set(
      (training.associations as { associationId: string; axisOneCompleted: boolean }[])
        .filter((association) => association.axisOneCompleted)
        .map((association) => association.associationId),
    );
    const corrected = plan.turbulence?.attendanceCorrection;
    await inParallel(participantsOf(plan), parallel, async (beneficiary, associationIndex) => {
      if (completed.has(beneficiary.associationId)) return;
      const { associationId } = beneficiary;
      for (const [moduleIndex, module] of AXIS_ONE_MODULES.entries()) {
        const sessionId = `session-${plan.regionCode}-${module}`;
        // On a turbulent rollout the operator's sheet marks one member absent by mistake, and the
        // coordinator corrects it from the signed sheet before the completions are reported.
        const miskeyed =
          corrected !== undefined && corrected.associationId === associationId && corrected.module === module
            ? corrected
            : undefined;
        await report(`attendance:${associationId}:${module}`, {
          type: 'attendance.reported',
          data: {
            associationId,
            sessionId,
            attendance: beneficiary.members.map(({ memberId }) => ({
              memberId,
              attended: memberId !== miskeyed?.memberId,
            })),
          },
        });
        if (miskeyed !== undefined) {
          await client.command(
            step(`attendance-correction:${associationId}:${module}:${miskeyed.memberId}`),
            'POST',
            `/rollouts/${rolloutId}/beneficiaries/${associationId}/attendance-corrections`,
            tokens.coordinator,
            { sessionId, memberId: miskeyed.memberId, attended: true, reason: miskeyed.reason },
            ['ATTENDANCE_UNCHANGED'],
          );
        }
        for (const [rank, { memberId }] of beneficiary.members.entries()) {
          await report(`completion:${memberId}:${module}`, {
            type: 'module.completed',
            data: {
              associationId,
              memberId,
              module,
              evaluationScore: evaluationScoreOf(associationIndex, rank, moduleIndex),
            },
          });
        }
      }
    });
  }
  await awaitPhase('axis-2-trainers-and-hub');
  await milestone('axis-one-completed');

  // 8. Axis 2: trainees chosen by criteria, three trainer modules each, the hub, cascade sessions.
  let training = await readTraining();
  if (training.traineesSelected === 0) {
    await client.command(
      step('trainees:select'),
      'POST',
      `/rollouts/${rolloutId}/trainees`,
      tokens.coordinator,
      { minimumAttendanceRatePercent: 75, minimumEvaluationScore: 80 },
      ['TRAINEES_ALREADY_SELECTED'],
    );
    training = await readTraining();
  }
  const trainees = training.trainees as { memberId: string; certified: boolean }[];
  for (const trainee of trainees.filter((candidate) => !candidate.certified)) {
    for (const module of TRAINER_MODULES) {
      await report(`trainer-module:${trainee.memberId}:${module}`, {
        type: 'trainer-module.completed',
        data: { memberId: trainee.memberId, module },
      });
    }
  }
  if (training.hub === null) {
    await client.command(
      step('hub:establish'),
      'PUT',
      `/rollouts/${rolloutId}/hub`,
      tokens.coordinator,
      {
        name: {
          fr: `Pôle régional de compétences associatives ${plan.regionName.fr}`,
          ar: `القطب الجهوي للكفاءات الجمعوية ${plan.regionName.ar}`,
        },
      },
      ['HUB_ALREADY_ESTABLISHED'],
    );
  }
  await milestone('hub-established');
  if (training.reach.cascadeSessions < plan.cascadeSessions.length && trainees.length > 0) {
    for (const [index, session] of plan.cascadeSessions.entries()) {
      await report(`cascade:${session.sessionId}`, {
        type: 'cascade-session.held',
        data: {
          ...session,
          associationIds: [...session.associationIds],
          trainerId: (trainees[index % trainees.length] as { memberId: string }).memberId,
          date: sessionDay,
        },
      });
    }
  }
  await awaitPhase('axis-3-grants');

  // 9. Axis 3: budgets, a grant per beneficiary, each tranche prepared, approved and paid by three people.
  const readGrants = () => client.read(`/rollouts/${rolloutId}/grants`, tokens.ministry);
  let grants = await readGrants();
  const committed = new Set(
    (grants.coFunders as { coFunderId: string; committed?: number }[]).map((coFunder) => coFunder.coFunderId),
  );
  for (const coFunder of plan.coFunders) {
    if (committed.has(coFunder.coFunderId)) continue;
    await client.command(
      step(`budget:${coFunder.coFunderId}`),
      'POST',
      `/rollouts/${rolloutId}/co-funders/${coFunder.coFunderId}/commitments`,
      tokens.ministry,
      { name: coFunder.name, amount: coFunder.amount },
    );
  }
  const granted = new Set((grants.grants as { associationId: string }[]).map((grant) => grant.associationId));
  for (const grant of plan.grants) {
    if (granted.has(grant.associationId)) continue;
    await client.command(
      step(`grant:${grant.associationId}`),
      'POST',
      `/rollouts/${rolloutId}/grants`,
      tokens.ministry,
      {
        associationId: grant.associationId,
        amount: grant.amount,
        purpose: {
          fr: "Renforcer la gouvernance et la gestion de l'association après la formation",
          ar: 'تعزيز حكامة الجمعية وتدبيرها بعد التكوين',
        },
        deliverables: [
          {
            deliverable: 'action-plan',
            label: { fr: "Plan d'action triennal adopté", ar: 'مخطط عمل ثلاثي مصادق عليه' },
            dueBy: `${Number(plan.edition) + 1}-06-30`,
          },
        ],
        funding: grant.funding,
        tranches: scheduleOf(grant.tranches),
      },
      ['ASSOCIATION_ALREADY_GRANTED'],
    );
  }
  type GrantRead = {
    grantId: string;
    associationId: string;
    status: string;
    refunded: number;
    amendments: number;
    tranches: { trancheNumber: number; status: string }[];
  };
  const turbulence = plan.turbulence;
  const amend = (grant: GrantRead, amendment: DemoGrantAmendment) =>
    client.command(
      step(`grant-amendment:${grant.associationId}:${grant.amendments + 1}`),
      'POST',
      `/rollouts/${rolloutId}/grants/${grant.grantId}/amendments`,
      tokens.ministry,
      {
        amount: amendment.amount,
        funding: amendment.funding,
        tranches: scheduleOf(amendment.tranches),
        reason: amendment.reason,
      },
    );
  grants = await readGrants();
  // A turbulent rollout's grant amended before its first tranche: a lower amount, a new schedule.
  const amended = (grants.grants as GrantRead[]).find(
    (grant) => grant.associationId === turbulence?.grantAmendment.associationId,
  );
  if (turbulence !== null && amended !== undefined && amended.amendments === 0) {
    await amend(amended, turbulence.grantAmendment);
    grants = await readGrants();
  }
  // The grants whose money comes partly back are paid first: while the others are unpaid, the
  // rollout cannot close before their refund and amendment or cancellation.
  const returning = turbulence?.trancheReturn;
  const cancelled = turbulence?.grantCancellation;
  const corrected = turbulence?.paymentCorrection;
  const first = [cancelled?.associationId, returning?.associationId];
  const rankOf = (grant: GrantRead) => {
    const rank = first.indexOf(grant.associationId);
    return rank === -1 ? first.length : rank;
  };
  const inOrder = [...(grants.grants as GrantRead[])].sort((one, other) => rankOf(one) - rankOf(other));
  const refund = (
    grant: GrantRead,
    trancheNumber: number,
    kind: 'returned' | 'recovered',
    amount: number,
    reason: unknown,
  ) =>
    client.command(
      step(`tranche-refund:${grant.associationId}:${trancheNumber}`),
      'POST',
      `/rollouts/${rolloutId}/grants/${grant.grantId}/tranches/${trancheNumber}/refunds`,
      tokens.payer,
      { kind, amount, refundReference: `refund-${grant.associationId}-${trancheNumber}`, reason },
    );
  for (const grant of inOrder) {
    const isCancelled = grant.associationId === cancelled?.associationId;
    // A grant to cancel is paid its first tranches only; a cancelled one is settled.
    const toPay = grant.tranches.filter(
      (tranche) =>
        grant.status !== 'cancelled' && (!isCancelled || tranche.trancheNumber <= cancelled.trancheNumber),
    );
    for (const tranche of toPay) {
      const path = `/rollouts/${rolloutId}/grants/${grant.grantId}/tranches/${tranche.trancheNumber}`;
      const name = `tranche:${grant.associationId}:${tranche.trancheNumber}`;
      if (tranche.status === 'planned') {
        await client.command(
          step(`${name}:request`),
          'POST',
          `${path}/request`,
          tokens.preparer,
          {
            evidence:
              tranche.trancheNumber === 1
                ? []
                : [{ evidence: 'interim-report', documentId: `report-${grant.associationId}-interim` }],
          },
          ['TRANCHE_ALREADY_REQUESTED', 'TRANCHE_ALREADY_APPROVED', 'TRANCHE_ALREADY_PAID'],
        );
      }
      if (tranche.status === 'planned' || tranche.status === 'requested') {
        await client.command(
          step(`${name}:approve`),
          'POST',
          `${path}/approval`,
          tokens.approver,
          undefined,
          ['TRANCHE_ALREADY_APPROVED', 'TRANCHE_ALREADY_PAID'],
        );
      }
      const reference = `pay-${grant.associationId}-${tranche.trancheNumber}`;
      // On a turbulent rollout one payment is keyed with the order's number; the payer corrects it.
      const miskeyed =
        corrected?.associationId === grant.associationId && corrected.trancheNumber === tranche.trancheNumber
          ? corrected
          : undefined;
      if (tranche.status !== 'paid') {
        await client.command(
          step(`${name}:pay`),
          'POST',
          `${path}/payment`,
          tokens.payer,
          { paymentReference: miskeyed?.miskeyedReference ?? reference },
          ['TRANCHE_ALREADY_PAID'],
        );
      }
      if (miskeyed !== undefined) {
        await client.command(
          step(`${name}:payment-correction`),
          'POST',
          `${path}/payment-corrections`,
          tokens.payer,
          { paymentReference: reference, reason: miskeyed.reason },
          ['PAYMENT_UNCHANGED'],
        );
      }
    }
    if (isCancelled && grant.status !== 'cancelled') {
      // A control finds part of the first tranche spent outside the grant's purpose: it is
      // recovered, then the ministry cancels the grant, which then weighs what the association
      // holds (ADR 0090).
      if (grant.refunded === 0) {
        await refund(
          grant,
          cancelled.trancheNumber,
          'recovered',
          cancelled.recovered,
          cancelled.recoveryReason,
        );
      }
      await client.command(
        step(`grant-cancellation:${grant.associationId}`),
        'POST',
        `/rollouts/${rolloutId}/grants/${grant.grantId}/cancellation`,
        tokens.ministry,
        { reason: cancelled.reason },
      );
    }
    if (returning !== undefined && grant.associationId === returning.associationId) {
      // The association returns what it did not use of a tranche; the ministry amends the grant to
      // what it keeps, which settles it (ADR 0090).
      if (grant.refunded === 0) {
        await refund(grant, returning.trancheNumber, 'returned', returning.amount, returning.reason);
      }
      if (grant.amendments === 0) await amend(grant, returning.amendment);
    }
  }
  await milestone('grants-paid');

  // 10. The workflow closes the rollout once every tranche is paid, with its final figures.
  await awaitPhase('closed');
  await milestone('closed');
};

/** The release condition of every tranche after the first. */
const INTERIM_REPORT = {
  evidence: 'interim-report',
  label: { fr: 'Rapport intermédiaire', ar: 'تقرير مرحلي' },
};

/** A grant's tranches as sent: the first released at once, each later one on the interim report. */
const scheduleOf = (tranches: readonly number[]) =>
  tranches.map((amount, index) => ({ amount, releaseConditions: index === 0 ? [] : [INTERIM_REPORT] }));

/** What each step of the player sends with: the client, the region's plan, its tokens, its keys. */
interface Played {
  readonly client: DemoClient;
  readonly plan: DemoRegionPlan;
  readonly tokens: DemoTokens;
  /** The idempotency key of a named step of this rollout. */
  readonly step: (name: string) => string;
}

/** Opens one of the rollout's calls for `seconds` (its deadline is in the step's key: a rerun opens none). */
const openCall = ({ client, plan, tokens, step }: Played, name: string, seconds: number, terms: object) => {
  const deadline = new Date(Date.now() + seconds * 1000).toISOString();
  return client.command(
    step(`${name}:open:${deadline}`),
    'POST',
    `/rollouts/${plan.rolloutId}/calls`,
    tokens.ministry,
    { ...terms, deadline },
    ['CALL_ALREADY_OPENED'],
  );
};

/** An association's file keyed in to a call by the coordinator (with the date it arrived, if on paper). */
const apply = (
  { client, tokens, step }: Played,
  name: string,
  callId: string,
  file: { readonly associationId: string; readonly name: unknown; readonly province: string },
  details: { declaredFacts: Record<string, unknown>; receivedAt?: string },
) =>
  client.command(
    step(name),
    'POST',
    `/calls/${callId}/applications`,
    tokens.coordinator,
    { associationId: file.associationId, associationName: file.name, province: file.province, ...details },
    ['APPLICATION_ALREADY_SUBMITTED'],
  );

/** The score sheets a call's committee already holds, as `member/application`. */
const scoredSheets = (committee: { scores?: { memberId: string; applicationId: string }[] }) =>
  new Set((committee.scores ?? []).map((sheet) => `${sheet.memberId}/${sheet.applicationId}`));

/**
 * A call's committee, each of its steps keyed under `name` and answered as done when already done:
 * appointed by the ministry, each file scored by its member, ranked and selected by its chair (the
 * cast's first committee member), the selection published by the ministry with its appeal window.
 */
const committeeOf = ({ client, plan, tokens, step }: Played, callId: string, name: string) => {
  const path = `/calls/${callId}/committee`;
  const chair = tokens.committee[plan.cast.committee[0] as string] as string;
  return {
    chair,
    appoint: (terms: object) =>
      client.command(step(`${name}:appoint`), 'PUT', path, tokens.ministry, terms, [
        'COMMITTEE_ALREADY_APPOINTED',
      ]),
    score: (memberId: string, associationId: string, sheet: object) =>
      client.command(
        step(`${name}:score:${memberId}:${associationId}`),
        'POST',
        `${path}/scores`,
        tokens.committee[memberId] as string,
        sheet,
        ['FILE_ALREADY_SCORED'],
      ),
    /** A member's scores of a file corrected before the publication, with the reason (ADR 0082). */
    correct: (memberId: string, associationId: string, correction: object) =>
      client.command(
        step(`${name}:score-correction:${memberId}:${associationId}`),
        'POST',
        `${path}/score-corrections`,
        tokens.committee[memberId] as string,
        correction,
        ['SCORES_UNCHANGED'],
      ),
    /** `again` names a ranking made once more (after a correction withdrew it). */
    rank: (again = '') =>
      client.command(step(`${name}:rank${again}`), 'POST', `${path}/ranking`, chair, undefined, [
        'RANKING_ALREADY_DONE',
      ]),
    /** `again` names a selection made once more (after a correction or an appeal withdrew it). */
    select: (again = '') =>
      client.command(step(`${name}:select${again}`), 'POST', `${path}/selection`, chair, undefined, [
        'SELECTION_ALREADY_MADE',
      ]),
    /** `round` names a publication after the first (its minutes are another document). */
    publish: (appealSeconds: number, round?: string) => {
      const appealWindowEndsAt = new Date(Date.now() + appealSeconds * 1000).toISOString();
      const suffix = round === undefined ? '' : `-${round}`;
      return client.command(
        step(`${name}:publish:${round === undefined ? '' : `${round}:`}${appealWindowEndsAt}`),
        'POST',
        `${path}/publication`,
        tokens.ministry,
        { appealWindowEndsAt, minutes: { fr: `pv-${callId}-fr${suffix}`, ar: `pv-${callId}-ar${suffix}` } },
        ['SELECTION_ALREADY_PUBLISHED'],
      );
    },
  };
};

/** The ministry's delegate, as the ministry signs every agreement. */
const MINISTRY_DELEGATE: SignerCapacity = {
  office: 'ministry-delegate',
  title: { fr: 'Directeur de l’économie sociale', ar: 'مدير الاقتصاد الاجتماعي' },
};

/**
 * An agreement of the rollout drafted and signed by each of its parties in its capacity, all of one
 * text (issue 20, item 7); `name` keys its steps. Each step is answered as done when already done.
 */
const concludeAgreement = async (
  { client, plan, step }: Played,
  name: 'regional' | 'partner',
  drafter: string,
  terms: { readonly kind: string },
  signers: readonly (readonly [signer: string, token: string, capacity: SignerCapacity])[],
): Promise<void> => {
  const agreementId = `${plan.rolloutId}-${terms.kind}`;
  await client.command(
    step(`${name}-agreement:draft`),
    'POST',
    `/rollouts/${plan.rolloutId}/agreements`,
    drafter,
    terms,
    ['AGREEMENT_ALREADY_DRAFTED'],
  );
  const text = agreementText(agreementId, terms);
  for (const [signer, token, capacity] of signers) {
    await client.command(
      step(`${name}-agreement:sign:${signer}`),
      'POST',
      `/agreements/${agreementId}/signatures`,
      token,
      { capacity, text },
      ['AGREEMENT_ALREADY_SIGNED'],
    );
  }
};

/** The pace assumed for a call's files when its deadline is at hand before one is measured (ms). */
const FIRST_FILE_MS = 250;
/** What the deadline keeps in hand beyond the files still to come at the measured pace (ms). */
const DEADLINE_SPARE_MS = 2_000;

/**
 * Keys in a call's files one after another before its deadline, at the pace the server allows. The
 * pace is measured as the files go: when the files left would not arrive in time at twice that pace
 * (a busy machine slows down), the ministry extends the deadline by `ExtendCallDeadline`, with its
 * reason, to three times what they need, as it extends a real call whose files are still being
 * keyed in. A deadline at hand before the first file (a rerun finds it past, while the call is
 * still open) is extended at an assumed pace.
 * Answers the deadline in force.
 */
export const keyInBeforeDeadline = async <File>(
  client: DemoClient,
  tokens: DemoTokens,
  step: string,
  callId: string,
  deadline: number,
  files: readonly File[],
  submit: (file: File) => Promise<unknown>,
): Promise<number> => {
  const started = Date.now();
  let inForce = deadline;
  for (const [index, file] of files.entries()) {
    const now = Date.now();
    const measured = index === 0 ? undefined : (now - started) / index;
    const pace = measured ?? FIRST_FILE_MS;
    const left = files.length - index;
    // Before a file is measured, only a deadline already at hand is extended (a rerun finds it past).
    const needed = measured === undefined ? DEADLINE_SPARE_MS : 2 * left * measured + DEADLINE_SPARE_MS;
    if (inForce - now < needed) {
      const extended = new Date(now + 3 * left * pace + DEADLINE_SPARE_MS).toISOString();
      await client.command(
        `${step}:extend:${extended}`,
        'POST',
        `/calls/${callId}/deadline-extensions`,
        tokens.ministry,
        {
          deadline: extended,
          reason: {
            fr: `${left} dossiers reçus restent à saisir : le délai est prolongé pour qu’ils le soient avant la clôture.`,
            ar: `ما زال ${left} ملفا متوصلا به في انتظار الإدخال: مُدّد الأجل لإدخالها قبل الإغلاق.`,
          },
        },
      );
      inForce = Date.parse(extended);
    }
    await submit(file);
  }
  return inForce;
};

/**
 * Registers a fresh signing secret for the operator through the ministry's route (a rotation:
 * earlier secrets stay valid until retired), so the operator can sign its reports.
 */
const registerWebhookSecret = async (
  client: DemoClient,
  plan: DemoRegionPlan,
  tokens: DemoTokens,
): Promise<string> => {
  // A secret is shown once: each run registers its own (no Idempotency-Key would give it back).
  const answer = await client.command(
    `${plan.rolloutId}:webhook-secret:${Date.now()}`,
    'POST',
    `/partners/${plan.partnerId}/webhook-secrets`,
    tokens.ministry,
    { associationId: plan.operator.associationId, rolloutId: plan.rolloutId },
  );
  const secret: unknown = answer.json?.secret;
  if (typeof secret !== 'string' || !secret.startsWith('whsec_')) {
    throw new Error(`POST /partners/${plan.partnerId}/webhook-secrets did not answer a whsec_ secret`);
  }
  return secret;
};

const BENEFICIARY_GRID = [
  {
    criterionId: 'needs-and-commitment',
    label: { fr: 'Besoins et engagement', ar: 'الحاجيات والالتزام' },
    weight: 1,
    maxScore: 20,
  },
];

/**
 * The beneficiary call's committee (three of the cast's committee members): the call closed at its
 * deadline, every file scored (the planned beneficiaries 16, the reserve below), ranked, the
 * seats selected and the selection published. Each step is skipped when already done.
 */
const selectBeneficiaries = async (played: Played, appealSeconds: number): Promise<void> => {
  const { client, plan, tokens, step } = played;
  const callId = plan.beneficiaryCallId;
  const readCall = () => client.read(`/calls/${callId}`, tokens.ministry);
  let call = await readCall();
  // Published, or published once and appealed (a turbulent rollout, upholdAppeal): done here.
  if (call.committee?.status === 'published' || (call.committee?.appeals ?? []).length > 0) return;
  if (call.status === 'open') {
    await sleep(Math.max(0, Date.parse(call.deadline) - Date.now() + 50));
    await client.command(
      step('beneficiary-call:close'),
      'POST',
      `/calls/${callId}/closure`,
      tokens.ministry,
      undefined,
      ['CALL_ALREADY_CLOSED'],
    );
  }
  const turbulence = plan.turbulence;
  const miskey = turbulence?.scoreCorrection;
  if (turbulence !== null) {
    call = await readCall();
    await keyInPaperFile(played, call, turbulence.paperFile.associationId);
  }
  const members = plan.cast.committee.slice(0, 3);
  const committee = committeeOf(played, callId, 'beneficiary-committee');
  call = await readCall();
  if (call.committee.status === 'not-appointed') {
    await committee.appoint({
      memberIds: members,
      chairId: members[0],
      quorum: members.length,
      scoringGrid: BENEFICIARY_GRID,
    });
    call = await readCall();
  }
  if (call.committee.status === 'appointed') {
    const scored = scoredSheets(call.committee);
    const scoreOf = new Map<string, number>([
      ...plan.beneficiaries.map((beneficiary) => [beneficiary.associationId, 16] as const),
      ...plan.reserve.map((reserve, index) => [reserve.associationId, 12 - index] as const),
    ]);
    for (const memberId of members) {
      for (const application of call.applications as {
        associationId: string;
        applicationId: string;
        refusal: unknown;
      }[]) {
        // A refused file (late, or failing an eligibility rule) is not scored (APPLICATION_NOT_ELIGIBLE).
        if (application.refusal !== null || scored.has(`${memberId}/${application.applicationId}`)) continue;
        // On a turbulent rollout one member keys one score wrong (corrected below).
        const score =
          miskey?.memberId === memberId && miskey.associationId === application.associationId
            ? miskey.miskeyed
            : (scoreOf.get(application.associationId) ?? 0);
        await committee.score(memberId, application.associationId, {
          applicationId: application.applicationId,
          scores: [{ criterionId: 'needs-and-commitment', score }],
        });
      }
    }
  }
  await committee.rank();
  await committee.select();
  if (miskey !== undefined) {
    // The miskeyed score ranked the file out of the seats: its member corrects it from the signed
    // grid before the publication, which withdraws the ranking; the chair ranks and selects again.
    call = await readCall();
    const file = (call.applications as { associationId: string; applicationId: string }[]).find(
      (application) => application.associationId === miskey.associationId,
    );
    const sheet = (
      call.committee.scores as { memberId: string; applicationId: string; scores: { score: number }[] }[]
    ).find((each) => each.memberId === miskey.memberId && each.applicationId === file?.applicationId);
    if (file !== undefined && sheet?.scores[0]?.score === miskey.miskeyed) {
      await committee.correct(miskey.memberId, miskey.associationId, {
        applicationId: file.applicationId,
        scores: [{ criterionId: 'needs-and-commitment', score: miskey.score }],
        reason: miskey.reason,
      });
    }
    await committee.rank(':after-correction');
    await committee.select(':after-correction');
  }
  // A turbulent rollout's appellant appeals as soon as the selection is published: its window is
  // long enough for that request whatever the machine's load (nothing waits for it to end).
  await committee.publish(
    turbulence === null ? appealSeconds : Math.max(appealSeconds, APPEAL_WINDOW_SECONDS),
  );
};

/**
 * A turbulent rollout's appeal: the reserve's first association shows the committee left out what
 * its file proved; the chair upholds it, which re-opens the selection with the appellant admitted
 * (ADR 0093); the chair selects again and the ministry publishes the new selection.
 */
const upholdAppeal = async (played: Played, turbulence: DemoTurbulence): Promise<void> => {
  const { client, plan, tokens, step } = played;
  const callId = plan.beneficiaryCallId;
  const readCall = () => client.read(`/calls/${callId}`, tokens.ministry);
  const committee = committeeOf(played, callId, 'beneficiary-committee');
  const { appellant, groundsDocumentId, reason } = turbulence.appeal;
  let call = await readCall();
  const admitted = (call.committee.selectedAssociationIds as string[]).includes(appellant.associationId);
  if (admitted && call.committee.status === 'published') return;
  const appealOf = (read: typeof call) =>
    (
      read.committee.appeals as {
        appealId: string;
        associationId: string;
        outcome: string | null;
        lapsed?: boolean;
      }[]
    ).find((appeal) => appeal.associationId === appellant.associationId && appeal.lapsed !== true);
  if (appealOf(call) === undefined && call.committee.status === 'published') {
    await client.command(
      step(`beneficiary-committee:appeal:${appellant.associationId}`),
      'POST',
      `/calls/${callId}/appeals`,
      tokens.coordinator,
      { associationId: appellant.associationId, groundsDocumentId },
      ['APPEAL_ALREADY_LODGED'],
    );
    call = await readCall();
  }
  const appeal = appealOf(call);
  if (appeal !== undefined && appeal.outcome === null) {
    await client.command(
      step(`beneficiary-committee:appeal:${appellant.associationId}:decision`),
      'POST',
      `/calls/${callId}/appeals/${appeal.appealId}/decision`,
      committee.chair,
      { outcome: 'upheld', reason, reopens: 'selection' },
      ['APPEAL_ALREADY_DECIDED'],
    );
  }
  await committee.select(':after-appeal');
  await committee.publish(APPEAL_WINDOW_SECONDS, 'r2');
};

/**
 * A turbulent rollout's changes of its beneficiaries once axis 1 began (ADR 0085): an association
 * withdraws (the coordinator records it) and another is excluded (the ministry decides it), each
 * replaced by the next of the reserve (which then nominates its four members); a member leaves
 * another association and is replaced for the same topic. Each is skipped when done.
 */
const changeBeneficiaries = async (played: Played, turbulence: DemoTurbulence): Promise<void> => {
  const { client, plan, tokens, step } = played;
  const { rolloutId } = plan;
  const { withdrawal, exclusion, memberReplaced } = turbulence;
  const beneficiaries = `/rollouts/${rolloutId}/beneficiaries`;
  const training = await client.read(`/rollouts/${rolloutId}/training`, tokens.coordinator);
  const taking = new Map(
    (training.associations as { associationId: string; members?: { memberId: string }[] }[]).map(
      (association) => [association.associationId, association],
    ),
  );
  // In this order: the reserve gives its next association to each in turn.
  for (const [departure, { associationId, reason, replacement }, token] of [
    ['withdrew', withdrawal, tokens.coordinator],
    ['excluded', exclusion, tokens.ministry],
  ] as const) {
    if (taking.has(associationId)) {
      await client.command(
        step(`withdrawal:${associationId}`),
        'POST',
        `${beneficiaries}/${associationId}/withdrawal`,
        token,
        { departure, reason },
        ['ASSOCIATION_ALREADY_WITHDRAWN'],
      );
    }
    if (!taking.has(replacement.associationId)) {
      await client.command(
        step(`replacement:${associationId}`),
        'POST',
        `${beneficiaries}/${associationId}/replacement`,
        tokens.coordinator,
      );
    }
    const nominated = new Set(
      (taking.get(replacement.associationId)?.members ?? []).map((member) => member.memberId),
    );
    for (const member of replacement.members) {
      if (nominated.has(member.memberId)) continue;
      await client.command(
        step(`nominate:${member.memberId}`),
        'POST',
        `${beneficiaries}/${replacement.associationId}/members`,
        tokens.coordinator,
        member,
        ['MEMBER_ALREADY_NOMINATED'],
      );
    }
  }
  const stays = (taking.get(memberReplaced.associationId)?.members ?? []).some(
    (member) => member.memberId === memberReplaced.leavingMemberId,
  );
  if (stays) {
    await client.command(
      step(`member-replacement:${memberReplaced.leavingMemberId}`),
      'POST',
      `${beneficiaries}/${memberReplaced.associationId}/members/${memberReplaced.leavingMemberId}/replacement`,
      tokens.coordinator,
      { replacementMemberId: memberReplaced.replacementMemberId, reason: memberReplaced.reason },
    );
  }
};

/**
 * A turbulent rollout's operator call: once closed, the ministry ends it without result (its notice
 * missed two provinces) and relaunches it for `seconds` with the files it holds (ADR 0091).
 * Skipped once the call's history holds its relaunch.
 */
const relaunchOperatorCall = async (
  { client, plan, tokens, step }: Played,
  seconds: number,
  turbulence: DemoTurbulence,
): Promise<void> => {
  const callId = plan.operatorCallId;
  const history = (await client.streamEvents(callStreamId(callId), tokens.ministry)).map(
    (event) => event.type,
  );
  if (history.includes('CallRelaunched')) return;
  const { endReason, relaunchReason } = turbulence.operatorCallRelaunch;
  if (!history.includes('CallEnded')) {
    await client.command(
      step('call:end-without-result'),
      'POST',
      `/calls/${callId}/ending-without-result`,
      tokens.ministry,
      { reason: endReason },
    );
  }
  const deadline = new Date(Date.now() + seconds * 1000).toISOString();
  await client.command(
    step(`call:relaunch:${deadline}`),
    'POST',
    `/calls/${callId}/relaunch`,
    tokens.ministry,
    {
      deadline,
      reason: relaunchReason,
    },
  );
};

/** How long a turbulent rollout's beneficiary selection is open to appeal (s). */
const APPEAL_WINDOW_SECONDS = 60;

/**
 * A turbulent rollout's paper file: it reached the ministry's registry while the call was open
 * (stamped when the first online file arrived) and is keyed in after the call closed, with that
 * date: judged by it, it is on time (ADR 0080).
 */
const keyInPaperFile = async (
  played: Played,
  call: { applications: { associationId: string; receivedAt: string }[] },
  associationId: string,
): Promise<void> => {
  const { plan } = played;
  if (call.applications.some((application) => application.associationId === associationId)) return;
  const file = plan.beneficiaries.find((beneficiary) => beneficiary.associationId === associationId);
  const stamped = call.applications.map((application) => application.receivedAt).sort()[0];
  if (file === undefined || stamped === undefined) return;
  await apply(played, `beneficiary-call:apply:${associationId}:paper`, plan.beneficiaryCallId, file, {
    declaredFacts: {},
    receivedAt: stamped,
  });
};

/** The signer's capacity as printed under a signature (issue 20, item 7). */
const capacityOf = (office: SignerCapacity['office'], fr: string, ar: string): SignerCapacity => ({
  office,
  title: { fr, ar },
});

/**
 * The agreement's text the parties sign: until documents hold it, the demo signs the SHA-256 of its
 * canonical terms (kind, title, parties) and names the document that will hold it.
 */
const agreementText = (agreementId: string, terms: unknown) => ({
  sha256: createHash('sha256').update(JSON.stringify(terms), 'utf8').digest('hex'),
  documentId: `doc-${agreementId}-text`,
});
