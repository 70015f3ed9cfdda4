import { describe, expect, it } from 'vitest';
import { type WorkflowMachine, workflowLab } from '../../support/workflow-harness.js';
import {
  advanceDays,
  launchRollout,
  ROLLOUT_ID,
  signRegionalAgreement,
} from '../../support/workflow-rollout-script.js';
import {
  configureWavePlan,
  EDITION,
  ministryStartsWave,
  WAVE_PLAN_ID,
} from '../../support/workflow-waves-script.js';

const { freshMachine } = workflowLab();

const startNationalWaves = (machine: WorkflowMachine) =>
  machine.executor.startExecution('national-waves', WAVE_PLAN_ID, { edition: EDITION });

const nationalWaves = (machine: WorkflowMachine) => machine.executor.describe('national-waves', WAVE_PLAN_ID);

const rolloutExecution = (machine: WorkflowMachine, rolloutId: string) =>
  machine.executor.describe('region-rollout', rolloutId);

/** The WaveStarted events of the plan: region and trigger, in order. */
const wavesStarted = async (machine: WorkflowMachine) => {
  const waves: { regionCode: string; trigger: string }[] = [];
  for await (const event of machine.services.store.readStream(WAVE_PLAN_ID)) {
    if (event.type !== 'WaveStarted') continue;
    const { regionCode, trigger } = event.data as { regionCode: string; trigger: string };
    waves.push({ regionCode, trigger });
  }
  return waves;
};

