import type { Actor } from '../../events/envelope.js';
import type { RegionCode } from '../../events/reference.js';
import type { RolloutPhase } from '../../events/rollout/schemas.js';
import { wavePlanDecider, wavePlanStreamId } from '../../functions/domain/national/national.js';
import { act, type WorkflowMachine } from './workflow-harness.js';

// The commands the ministry sends to the national plan of regional waves, for the workflow tests.

export const EDITION = '2026';
export const WAVE_PLAN_ID = wavePlanStreamId(EDITION);
/** The first three waves of the national plan, in order. */
export const WAVE_REGIONS: readonly RegionCode[] = ['FM', 'GON', 'CS'];
const ministry: Actor = { id: 'user-ministry-1', role: 'ministry' };

/** The ministry configures the plan: FM, GON, CS, with the given rule for the next wave. */
export const configureWavePlan = async (
  machine: WorkflowMachine,
  nextWaveRule: { kind: 'ministry-decision' } | { kind: 'previous-reached-phase'; phase: RolloutPhase },
): Promise<void> => {
  await act(machine, wavePlanDecider, WAVE_PLAN_ID, ministry, {
    type: 'ConfigureWavePlan',
    data: { edition: EDITION, regions: [...WAVE_REGIONS], nextWaveRule },
  });
  await machine.propagate();
};

/** The ministry decides that the region's wave starts now. */
export const ministryStartsWave = async (machine: WorkflowMachine, regionCode: RegionCode): Promise<void> => {
  await act(machine, wavePlanDecider, WAVE_PLAN_ID, ministry, {
    type: 'StartNextWave',
    data: { regionCode },
  });
  await machine.propagate();
};
