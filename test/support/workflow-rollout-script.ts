import type { Actor } from '../../events/envelope.js';
import type { ModuleCode, TrainerModuleCode } from '../../events/reference.js';
import { loadStream } from '../../functions/application/execute-command.js';
import { operatorCallIdOf } from '../../functions/application/rollout-facts.js';
import {
  agreementDecider,
  agreementStreamId,
  rolloutAgreementId,
} from '../../functions/domain/agreements/agreements.js';
import { callDecider, callFacts, callStreamId } from '../../functions/domain/call/call.js';
import { committeeDecider, committeeStreamId } from '../../functions/domain/committee/committee.js';
import { enrolmentDecider, enrolmentStreamId } from '../../functions/domain/enrolment/enrolment.js';
import { grantsDecider, grantsInOrder, grantsStreamId } from '../../functions/domain/grants/grants.js';
import { rolloutDecider } from '../../functions/domain/rollout/rollout.js';
import { trainersDecider, trainersStreamId } from '../../functions/domain/trainers/trainers.js';
import {
  trainingScheduleDecider,
  trainingScheduleStreamId,
} from '../../functions/domain/training/schedule.js';
import {
  memberTrainingRecords,
  trainingDecider,
  trainingStreamId,
} from '../../functions/domain/training/training.js';
import { grantPurpose } from './grant-purpose.js';
import { capacityOf } from './signer-capacity.js';
import { act, type WorkflowMachine } from './workflow-harness.js';

// The commands people send during a region's rollout (small targets: one association, one
// member, one trainer, one grant), one helper per phase. Each ends by propagating the events.

export const ROLLOUT_ID = 'rollout-FM-2026';
export const OPERATOR_CALL_ID = operatorCallIdOf(ROLLOUT_ID);
/** The ministry every step of the script acts as, and the tests with it. */
export const ministry: Actor = { id: 'user-ministry-1', role: 'ministry' };
const partner: Actor = { id: 'partner-amsed', role: 'partner' };
const coordinator: Actor = { id: 'user-coordinator-fm', role: 'coordinator' };
const member = (id: string): Actor => ({ id, role: 'committee-member' });
const party = (id: string): Actor => ({ id, role: 'ministry' });
const PROVINCES = ['Fès', 'Meknès', 'Sefrou'];
const ASSOCIATION = 'assoc-fm-01';
const MEMBER = 'member-fm-01';
const bilingual = (text: string) => ({ fr: text, ar: `${text} (ar)` });
const days = (now: string, count: number): string =>
  new Date(Date.parse(now) + count * 86_400_000).toISOString();

export const launchRollout = async (machine: WorkflowMachine): Promise<void> => {
  await act(machine, rolloutDecider, ROLLOUT_ID, ministry, {
    type: 'LaunchRollout',
    data: {
      regionCode: 'FM',
      edition: '2026',
      targets: { associations: 1, membersPerAssociation: 1, trainers: 1, horizon: 600 },
    },
  });
  await machine.propagate();
};

const signAgreement = async (
  machine: WorkflowMachine,
  kind: 'regional-partnership' | 'partner',
  parties: readonly { partyId: string; role: 'ministry' | 'wali' | 'regional-council' | 'operator' }[],
  propagate = true,
): Promise<void> => {
  const streamId = agreementStreamId(rolloutAgreementId(ROLLOUT_ID, kind));
  await act(machine, agreementDecider, streamId, ministry, {
    type: 'DraftAgreement',
    data: {
      agreementId: rolloutAgreementId(ROLLOUT_ID, kind),
      kind,
      rolloutId: ROLLOUT_ID,
      title: bilingual(kind),
      parties: [...parties],
    },
  });
  for (const { partyId, role } of parties) {
    // The Wali and the Regional Council sign as signatories, never with an operating role (issue 20).
    const signer =
      role === 'wali' || role === 'regional-council'
        ? { id: partyId, role: 'signatory' as const }
        : party(partyId);
    await act(machine, agreementDecider, streamId, signer, {
      type: 'SignAgreement',
      data: { capacity: capacityOf(role) },
    });
  }
  if (propagate) await machine.propagate();
};

