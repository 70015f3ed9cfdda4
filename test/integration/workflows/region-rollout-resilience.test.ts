import { describe, expect, it } from 'vitest';
import { toBusEvent } from '../../../functions/application/bus/event-shape.js';
import { loadStream } from '../../../functions/application/execute-command.js';
import { rolloutDecider } from '../../../functions/domain/rollout/rollout.js';
import { createWorkflowCallbackConsumer } from '../../../workflows/callbacks/consumer.js';
import {
  act,
  phasesEntered,
  typesOf,
  type WorkflowMachine,
  workflowLab,
} from '../../support/workflow-harness.js';
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

const { freshTable, machineOn } = workflowLab();

const ALL_PHASES = [
  'regional-agreement',
  'call-for-interest',
  'committee-selection',
  'partner-agreement',
  'enrolment',
  'axis-1-training',
  'axis-2-trainers-and-hub',
  'axis-3-grants',
];

const ministry = { id: 'user-ministry-1', role: 'ministry' as const };

const extendDeadline = async (machine: WorkflowMachine, days: number) => {
  const deadline = new Date(Date.parse(machine.services.clock()) + days * 86_400_000).toISOString();
  await act(machine, rolloutDecider, ROLLOUT_ID, ministry, {
    type: 'ExtendRolloutDeadline',
    data: { deadline },
  });
  await machine.propagate();
};

