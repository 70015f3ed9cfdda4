import { describe, expect, it } from 'vitest';
import type { Actor } from '../../../events/envelope.js';
import type { ModuleCode } from '../../../events/reference.js';
import { beneficiaryCallIdOf } from '../../../functions/application/beneficiary-list.js';
import { loadStream } from '../../../functions/application/execute-command.js';
import {
  attendanceFacts,
  enrolmentFacts,
  moduleCompletionFacts,
  replacementFacts,
} from '../../../functions/application/facts.js';
import { callDecider, callFacts, callStreamId } from '../../../functions/domain/call/call.js';
import { committeeDecider, committeeStreamId } from '../../../functions/domain/committee/committee.js';
import {
  enrolledAssociationIds,
  enrolmentDecider,
  enrolmentStreamId,
} from '../../../functions/domain/enrolment/enrolment.js';
import {
  trainingScheduleDecider,
  trainingScheduleStreamId,
} from '../../../functions/domain/training/schedule.js';
import { trainingDecider, trainingStreamId } from '../../../functions/domain/training/training.js';
import {
  act,
  phasesEntered,
  typesOf,
  type WorkflowMachine,
  workflowLab,
} from '../../support/workflow-harness.js';
import {
  advanceDays,
  committeeDecides,
  ministry,
  openOperatorCallWithFiles,
  ROLLOUT_ID,
  signPartnerAgreement,
  startWithRegionalAgreement,
  waitingIn,
} from '../../support/workflow-rollout-script.js';

// docs/adr/0085-beneficiaries-change.md: an association that leaves no longer stalls its region.
// Its beneficiaries come from a beneficiary call (0086): three files for two seats, one in reserve.

const lab = workflowLab();
const coordinator: Actor = { id: 'user-coordinator-fm', role: 'coordinator' };
const partner: Actor = { id: 'partner-amsed', role: 'partner' };
const bilingual = (text: string) => ({ fr: text, ar: `${text} (ar)` });
const CALL_ID = beneficiaryCallIdOf(ROLLOUT_ID);
const MODULES: readonly ModuleCode[] = ['M1', 'M2', 'M3', 'M4', 'M5', 'M6', 'M7', 'M8'];
const reason = bilingual("L'association a cessé ses activités");

const days = (now: string, count: number): string =>
  new Date(Date.parse(now) + count * 86_400_000).toISOString();

/** The beneficiary call opens beside the operator call, with the same deadline, and receives three files. */
const openBeneficiaryCall = async (machine: WorkflowMachine, deadlineDays: number) => {
  await act(machine, callDecider, callStreamId(CALL_ID), ministry, {
    type: 'OpenCall',
    data: {
      callId: CALL_ID,
      purpose: 'beneficiary-associations',
      rolloutId: ROLLOUT_ID,
      regionCode: 'FM',
      seats: 2,
      title: bilingual('Appel aux associations bénéficiaires'),
      deadline: days(machine.services.clock(), deadlineDays),
      eligibilityRules: [],
    },
  });
  for (const [associationId, province] of [
    ['assoc-a', 'Fès'],
    ['assoc-b', 'Meknès'],
    ['assoc-r', 'Sefrou'],
  ] as const) {
    await act(machine, callDecider, callStreamId(CALL_ID), partner, {
      type: 'SubmitApplication',
      data: {
        callId: CALL_ID,
        associationId,
        associationName: bilingual(associationId),
        province,
        declaredFacts: {},
      },
    });
  }
};