/** Signs the regional agreement; `propagate: false` leaves its events unpublished (a test publishes them). */
export const signRegionalAgreement = (machine: WorkflowMachine, options: { propagate?: boolean } = {}) =>
  signAgreement(
    machine,
    'regional-partnership',
    [
      { partyId: 'party-ministry', role: 'ministry' },
      { partyId: 'party-wali-fm', role: 'wali' },
      { partyId: 'party-council-fm', role: 'regional-council' },
    ],
    options.propagate ?? true,
  );

/** A call or a file keyed in long after the fact (a past edition, ADR 0135): the reason. */
type LateEntry = { readonly lateEntryReason: { readonly fr: string; readonly ar: string } };

/**
 * The ministry opens the operator call with its `deadline`; `late`: keyed in with the day it
 * opened and the reason (a past edition, ADR 0135). Its events are not published.
 */
export const openOperatorCall = (
  machine: WorkflowMachine,
  deadline: string,
  late?: LateEntry & { readonly openedAt: string },
) =>
  act(machine, callDecider, callStreamId(OPERATOR_CALL_ID), ministry, {
    type: 'OpenCall',
    data: {
      callId: OPERATOR_CALL_ID,
      purpose: 'regional-operator',
      rolloutId: ROLLOUT_ID,
      regionCode: 'FM',
      title: bilingual('Appel à manifestation d’intérêt'),
      deadline,
      eligibilityRules: [],
      ...late,
    },
  });

/**
 * The operator call receives two files (AMSED's and another's), sent by the partner; `late`: keyed
 * in by the coordinator, with the day each was received and the reason (ADR 0135). Its events are
 * not published.
 */
export const receiveOperatorCallFiles = async (
  machine: WorkflowMachine,
  late?: LateEntry & { readonly receivedAt: string },
): Promise<void> => {
  for (const associationId of ['assoc-amsed', 'assoc-other']) {
    await act(
      machine,
      callDecider,
      callStreamId(OPERATOR_CALL_ID),
      late === undefined ? partner : coordinator,
      {
        type: 'SubmitApplication',
        data: {
          callId: OPERATOR_CALL_ID,
          associationId,
          associationName: bilingual(associationId),
          province: 'Fès',
          declaredFacts: {},
          ...late,
        },
      },
    );
  }
};

/** Opens the operator call with its deadline `deadlineDays` from now, and receives two files. */
export const openOperatorCallWithFiles = async (
  machine: WorkflowMachine,
  deadlineDays = 30,
): Promise<string> => {
  const deadline = days(machine.services.clock(), deadlineDays);
  await openOperatorCall(machine, deadline);
  await receiveOperatorCallFiles(machine);
  await machine.propagate();
  return deadline;
};

const callFactsNow = async (machine: WorkflowMachine) => ({
  call: callFacts(
    (await loadStream(machine.services.store, callStreamId(OPERATOR_CALL_ID), callDecider)).state,
  ),
});

/** A publication keyed in late (a past edition, ADR 0135): its true date, its window and the reason. */
export interface LatePublication {
  readonly publishedAt: string;
  readonly appealWindowEndsAt: string;
  readonly lateEntryReason: { readonly fr: string; readonly ar: string };
}

/**
 * The chair ranks the operator call's files and selects, the ministry publishes the selection with
 * the minutes of this `round` (`doc-pv-fr`, then `doc-pv-fr-2` once an appeal re-opened the
 * ranking), now or on the date a late publication says; returns the end of the appeal window.
 */
