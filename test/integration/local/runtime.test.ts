import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DYNAMODB_FOLDER, type Runtime, startRuntime } from '../../../local/runtime.js';
import { isRuntimeStartError } from '../../../local/runtime-errors.js';
import { fetchAs, jsonAnswer } from '../../support/fetch-as.js';
import { forTheFile } from '../../support/for-the-file.js';
import { eventually, runCli, runMainProcess } from '../../support/runtime-helpers.js';
import { withSharedGiven } from '../../support/shared-given.js';

// The embedded runtime as `npm start` runs it: in memory on a random port, then on a data folder
// that outlives a stop, and the one-line explanations of what keeps it from starting.

const folders: string[] = [];
const freshFolder = async (): Promise<string> => {
  const folder = await mkdtemp(join(tmpdir(), 'naseej-runtime-'));
  folders.push(folder);
  return folder;
};

interface FeedPage {
  events: { type: string; streamId: string; version: number }[];
  checkpoint: string | null;
}

const call = async (runtime: Runtime, method: string, path: string, body?: unknown, token?: string) =>
  jsonAnswer(await fetchAs(`${runtime.url}${path}`, token ?? runtime.tokens.ministry, method, body));

const feedTypes = async (runtime: Runtime, streamId: string): Promise<string[]> => {
  const page = (await call(runtime, 'GET', '/events?limit=500')).json as FeedPage;
  return page.events.filter((event) => event.streamId === streamId).map((event) => event.type);
};

afterAll(async () => {
  for (const folder of folders) await rm(folder, { recursive: true, force: true });
});

/** The in-memory runtime of the first tests, with the key folder its tokens are signed with. */
const memory = forTheFile(
  async () => {
    const keyFolder = await freshFolder();
    const runtime = await startRuntime({ inMemory: true, port: 0, keyDir: keyFolder, quiet: true });
    return { runtime, keyFolder };
  },
  ({ runtime }) => runtime.stop(),
);

/** The runtime's status, once an execution waits for the regional agreement. */
const statusOnceWaitingForAgreement = () =>
  eventually(async () => {
    const answer = (await call(memory.runtime, 'GET', '/runtime/status')).json as Awaited<
      ReturnType<Runtime['status']>
    >;
    return answer.executions.some((execution) => execution.waitingIn === 'AwaitRegionalAgreement')
      ? answer
      : undefined;
  }, 'the workflow to wait for the regional agreement');

/**
 * The given of the tests that read a rollout (docs/adr/0143-tests-stand-alone.md): Fès-Meknès 2026
 * launched with a dev token, with the launch's answer, once its workflow waits for the regional
 * agreement. Launched once per file: a second launch of the same rollout is refused.
 */
const test = withSharedGiven(async () => {
  const launched = await call(memory.runtime, 'POST', '/rollouts', { regionCode: 'FM', edition: '2026' });
  await statusOnceWaitingForAgreement();
  return { launched };
});

/**
 * An operator's action on executions (`redrive`, `next-generation`): on the running rollout's, on
 * an unknown one, and on the running one with a reader's token.
 */
const operatorActions = async (action: string) => {
  const path = (name: string) => `/runtime/workflows/region-rollout/executions/${name}/${action}`;
  const { runtime } = memory;
  return {
    running: await call(runtime, 'POST', path('rollout-FM-2026')),
    unknown: await call(runtime, 'POST', path('rollout-XX-1999')),
    asReader: await call(runtime, 'POST', path('rollout-FM-2026'), undefined, runtime.tokens.reader),
  };
};