/** Closed at its deadline, the call's committee ranks a, b, r; selects a and b; publishes. */
const beneficiaryCommitteeDecides = async (machine: WorkflowMachine) => {
  await act(machine, callDecider, callStreamId(CALL_ID), ministry, {
    type: 'CloseCall',
    data: { callId: CALL_ID },
  });
  const facts = async () => ({
    call: callFacts((await loadStream(machine.services.store, callStreamId(CALL_ID), callDecider)).state),
  });
  const streamId = committeeStreamId(CALL_ID);
  await act(machine, committeeDecider, streamId, ministry, {
    type: 'AppointCommittee',
    data: {
      callId: CALL_ID,
      memberIds: ['committee-1'],
      chairId: 'committee-1',
      quorum: 1,
      scoringGrid: [{ criterionId: 'needs', label: bilingual('Besoins'), weight: 1, maxScore: 20 }],
    },
    facts: await facts(),
  });
  const scored = await facts();
  for (const [index, application] of (scored.call?.applications ?? []).entries()) {
    await act(
      machine,
      committeeDecider,
      streamId,
      { id: 'committee-1', role: 'committee-member' },
      {
        type: 'SubmitScores',
        data: {
          callId: CALL_ID,
          applicationId: application.applicationId,
          scores: [{ criterionId: 'needs', score: 18 - index }],
        },
        facts: scored,
      },
    );
  }
  await act(machine, committeeDecider, streamId, ministry, {
    type: 'RankApplications',
    data: { callId: CALL_ID },
    facts: scored,
  });
  await act(machine, committeeDecider, streamId, ministry, {
    type: 'SelectAssociations',
    data: { callId: CALL_ID },
  });
  await act(machine, committeeDecider, streamId, ministry, {
    type: 'PublishSelection',
    data: {
      callId: CALL_ID,
      appealWindowEndsAt: days(machine.services.clock(), 15),
      minutes: { fr: 'doc-pv-fr', ar: 'doc-pv-ar' },
    },
  });
};

const enrol = async (machine: WorkflowMachine, associationId: string, province: string) =>
  act(machine, enrolmentDecider, enrolmentStreamId(ROLLOUT_ID), coordinator, {
    type: 'EnrolBeneficiary',
    data: { rolloutId: ROLLOUT_ID, associationId, name: bilingual(associationId), province },
    facts: await enrolmentFacts(machine.services.store, ROLLOUT_ID),
  });

const nominate = (machine: WorkflowMachine, associationId: string, memberId: string) =>
  act(machine, enrolmentDecider, enrolmentStreamId(ROLLOUT_ID), coordinator, {
    type: 'NominateMember',
    data: { rolloutId: ROLLOUT_ID, associationId, memberId, trainingTopic: 'M1' },
  });

/** The operator reports the eight modules for one association's member, facts read from the store. */
const train = async (machine: WorkflowMachine, associationId: string, memberId: string) => {
  const { store } = machine.services;
  const date = machine.services.clock().slice(0, 10);
  for (const module of MODULES) {
    const sessionId = `session-${associationId}-${module}`;
    await act(machine, trainingScheduleDecider, trainingScheduleStreamId(ROLLOUT_ID), partner, {
      type: 'ReportSession',
      data: { rolloutId: ROLLOUT_ID, sessionId, module, date, province: 'Fès' },
      facts: { regionProvinces: ['Fès'] },
    });
    const streamId = trainingStreamId(ROLLOUT_ID, associationId);
    await act(machine, trainingDecider, streamId, partner, {
      type: 'ReportAttendance',
      data: { rolloutId: ROLLOUT_ID, associationId, sessionId, attendance: [{ memberId, attended: true }] },
      facts: await attendanceFacts(store, ROLLOUT_ID, associationId, sessionId),
    });
    await act(machine, trainingDecider, streamId, partner, {
      type: 'ReportModuleCompletion',
      data: { rolloutId: ROLLOUT_ID, associationId, memberId, module, evaluationScore: 80 },
      facts: {
        ...(await moduleCompletionFacts(store, ROLLOUT_ID, associationId, module)),
        moduleSessionIds: [sessionId],
      },
    });
  }
  await machine.propagate();
};

/** Through the selections and agreements to the enrolment of a and b (one member each), closed. */
const toAxisOneWithTwoAssociations = async (machine: WorkflowMachine) => {
  await startWithRegionalAgreement(machine);
  await openOperatorCallWithFiles(machine, 30);
  await openBeneficiaryCall(machine, 30);
  await advanceDays(machine, 31);
  await committeeDecides(machine, 15);
  await beneficiaryCommitteeDecides(machine);
  await advanceDays(machine, 16);
  await signPartnerAgreement(machine);
  expect(await waitingIn(machine)).toBe('AwaitEnrolment');
  await enrol(machine, 'assoc-a', 'Fès');
  await enrol(machine, 'assoc-b', 'Meknès');
  await nominate(machine, 'assoc-a', 'member-a');
  await nominate(machine, 'assoc-b', 'member-b');
  await act(machine, enrolmentDecider, enrolmentStreamId(ROLLOUT_ID), coordinator, {
    type: 'CloseEnrolment',
    data: { rolloutId: ROLLOUT_ID },
  });
  await machine.propagate();
  expect(await waitingIn(machine)).toBe('AwaitAxisOneTraining');
};