const rankSelectPublish = async (
  machine: WorkflowMachine,
  facts: Awaited<ReturnType<typeof callFactsNow>>,
  appealWindowDays: number,
  round: 1 | 2,
  late?: LatePublication,
): Promise<string> => {
  const streamId = committeeStreamId(OPERATOR_CALL_ID);
  const callId = OPERATOR_CALL_ID;
  await act(machine, committeeDecider, streamId, member('committee-1'), {
    type: 'RankApplications',
    data: { callId },
    facts,
  });
  await act(machine, committeeDecider, streamId, member('committee-1'), {
    type: 'SelectAssociations',
    data: { callId },
  });
  const appealWindowEndsAt = late?.appealWindowEndsAt ?? days(machine.services.clock(), appealWindowDays);
  const suffix = round === 1 ? '' : '-2';
  await act(machine, committeeDecider, streamId, ministry, {
    type: 'PublishSelection',
    data: {
      callId,
      appealWindowEndsAt,
      minutes: { fr: `doc-pv-fr${suffix}`, ar: `doc-pv-ar${suffix}` },
      ...late,
    },
  });
  await machine.propagate();
  return appealWindowEndsAt;
};

/**
 * The ministry appoints the operator call's committee (two members, one criterion) and each member
 * scores each file (18, then 17); returns the call's facts the scores were given on.
 */
export const committeeScores = async (
  machine: WorkflowMachine,
): Promise<Awaited<ReturnType<typeof callFactsNow>>> => {
  const streamId = committeeStreamId(OPERATOR_CALL_ID);
  const callId = OPERATOR_CALL_ID;
  await act(machine, committeeDecider, streamId, ministry, {
    type: 'AppointCommittee',
    data: {
      callId,
      memberIds: ['committee-1', 'committee-2'],
      chairId: 'committee-1',
      quorum: 2,
      scoringGrid: [{ criterionId: 'experience', label: bilingual('Expérience'), weight: 1, maxScore: 20 }],
    },
    facts: await callFactsNow(machine),
  });
  const facts = await callFactsNow(machine);
  for (const memberId of ['committee-1', 'committee-2']) {
    for (const [index, application] of (facts.call?.applications ?? []).entries()) {
      await act(machine, committeeDecider, streamId, member(memberId), {
        type: 'SubmitScores',
        data: {
          callId,
          applicationId: application.applicationId,
          scores: [{ criterionId: 'experience', score: 18 - index }],
        },
        facts,
      });
    }
  }
  return facts;
};

/**
 * The committee scores (committeeScores), ranks, selects and publishes (now, or on the date a late
 * publication says); returns the end of the appeal window.
 */
export const committeeDecides = async (
  machine: WorkflowMachine,
  appealWindowDays = 15,
  late?: LatePublication,
): Promise<string> => rankSelectPublish(machine, await committeeScores(machine), appealWindowDays, 1, late);

/**
 * An applicant appeals the published selection and the chair upholds it, re-opening the ranking
 * (issue 20, item 4).
 */
export const appealUpheld = async (
  machine: WorkflowMachine,
  associationId = 'assoc-other',
): Promise<void> => {
  const streamId = committeeStreamId(OPERATOR_CALL_ID);
  const callId = OPERATOR_CALL_ID;
  await act(machine, committeeDecider, streamId, partner, {
    type: 'LodgeAppeal',
    data: { callId, associationId, groundsDocumentId: 'doc-grounds' },
    facts: await callFactsNow(machine),
  });
  await machine.propagate();
  const committee = (await loadStream(machine.services.store, streamId, committeeDecider)).state;
  const appealId = committee.status === 'not-appointed' ? '' : (committee.appeals.at(-1)?.appealId ?? '');
  await act(machine, committeeDecider, streamId, member('committee-1'), {
    type: 'DecideAppeal',
    data: {
      callId,
      appealId,
      outcome: 'upheld',
      reason: bilingual('Notes mal reportées'),
      reopens: 'ranking',
    },
  });
  await machine.propagate();
};