describe('the national waves workflow, run locally on dynalite', () => {
  it("starts each region's rollout once, in the plan's order, when the ministry decides", async () => {
    // Prepare
    const machine = await freshMachine();
    await configureWavePlan(machine, { kind: 'ministry-decision' });
    // Act: the same execution started twice
    const first = await startNationalWaves(machine);
    const second = await startNationalWaves(machine);
    await machine.propagate();
    // Assess: started once; the first wave waits for the ministry
    expect([first.started, second.started]).toEqual([true, false]);
    expect((await nationalWaves(machine))?.waitingIn).toBe('AwaitNextWave');
    expect(await rolloutExecution(machine, 'rollout-FM-2026')).toBeUndefined();
    // Act: the ministry starts the first wave
    await ministryStartsWave(machine, 'FM');
    // Assess: the child execution is named after its rollout id and waits for the launch
    const fesMeknes = await rolloutExecution(machine, 'rollout-FM-2026');
    expect(fesMeknes?.record.status).toBe('RUNNING');
    expect(fesMeknes?.record.input).toEqual({ rolloutId: 'rollout-FM-2026' });
    expect(fesMeknes?.waitingIn).toBe('AwaitLaunch');
    expect((await nationalWaves(machine))?.waitingIn).toBe('AwaitNextWave');
    // Act: time passes without a decision
    await advanceDays(machine, 60);
    // Assess: the next wave did not start by itself
    expect(await rolloutExecution(machine, 'rollout-GON-2026')).toBeUndefined();
    expect(await wavesStarted(machine)).toHaveLength(1);
    // Act: the ministry starts the second wave (the loop starts FM's rollout again: it exists)
    await ministryStartsWave(machine, 'GON');
    // Assess: GON's rollout started; FM's is the same execution as before
    expect((await rolloutExecution(machine, 'rollout-GON-2026'))?.waitingIn).toBe('AwaitLaunch');
    const fesMeknesAgain = await rolloutExecution(machine, 'rollout-FM-2026');
    expect(fesMeknesAgain?.record.startedAt).toBe(fesMeknes?.record.startedAt);
    expect(fesMeknesAgain?.waitingIn).toBe('AwaitLaunch');
    // Act: a child started once more by hand, then the last wave
    const childAgain = await machine.executor.startExecution('region-rollout', 'rollout-FM-2026', {
      rolloutId: 'rollout-FM-2026',
    });
    await ministryStartsWave(machine, 'CS');
    // Assess: every wave started once, in order; the national execution ended
    expect(childAgain.started).toBe(false);
    expect((await rolloutExecution(machine, 'rollout-CS-2026'))?.waitingIn).toBe('AwaitLaunch');
    expect(await wavesStarted(machine)).toEqual([
      { regionCode: 'FM', trigger: 'first-wave' },
      { regionCode: 'GON', trigger: 'ministry-decision' },
      { regionCode: 'CS', trigger: 'ministry-decision' },
    ]);
    const ended = await nationalWaves(machine);
    expect(ended?.record.status).toBe('SUCCEEDED');
    // A closed execution's name is refused for 90 days, as StartExecution refuses it.
    expect(
      await startNationalWaves(machine).then(
        () => 'started',
        (error: Error) => error.name,
      ),
    ).toBe('ExecutionAlreadyExists');
  });

  it('starts the next wave by itself once the previous rollout reaches the configured phase', async () => {
    // Prepare: the plan waits for the previous rollout to reach the call for interest
    const machine = await freshMachine();
    await configureWavePlan(machine, { kind: 'previous-reached-phase', phase: 'call-for-interest' });
    await startNationalWaves(machine);
    await machine.propagate();
    await ministryStartsWave(machine, 'FM');
    // Act: FM's rollout is launched (it enters the regional agreement phase)
    await launchRollout(machine);
    // Assess: not far enough yet
    expect((await rolloutExecution(machine, ROLLOUT_ID))?.waitingIn).toBe('AwaitRegionalAgreement');
    expect(await rolloutExecution(machine, 'rollout-GON-2026')).toBeUndefined();
    expect((await nationalWaves(machine))?.waitingIn).toBe('AwaitNextWave');
    // Act: the regional agreement comes into force (FM enters the call for interest)
    await signRegionalAgreement(machine);
    // Assess: GON's wave started by itself, and its rollout execution with it
    expect((await rolloutExecution(machine, ROLLOUT_ID))?.waitingIn).toBe('AwaitOperatorCallOpening');
    expect(await wavesStarted(machine)).toEqual([
      { regionCode: 'FM', trigger: 'first-wave' },
      { regionCode: 'GON', trigger: 'previous-reached-phase' },
    ]);
    expect((await rolloutExecution(machine, 'rollout-GON-2026'))?.waitingIn).toBe('AwaitLaunch');
    // Assess: CS waits for GON, which has not been launched
    expect((await nationalWaves(machine))?.waitingIn).toBe('AwaitNextWave');
    expect(await rolloutExecution(machine, 'rollout-CS-2026')).toBeUndefined();
  });

  it('waits for the ministry across generations: after 270 days the plan hands over to national-waves-<edition>-g1', async () => {
    // Prepare: the first wave is started, the next waits for the ministry
    const machine = await freshMachine();
    await configureWavePlan(machine, { kind: 'ministry-decision' });
    await startNationalWaves(machine);
    await machine.propagate();
    await ministryStartsWave(machine, 'FM');
    // Act: 280 days without a decision, then the ministry starts the second wave
    await advanceDays(machine, 280);
    const handedOver = await nationalWaves(machine);
    const next = await machine.executor.describe('national-waves', `${WAVE_PLAN_ID}-g1`);
    await ministryStartsWave(machine, 'GON');
    // Assess: generation 0 ended, generation 1 started GON's rollout; FM's started once
    expect(handedOver?.record.status).toBe('SUCCEEDED');
    expect(next?.waitingIn).toBe('AwaitNextWave');
    expect((await rolloutExecution(machine, 'rollout-GON-2026'))?.waitingIn).toBe('AwaitLaunch');
    expect(await wavesStarted(machine)).toEqual([
      { regionCode: 'FM', trigger: 'first-wave' },
      { regionCode: 'GON', trigger: 'ministry-decision' },
    ]);
  });
});
