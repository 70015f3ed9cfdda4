import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DevAuth } from '../../../local/dev-auth.js';
import { type Runtime, startRuntime } from '../../../local/runtime.js';
import { runCli } from '../../support/runtime-helpers.js';

// Issue 22 (frictions a first-time user hit with the CLI): raw JSON without --json, a bare 401
// with another server's data folder, an address without its scheme taken for a silent server, an
// unknown event type read as "no such events", a negative validity called "not a whole number".

const folders: string[] = [];
const freshFolder = async (): Promise<string> => {
  const folder = await mkdtemp(join(tmpdir(), 'naseej-cli-'));
  folders.push(folder);
  return folder;
};

let runtime: Runtime;
let keyFolder: string;
const against = (...args: string[]) => runCli([...args, '--url', runtime.url, '--data', keyFolder]);

beforeAll(async () => {
  keyFolder = await freshFolder();
  runtime = await startRuntime({ inMemory: true, port: 0, keyDir: keyFolder, quiet: true });
}, 60_000);

afterAll(async () => {
  await runtime?.stop();
  for (const folder of folders) await rm(folder, { recursive: true, force: true });
});

describe('the naseej CLI, as a first-time user meets it', () => {
  it("shows a wave plan as a table naming the next wave, and the README's plan-then-start works", async () => {
    // Prepare
    await against('waves', 'plan', '2026', '--regions', 'FM,MS,CS');
    // Act
    const shown = await against('waves', 'show', '2026');
    const started = await against('waves', 'start', '2026', 'FM');
    // Assess
    expect(shown.out).toBe(
      [
        'Wave plan 2026: FM → MS → CS',
        'WAVE  REGION  STATUS   ROLLOUT',
        '1     FM      next',
        '2     MS      planned',
        '3     CS      planned',
        'Next: naseej waves start 2026 FM',
        '',
      ].join('\n'),
    );
    expect(started.out).toBe('Wave of FM started for 2026\n');
  });

  it("names the next wave when a wave is started out of the plan's order", async () => {
    // Prepare
    await against('waves', 'plan', '2027', '--regions', 'GON,MS');
    // Act
    const started = against('waves', 'start', '2027', 'MS');
    // Assess
    await expect(started).rejects.toMatchObject({
      code: 'WAVE_NOT_NEXT_IN_PLAN',
      exitCode: 1,
      message:
        'Waves start in the order of the plan: the next wave of 2027 is GON (naseej waves start 2027 GON; naseej waves show 2027 shows the plan)',
    });
  });

  it('shows the status as lines and a table, not JSON, without --json', async () => {
    // Act
    const shown = await against('status');
    // Assess
    const lines = shown.out.trim().split('\n');
    expect(() => JSON.parse(shown.out)).toThrow();
    expect(lines[0]).toMatch(/^Running since \d{4}-\d\d-\d\dT.*; data: in memory$/);
    expect(lines).toContain('Dead letters: 0; parked webhook deliveries: 0');
  });

  it('explains a token refused because --data is the data folder of another server', async () => {
    // Prepare: a data folder with a signing key of its own.
    const otherFolder = await freshFolder();
    await DevAuth.create({ folder: otherFolder });
    // Act
    const refused = runCli(['status', '--url', runtime.url, '--data', otherFolder]);
    // Assess
    await expect(refused).rejects.toMatchObject({
      code: 'TOKEN_NOT_ACCEPTED',
      exitCode: 1,
      message: `The server at ${runtime.url} refused the token (401 TOKEN_NOT_FOR_THIS_SERVER): it was minted from the signing key in ${otherFolder}, which this server does not know. Check --data (the data folder of the server that --url names) and --url`,
    });
  });

  it('takes an address without its scheme as http://, and refuses one that is no server address', async () => {
    // Act
    const listed = await runCli([
      'rollouts',
      'list',
      '--json',
      '--url',
      runtime.url.replace('http://', ''),
      '--data',
      keyFolder,
    ]);
    const refused = runCli(['rollouts', 'list', '--url', 'ftp://127.0.0.1:21', '--data', keyFolder]);
    // Assess
    expect(JSON.parse(listed.out)).toEqual({ rollouts: [] });
    await expect(refused).rejects.toMatchObject({
      code: 'BAD_URL',
      exitCode: 2,
      message:
        "--url ftp://127.0.0.1:21 is not the address of a server: give http://<host>:<port> (npm start's is http://127.0.0.1:3000)",
    });
  });

  it('refuses an event type the catalog does not have, instead of reading no events', async () => {
    // Act
    const read = against('events', '--type', 'RolloutLaunched,Bogus');
    // Assess
    await expect(read).rejects.toMatchObject({
      code: 'UNKNOWN_EVENT_TYPE',
      exitCode: 2,
      message: expect.stringMatching(/^--type Bogus: no such event type; the types: .*RolloutLaunched/),
    });
  });

  it('says a validity of -5 hours must be a whole number of 1 or more', async () => {
    // Act
    const minted = runCli(['token', 'ministry', '--hours', '-5', '--data', keyFolder]);
    // Assess
    await expect(minted).rejects.toMatchObject({
      code: 'NOT_A_NUMBER',
      exitCode: 2,
      message: '--hours -5: give a whole number of 1 or more',
    });
  });
});
