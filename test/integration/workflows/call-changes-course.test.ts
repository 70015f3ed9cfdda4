import { describe, expect, it } from 'vitest';
import { callDecider, callStreamId } from '../../../functions/domain/call/call.js';
import {
  act,
  phasesEntered,
  typesOf,
  type WorkflowMachine,
  workflowLab,
} from '../../support/workflow-harness.js';
import {
  advanceDays,
  appealUpheld,
  committeeDecides,
  committeeDecidesAgain,
  ministry,
  OPERATOR_CALL_ID,
  openOperatorCallWithFiles,
  ROLLOUT_ID,
  startWithRegionalAgreement,
  waitingIn,
} from '../../support/workflow-rollout-script.js';

// Issue 20, item 4, on the local executor: the region rollout workflow follows a regional call's
// extended deadline, and a call ended without result until the ministry relaunches it.

const lab = workflowLab();
const reason = { fr: 'Motif de la ministère', ar: 'سبب الوزارة' };
const days = (now: string, count: number): string =>
  new Date(Date.parse(now) + count * 86_400_000).toISOString();

/** A rollout whose operator call is open for 30 days, its workflow waiting for the deadline. */
const callOpen = async (): Promise<WorkflowMachine> => {
  const machine = await lab.freshMachine();
  await startWithRegionalAgreement(machine);
  await openOperatorCallWithFiles(machine, 30);
  expect(await waitingIn(machine)).toBe('WaitForCallDeadline');
  return machine;
};

const callCommand = async (machine: WorkflowMachine, command: Parameters<typeof callDecider.decide>[0]) => {
  await act(machine, callDecider, callStreamId(OPERATOR_CALL_ID), ministry, command);
  await machine.propagate();
};

/** The ministry ends the operator call without result (its selection is not published). */
const endCall = (machine: WorkflowMachine) =>
  callCommand(machine, {
    type: 'EndCallWithoutResult',
    data: { callId: OPERATOR_CALL_ID, reason },
    facts: { selectionPublished: false },
  });

/** The ministry relaunches the ended operator call for `count` days. */
const relaunchCall = (machine: WorkflowMachine, count: number) =>
  callCommand(machine, {
    type: 'RelaunchCall',
    data: { callId: OPERATOR_CALL_ID, deadline: days(machine.services.clock(), count), reason },
  });

/** How many times the operator call was closed. */
const closings = async (machine: WorkflowMachine) =>
  (await typesOf(machine, `call-${OPERATOR_CALL_ID}`)).filter((type) => type === 'CallClosed').length;

describe('the region rollout workflow when a call changes course', () => {
  it('waits for an extended deadline: the old one passes, the call stays open, then closes at the new one', async () => {
    // Prepare
    const machine = await callOpen();
    const extended = days(machine.services.clock(), 45);
    // Act: 15 more days, then the old deadline passes
    await callCommand(machine, {
      type: 'ExtendCallDeadline',
      data: { callId: OPERATOR_CALL_ID, deadline: extended, reason },
    });
    await advanceDays(machine, 31);
    // Assess: not closed, the workflow waits again, now for the new deadline
    expect(await typesOf(machine, `call-${OPERATOR_CALL_ID}`)).not.toContain('CallClosed');
    expect(await waitingIn(machine)).toBe('WaitForCallDeadline');
    await advanceDays(machine, 15);
    expect(await typesOf(machine, `call-${OPERATOR_CALL_ID}`)).toContain('CallClosed');
    expect(await waitingIn(machine)).toBe('AwaitCommitteeDecision');
    expect(await typesOf(machine, ROLLOUT_ID)).not.toContain('RolloutEscalated');
  });

  it('waits for the relaunch of a call ended without result, then closes the relaunched call and goes on', async () => {
    // Prepare
    const machine = await callOpen();
    // Act: the ministry ends the call without result before its deadline
    await endCall(machine);
    await advanceDays(machine, 31);
    // Assess: nothing closed, the workflow waits for the call again
    expect(await typesOf(machine, `call-${OPERATOR_CALL_ID}`)).not.toContain('CallClosed');
    expect(await waitingIn(machine)).toBe('AwaitOperatorCallOpening');
    // Act: relaunched for 20 days
    await relaunchCall(machine, 20);
    expect(await waitingIn(machine)).toBe('WaitForCallDeadline');
    await advanceDays(machine, 21);
    // Assess: closed once, at the relaunched deadline; the committee decides and the rollout goes on
    expect(await closings(machine)).toBe(1);
    expect(await waitingIn(machine)).toBe('AwaitCommitteeDecision');
    await committeeDecides(machine, 15);
    expect(await waitingIn(machine)).toBe('WaitForAppealWindowToEnd');
    expect(await phasesEntered(machine, ROLLOUT_ID)).toEqual([
      'regional-agreement',
      'call-for-interest',
      'committee-selection',
    ]);
  });

  it('waits in committee-selection for the relaunch of a call ended once closed, closes it again, then goes on', async () => {
    // Prepare: the call closed at its deadline, the workflow waits for the committee
    const machine = await callOpen();
    await advanceDays(machine, 31);
    expect(await waitingIn(machine)).toBe('AwaitCommitteeDecision');
    // Act: the ministry ends it without result, then relaunches it for 10 days
    await endCall(machine);
    expect(await waitingIn(machine)).toBe('AwaitOperatorCallOpening');
    await relaunchCall(machine, 10);
    expect(await waitingIn(machine)).toBe('WaitForCallDeadline');
    await advanceDays(machine, 11);
    // Assess: closed a second time, at the relaunched deadline; the committee then decides
    expect(await closings(machine)).toBe(2);
    expect(await waitingIn(machine)).toBe('AwaitCommitteeDecision');
    await committeeDecides(machine, 15);
    expect(await waitingIn(machine)).toBe('WaitForAppealWindowToEnd');
    expect(await typesOf(machine, ROLLOUT_ID)).not.toContain('RolloutEscalated');
  });

  it('follows an upheld appeal: the selection is made and published anew, then the rollout goes on', async () => {
    // Prepare: the call closed, the committee published its selection
    const machine = await callOpen();
    await advanceDays(machine, 31);
    await committeeDecides(machine, 15);
    expect(await waitingIn(machine)).toBe('WaitForAppealWindowToEnd');
    // Act: an applicant appeals; the chair upholds it, re-opening the ranking
    await appealUpheld(machine);
    await advanceDays(machine, 16);
    // Assess: the old window ended, but the selection is re-opened: the workflow waits for the
    // committee again, without escalating or advancing
    expect(await typesOf(machine, `committee-${OPERATOR_CALL_ID}`)).toContain('SelectionReopened');
    expect(await waitingIn(machine)).toBe('AwaitCommitteeDecision');
    expect(await typesOf(machine, ROLLOUT_ID)).not.toContain('RolloutEscalated');
    // Act: ranked, selected and published anew; the new window passes
    await committeeDecidesAgain(machine, 10);
    expect(await waitingIn(machine)).toBe('WaitForAppealWindowToEnd');
    await advanceDays(machine, 11);
    // Assess: the rollout goes on to the partner agreement
    expect(await waitingIn(machine)).toBe('AwaitPartnerAgreement');
    expect(await phasesEntered(machine, ROLLOUT_ID)).toEqual([
      'regional-agreement',
      'call-for-interest',
      'committee-selection',
      'partner-agreement',
    ]);
  });
});