/** After an upheld appeal re-opened the ranking: the chair ranks, selects and publishes anew. */
export const committeeDecidesAgain = async (
  machine: WorkflowMachine,
  appealWindowDays = 15,
): Promise<string> => {
  return rankSelectPublish(machine, await callFactsNow(machine), appealWindowDays, 2);
};

export const signPartnerAgreement = (machine: WorkflowMachine) =>
  signAgreement(machine, 'partner', [
    { partyId: 'party-ministry', role: 'ministry' },
    { partyId: 'party-amsed', role: 'operator' },
  ]);

export const enrolBeneficiaries = async (machine: WorkflowMachine): Promise<void> => {
  const streamId = enrolmentStreamId(ROLLOUT_ID);
  await act(machine, enrolmentDecider, streamId, ministry, {
    type: 'EnrolBeneficiary',
    data: {
      rolloutId: ROLLOUT_ID,
      associationId: ASSOCIATION,
      name: bilingual('Association Fès 1'),
      province: 'Fès',
    },
    facts: { associationTarget: 1, memberTarget: 1, regionProvinces: PROVINCES, beneficiaryList: null },
  });
  await act(machine, enrolmentDecider, streamId, ministry, {
    type: 'NominateMember',
    data: { rolloutId: ROLLOUT_ID, associationId: ASSOCIATION, memberId: MEMBER, trainingTopic: 'M1' },
  });
  await act(machine, enrolmentDecider, streamId, ministry, {
    type: 'CloseEnrolment',
    data: { rolloutId: ROLLOUT_ID },
  });
  await machine.propagate();
};

const MODULES: readonly ModuleCode[] = ['M1', 'M2', 'M3', 'M4', 'M5', 'M6', 'M7', 'M8'];

/** The operator reports the eight modules: a session, the attendance and the completion of each. */
export const trainAxisOne = async (
  machine: WorkflowMachine,
  modules: readonly ModuleCode[] = MODULES,
): Promise<void> => {
  const date = machine.services.clock().slice(0, 10);
  for (const module of modules) {
    const sessionId = `session-${module}`;
    await act(machine, trainingScheduleDecider, trainingScheduleStreamId(ROLLOUT_ID), partner, {
      type: 'ReportSession',
      data: { rolloutId: ROLLOUT_ID, sessionId, module, date, province: 'Fès' },
      facts: { regionProvinces: PROVINCES },
    });
    const streamId = trainingStreamId(ROLLOUT_ID, ASSOCIATION);
    await act(machine, trainingDecider, streamId, partner, {
      type: 'ReportAttendance',
      data: {
        rolloutId: ROLLOUT_ID,
        associationId: ASSOCIATION,
        sessionId,
        attendance: [{ memberId: MEMBER, attended: true }],
      },
      facts: { session: { module }, members: [MEMBER] },
    });
    await act(machine, trainingDecider, streamId, partner, {
      type: 'ReportModuleCompletion',
      data: {
        rolloutId: ROLLOUT_ID,
        associationId: ASSOCIATION,
        memberId: MEMBER,
        module,
        evaluationScore: 80,
      },
      facts: { moduleSessionIds: [sessionId], members: [MEMBER], enrolmentComplete: true },
    });
  }
  await machine.propagate();
};

const TRAINER_MODULES: readonly TrainerModuleCode[] = ['T1', 'T2', 'T3'];

