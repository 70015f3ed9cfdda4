import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import type { StoredEvent } from '../functions/application/ports/event-store.js';
import {
  type ChildRuntime,
  freePort,
  readStoredHistory,
  repeated,
  type StoredHistory,
  startChildRuntime,
} from '../local/child-runtime.js';
import { runDemo } from '../local/demo/run.js';
import { type MintToken, minterOf } from '../local/demo/tokens.js';
import { DevAuth } from '../local/dev-auth.js';
import { startDynaliteThread } from '../local/dynalite-thread.js';
import { DYNAMODB_FOLDER } from '../local/runtime.js';
import { checkProjections, type ProjectionsCheck } from './projections-check.js';

// `npm run kill-9 [-- <kills> <associations>]`: fault injection. Plays the demo once against an
// uninterrupted `npm start` (the reference), then again against a runtime that is killed with
// SIGKILL at random moments (at least <kills> times, default 20) and restarted on the same data
// folder, rerunning the (resumable) demo until it completes. Once the demo is through, it waits
// for the projector to go idle, stops the runtime cleanly, and checks the data folder: no
// (stream, version) stored twice, no command id twice, no tranche paid twice, the same events
// (count per type) as the reference, every workflow execution finished, the change feed
// published everything, and every stored view equal to its rebuild (reliability/projections-check.ts).
// The result goes into docs/fault-injection.md.

const kills = Number(process.argv[2] ?? 20);
const associations = Number(process.argv[3] ?? 4);
/** The projector is idle when its delivery count has not moved for this long. */
const IDLE_MS = 5_000;
/** How long the projector may take to catch up after the demo. */
const CATCH_UP_LIMIT_MS = 5 * 60_000;

const randomBetween = (low: number, high: number) => low + Math.floor(Math.random() * (high - low + 1));
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

interface RuntimeStatusReply {
  readonly projectionLag: {
    readonly count: number;
    readonly p50: number | null;
    readonly p99: number | null;
  };
  readonly executions: readonly { readonly status: string; readonly name: string }[];
  readonly deadLetters: number;
}

/**
 * Waits until the projector has delivered nothing for IDLE_MS (the demo's last events can reach
 * it tens of seconds after the last request), and returns the last status. Comparing views
 * earlier is what made the first runs report every view as different from its rebuild.
 */
const awaitIdleProjector = async (server: ChildRuntime, mint: MintToken): Promise<RuntimeStatusReply> => {
  const token = await mint({ subject: 'kill9-ministry', roles: ['ministry'] });
  const read = async () =>
    (await (
      await fetch(`${server.url}/runtime/status`, { headers: { authorization: `Bearer ${token}` } })
    ).json()) as RuntimeStatusReply;
  const started = Date.now();
  let last = await read();
  let stillSince = Date.now();
  for (;;) {
    await sleep(500);
    const status = await read();
    if (status.projectionLag.count !== last.projectionLag.count) stillSince = Date.now();
    last = status;
    if (Date.now() - stillSince >= IDLE_MS) return last;
    if (Date.now() - started > CATCH_UP_LIMIT_MS) {
      throw new Error(`The projector was still delivering ${CATCH_UP_LIMIT_MS / 60_000} min after the demo`);
    }
  }
};

/** Checks the stored views of a stopped runtime's data folder against their rebuild. */
const projectionsOf = async (dataDir: string): Promise<ProjectionsCheck> => {
  // On no port, as the runtime reads it (the data folder's secrets are this user's only).
  const dynamo = await startDynaliteThread({ path: join(dataDir, DYNAMODB_FOLDER) });
  try {
    return await checkProjections(dynamo.client);
  } finally {
    await dynamo.stop();
  }
};

interface PlayedRun {
  readonly dataDir: string;
  readonly killed: number;
  readonly runs: number;
  /** Requests the demo sent, over every run. */
  readonly requests: number;
  readonly figuresMatch: boolean;
  readonly status: RuntimeStatusReply;
  readonly history: StoredHistory;
  readonly projections: ProjectionsCheck;
}

/** Plays the demo to the end, killing the runtime `plannedKills` times on the way. */
const playWithKills = async (plannedKills: number, requestsPerRun: number): Promise<PlayedRun> => {
  const dataDir = await mkdtemp(join(tmpdir(), 'naseej-kill9-'));
  const port = await freePort();
  const maxRuns = 3 * plannedKills + 1;
  let killed = 0;
  let requests = 0;
  for (let runs = 1; ; runs += 1) {
    const server = await startChildRuntime(dataDir, port);
    const mint = minterOf(await DevAuth.create({ folder: dataDir }));
    let sent = 0;
    const killAt = killed < plannedKills ? randomBetween(1, requestsPerRun) : Number.POSITIVE_INFINITY;
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
    requests += sent;
    if (crashing !== undefined) {
      await crashing;
      killed += 1;
      console.log(`kill -9 #${killed} after ${sent} requests of run ${runs}`);
      continue;
    }
    if (!outcome.completed) {
      await server.crash();
      throw new Error(`The demo failed without a kill: ${String(outcome.error)}\n${server.output()}`);
    }
    if (killed < plannedKills && runs < maxRuns) {
      // It finished before its kill came: play the (resumed, idempotent) demo again for the kills left.
      console.log(`run ${runs} completed before its kill (at ${killAt}); ${killed} kills so far`);
      await server.stop();
      continue;
    }
    const status = await awaitIdleProjector(server, mint);
    await server.stop();
    const history = await readStoredHistory(dataDir);
    const projections = await projectionsOf(dataDir);
    return {
      dataDir,
      killed,
      runs,
      requests,
      figuresMatch: outcome.result.matches,
      status,
      history,
      projections,
    };
  }
};

