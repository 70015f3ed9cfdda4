import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { type AttributeValue, ScanCommand } from '@aws-sdk/client-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import { startDynalite } from '../functions/store/dynalite-server.js';
import { DynamoDbEventStore } from '../functions/store/dynamodb.js';
import type { GlobalCheckpoint, StoredEvent } from '../functions/store/port.js';
import { demoPlans, runDemo } from '../local/demo/run.js';
import { minterOf } from '../local/demo/tokens.js';
import { DevAuth } from '../local/dev-auth.js';
import { DYNAMODB_FOLDER, LOCAL_TABLE_NAME } from '../local/runtime.js';

// `npm run kill-9 [-- <kills> <associations>]`: fault injection. Plays the demo once against an
// uninterrupted `npm start` (the reference), then again against a server that is killed with
// SIGKILL at random moments (at least <kills> times, default 20) and restarted on the same data
// folder, rerunning the (resumable) demo until it completes. Then it checks: no (stream, version)
// stored twice, no command id twice, no tranche paid twice, the same events (count per type) as
// the reference, every workflow execution finished, and every projection equal to its rebuild.
// The result goes into docs/fault-injection.md.

const kills = Number(process.argv[2] ?? 20);
const associations = Number(process.argv[3] ?? 8);
const randomBetween = (low: number, high: number) => low + Math.floor(Math.random() * (high - low + 1));
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

const freePort = (): Promise<number> =>
  new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      probe.close(() => resolve(typeof address === 'object' && address !== null ? address.port : 0));
    });
  });

interface Server {
  readonly url: string;
  crash(): Promise<void>;
  stop(): Promise<void>;
}

const exited = (child: ChildProcess): Promise<void> =>
  child.exitCode !== null || child.signalCode !== null
    ? Promise.resolve()
    : new Promise((resolve) => child.once('exit', () => resolve()));

