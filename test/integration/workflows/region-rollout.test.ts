import { describe, expect, it } from 'vitest';
import { phasesEntered, typesOf, workflowLab } from '../../support/workflow-harness.js';
import {
  advanceDays,
  certifyTrainersAndEstablishHub,
  committeeDecides,
  enrolBeneficiaries,
  launchRollout,
  openOperatorCallWithFiles,
  payTheGrant,
  ROLLOUT_ID,
  signPartnerAgreement,
  signRegionalAgreement,
  startRegionRollout,
  trainAxisOne,
  waitingIn,
} from '../../support/workflow-rollout-script.js';

const lab = workflowLab();

const freshMachine = async () => {
  const { tableName, clock } = await lab.freshTable();
  return { machine: lab.machineOn(tableName, clock), tableName, clock };
};

describe('the region rollout workflow, run locally on dynalite', () => {
  it('runs a whole rollout, driven by the commands people send, phase after phase', async () => {
    // Prepare
    const { machine } = await freshMachine();
    await startRegionRollout(machine);
    expect(await waitingIn(machine)).toBe('AwaitLaunch');
    // Act and assess, phase by phase
    await launchRollout(machine);
    expect(await waitingIn(machine)).toBe('AwaitRegionalAgreement');
    await signRegionalAgreement(machine);
    expect(await waitingIn(machine)).toBe('AwaitOperatorCallOpening');
    await openOperatorCallWithFiles(machine, 30);
    expect(await waitingIn(machine)).toBe('WaitForCallDeadline');
    await advanceDays(machine, 31);
    expect(await typesOf(machine, 'call-FM-2026-operator')).toContain('CallClosed');
    expect(await waitingIn(machine)).toBe('AwaitCommitteeDecision');
    await committeeDecides(machine, 15);
    expect(await waitingIn(machine)).toBe('WaitForAppealWindowToEnd');
    await advanceDays(machine, 16);
    expect(await waitingIn(machine)).toBe('AwaitPartnerAgreement');
    await signPartnerAgreement(machine);
    expect(await waitingIn(machine)).toBe('AwaitEnrolment');
    await enrolBeneficiaries(machine);
    expect(await waitingIn(machine)).toBe('AwaitAxisOneTraining');
    await trainAxisOne(machine);
    expect(await waitingIn(machine)).toBe('AwaitCompetenceHub');
    await certifyTrainersAndEstablishHub(machine);
    expect(await waitingIn(machine)).toBe('AwaitGrantsSettled');
    await payTheGrant(machine);
    // Assess: every phase entered once, in order, then the close; the execution ended
    expect(await phasesEntered(machine, ROLLOUT_ID)).toEqual([
      'regional-agreement',
      'call-for-interest',
      'committee-selection',
      'partner-agreement',
      'enrolment',
      'axis-1-training',
      'axis-2-trainers-and-hub',
      'axis-3-grants',
    ]);
    expect((await typesOf(machine, ROLLOUT_ID)).at(-1)).toBe('RolloutCompleted');
    const execution = await machine.executor.describe('region-rollout', ROLLOUT_ID);
    expect(execution?.record.status).toBe('SUCCEEDED');
  });
});