const countByType = (events: readonly StoredEvent[]) => {
  const counts: Record<string, number> = {};
  for (const event of events) counts[event.type] = (counts[event.type] ?? 0) + 1;
  return counts;
};

const projectionDetail = (check: ProjectionsCheck) =>
  check.differing.length === 0
    ? `${check.documents} documents of every projection`
    : `${check.differing.length} of ${check.documents} documents differ, e.g. ${check.differing
        .slice(0, 3)
        .map((line) => `\`${line.replaceAll('|', '\\|')}\``)
        .join('; ')}`;

const main = async () => {
  const started = Date.now();
  console.log(`Reference run (uninterrupted), ${associations} associations`);
  const reference = await playWithKills(0, 0);
  const requestsPerRun = Math.max(20, Math.round(reference.requests / 2));
  console.log(
    `Fault run: at least ${kills} kills, each within the first ${requestsPerRun} requests of a run`,
  );
  const faulty = await playWithKills(kills, requestsPerRun);
  const { history } = faulty;

  const referenceCounts = countByType(reference.history.events);
  const counts = countByType(history.events);
  const types = [...new Set([...Object.keys(referenceCounts), ...Object.keys(counts)])].sort();
  const differentCounts = types.filter((type) => referenceCounts[type] !== counts[type]);
  const tranchesPaid = history.events
    .filter((event) => event.type === 'TranchePaid')
    .map((event) => {
      const paid = event.data as { grantId?: string; trancheNumber?: number };
      return `${paid.grantId} #${paid.trancheNumber}`;
    });
  const unfinished = faulty.status.executions.filter((execution) => execution.status !== 'SUCCEEDED');
  const checks = [
    ['at least the planned kills', faulty.killed >= kills, `${faulty.killed} kills over ${faulty.runs} runs`],
    [
      'no (stream, version) twice',
      repeated(history.events.map((e) => `${e.streamId}#${e.version}`)).length === 0,
      `${history.events.length} events`,
    ],
    [
      'no command id twice',
      repeated(history.commandIds).length === 0,
      `${history.commandIds.length} commands`,
    ],
    [
      'no tranche paid twice',
      tranchesPaid.length > 0 && repeated(tranchesPaid).length === 0,
      `${tranchesPaid.length} tranches paid (uninterrupted run: ${referenceCounts.TranchePaid ?? 0})`,
    ],
    [
      'same events per type as the uninterrupted run',
      differentCounts.length === 0,
      differentCounts.join(', '),
    ],
    ['figures match their targets', faulty.figuresMatch, ''],
    [
      'every workflow execution finished',
      unfinished.length === 0,
      unfinished.map((execution) => execution.name).join(', ') ||
        `${faulty.status.executions.length} executions`,
    ],
    [
      'the change feed published every event',
      faulty.projections.unpublishedEvents === 0,
      faulty.projections.unpublishedEvents === 0 ? '' : `${faulty.projections.unpublishedEvents} unpublished`,
    ],
    [
      'projections equal to their rebuild',
      faulty.projections.differing.length === 0,
      projectionDetail(faulty.projections),
    ],
    [
      'uninterrupted run: projections equal to their rebuild',
      reference.projections.unpublishedEvents === 0 && reference.projections.differing.length === 0,
      projectionDetail(reference.projections),
    ],
  ] as const;
  const passed = checks.every(([, ok]) => ok);
  const minutes = ((Date.now() - started) / 60_000).toFixed(1);
  const lag = (run: PlayedRun) =>
    `p50 ${run.status.projectionLag.p50 ?? '-'} ms, p99 ${run.status.projectionLag.p99 ?? '-'} ms`;
  const document = `# Fault injection: kill -9 during the demo

\`npm run kill-9 -- ${kills} ${associations}\` (script: \`reliability/kill-9.ts\`; not part of \`npm test\`).

It plays the demo (\`local/demo\`, ${associations} associations in Fès-Meknès) once against an
uninterrupted \`npx tsx local/main.ts --data <tmp> --port <p>\` (the reference), then again against a
runtime killed with SIGKILL (the whole process group) after a random number of the demo's requests,
at least ${kills} times, restarted each time on the same data folder, the demo rerun until it
completes (it resumes). After the demo it waits until the projector has delivered nothing for
${IDLE_MS / 1000} s, stops the runtime (SIGINT), and reads the data folder: the events and commits,
and every stored view document of every projection against the fold of the whole global order
(what a rebuild writes: \`reliability/projections-check.ts\`; the view, its as-of instant and its
revision are compared), once the change feed's stored checkpoint shows it published every event.

## Last result (${new Date().toISOString().slice(0, 10)}, ${cpus().length} cores, ${minutes} min): ${passed ? 'PASS' : 'FAIL'}

| property | holds | detail |
| --- | --- | --- |
${checks.map(([name, ok, detail]) => `| ${name} | ${ok ? 'yes' : '**no**'} | ${detail} |`).join('\n')}

Events stored: ${history.events.length} (uninterrupted run: ${reference.history.events.length}). Demo requests:
${faulty.requests} over ${faulty.runs} runs (uninterrupted run: ${reference.requests}). Projection lag
over the last runtime's life: ${lag(faulty)} (uninterrupted run: ${lag(reference)}).
`;
  await writeFile(new URL('../docs/fault-injection.md', import.meta.url), document);
  await rm(reference.dataDir, { recursive: true, force: true });
  await rm(faulty.dataDir, { recursive: true, force: true });
  console.log(document);
  process.exit(passed ? 0 : 1);
};

await main();