describe('the runtime in memory', () => {
  it('serves the OpenAPI document, the docs and the dashboard, and sends / to the dashboard', async () => {
    // Act
    const openApi = await fetch(`${memory.runtime.url}/openapi.json`);
    const docs = await fetch(`${memory.runtime.url}/docs`);
    const root = await fetch(`${memory.runtime.url}/`, { redirect: 'manual' });
    // Assess
    expect(openApi.status).toBe(200);
    const document = (await openApi.json()) as { paths: Record<string, unknown> };
    expect(Object.keys(document.paths)).toEqual(
      expect.arrayContaining([
        '/rollouts',
        '/events',
        '/partners/{partnerId}/webhook-secrets',
        '/runtime/status',
      ]),
    );
    expect(docs.status).toBe(200);
    expect([root.status, root.headers.get('location')]).toEqual([302, '/dashboard/']);
  });

  test('records a command sent with a dev token, shows it in GET /events, and the workflow moves the rollout', async ({
    given: { launched },
  }) => {
    // Assess (the act, the launch, is the given)
    expect(launched.status).toBe(201);
    expect(await feedTypes(memory.runtime, 'rollout-FM-2026')).toContain('RolloutLaunched');
    const types = await eventually(async () => {
      const seen = await feedTypes(memory.runtime, 'rollout-FM-2026');
      return seen.includes('RolloutPhaseAdvanced') ? seen : undefined;
    }, 'the workflow to advance the rollout');
    expect(types).toEqual(['RolloutLaunched', 'RolloutPhaseAdvanced']);
    const status = await statusOnceWaitingForAgreement();
    expect(status.executions).toEqual([
      expect.objectContaining({ stateMachine: 'region-rollout', name: 'rollout-FM-2026', status: 'RUNNING' }),
    ]);
  });

  test('redrives only a failed execution, for the ministry only', async ({ given: _launched }) => {
    // Act
    const { running, unknown, asReader } = await operatorActions('redrive');
    // Assess
    expect([running.status, running.json.code]).toEqual([409, 'EXECUTION_NOT_REDRIVABLE']);
    expect([unknown.status, unknown.json.code]).toEqual([404, 'NO_SUCH_EXECUTION']);
    expect(asReader.status).toBe(403);
  });

  test('recovers only a failed or timed-out execution with its next generation, for the ministry only', async ({
    given: _launched,
  }) => {
    // Act
    const { running, unknown, asReader } = await operatorActions('next-generation');
    // Assess
    expect([running.status, running.json.code]).toEqual([409, 'EXECUTION_NOT_RECOVERABLE']);
    expect([unknown.status, unknown.json.code]).toEqual([404, 'NO_SUCH_EXECUTION']);
    expect(asReader.status).toBe(403);
  });

  it('lets the ministry register a partner secret, shown once, and retire it', async () => {
    // Act
    const created = await call(memory.runtime, 'POST', '/partners/amsed/webhook-secrets', {
      associationId: 'assoc-amsed',
      rolloutId: 'rollout-FM-2026',
    });
    const read = await call(memory.runtime, 'GET', '/partners/amsed/webhook-secrets');
    const retired = await call(
      memory.runtime,
      'POST',
      `/partners/amsed/webhook-secrets/${created.json.secretId}/retirement`,
    );
    const asReader = await call(
      memory.runtime,
      'GET',
      '/partners/amsed/webhook-secrets',
      undefined,
      memory.runtime.tokens.reader,
    );
    // Assess
    expect(created.status).toBe(201);
    expect(created.json.secret).toMatch(/^whsec_/);
    expect(JSON.stringify(read.json)).not.toContain('whsec_');
    expect(read.json.secrets).toEqual([{ secretId: created.json.secretId, status: 'active' }]);
    expect(retired.json.secrets).toEqual([{ secretId: created.json.secretId, status: 'retired' }]);
    expect(asReader.status).toBe(403);
  });

  test("answers the CLI's rollouts list and token mint with --json", async ({ given: _launched }) => {
    // Act
    const list = await runCli([
      'rollouts',
      'list',
      '--json',
      '--url',
      memory.runtime.url,
      '--data',
      memory.keyFolder,
    ]);
    const mint = await runCli(['token', 'reader', '--json', '--data', memory.keyFolder]);
    // Assess
    expect(JSON.parse(list.out)).toEqual({
      rollouts: [
        expect.objectContaining({ rolloutId: 'rollout-FM-2026', regionCode: 'FM', status: 'active' }),
      ],
    });
    const minted = JSON.parse(mint.out) as { role: string; token: string };
    expect(minted.role).toBe('reader');
    const claims = await memory.runtime.auth.verify(minted.token);
    expect(claims['naseej:roles']).toEqual(['reader']);
  });

  it('mints a token for 24 hours at most, as the server takes no longer ones', async () => {
    const day = JSON.parse(
      (await runCli(['token', 'reader', '--hours', '24', '--json', '--data', memory.keyFolder])).out,
    );
    expect(day.expiresInHours).toBe(24);
    await expect(
      runCli(['token', 'reader', '--hours', '25', '--data', memory.keyFolder]),
    ).rejects.toMatchObject({
      code: 'TOKEN_TOO_LONG',
      message: 'A token is valid for 24 hours at most: the server refuses longer ones',
    });
  });

  it('stops cleanly: nothing answers afterwards', async () => {
    // Prepare
    const other = await startRuntime({ inMemory: true, port: 0, quiet: true });
    // Act
    await other.stop();
    // Assess
    await expect(fetch(`${other.url}/openapi.json`)).rejects.toThrow();
  });
});

