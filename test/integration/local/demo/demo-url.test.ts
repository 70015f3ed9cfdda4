import { describe, expect, it } from 'vitest';
import { freePort } from '../../../../local/child-runtime.js';
import { runToEnd } from '../../../support/runtime-helpers.js';

// Issue 22 (frictions): `npm run demo -- --url <a mistyped address>` played a whole demo against a
// throwaway runtime of its own. A --url the person gave is the server they meant: nothing
// answering there is said in one line, and nothing is played.

describe('npm run demo with a --url where nothing answers', () => {
  it('says so in one line and exits 2, without playing against a runtime of its own', async () => {
    // Prepare
    const port = await freePort();
    // Act
    const run = await runToEnd(
      'node',
      ['--import', 'tsx', 'local/demo/main.ts', '--url', `127.0.0.1:${port}`],
      {
        timeoutMs: 60_000,
      },
    );
    // Assess
    expect(run.code).toBe(2);
    expect(run.stderr.trim().split('\n')).toEqual([
      `naseej demo: nothing answers at http://127.0.0.1:${port}: start Naseej there (npm start), correct --url, or leave --url out to play against a runtime of its own, in memory`,
    ]);
    expect(run.stdout).not.toContain('playing against a runtime of its own');
  }, 90_000);
});