const freshMachine = async () => {
  const { tableName, clock } = await lab.freshTable();
  return lab.machineOn(tableName, clock);
};

describe('the region rollout goes on when its beneficiaries change (local executor, dynalite)', () => {
  it('continues through a withdrawal and the replacement from the reserve', async () => {
    // Prepare: a and b enrolled from the call, a trained; b stops coming
    const machine = await freshMachine();
    await toAxisOneWithTwoAssociations(machine);
    await train(machine, 'assoc-a', 'member-a');
    expect(await waitingIn(machine)).toBe('AwaitAxisOneTraining');

    // Act: b withdraws, the reserve's first (r) replaces it, nominates its member and is trained
    await act(machine, enrolmentDecider, enrolmentStreamId(ROLLOUT_ID), coordinator, {
      type: 'WithdrawBeneficiary',
      data: { rolloutId: ROLLOUT_ID, associationId: 'assoc-b', departure: 'withdrew', reason },
      facts: { beneficiaryList: null },
    });
    await act(machine, enrolmentDecider, enrolmentStreamId(ROLLOUT_ID), coordinator, {
      type: 'ReplaceBeneficiary',
      data: { rolloutId: ROLLOUT_ID, associationId: 'assoc-b' },
      facts: await replacementFacts(machine.services.store, ROLLOUT_ID),
    });
    await nominate(machine, 'assoc-r', 'member-r');
    await machine.propagate();
    const waitingForTheReplacement = await waitingIn(machine);
    await train(machine, 'assoc-r', 'member-r');

    // Assess: the workflow waited for the replacement, then left axis 1 with a and r
    expect(waitingForTheReplacement).toBe('AwaitAxisOneTraining');
    expect(await waitingIn(machine)).toBe('AwaitCompetenceHub');
    expect((await phasesEntered(machine, ROLLOUT_ID)).at(-1)).toBe('axis-2-trainers-and-hub');
    const enrolment = (
      await loadStream(machine.services.store, enrolmentStreamId(ROLLOUT_ID), enrolmentDecider)
    ).state;
    expect(enrolledAssociationIds(enrolment)).toEqual(['assoc-a', 'assoc-r']);
    expect(await typesOf(machine, enrolmentStreamId(ROLLOUT_ID))).toEqual([
      'BeneficiaryEnrolled',
      'BeneficiaryEnrolled',
      'MemberNominated',
      'MemberNominated',
      'EnrolmentClosed',
      'BeneficiaryWithdrawn',
      'BeneficiaryReplaced',
      'BeneficiaryEnrolled',
      'MemberNominated',
    ]);
    expect(await typesOf(machine, ROLLOUT_ID)).not.toContain('RolloutEscalated');
  });

  it('continues with the remaining associations when the one axis 1 waits for is excluded', async () => {
    // Prepare: a trained, b not
    const machine = await freshMachine();
    await toAxisOneWithTwoAssociations(machine);
    await train(machine, 'assoc-a', 'member-a');
    expect(await waitingIn(machine)).toBe('AwaitAxisOneTraining');

    // Act: the ministry excludes b, and no one replaces it
    await act(machine, enrolmentDecider, enrolmentStreamId(ROLLOUT_ID), ministry, {
      type: 'WithdrawBeneficiary',
      data: { rolloutId: ROLLOUT_ID, associationId: 'assoc-b', departure: 'excluded', reason },
      facts: { beneficiaryList: null },
    });
    await machine.propagate();

    // Assess: the withdrawal alone moves the workflow on, without an escalation
    expect(await waitingIn(machine)).toBe('AwaitCompetenceHub');
    expect(await typesOf(machine, ROLLOUT_ID)).not.toContain('RolloutEscalated');
  });
});