describe('the runtime on a data folder', () => {
  it('keeps the data across a stop and resumes the unfinished workflow', async () => {
    // Prepare
    const dataDir = await freshFolder();
    const first = await startRuntime({ dataDir, port: 0, quiet: true });
    await call(first, 'POST', '/rollouts', { regionCode: 'GON', edition: '2026' });
    await eventually(
      async () =>
        (await first.workflows.executor.describe('region-rollout', 'rollout-GON-2026'))?.waitingIn ===
        'AwaitRegionalAgreement'
          ? true
          : undefined,
      'the first run to park the rollout at its regional agreement',
    );
    await first.stop();
    // Act
    const second = await startRuntime({ dataDir, port: 0, quiet: true });
    try {
      // Assess
      expect(second.resumedExecutions).toEqual([expect.stringContaining('region-rollout:rollout-GON-2026')]);
      expect(await feedTypes(second, 'rollout-GON-2026')).toEqual([
        'RolloutLaunched',
        'RolloutPhaseAdvanced',
      ]);
      await eventually(
        async () =>
          (await second.workflows.executor.describe('region-rollout', 'rollout-GON-2026'))?.waitingIn ===
          'AwaitRegionalAgreement'
            ? true
            : undefined,
        'the resumed execution to wait at the same step',
      );
      expect(await feedTypes(second, 'rollout-GON-2026')).toEqual([
        'RolloutLaunched',
        'RolloutPhaseAdvanced',
      ]);
    } finally {
      await second.stop();
    }
  }, 90_000);

  it('refuses a data folder another runtime holds, and a damaged one, each in one line', async () => {
    // Prepare
    const held = await freshFolder();
    const holder = await startRuntime({ dataDir: held, port: 0, quiet: true });
    const damaged = await freshFolder();
    await startRuntime({ dataDir: damaged, port: 0, quiet: true }).then((runtime) => runtime.stop());
    await writeFile(join(damaged, DYNAMODB_FOLDER, 'CURRENT'), 'MANIFEST-999999\n');
    try {
      // Act
      const locked = await startRuntime({ dataDir: held, port: 0, quiet: true }).catch(
        (error: unknown) => error,
      );
      const corrupt = await startRuntime({ dataDir: damaged, port: 0, quiet: true }).catch(
        (error: unknown) => error,
      );
      // Assess
      expect(isRuntimeStartError(locked) && locked.code).toBe('DATA_FOLDER_LOCKED');
      expect((locked as Error).message).toMatch(/in use by another process.*--in-memory/);
      expect(isRuntimeStartError(corrupt) && corrupt.code).toBe('DATA_FOLDER_CORRUPT');
      expect((corrupt as Error).message).toMatch(/cannot be read.*move it away/);
    } finally {
      await holder.stop();
    }
  }, 60_000);
});

describe('npm start on a busy port', () => {
  let busy: Server;
  let port: number;

  beforeAll(async () => {
    busy = createServer();
    await new Promise<void>((resolve) => busy.listen(0, '127.0.0.1', resolve));
    port = (busy.address() as { port: number }).port;
  });

  afterAll(async () => {
    await new Promise((resolve) => busy.close(resolve));
  });

  it('explains it in one line, suggests --port, and exits non-zero', async () => {
    // Prepare
    const dataDir = await freshFolder();
    // Act
    const run = await runMainProcess(['--port', String(port), '--in-memory', '--data', dataDir]);
    // Assess
    const lines = run.stderr.trim().split('\n');
    expect(run.code).toBe(3);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(new RegExp(`Port ${port} .* already in use.*--port`));
    expect(run.stderr).not.toMatch(/\n\s+at /);
  }, 90_000);
});