export const certifyTrainersAndEstablishHub = async (machine: WorkflowMachine): Promise<void> => {
  const streamId = trainersStreamId(ROLLOUT_ID);
  const training = (
    await loadStream(machine.services.store, trainingStreamId(ROLLOUT_ID, ASSOCIATION), trainingDecider)
  ).state;
  await act(machine, trainersDecider, streamId, ministry, {
    type: 'SelectTrainees',
    data: { rolloutId: ROLLOUT_ID, minimumAttendanceRatePercent: 75, minimumEvaluationScore: 60 },
    facts: {
      trainerTarget: 1,
      candidates: memberTrainingRecords(training, ASSOCIATION, [MEMBER]),
      lastCompletedOn: null,
    },
  });
  for (const module of TRAINER_MODULES) {
    await act(machine, trainersDecider, streamId, partner, {
      type: 'ReportTrainerModuleCompletion',
      data: { rolloutId: ROLLOUT_ID, memberId: MEMBER, module },
    });
  }
  await act(machine, trainersDecider, streamId, ministry, {
    type: 'EstablishCompetenceHub',
    data: { rolloutId: ROLLOUT_ID, name: bilingual('Pôle de compétences Fès-Meknès') },
    facts: { region: 'FM' },
  });
  await machine.propagate();
};

export const payTheGrant = async (machine: WorkflowMachine): Promise<void> => {
  const streamId = grantsStreamId(ROLLOUT_ID);
  await act(machine, grantsDecider, streamId, ministry, {
    type: 'CommitCoFunderBudget',
    data: {
      rolloutId: ROLLOUT_ID,
      coFunderId: 'cofunder-region',
      name: bilingual('Conseil régional'),
      amount: 10_000_000,
    },
  });
  await act(machine, grantsDecider, streamId, ministry, {
    type: 'AwardGrant',
    data: {
      rolloutId: ROLLOUT_ID,
      associationId: ASSOCIATION,
      amount: 3_000_000,
      ...grantPurpose,
      funding: [{ coFunderId: 'cofunder-region', amount: 3_000_000 }],
      tranches: [{ amount: 3_000_000, releaseConditions: [] }],
    },
    facts: { associationCompletedTraining: true, axisOneCompletedOn: null },
  });
  await machine.propagate();
  const grant = grantsInOrder((await loadStream(machine.services.store, streamId, grantsDecider)).state)[0];
  const tranche = { rolloutId: ROLLOUT_ID, grantId: grant?.grantId ?? '', trancheNumber: 1 };
  await act(
    machine,
    grantsDecider,
    streamId,
    { id: 'finance-1', role: 'finance-preparer' },
    {
      type: 'RequestTranche',
      data: { ...tranche, evidence: [] },
    },
  );
  await act(
    machine,
    grantsDecider,
    streamId,
    { id: 'finance-2', role: 'finance-approver' },
    { type: 'ApproveTranche', data: tranche },
  );
  await act(
    machine,
    grantsDecider,
    streamId,
    { id: 'finance-3', role: 'finance-payer' },
    {
      type: 'PayTranche',
      data: { ...tranche, paymentReference: 'pay-0001' },
      facts: { conventionInForce: false },
    },
  );
  await machine.propagate();
};

/** Starts the region rollout's workflow of ROLLOUT_ID and lets it reach its first wait. */
export const startRegionRollout = async (machine: WorkflowMachine): Promise<void> => {
  await machine.executor.startExecution('region-rollout', ROLLOUT_ID, { rolloutId: ROLLOUT_ID });
  await machine.propagate();
};

/** Starts the workflow, launches the rollout and signs its regional agreement (the call comes next). */
export const startWithRegionalAgreement = async (machine: WorkflowMachine): Promise<void> => {
  await startRegionRollout(machine);
  await launchRollout(machine);
  await signRegionalAgreement(machine);
};

/** The state the region rollout's workflow waits in, or null when it waits for nothing. */
export const waitingIn = async (machine: WorkflowMachine): Promise<string | null> =>
  (await machine.executor.describe('region-rollout', ROLLOUT_ID))?.waitingIn ?? null;

/** Moves the test clock by `count` days (timers due on the way fire in order). */
export const advanceDays = async (machine: WorkflowMachine, count: number): Promise<void> => {
  await machine.executor.advanceClockTo(days(machine.services.clock(), count));
  await machine.propagate();
};
