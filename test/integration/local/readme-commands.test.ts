import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { cp, mkdir, mkdtemp, readdir, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { forTheFile } from '../../support/for-the-file.js';
import { CHILD_ENV, eventually, type FinishedCommand, runToEnd } from '../../support/runtime-helpers.js';
import { withSharedGiven } from '../../support/shared-given.js';

// Issue 7's README rule: every command the README shows is run by a test or by `.ci/run`. This
// file lists each one with where it runs, and runs the ones nothing else runs, as a person would:
// child processes (`npm start`, `node bin/naseej.js …`, `npm run …`) in the repository, or in a
// scratch copy when the command writes files.

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const README = readFileSync(join(ROOT, 'README.md'), 'utf8');
const CI_RUN = readFileSync(join(ROOT, '.ci/run'), 'utf8');
const PACKAGE = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {
  scripts: Record<string, string>;
  bin: Record<string, string>;
};
const THIS_FILE = relative(ROOT, fileURLToPath(import.meta.url));

/** Where a README command runs: a line of `.ci/run`, a script `npm test` runs, a test file, or nowhere and why. */
type RunBy =
  | { readonly ci: string }
  | { readonly npmTest: string }
  | { readonly test: string }
  | { readonly notRun: string };

/** Run by this file (the CLI's commands through `node bin/naseej.js`, against `npm start`). */
const HERE = { test: THIS_FILE } as const;

/** Every command of the README and where it runs. A command added to the README needs a line here. */
const RUN_BY: Readonly<Record<string, RunBy>> = {
  'npm test': { ci: 'npm test' },
  'npm ci && npm start': { ci: 'npm ci' },
  'npm ci': { ci: 'npm ci' },
  'npm start': HERE,
  'npm start -- --port 3001': HERE,
  'npm run test:unit': { npmTest: 'test:unit' },
  'npm run test:integration': { npmTest: 'test:integration' },
  'npm run test:infra': { npmTest: 'test:infra' },
  'npm run test:e2e': { npmTest: 'test:e2e' },
  'npm run check': { npmTest: 'check' },
  'npm run synth': { ci: 'npm run synth' },
  'npm run catalog': HERE,
  'npm run format': HERE,
  'npm run bench': {
    notRun: 'minutes of measurements on a quiet machine; `npm run bench -- --quick` checks the script',
  },
  'npm run bench:store': {
    notRun:
      "minutes of measurements (the store's part of `npm run bench`); `npm run bench -- --quick` checks the script",
  },
  'npm run demo': { ci: 'npm run demo' },
  'npm run demo -- --help': HERE,
  'npm run demo -- --scenario turbulent': { test: 'test/integration/local/demo/demo-turbulent.test.ts' },
  'npm run demo -- --scenario past-edition': { test: 'test/integration/local/demo/past-edition.test.ts' },
  'npm run demo -- --regions FM,GON --associations 40': {
    notRun: 'several regions played in real time (minutes); bench/scale.ts plays several regions',
  },
  'npm run demo -- --regions all --associations 600': {
    notRun: 'the national scale, long by design (the README says so); bench/scale.ts measures it',
  },
  'npm run naseej -- token <role>': HERE,
  'npm run naseej -- <command>': HERE,
  'node bin/naseej.js <command>': HERE,
  naseej: { notRun: 'the same program as `node bin/naseej.js` once linked (package.json `bin`)' },
  'npm link': { notRun: "changes the machine's global npm folder; it links package.json `bin`, run here" },
  'naseej rollouts launch FM --edition 2026 [--associations 30 --members 4 --trainers 15]': HERE,
  'naseej rollouts list': HERE,
  'naseej waves plan 2026 --regions FM,MS,CS [--after-phase axis-1-training]': HERE,
  'naseej waves start 2026 FM': HERE,
  'naseej waves show 2026': HERE,
  'naseej events [--follow] [--last 20] [--type RolloutLaunched,WaveStarted] [--after <cursor>]': HERE,
  'naseej projections list': HERE,
  'naseej projections rebuild [name…]': HERE,
  'naseej open-data [--format csv\\|json] [--out file]': HERE,
  'naseej token [role] [--hours 12]': HERE,
  'naseej status': HERE,
  'npx cdk deploy -c stage=prod': {
    notRun: 'needs an AWS account; `npm run synth` (.ci/run) synthesizes the same app',
  },
};

/** The commands the README shows: lines of its `sh` blocks and inline code that starts with a command. */
const readmeCommands = (): string[] => {
  const commands = new Set<string>();
  for (const block of README.matchAll(/```sh\n([\s\S]*?)```/g)) {
    for (const line of (block[1] ?? '').split('\n')) {
      const command = line.replace(/\s+#.*$/, '').trim();
      if (command.length > 0) commands.add(command);
    }
  }
  for (const span of README.matchAll(/`([^`\n]+)`/g)) {
    const text = (span[1] ?? '').trim();
    if (/^(npm|npx|naseej|node bin\/naseej\.js)( |$)/.test(text)) commands.add(text);
  }
  return [...commands];
};

type Finished = FinishedCommand;

/** Runs a command to its end, from the repository (or `cwd`), as a person would type it. */
const run = (command: string, args: readonly string[], cwd = ROOT, timeoutMs = 60_000): Promise<Finished> =>
  runToEnd(command, args, { cwd, timeoutMs });

/** A command left running in its own process group (as in a terminal), with what it printed so far. */
interface Running {
  readonly child: ChildProcess;
  readonly output: { stdout: string; stderr: string };
  /** Resolves once every process of the group has closed its output. */
  readonly closed: Promise<number | null>;
  /** Waits until standard output matches `pattern`; answers the match. */
  waitFor(pattern: RegExp, what: string, timeoutMs?: number): Promise<RegExpMatchArray>;
  /** Ctrl-C: SIGINT to the whole group. */
  interrupt(): void;
  /** SIGKILL to the whole group. */
  kill(): void;
}

const signalGroup = (child: ChildProcess, signal: NodeJS.Signals): void => {
  try {
    if (child.pid !== undefined) process.kill(-child.pid, signal);
  } catch {
    // The group has ended already.
  }
};

const start = (command: string, args: readonly string[]): Running => {
  const child = spawn(command, args, {
    cwd: ROOT,
    env: CHILD_ENV,
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  const output = { stdout: '', stderr: '' };
  child.stdout?.on('data', (chunk: Buffer) => {
    output.stdout += chunk.toString();
  });
  child.stderr?.on('data', (chunk: Buffer) => {
    output.stderr += chunk.toString();
  });
  const closed = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
  return {
    child,
    output,
    closed,
    waitFor: async (pattern, what, timeoutMs = 60_000) => {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const match = output.stdout.match(pattern);
        if (match) return match;
        if (child.exitCode !== null || Date.now() > deadline) {
          throw new Error(`Still waiting for ${what}; stdout: ${output.stdout}; stderr: ${output.stderr}`);
        }
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    },
    interrupt: () => signalGroup(child, 'SIGINT'),
    kill: () => signalGroup(child, 'SIGKILL'),
  };
};

const folders: string[] = [];
const scratch = async (name: string): Promise<string> => {
  const folder = await mkdtemp(join(tmpdir(), `naseej-readme-${name}-`));
  folders.push(folder);
  return folder;
};

/** Every file under `folder`, by path relative to it, with its text. */
const filesUnder = async (folder: string): Promise<Record<string, string>> => {
  const entries = await readdir(folder, { recursive: true, withFileTypes: true });
  const files = entries.filter((entry) => entry.isFile());
  return Object.fromEntries(
    await Promise.all(
      files.map(async (entry) => {
        const path = join(entry.parentPath, entry.name);
        return [relative(folder, path), await readFile(path, 'utf8')] as const;
      }),
    ),
  );
};

/** `npm run catalog` in a copy of what it reads, so the repository is never written: how it ended, what it wrote. */
const catalogInScratchCopy = async () => {
  const copy = await scratch('catalog');
  for (const path of ['package.json', 'tsconfig.json', 'scripts', 'events']) {
    await cp(join(ROOT, path), join(copy, path), { recursive: true });
  }
  await symlink(join(ROOT, 'node_modules'), join(copy, 'node_modules'), 'dir');
  const finished = await run('npm', ['run', 'catalog'], copy);
  return { finished, written: finished.code === 0 ? await filesUnder(join(copy, 'docs/catalog')) : {} };
};

/** `npm run format` on a scratch project with the repository's settings and one badly formatted file. */
const formatInScratchProject = async () => {
  const project = await scratch('format');
  for (const path of ['package.json', 'biome.json', '.gitignore'])
    await cp(join(ROOT, path), join(project, path));
  await symlink(join(ROOT, 'node_modules'), join(project, 'node_modules'), 'dir');
  await mkdir(join(project, 'src'));
  await writeFile(join(project, 'src/sample.ts'), 'const  greeting = "salam"\nexport { greeting }\n');
  // Biome reads .gitignore through git, as in the repository.
  await run('git', ['init', '-q'], project);
  const finished = await run('npm', ['run', 'format'], project);
  return { finished, formatted: await readFile(join(project, 'src/sample.ts'), 'utf8') };
};

/** The project scripts run alongside `npm start` and the CLI (two cores do twice the work). */
let scripts: {
  catalog: ReturnType<typeof catalogInScratchCopy>;
  format: ReturnType<typeof formatInScratchProject>;
  demoHelp: Promise<Finished>;
};

beforeAll(() => {
  scripts = {
    catalog: catalogInScratchCopy(),
    format: formatInScratchProject(),
    demoHelp: run('npm', ['run', 'demo', '--', '--help']),
  };
  // Awaited by their tests; a failure is reported there, not as an unhandled rejection.
  for (const pending of Object.values(scripts)) pending.catch(() => undefined);
});

afterAll(async () => {
  for (const folder of folders) await rm(folder, { recursive: true, force: true });
});

/** `npm start` on a scratch data folder, for the CLI's tests (the README's first command). */
const npmStart = forTheFile(
  async () => {
    const data = await scratch('data');
    const server = start('npm', ['start', '--', '--in-memory', '--port', '0', '--data', data]);
    const url = (await server.waitFor(/API\s+(http:\/\/127\.0\.0\.1:\d+)/, 'the start banner'))[1] ?? '';
    await server.waitFor(/Ctrl-C stops it/, 'the end of the banner');
    return { server, url, data };
  },
  async ({ server }) => {
    // Ctrl-C, as in a terminal; the runtime's clean stop is tested in runtime.test.ts.
    server.interrupt();
    const stopped = await Promise.race([
      server.closed.then(() => true),
      new Promise<false>((resolve) => setTimeout(() => resolve(false), 20_000)),
    ]);
    if (!stopped) server.kill();
  },
);
const cli = (...args: string[]) =>
  run('node', ['bin/naseej.js', ...args, '--url', npmStart.url, '--data', npmStart.data]);
const json = async (...args: string[]) => {
  const finished = await cli(...args, '--json');
  expect(finished.code, finished.stderr).toBe(0);
  return JSON.parse(finished.stdout);
};

/**
 * The given of the tests that read a rollout (docs/adr/0143-tests-stand-alone.md): Fès-Meknès
 * 2026 launched, the 2026 waves planned and FM's started, through the CLI, with what each
 * command answered. Launched once per file: a second launch of the same rollout is refused.
 */
const test = withSharedGiven(async () => {
  const [launched, planned] = await Promise.all([
    json('rollouts', 'launch', 'FM', '--edition', '2026', '--associations', '30'),
    json('waves', 'plan', '2026', '--regions', 'FM,MS,CS'),
  ]);
  const started = await json('waves', 'start', '2026', 'FM');
  return { launched, planned, started };
});

describe('the README', () => {
  it('starts with the two commands, verbatim: npm ci && npm start, and npm test', () => {
    const firstHeading = README.match(/^## (.+)$/m)?.[1];
    const firstBlocks = [...README.matchAll(/```sh\n([\s\S]*?)```/g)].slice(0, 2).map((m) => m[1]?.trim());
    expect(firstHeading).toBe('The two commands');
    expect(firstBlocks.sort()).toEqual(['npm ci && npm start', 'npm test']);
  });

  it('names where each of its commands runs, and each place runs it', () => {
    // Prepare
    const commands = readmeCommands();
    // Assess: every command has a place, and every place listed is still a README command.
    expect(commands.filter((command) => RUN_BY[command] === undefined)).toEqual([]);
    expect(Object.keys(RUN_BY).filter((command) => !commands.includes(command))).toEqual([]);
    const ciLines = CI_RUN.split('\n').map((line) => line.trim());
    for (const [command, place] of Object.entries(RUN_BY)) {
      if ('ci' in place) expect(ciLines, `${command}: .ci/run runs ${place.ci}`).toContain(place.ci);
      if ('npmTest' in place) {
        expect(PACKAGE.scripts.test, command).toContain(`npm run ${place.npmTest}`);
        expect(ciLines, command).toContain('npm test');
      }
      if ('test' in place) expect(existsSync(join(ROOT, place.test)), command).toBe(true);
      if ('notRun' in place) expect(place.notRun.length, command).toBeGreaterThan(20);
    }
    expect(PACKAGE.bin.naseej).toBe('bin/naseej.js');
  });
});

describe('npm start, and the naseej CLI against it', () => {
  it('serves the dashboard and the API where the banner says', async () => {
    const dashboard = await fetch(`${npmStart.url}/dashboard/`);
    const openApi = await fetch(`${npmStart.url}/openapi.json`);
    expect([dashboard.status, openApi.status]).toEqual([200, 200]);
    // Issue 22, defect 5: the banner says how to mint a token, and prints none (it lands in logs).
    expect(npmStart.server.output.stdout).toContain(
      `A ministry token (valid 12 h): npm run naseej -- token ministry --data ${npmStart.data}`,
    );
    expect(npmStart.server.output.stdout).not.toMatch(/eyJ[\w-]*\.[\w-]+\.[\w-]+/);
  });

  it('mints a token with npm run naseej -- token <role>', async () => {
    const minted = await run('npm', ['run', 'naseej', '--', 'token', 'reader', '--data', npmStart.data]);
    const token = minted.stdout.trim().split('\n').at(-1) ?? '';
    expect(minted.code, minted.stderr).toBe(0);
    expect(token.split('.')).toHaveLength(3);
    const feed = await fetch(`${npmStart.url}/events?limit=1`, {
      headers: { authorization: `Bearer ${token}` },
    });
    expect(feed.status).toBe(200);
  });

  test('launches and lists rollouts, and plans, starts and shows waves', async ({
    given: { launched, planned, started },
  }) => {
    // Act (the launch, the plan and the start are the given)
    const [list, plan] = await Promise.all([json('rollouts', 'list'), json('waves', 'show', '2026')]);
    // Assess
    expect(launched.streamId).toBe('rollout-FM-2026');
    expect([planned.streamId, started.streamId]).toEqual(['national-waves-2026', 'national-waves-2026']);
    expect(list.rollouts).toEqual(
      expect.arrayContaining([expect.objectContaining({ rolloutId: 'rollout-FM-2026', regionCode: 'FM' })]),
    );
    expect(plan).toMatchObject({ regions: ['FM', 'MS', 'CS'], started: [{ regionCode: 'FM' }] });
  });

  test('reads the feed, follows it for a while, and reads on from the cursor it printed', async ({
    given: _launched,
  }) => {
    // Act: the feed so far, only two types (meanwhile, the next command starts).
    const typedRun = cli('events', '--type', 'RolloutLaunched,WaveStarted', '--json');
    // Act: follow from the last 20 events; the ministry plans another edition meanwhile; Ctrl-C.
    const following = start('node', [
      'bin/naseej.js',
      'events',
      '--follow',
      '--last',
      '20',
      '--interval',
      '200',
      '--json',
      '--url',
      npmStart.url,
      '--data',
      npmStart.data,
    ]);
    await following.waitFor(/"eventId"/, 'the last events of the feed');
    const ministry = (await json('token', 'ministry')).token;
    const planned = await fetch(`${npmStart.url}/waves/2027/plan`, {
      method: 'PUT',
      headers: { authorization: `Bearer ${ministry}`, 'content-type': 'application/json' },
      body: JSON.stringify({ regions: ['GON'], nextWaveRule: { kind: 'ministry-decision' } }),
    });
    await following.waitFor(/"streamId":"national-waves-2027"/, 'the followed feed to show the new plan');
    following.interrupt();
    await following.closed;
    const cursor = following.output.stderr.match(/cursor: (c1\.[A-Za-z0-9_-]{24})/)?.[1];
    const [typed, after] = await Promise.all([
      typedRun,
      cli('events', '--after', cursor ?? 'none', '--json'),
    ]);
    // Assess
    const types = typed.stdout
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line).type);
    expect(typed.code, typed.stderr).toBe(0);
    expect(new Set(types)).toEqual(new Set(['RolloutLaunched', 'WaveStarted']));
    expect(planned.status).toBe(201);
    expect(cursor).toBeDefined();
    expect(after.code, after.stderr).toBe(0);
    const idsOf = (text: string) =>
      text
        .trim()
        .split('\n')
        .filter((line) => line.length > 0)
        .map((line) => JSON.parse(line).eventId as string);
    const seen = new Set(idsOf(following.output.stdout));
    expect(idsOf(after.stdout).filter((id) => seen.has(id))).toEqual([]);
  });

  test('lists the projections and rebuilds them, and exports the open data as CSV and JSON', async ({
    given: _launched,
  }) => {
    // Prepare
    const folder = await scratch('open-data');
    // Act
    const [listed, csv, jsonExport] = await Promise.all([
      json('projections', 'list'),
      cli('open-data', '--format', 'csv', '--out', join(folder, 'funding.csv')),
      cli('open-data', '--format', 'json', '--out', join(folder, 'funding.json')),
    ]);
    const rebuilt = await json('projections', 'rebuild');
    // Assess
    expect(listed.projections.length).toBeGreaterThan(3);
    expect(rebuilt.rebuilt).toHaveLength(listed.projections.length);
    expect([csv.code, jsonExport.code]).toEqual([0, 0]);
    expect((await readFile(join(folder, 'funding.csv'), 'utf8')).split('\n')[0]).toMatch(/,/);
    expect(JSON.parse(await readFile(join(folder, 'funding.json'), 'utf8'))).toBeTypeOf('object');
  });

  test("shows the runtime's status with the rollout's workflow", async ({ given: _launched }) => {
    // Prepare: the launch starts the workflow shortly after (watched through the API, not the CLI).
    const ministry = (await json('token', 'ministry')).token;
    await eventually(async () => {
      const answer = await fetch(`${npmStart.url}/runtime/status`, {
        headers: { authorization: `Bearer ${ministry}` },
      });
      const body = (await answer.json()) as { executions: { name: string }[] };
      return body.executions.some((execution) => execution.name === 'rollout-FM-2026') ? true : undefined;
    }, 'the rollout workflow in the status');
    // Act
    const status = await json('status');
    // Assess
    expect(status).toMatchObject({
      inMemory: true,
      executions: expect.arrayContaining([expect.objectContaining({ name: 'rollout-FM-2026' })]),
    });
  });
});

describe('the project scripts of the README', () => {
  it('npm run catalog writes docs/catalog exactly as committed (run in a scratch copy)', async () => {
    // Act (started with the file)
    const { finished, written } = await scripts.catalog;
    // Assess
    expect(finished.code, finished.stderr).toBe(0);
    const committed = await filesUnder(join(ROOT, 'docs/catalog'));
    expect(Object.keys(written).sort()).toEqual(Object.keys(committed).sort());
    for (const [name, text] of Object.entries(committed)) expect(written[name], name).toBe(text);
  });

  it('npm run format fixes formatting in place (run on a scratch project with the same settings)', async () => {
    const { finished, formatted } = await scripts.format;
    expect(finished.code, finished.stderr).toBe(0);
    expect(formatted).toBe("const greeting = 'salam';\n\nexport { greeting };\n");
  });

  it('npm run demo -- --help lists the options', async () => {
    const help = await scripts.demoHelp;
    expect(help.code, help.stderr).toBe(0);
    for (const option of ['--regions', '--associations', '--url', '--data', '--call-seconds']) {
      expect(help.stdout).toContain(option);
    }
  });
});
