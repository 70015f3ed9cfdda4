import { cp, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GetItemCommand, UpdateItemCommand } from '@aws-sdk/client-dynamodb';
import { marshall } from '@aws-sdk/util-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rolloutStreamId } from '../../../../functions/domain/rollout/rollout.js';
import { HISTORY_DOES_NOT_VERIFY_EXIT } from '../../../../local/cli/verify.js';
import { startDynalite } from '../../../../local/dynalite/server.js';
import { DYNAMODB_FOLDER, LOCAL_TABLE_NAME, type Runtime, startRuntime } from '../../../../local/runtime.js';
import { ManualWorkflowClock } from '../../../../local/workflow-clock.js';
import { runToEnd } from '../../../support/runtime-helpers.js';

// The tamper-evident history end to end: the runtime on a data folder records a day of history
// through its API and seals it; the ministry's verification route and `naseej verify` (the real
// bin, as a child process) find it intact. Then, the runtime stopped, one commit is changed with a
// raw UpdateItem on its dynalite folder, as an administrator with access to the table could; both
// name that commit once the runtime is back. The runtime's clock is a manual one, so the day of
// history can be sealed without waiting for midnight.
//
// The sealed history is built once for the file, in a folder no test runs on; each test copies it
// into a folder of its own and starts its own runtime there, so that the tampering of one test is
// never read by another, whatever the order (docs/adr/0143-tests-stand-alone.md).

/** The day the history is recorded on (a past day: the CLI's tokens are minted on the real clock). */
const HISTORY_DAY = '2026-03-02';
/** After the day and the store's settle bound (5 s): the day can be sealed. */
const NEXT_DAY = Date.parse('2026-03-03T00:10:00.000Z');
const TAMPERED_STREAM = rolloutStreamId('FM', '2026');

interface VerificationReport {
  readonly ok: boolean;
  readonly commitsChecked: number;
  readonly daysChecked: number;
  readonly firstProblem?: { kind: string; streamId?: string; version?: number; day?: string };
}

/** `node bin/naseej.js verify --json` against the runtime: its exit code and what it printed. */
const runVerifyCli = (url: string, dataDir: string) =>
  runToEnd(process.execPath, ['bin/naseej.js', 'verify', '--url', url, '--data', dataDir, '--json']);

/** The folder that holds the sealed history and one folder per test. */
let root: string;
/** The data folder the history was recorded and sealed in, its runtime stopped: tests copy it. */
let sealedData: string;

/** A runtime on a data folder, with the ministry's and a reader's tokens minted on its clock. */
interface RuntimeOn {
  readonly runtime: Runtime;
  readonly ministry: string;
  readonly reader: string;
}

const startOn = async (dataDir: string, clock: ManualWorkflowClock): Promise<RuntimeOn> => {
  const runtime = await startRuntime({ dataDir, port: 0, quiet: true, clock });
  // Minted on the runtime's clock, valid through the next day's seal (the server takes 24 hours at most).
  const ministry = await runtime.auth.mint({
    subject: 'ministry-office-1',
    roles: ['ministry'],
    expiresInSeconds: 24 * 3600,
  });
  const reader = await runtime.auth.mint({
    subject: 'dashboard',
    roles: ['reader'],
    expiresInSeconds: 24 * 3600,
  });
  return { runtime, ministry, reader };
};

/** A copy of the sealed history, in a data folder of the test's own. */
const ownCopyOfTheSealedHistory = async (name: string): Promise<string> => {
  const dataDir = join(root, name);
  await cp(sealedData, dataDir, { recursive: true });
  return dataDir;
};

const verification = async (runtime: Runtime, token?: string): Promise<Response> =>
  fetch(`${runtime.url}/integrity/verification`, {
    headers: token === undefined ? {} : { authorization: `Bearer ${token}` },
  });