/** `npx tsx local/main.ts --data <dataDir> --port <port>` in its own process group, once it answers. */
const startServer = async (dataDir: string, port: number): Promise<Server> => {
  const child = spawn('npx', ['tsx', 'local/main.ts', '--data', dataDir, '--port', String(port)], {
    detached: true,
    stdio: ['ignore', 'ignore', 'ignore'],
    env: { ...process.env, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
  });
  const signal = (name: NodeJS.Signals) => {
    try {
      process.kill(-(child.pid as number), name);
    } catch {
      // Already gone.
    }
  };
  const url = `http://127.0.0.1:${port}`;
  for (let waited = 0; ; waited += 200) {
    if (child.exitCode !== null) throw new Error(`local/main.ts exited with ${child.exitCode}`);
    if (
      await fetch(`${url}/openapi.json`).then(
        (answer) => answer.ok,
        () => false,
      )
    )
      break;
    if (waited > 90_000) {
      signal('SIGKILL');
      throw new Error('local/main.ts did not answer within 90 s');
    }
    await sleep(200);
  }
  return {
    url,
    crash: async () => {
      signal('SIGKILL');
      await exited(child);
    },
    stop: async () => {
      signal('SIGINT');
      await exited(child);
    },
  };
};

/** Every event and every commit's command id, read from the data folder once the server is down. */
const readHistory = async (dataDir: string) => {
  const dynamo = await startDynalite({ path: join(dataDir, DYNAMODB_FOLDER) });
  try {
    // Nothing is written any more: a clock an hour ahead counts every commit as settled.
    const store = new DynamoDbEventStore({
      client: dynamo.client,
      tableName: LOCAL_TABLE_NAME,
      clock: () => new Date(Date.now() + 3_600_000),
    });
    const events: StoredEvent[] = [];
    let checkpoint: GlobalCheckpoint = null;
    for (;;) {
      const page = await store.readGlobal(checkpoint, { limit: 500 });
      events.push(...page.events);
      if (page.events.length === 0 || page.checkpoint === checkpoint) break;
      checkpoint = page.checkpoint;
    }
    const commandIds: string[] = [];
    let startKey: Record<string, AttributeValue> | undefined;
    do {
      const page = await dynamo.client.send(
        new ScanCommand({ TableName: LOCAL_TABLE_NAME, ExclusiveStartKey: startKey }),
      );
      for (const item of page.Items ?? []) {
        const record = unmarshall(item);
        if (typeof record.events === 'string' && record.commandId) commandIds.push(String(record.commandId));
      }
      startKey = page.LastEvaluatedKey;
    } while (startKey !== undefined);
    return { events, commandIds };
  } finally {
    await dynamo.stop();
  }
};

const repeated = (values: readonly string[]): string[] => {
  const seen = new Set<string>();
  const twice = new Set<string>();
  for (const value of values) (seen.has(value) ? twice : seen).add(value);
  return [...twice];
};

const countByType = (events: readonly StoredEvent[]) => {
  const counts: Record<string, number> = {};
  for (const event of events) counts[event.type] = (counts[event.type] ?? 0) + 1;
  return counts;
};

/** Reads the views, rebuilds every projection, reads them again: the names of those that differ. */
const projectionsDifferingFromRebuild = async (
  url: string,
  token: string,
  rolloutId: string,
  regionCode: string,
) => {
  const get = async (path: string) =>
    (await fetch(`${url}${path}`, { headers: { authorization: `Bearer ${token}` } })).text();
  const views = [
    '/views/national',
    `/views/regions/${regionCode}/funnel`,
    `/views/rollouts/${rolloutId}/training`,
    `/views/rollouts/${rolloutId}/trainers`,
    `/views/rollouts/${rolloutId}/grant-ledger`,
  ];
  const before = await Promise.all(views.map(get));
  const status = JSON.parse(await get('/runtime/status')) as {
    projections: string[];
    executions: { status: string; name: string }[];
  };
  for (const name of status.projections) {
    await fetch(`${url}/projections/${name}/rebuilds`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}` },
    });
  }
  const after = await Promise.all(views.map(get));
  return {
    differing: views.filter((_, index) => before[index] !== after[index]),
    unfinished: status.executions
      .filter((execution) => execution.status !== 'SUCCEEDED')
      .map((execution) => execution.name),
  };
};

/** Plays the demo to the end, killing the server `kills` times on the way; returns the data folder. */
const playWithKills = async (plannedKills: number, requestsPerRun: number) => {
  const dataDir = await mkdtemp(join(tmpdir(), 'naseej-kill9-'));
  const port = await freePort();
  let killed = 0;
  let runs = 0;
  for (;;) {
    runs += 1;
    const server = await startServer(dataDir, port);
    const mint = minterOf(await DevAuth.create({ folder: dataDir }));
    let sent = 0;
    const killAt =
      killed < plannedKills ? randomBetween(1, Math.max(2, requestsPerRun)) : Number.POSITIVE_INFINITY;
    let crashing: Promise<void> | undefined;
    const outcome = await runDemo({
      url: server.url,
      mint,
      associations,
      onRequest: () => {
        sent += 1;
        if (sent === killAt) crashing = server.crash();
      },
    }).then(
      (result) => ({ completed: true as const, result }),
      (error: unknown) => ({ completed: false as const, error }),
    );
    if (crashing !== undefined) {
      await crashing;
      killed += 1;
      console.log(`kill -9 #${killed} after ${sent} requests of run ${runs}`);
      continue;
    }
    if (!outcome.completed) {
      await server.crash();
      throw new Error(`The demo failed without a kill: ${String(outcome.error)}`);
    }
    if (killed < plannedKills) {
      // It finished before its kill came: play on from a fresh server only if kills remain to do.
      console.log(`run ${runs} completed before its kill (at ${killAt}); ${killed} kills so far`);
    }
    const [plan] = demoPlans({ associations });
    const ministry = await mint({ subject: 'kill9-ministry', roles: ['ministry'] });
    const projections = await projectionsDifferingFromRebuild(
      server.url,
      ministry,
      plan?.rolloutId ?? 'rollout-FM-2026',
      plan?.regionCode ?? 'FM',
    );
    await server.stop();
    return { dataDir, killed, runs, projections, figuresMatch: outcome.result.matches };
  }
};

