import * as z from 'zod';
import { RegionCode } from '../../../events/reference.js';
import { ProgramEdition, type RolloutPhase, WaveStartRule } from '../../../events/rollout/schemas.js';
import type { CommandOf } from '../shared/decider.js';

/** Set (or change) the order of regional waves of an edition and the rule for starting the next one. */
export const ConfigureWavePlanInput = z.strictObject({
  edition: ProgramEdition,
  regions: z.array(RegionCode).min(1).max(12),
  nextWaveRule: WaveStartRule,
});

/** Start the next region's wave; naming the region guards against starting the wrong one. */
export const StartNextWaveInput = z.strictObject({
  regionCode: RegionCode,
});

/** The previous wave's rollout as it stands, for the `previous-reached-phase` rule. */
export interface PreviousWaveFacts {
  /** The previous wave's rollout id (from its WaveStarted). */
  readonly rolloutId: string;
  /** rollout's `currentPhase(state)` on that rollout's stream (null: not launched yet). */
  readonly phase: RolloutPhase | null;
}

export interface StartNextWaveFacts {
  /** Filled by the application layer from the previous wave's rollout; absent for the first wave. */
  readonly previousWave?: PreviousWaveFacts;
}

export type ConfigureWavePlan = CommandOf<'ConfigureWavePlan', typeof ConfigureWavePlanInput>;
export type StartNextWave = {
  type: 'StartNextWave';
  data: z.infer<typeof StartNextWaveInput>;
  facts?: StartNextWaveFacts;
};

/** Every command of the national wave plan. */
export type WavePlanCommand = ConfigureWavePlan | StartNextWave;
