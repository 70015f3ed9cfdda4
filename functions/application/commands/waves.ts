import { wavePlanDecider, wavePlanStreamId } from '../../domain/national/national.js';
import { commandHandler } from '../command-handler.js';
import { startNextWaveFacts } from '../facts.js';

// The handlers of the national plan of regional waves, each declared once (see command-handler.ts):
// the HTTP routes (adapters/http/routes/rollouts.ts) and the national waves workflow's task
// (workflows/tasks/national-waves.ts) call these.

const waves = commandHandler(wavePlanDecider);

/** The edition whose plan a command changes: named by the path or the workflow, not by `StartNextWave`'s data. */
export interface EditionKey {
  readonly edition: string;
}

export const configureWavePlan = waves('ConfigureWavePlan', {
  stream: ({ edition }) => wavePlanStreamId(edition),
});

/**
 * The previous wave's rollout as it stands, read on each attempt from the plan just loaded: a wave
 * started meanwhile (a conflict) makes the retry read the right previous wave.
 */
export const startNextWave = waves('StartNextWave', {
  stream: (_data, { edition }: EditionKey) => wavePlanStreamId(edition),
  factsOnEachAttempt: (_data, { store }, { loaded }) => startNextWaveFacts(store, loaded.state),
});