const main = async () => {
  const started = Date.now();
  console.log(`Reference run (uninterrupted), ${associations} associations`);
  const reference = await playWithKills(0, 0);
  const referenceHistory = await readHistory(reference.dataDir);
  const requestsPerRun = Math.max(20, Math.round(referenceHistory.events.length / 2));
  console.log(`Fault run: at least ${kills} kills`);
  const faulty = await playWithKills(kills, requestsPerRun);
  const history = await readHistory(faulty.dataDir);

  const referenceCounts = countByType(referenceHistory.events);
  const counts = countByType(history.events);
  const types = [...new Set([...Object.keys(referenceCounts), ...Object.keys(counts)])].sort();
  const differentCounts = types.filter((type) => referenceCounts[type] !== counts[type]);
  const tranchesPaid = history.events
    .filter((event) => event.type === 'TranchePaid')
    .map((event) => {
      const paid = event.data as { grantId?: string; trancheNumber?: number };
      return `${paid.grantId} #${paid.trancheNumber}`;
    });
  const checks = [
    ['at least the planned kills', faulty.killed >= kills, `${faulty.killed} kills over ${faulty.runs} runs`],
    [
      'no (stream, version) twice',
      repeated(history.events.map((e) => `${e.streamId}#${e.version}`)).length === 0,
      '',
    ],
    [
      'no command id twice',
      repeated(history.commandIds).length === 0,
      `${history.commandIds.length} commands`,
    ],
    ['no tranche paid twice', repeated(tranchesPaid).length === 0, `${tranchesPaid.length} tranches paid`],
    [
      'same events per type as the uninterrupted run',
      differentCounts.length === 0,
      differentCounts.join(', '),
    ],
    ['figures match their targets', faulty.figuresMatch, ''],
    [
      'every workflow execution finished',
      faulty.projections.unfinished.length === 0,
      faulty.projections.unfinished.join(', '),
    ],
    [
      'projections equal to their rebuild',
      faulty.projections.differing.length === 0,
      faulty.projections.differing.join(', '),
    ],
  ] as const;
  const passed = checks.every(([, ok]) => ok);
  const minutes = ((Date.now() - started) / 60_000).toFixed(1);
  const document = `# Fault injection: kill -9 during the demo

\`npm run kill-9 -- ${kills} ${associations}\` (script: \`reliability/kill-9.ts\`; not part of \`npm test\`).

It plays the demo (\`local/demo\`, ${associations} associations in Fès-Meknès) once against an
uninterrupted \`npx tsx local/main.ts --data <tmp> --port <p>\` (the reference), then again against a
server killed with SIGKILL (the whole process group) after a random number of the demo's requests,
at least ${kills} times, restarted each time on the same data folder, the demo rerun until it
completes (it resumes). Then it reads the data folder and checks the properties below.

## Last result (${new Date().toISOString().slice(0, 10)}, ${cpus().length} cores, ${minutes} min): ${passed ? 'PASS' : 'FAIL'}

| property | holds | detail |
| --- | --- | --- |
${checks.map(([name, ok, detail]) => `| ${name} | ${ok ? 'yes' : '**no**'} | ${detail} |`).join('\n')}

Events stored: ${history.events.length} (uninterrupted run: ${referenceHistory.events.length}).
`;
  await writeFile(new URL('../docs/fault-injection.md', import.meta.url), document);
  await rm(reference.dataDir, { recursive: true, force: true });
  await rm(faulty.dataDir, { recursive: true, force: true });
  console.log(document);
  process.exit(passed ? 0 : 1);
};

await main();
