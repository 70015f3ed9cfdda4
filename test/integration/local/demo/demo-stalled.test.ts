import { describe, expect, it } from 'vitest';
import { isDemoRolloutStalledError } from '../../../../local/demo/play-rollout.js';
import { runDemo } from '../../../../local/demo/run.js';
import { minterOf } from '../../../../local/demo/tokens.js';
import { inMemoryRuntimeForTheFile } from '../../../support/runtime-for-the-file.js';

// A rollout the workflow does not move: the demo stops with what the runtime says of its
// execution, not a guess.

const runtime = inMemoryRuntimeForTheFile();

describe('the demo when the workflow does not move the rollout', () => {
  it('names the phase it waited for and where the execution stands', async () => {
    // Given a runtime whose workflow executor has stopped
    await runtime.workflows.executor.stop();
    // When the demo plays a rollout, waiting half a second for each phase
    const stopped = await runDemo({
      url: runtime.url,
      mint: minterOf(runtime.auth),
      associations: 2,
      phaseWaitMs: 500,
    }).then(
      () => 'completed',
      (error: unknown) => error,
    );
    // Then it stops at the first phase, saying where the execution stands
    expect(isDemoRolloutStalledError(stopped), String(stopped)).toBe(true);
    expect((stopped as Error).message).toMatch(
      /^rollout-FM-2026 did not reach regional-agreement: it is still in launch after \d+ ms \(no execution of rollout-FM-2026 is recorded\)$/,
    );
  });
});