const waitForParkedWorkflows = async ({ runtime, ministry }: RuntimeOn, count: number): Promise<void> => {
  for (let attempt = 0; attempt < 200; attempt += 1) {
    const status = (await (
      await fetch(`${runtime.url}/runtime/status`, { headers: { authorization: `Bearer ${ministry}` } })
    ).json()) as { executions: { waitingIn: string | null }[] };
    if (status.executions.filter(({ waitingIn }) => waitingIn === 'AwaitRegionalAgreement').length >= count) {
      return;
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`${count} workflows did not park within 20 s`);
};

const command = async (
  { runtime, ministry }: RuntimeOn,
  method: 'POST' | 'PUT',
  path: string,
  key: string,
  body: unknown,
): Promise<void> => {
  const response = await fetch(`${runtime.url}${path}`, {
    method,
    headers: {
      authorization: `Bearer ${ministry}`,
      'content-type': 'application/json',
      'idempotency-key': key,
    },
    body: JSON.stringify(body),
  });
  expect(response.status, await response.clone().text()).toBeLessThan(300);
};

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'naseej-verify-'));
  sealedData = join(root, 'sealed');
  const clock = new ManualWorkflowClock(`${HISTORY_DAY}T09:00:00.000Z`);
  const recording = await startOn(sealedData, clock);
  try {
    await command(recording, 'POST', '/rollouts', 'launch-fm', { regionCode: 'FM', edition: '2026' });
    await command(recording, 'POST', '/rollouts', 'launch-gon', { regionCode: 'GON', edition: '2026' });
    await command(recording, 'PUT', `/rollouts/${TAMPERED_STREAM}/targets`, 'targets-fm', {
      targets: { associations: 32 },
    });
    // The workflows append too (each rollout enters its first phase): let them park first, so that
    // the history is still while the route and the CLI each verify it.
    await waitForParkedWorkflows(recording, 2);
    clock.setTime(NEXT_DAY);
    const sealed = await fetch(`${recording.runtime.url}/integrity/seals`, {
      method: 'POST',
      headers: { authorization: `Bearer ${recording.ministry}`, 'idempotency-key': 'seal-1' },
    });
    expect(sealed.status).toBe(200);
    expect(((await sealed.json()) as { sealed: { day: string }[] }).sealed.map(({ day }) => day)).toEqual([
      HISTORY_DAY,
    ]);
  } finally {
    await recording.runtime.stop();
  }
}, 120_000);

afterAll(async () => {
  if (root !== undefined) await rm(root, { recursive: true, force: true });
});

describe('verify over HTTP and from the command line, on the running runtime', () => {
  it('finds the sealed history intact, for the ministry alone', async () => {
    // Prepare: the runtime back on its own copy of the sealed history
    const dataDir = await ownCopyOfTheSealedHistory('intact');
    const { runtime, ministry, reader } = await startOn(dataDir, new ManualWorkflowClock(NEXT_DAY));
    try {
      // Act
      const answer = await verification(runtime, ministry);
      const asReader = await verification(runtime, reader);
      const anonymous = await verification(runtime);
      const cli = await runVerifyCli(runtime.url, dataDir);

      // Assess
      expect(answer.status).toBe(200);
      const report = (await answer.json()) as VerificationReport;
      expect(report).toMatchObject({ ok: true, daysChecked: 1, problems: [] });
      expect(report.commitsChecked).toBeGreaterThanOrEqual(3);
      expect(asReader.status).toBe(403);
      expect(anonymous.status).toBe(401);
      expect(cli.code).toBe(0);
      expect(JSON.parse(cli.stdout)).toEqual(report);
    } finally {
      await runtime.stop();
    }
  }, 120_000);

  it('names the commit changed below the store, and the CLI exits non-zero with the same report', async () => {
    // Prepare: in its own copy of the sealed history, one commit's events rewritten in the dynalite folder
    const dataDir = await ownCopyOfTheSealedHistory('tampered');
    const dynamo = await startDynalite({ path: join(dataDir, DYNAMODB_FOLDER) });
    try {
      const key = marshall({ pk: TAMPERED_STREAM, sk: 1 });
      const { Item } = await dynamo.client.send(
        new GetItemCommand({ TableName: LOCAL_TABLE_NAME, Key: key, ConsistentRead: true }),
      );
      const events = JSON.parse(Item?.events?.S ?? '[]');
      expect(events[0]?.type).toBe('RolloutLaunched');
      events[0].data.targets.associations = 300;
      await dynamo.client.send(
        new UpdateItemCommand({
          TableName: LOCAL_TABLE_NAME,
          Key: key,
          UpdateExpression: 'SET events = :events',
          ExpressionAttributeValues: marshall({ ':events': JSON.stringify(events) }),
        }),
      );
    } finally {
      await dynamo.stop();
    }
    const { runtime, ministry } = await startOn(dataDir, new ManualWorkflowClock(NEXT_DAY));
    try {
      // Act
      const answer = await verification(runtime, ministry);
      const cli = await runVerifyCli(runtime.url, dataDir);

      // Assess
      expect(answer.status).toBe(200);
      const report = (await answer.json()) as VerificationReport;
      expect(report.ok).toBe(false);
      expect(report.firstProblem).toMatchObject({ kind: 'altered', streamId: TAMPERED_STREAM, version: 1 });
      expect(cli.code).toBe(HISTORY_DOES_NOT_VERIFY_EXIT);
      expect(JSON.parse(cli.stdout)).toEqual(report);
    } finally {
      await runtime.stop();
    }
  }, 120_000);
});
