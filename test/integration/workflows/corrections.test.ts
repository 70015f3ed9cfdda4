import { describe, expect, it } from 'vitest';
import type { Actor } from '../../../events/envelope.js';
import { committeeDecider, committeeStreamId } from '../../../functions/domain/committee/committee.js';
import { trainingDecider, trainingStreamId } from '../../../functions/domain/training/training.js';
import { act, typesOf, workflowLab } from '../../support/workflow-harness.js';
import {
  advanceDays,
  committeeDecides,
  committeeScores,
  enrolBeneficiaries,
  ministry,
  OPERATOR_CALL_ID,
  openOperatorCallWithFiles,
  ROLLOUT_ID,
  signPartnerAgreement,
  startWithRegionalAgreement,
  trainAxisOne,
  waitingIn,
} from '../../support/workflow-rollout-script.js';

// Corrections while the region-rollout workflow waits, on the local executor and dynalite
// (ADR 0082): the wait neither ends nor breaks; it goes on once the corrected step is done again.

const lab = workflowLab();
const coordinator: Actor = { id: 'coord-fm', role: 'coordinator' };
const ASSOCIATION = 'assoc-fm-01';
const MEMBER = 'member-fm-01';
const reason = { fr: 'Complétion saisie par erreur', ar: 'استكمال أدخل خطأ' };
const committeeMember = (id: string): Actor => ({ id, role: 'committee-member' });

const started = async () => {
  const machine = await lab.freshMachine();
  await startWithRegionalAgreement(machine);
  await openOperatorCallWithFiles(machine, 30);
  await advanceDays(machine, 31);
  return machine;
};
describe('corrections while the region rollout waits', () => {
  it('a withdrawn completion keeps axis 1 waiting; completing it again moves the rollout on', async () => {
    // Prepare: the rollout waits for axis 1, seven modules done
    const machine = await started();
    await committeeDecides(machine, 15);
    await advanceDays(machine, 16);
    await signPartnerAgreement(machine);
    await enrolBeneficiaries(machine);
    await trainAxisOne(machine, ['M1', 'M2', 'M3', 'M4', 'M5', 'M6', 'M7']);
    expect(await waitingIn(machine)).toBe('AwaitAxisOneTraining');

    // Act: the coordinator withdraws M3, then the operator reports M8 and M3 again
    const training = trainingStreamId(ROLLOUT_ID, ASSOCIATION);
    await act(machine, trainingDecider, training, coordinator, {
      type: 'WithdrawModuleCompletion',
      data: { rolloutId: ROLLOUT_ID, associationId: ASSOCIATION, memberId: MEMBER, module: 'M3', reason },
    });
    await machine.propagate();
    await trainAxisOne(machine, ['M8']);
    const afterM8 = await waitingIn(machine);
    await act(
      machine,
      trainingDecider,
      training,
      { id: 'partner-amsed', role: 'partner' },
      {
        type: 'ReportModuleCompletion',
        data: {
          rolloutId: ROLLOUT_ID,
          associationId: ASSOCIATION,
          memberId: MEMBER,
          module: 'M3',
          evaluationScore: 75,
        },
        facts: { moduleSessionIds: ['session-M3'], members: [MEMBER], enrolmentComplete: true },
      },
    );
    await machine.propagate();

    // Assess: eight modules were reported before M3 came back, yet axis 1 waited for it
    expect(afterM8).toBe('AwaitAxisOneTraining');
    expect((await typesOf(machine, training)).slice(-4)).toEqual([
      'AttendanceRecorded',
      'ModuleCompleted',
      'ModuleCompleted',
      'AxisOneCompleted',
    ]);
    expect(await waitingIn(machine)).toBe('AwaitCompetenceHub');
  }, 60_000);

  it('a score corrected after the ranking withdraws it; the committee ranks, selects and publishes again', async () => {
    // Prepare: the committee scored, ranked and selected, not yet published
    const machine = await started();
    expect(await waitingIn(machine)).toBe('AwaitCommitteeDecision');
    const streamId = committeeStreamId(OPERATOR_CALL_ID);
    const callId = OPERATOR_CALL_ID;
    const facts = await committeeScores(machine);
    const files = facts.call?.applications ?? [];
    const chair = committeeMember('committee-1');
    const rankAndSelect = async () => {
      await act(machine, committeeDecider, streamId, chair, {
        type: 'RankApplications',
        data: { callId },
        facts,
      });
      await act(machine, committeeDecider, streamId, chair, { type: 'SelectAssociations', data: { callId } });
    };
    await rankAndSelect();
    await machine.propagate();

    // Act: committee-2 corrects its score of the first file; the chair ranks and selects again; publication
    await act(machine, committeeDecider, streamId, committeeMember('committee-2'), {
      type: 'CorrectScores',
      data: {
        callId,
        applicationId: files[0]?.applicationId ?? '',
        scores: [{ criterionId: 'experience', score: 2 }],
        reason: { fr: 'Note mal reportée', ar: 'نقطة نقلت خطأ' },
      },
    });
    await machine.propagate();
    const whileCorrecting = await waitingIn(machine);
    await rankAndSelect();
    await act(machine, committeeDecider, streamId, ministry, {
      type: 'PublishSelection',
      data: {
        callId,
        appealWindowEndsAt: new Date(Date.parse(machine.services.clock()) + 15 * 86_400_000).toISOString(),
        minutes: { fr: 'doc-pv-fr', ar: 'doc-pv-ar' },
      },
    });
    await machine.propagate();

    // Assess: the wait went on through the correction; the second file is the one selected
    expect(whileCorrecting).toBe('AwaitCommitteeDecision');
    const events = [];
    for await (const event of machine.services.store.readStream(streamId)) events.push(event);
    const selected = events.filter((event) => event.type === 'AssociationSelected');
    expect(selected.map((event) => (event.data as { associationId: string }).associationId)).toEqual([
      'assoc-amsed',
      'assoc-other',
    ]);
    expect(await waitingIn(machine)).toBe('WaitForAppealWindowToEnd');
  }, 60_000);
});