describe('the region rollout workflow: deadlines, escalations, callbacks and restarts', () => {
  it('closes the call at its deadline: the Wait runs on the clock, then the task appends CallClosed once', async () => {
    // Prepare
    const { tableName, clock } = await freshTable();
    const machine = machineOn(tableName, clock);
    await startRegionRollout(machine);
    await launchRollout(machine);
    await signRegionalAgreement(machine);
    await openOperatorCallWithFiles(machine, 45);
    // Act: a day before the deadline nothing happens; after it, the call closes
    await advanceDays(machine, 44);
    const beforeDeadline = await typesOf(machine, 'call-FM-2026-operator');
    await advanceDays(machine, 2);
    // Assess
    expect(beforeDeadline).not.toContain('CallClosed');
    expect(
      (await typesOf(machine, 'call-FM-2026-operator')).filter((type) => type === 'CallClosed'),
    ).toHaveLength(1);
    expect(await phasesEntered(machine, ROLLOUT_ID)).toEqual(ALL_PHASES.slice(0, 3));
    expect(await waitingIn(machine)).toBe('AwaitCommitteeDecision');
  });

  it('escalates a committee that does not decide in time, then carries on when the ministry extends', async () => {
    // Prepare: the rollout waits for the committee (phase deadline: 60 days)
    const { tableName, clock } = await freshTable();
    const machine = machineOn(tableName, clock);
    await startRegionRollout(machine);
    await launchRollout(machine);
    await signRegionalAgreement(machine);
    await openOperatorCallWithFiles(machine, 30);
    await advanceDays(machine, 31);
    // Act: the deadline passes
    await advanceDays(machine, 61);
    const escalated = await waitingIn(machine);
    await extendDeadline(machine, 30);
    const afterExtension = await waitingIn(machine);
    await committeeDecides(machine, 10);
    // Assess
    const rolloutEvents = [];
    for await (const event of machine.services.store.readStream(ROLLOUT_ID)) rolloutEvents.push(event);
    const escalation = rolloutEvents.find((event) => event.type === 'RolloutEscalated');
    expect(escalation?.data).toMatchObject({ phase: 'committee-selection', reason: 'wait-timed-out' });
    expect(escalated).toBe('AwaitMinistryDecision');
    expect(afterExtension).toBe('AwaitCommitteeDecision');
    expect(await waitingIn(machine)).toBe('WaitForAppealWindowToEnd');
  });

  it('ends the execution when the ministry cancels an escalated rollout', async () => {
    // Prepare
    const { tableName, clock } = await freshTable();
    const machine = machineOn(tableName, clock);
    await startRegionRollout(machine);
    await launchRollout(machine);
    await advanceDays(machine, 91);
    // Act
    await act(machine, rolloutDecider, ROLLOUT_ID, ministry, {
      type: 'CancelRollout',
      data: { reason: { fr: 'Convention non signée', ar: 'الاتفاقية لم توقع' } },
    });
    await machine.propagate();
    // Assess
    expect(await typesOf(machine, ROLLOUT_ID)).toEqual([
      'RolloutLaunched',
      'RolloutPhaseAdvanced',
      'RolloutEscalated',
      'RolloutCancelled',
    ]);
    expect((await machine.executor.describe('region-rollout', ROLLOUT_ID))?.record.status).toBe('SUCCEEDED');
  });

  it('takes a duplicate or late callback as harmless', async () => {
    // Prepare: parked on the regional agreement
    const { tableName, clock } = await freshTable();
    const machine = machineOn(tableName, clock);
    await startRegionRollout(machine);
    await launchRollout(machine);
    const parked = await machine.services.tokens.find(ROLLOUT_ID, 'regional-agreement');
    // Act: a premature callback, the same token again, then the agreement signed and its events redelivered twice
    await machine.executor.sendTaskSuccess(parked?.token ?? '', { resumedBy: 'test' });
    await machine.propagate();
    const again = await machine.executor.sendTaskSuccess(parked?.token ?? '', { resumedBy: 'test' }).then(
      () => 'accepted',
      (error: Error) => error.name,
    );
    await signRegionalAgreement(machine);
    const consumer = createWorkflowCallbackConsumer(machine.services);
    for await (const event of machine.services.store.readStream(
      'agreement-rollout-FM-2026-regional-partnership',
    )) {
      await consumer(toBusEvent(event));
      await consumer(toBusEvent(event));
    }
    await machine.propagate();
    // Assess: the second answer is refused as stale; the phase moved once
    expect(again).toBe('TaskDoesNotExist');
    expect(await phasesEntered(machine, ROLLOUT_ID)).toEqual(ALL_PHASES.slice(0, 2));
    expect(await waitingIn(machine)).toBe('AwaitOperatorCallOpening');
  });

  it('resumes the wait when a SendTaskSuccess that failed once is retried (the token is released only after the send)', async () => {
    // Prepare: parked on the regional agreement; the agreement is signed but its events not yet published
    const { tableName, clock } = await freshTable();
    const machine = machineOn(tableName, clock);
    await startRegionRollout(machine);
    await launchRollout(machine);
    await signRegionalAgreement(machine, { propagate: false });
    let failures = 1;
    const consumer = createWorkflowCallbackConsumer({
      ...machine.services,
      callbacks: {
        ...machine.services.callbacks,
        sendTaskSuccess: async (token, output) => {
          if (failures > 0) {
            failures -= 1;
            throw Object.assign(new Error('Rate exceeded'), { name: 'ThrottlingException' });
          }
          await machine.services.callbacks.sendTaskSuccess(token, output);
        },
      },
    });
    const events = [];
    for await (const event of machine.services.store.readStream(
      'agreement-rollout-FM-2026-regional-partnership',
    )) {
      events.push(toBusEvent(event));
    }
    const inForce = events[events.length - 1];
    if (inForce === undefined) throw new Error('the agreement has no events');
    // Act: the bus delivers the last event, the send is throttled, the bus retries it
    const firstDelivery = await consumer(inForce).then(
      () => 'delivered',
      (error: Error) => error.name,
    );
    await machine.executor.settle();
    const afterFailure = await waitingIn(machine);
    await consumer(inForce);
    await machine.executor.settle();
    // Assess
    expect(inForce.detail.type).toBe('AgreementInForceRecorded');
    expect(firstDelivery).toBe('ThrottlingException');
    expect(afterFailure).toBe('AwaitRegionalAgreement');
    expect(await waitingIn(machine)).toBe('AwaitOperatorCallOpening');
    expect(await phasesEntered(machine, ROLLOUT_ID)).toEqual(ALL_PHASES.slice(0, 2));
  });

  it('recovers a rollout whose execution timed out (a machine down past the one-year cap) with its next generation', async () => {
    // Prepare: the rollout waits for the regional agreement; the machine goes down for 370 days
    const { tableName, clock } = await freshTable();
    const first = machineOn(tableName, clock);
    await startRegionRollout(first);
    await launchRollout(first);
    await first.kill();
    clock.setTime(Date.parse(clock.iso()) + 370 * 86_400_000);
    // Act: a new machine resumes the execution, which Step Functions' cap closes at once; the
    // ministry signs the agreement; the operator recovers the rollout
    const second = machineOn(tableName, clock);
    await second.executor.resumeUnfinished();
    await second.propagate();
    const timedOut = (await second.executor.describe('region-rollout', ROLLOUT_ID))?.record;
    const redrive = await second.executor.redriveExecution('region-rollout', ROLLOUT_ID).then(
      () => 'redriven',
      (error: Error) => error.name,
    );
    await signRegionalAgreement(second);
    const recovered = await second.recoverExecution('region-rollout', ROLLOUT_ID);
    await second.propagate();
    // Assess: generation 1 carried on from the events; nothing was appended twice
    expect(timedOut?.status).toBe('TIMED_OUT');
    expect(redrive).toBe('StepFunctions.ExecutionNotRedrivableException');
    expect(recovered.name).toBe(`${ROLLOUT_ID}-g1`);
    expect((await second.executor.describe('region-rollout', `${ROLLOUT_ID}-g1`))?.waitingIn).toBe(
      'AwaitOperatorCallOpening',
    );
    expect(await typesOf(second, ROLLOUT_ID)).toEqual([
      'RolloutLaunched',
      'RolloutPhaseAdvanced',
      'RolloutPhaseAdvanced',
    ]);
    expect(await phasesEntered(second, ROLLOUT_ID)).toEqual(ALL_PHASES.slice(0, 2));
  });

  it('starts a rollout once when it is started twice', async () => {
    // Prepare
    const { tableName, clock } = await freshTable();
    const machine = machineOn(tableName, clock);
    // Act
    const first = await machine.executor.startExecution('region-rollout', ROLLOUT_ID, {
      rolloutId: ROLLOUT_ID,
    });
    const second = await machine.executor.startExecution('region-rollout', ROLLOUT_ID, {
      rolloutId: ROLLOUT_ID,
    });
    await machine.propagate();
    await launchRollout(machine);
    // Assess
    expect(first.started).toBe(true);
    expect(second).toMatchObject({ started: false, executionArn: first.executionArn });
    expect(await phasesEntered(machine, ROLLOUT_ID)).toEqual(['regional-agreement']);
  });

  it('resumes after a kill without repeating a phase or appending an event twice', async () => {
    // Prepare: a machine runs the rollout into the committee's phase, then is killed
    const { tableName, clock } = await freshTable();
    const first = machineOn(tableName, clock);
    await startRegionRollout(first);
    await launchRollout(first);
    await signRegionalAgreement(first);
    await openOperatorCallWithFiles(first, 30);
    await advanceDays(first, 31);
    await first.kill();
    // Act: while it is down the committee decides; a new machine over the same table resumes
    const second = machineOn(tableName, clock);
    await committeeDecides(second, 15);
    const resumed = await second.executor.resumeUnfinished();
    await second.propagate();
    await advanceDays(second, 16);
    await signPartnerAgreement(second);
    await enrolBeneficiaries(second);
    await trainAxisOne(second);
    await certifyTrainersAndEstablishHub(second);
    await payTheGrant(second);
    // Assess
    expect(resumed).toHaveLength(1);
    expect(await phasesEntered(second, ROLLOUT_ID)).toEqual(ALL_PHASES);
    const types = await typesOf(second, ROLLOUT_ID);
    expect(types.filter((type) => type === 'RolloutCompleted')).toHaveLength(1);
    expect(
      (await typesOf(second, 'call-FM-2026-operator')).filter((type) => type === 'CallClosed'),
    ).toHaveLength(1);
    const state = (await loadStream(second.services.store, ROLLOUT_ID, rolloutDecider)).state;
    expect(state.status).toBe('closed');
    expect((await second.executor.describe('region-rollout', ROLLOUT_ID))?.record.status).toBe('SUCCEEDED');
  });

  it('plays a rollout stalled 400 days in every phase across generations, none open a year, each history under half the 25,000 limit', async () => {
    // Prepare
    const { tableName, clock } = await freshTable();
    const machine = machineOn(tableName, clock);
    await startRegionRollout(machine);
    await launchRollout(machine);
    // Each phase's wait times out (400 days: past any phase deadline, with the ministry's
    // decision awaited 13 times), is escalated, and the ministry extends it.
    const stall = async () => {
      await advanceDays(machine, 400);
      await extendDeadline(machine, 400);
    };
    // Act
    await stall();
    await signRegionalAgreement(machine);
    await stall();
    await openOperatorCallWithFiles(machine, 30);
    await advanceDays(machine, 31);
    await stall();
    await committeeDecides(machine, 15);
    await advanceDays(machine, 16);
    await stall();
    await signPartnerAgreement(machine);
    await stall();
    await enrolBeneficiaries(machine);
    await stall();
    await trainAxisOne(machine);
    await stall();
    await certifyTrainersAndEstablishHub(machine);
    await stall();
    await payTheGrant(machine);
    // Assess: the rollout ran across generations (each hands over before 300 days), all succeeded,
    // none open a year, every phase entered once, no command appended twice
    const executions = (await machine.executor.list()).filter(
      (execution) => execution.record.stateMachine === 'region-rollout',
    );
    const generations = executions.map((execution) => ({
      name: execution.record.name,
      status: execution.record.status,
      days:
        (Date.parse(execution.record.stoppedAt ?? '') - Date.parse(execution.record.startedAt)) / 86_400_000,
    }));
    expect(generations.map(({ name, status }) => [name, status])).toEqual([
      [ROLLOUT_ID, 'SUCCEEDED'],
      ...[1, 2, 3, 4, 5, 6, 7, 8, 9, 10].map((n) => [`${ROLLOUT_ID}-g${n}`, 'SUCCEEDED']),
    ]);
    expect(Math.max(...generations.map(({ days }) => days))).toBeLessThanOrEqual(300);
    expect(await phasesEntered(machine, ROLLOUT_ID)).toEqual(ALL_PHASES);
    const rolloutEvents = [];
    for await (const event of machine.services.store.readStream(ROLLOUT_ID)) rolloutEvents.push(event);
    const escalations = rolloutEvents
      .filter((event) => event.type === 'RolloutEscalated')
      .map((event) => JSON.stringify(event.data));
    expect(escalations).toHaveLength(8);
    expect(new Set(escalations).size).toBe(8);
    expect(rolloutEvents.filter((event) => event.type === 'RolloutCompleted')).toHaveLength(1);
    const historyEvents = Math.max(...executions.map((execution) => execution.historyEvents));
    console.info(`worst-case history of one region rollout generation: ${historyEvents} events`);
    expect(historyEvents).toBeLessThan(12_500);
  });
});
