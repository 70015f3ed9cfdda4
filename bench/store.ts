import { loadavg } from 'node:os';
import type { EmbeddedDynamoDb } from './embedded-dynamodb.js';
import { type LoadingResult, measureLoading } from './loading.js';
import { type AppendTrial, median, medianTrial } from './stats.js';
import { type AppendTarget, prepareTargets, TARGET_NAMES } from './targets.js';
import { runWorkload, type Workload } from './workloads.js';

// The event store's part of `npm run bench` (alone: `npm run bench:store`): append workloads and
// a long stream's load, each system measured in turn, in a rotating order, on one dynalite, and
// judged by ratios to raw DynamoDB requests measured in the same run (issue 24's targets).

/** Issue 24's targets for the store, as ratios to the raw floor measured in the same run. */
export const STORE_TARGETS = {
  /** Every workload: Naseej's appends/s ÷ raw conditional PutItem's. */
  floorRatio: 0.95,
  /** One stream contended by 20 writers: Naseej ÷ raw. */
  contendedRatio: 1.0,
  /** A command with an id, sequential and on distinct streams (the common path): ÷ raw. */
  commandIdRatio: 0.9,
  /** A full load of a long stream, cold: Naseej's time ÷ one raw paged Query's time. */
  fullLoadWithin: 1.2,
} as const;

const SEQUENTIAL = 'sequential, 1 writer';
const DISTINCT = '20 concurrent writers, distinct streams';
const HOT = '20 concurrent writers, one hot stream';

const workloadsOf = (quick: boolean): readonly Workload[] => [
  { name: SEQUENTIAL, writers: 1, appendsPerWriter: quick ? 50 : 200, hotStream: false },
  { name: DISTINCT, writers: 20, appendsPerWriter: quick ? 5 : 20, hotStream: false },
  { name: HOT, writers: 20, appendsPerWriter: quick ? 2 : 4, hotStream: true },
];

const fixed = (value: number, digits = 1) => value.toFixed(digits);

/** What the store's part measured, and its tables in markdown. */
export interface StoreBenchResult {
  readonly markdown: string;
  /** One line per target: what it is, the measured ratio, the target, met or MISSED. */
  readonly targets: readonly TargetRow[];
}

export interface TargetRow {
  readonly target: string;
  readonly measured: string;
  readonly goal: string;
  readonly met: boolean;
}

const appendTable = (results: Map<string, Map<string, AppendTrial>>, targets: readonly AppendTarget[]) => {
  const lines = [
    '| workload | system | appends/s | × floor | p50 ms | p99 ms | attempts/append | requests/append | CPU ms/append | × floor (CPU) |',
    '| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
  ];
  for (const [workload, byTarget] of results) {
    const floorResult = byTarget.get(TARGET_NAMES.floor);
    const floor = floorResult?.appendsPerSecond ?? Number.NaN;
    const floorCpu = floorResult?.cpuMsPerAppend ?? Number.NaN;
    for (const target of targets) {
      const result = byTarget.get(target.name);
      if (!result) continue;
      lines.push(
        `| ${workload} | ${target.name} | ${fixed(result.appendsPerSecond, 0)} | ${fixed(result.appendsPerSecond / floor, 2)} | ${fixed(result.p50Ms, 2)} | ${fixed(result.p99Ms, 2)} | ${fixed(result.attemptsPerAppend, 2)} | ${fixed(result.requestsPerAppend, 2)} | ${fixed(result.cpuMsPerAppend, 2)} | ${fixed(floorCpu / result.cpuMsPerAppend, 2)} |`,
      );
    }
  }
  return lines.join('\n');
};

const loadingTable = (loading: LoadingResult) =>
  [
    `| loading a stream of ${loading.events.toLocaleString('en')} single-event commits, cold | ms (median) | ÷ raw Query |`,
    '| --- | ---: | ---: |',
    `| raw paged Query, items unmarshalled and events parsed (floor) | ${fixed(loading.rawQueryMs)} | 1.00 |`,
    `| Naseej: full load (a fresh store's \`readStream\`, folded) | ${fixed(loading.naseejFullReplayMs)} | ${fixed(loading.naseejFullReplayMs / loading.rawQueryMs, 2)} |`,
    `| Castore: full replay (\`getAggregate\`) | ${fixed(loading.castoreFullReplayMs)} | ${fixed(loading.castoreFullReplayMs / loading.rawQueryMs, 2)} |`,
    `| Naseej: warm load after ${loading.tail} new events (\`loadStream\` through the fold cache) | ${fixed(loading.naseejWarmLoadMs)} | ${fixed(loading.naseejWarmLoadMs / loading.rawQueryMs, 3)} |`,
  ].join('\n');

/**
 * The targets, each judged on the median over trials of the ratio within the trial (the systems
 * of one trial ran one after the other, so they shared the machine's load of that moment), by
 * rate and, alongside, by CPU time per append.
 */
const targetRows = (trials: Map<string, Map<string, AppendTrial[]>>, loading: LoadingResult): TargetRow[] => {
  const rows: TargetRow[] = [];
  const paired = (workload: string, name: string, base: string) => {
    const of = trials.get(workload);
    const a = of?.get(name) ?? [];
    const b = of?.get(base) ?? [];
    return {
      rate: median(
        a.map((trial, index) => trial.appendsPerSecond / (b[index]?.appendsPerSecond ?? Number.NaN)),
      ),
      cpu: median(a.map((trial, index) => (b[index]?.cpuMsPerAppend ?? Number.NaN) / trial.cpuMsPerAppend)),
    };
  };
  const shown = (ratio: { rate: number; cpu: number }) =>
    `${fixed(ratio.rate, 2)}× (CPU ${fixed(ratio.cpu, 2)}×)`;
  for (const workload of [SEQUENTIAL, DISTINCT, HOT]) {
    const ratio = paired(workload, TARGET_NAMES.naseej, TARGET_NAMES.floor);
    const goal = workload === HOT ? STORE_TARGETS.contendedRatio : STORE_TARGETS.floorRatio;
    rows.push({
      target: `${workload}: Naseej ÷ raw PutItem`,
      measured: shown(ratio),
      goal: `≥ ${fixed(goal, 2)}×`,
      met: ratio.rate >= goal,
    });
    const castore = paired(workload, TARGET_NAMES.naseej, TARGET_NAMES.castore);
    rows.push({
      target: `${workload}: Naseej ÷ Castore's adapter`,
      measured: shown(castore),
      goal: '> 1×',
      met: castore.rate > 1,
    });
  }
  for (const workload of [SEQUENTIAL, DISTINCT]) {
    const ratio = paired(workload, TARGET_NAMES.naseejCommandId, TARGET_NAMES.floor);
    rows.push({
      target: `${workload}: Naseej with a command id ÷ raw PutItem`,
      measured: shown(ratio),
      goal: `≥ ${fixed(STORE_TARGETS.commandIdRatio, 2)}×`,
      met: ratio.rate >= STORE_TARGETS.commandIdRatio,
    });
  }
  const load = loading.pairedFullLoadRatio;
  rows.push({
    target: `full load of ${loading.events.toLocaleString('en')} events: Naseej's time ÷ raw Query's`,
    measured: `${fixed(load, 2)}×`,
    goal: `≤ ${fixed(STORE_TARGETS.fullLoadWithin, 2)}×`,
    met: load <= STORE_TARGETS.fullLoadWithin,
  });
  return rows;
};

/** The targets table, as `npm run bench` prints it. */
export const targetsTable = (rows: readonly TargetRow[]): string =>
  [
    '| target (median over trials of the ratio within each trial) | measured: by rate (by CPU) | goal (by rate) | verdict |',
    '| --- | ---: | ---: | --- |',
    ...rows.map((row) => `| ${row.target} | ${row.measured} | ${row.goal} | ${row.met ? 'met' : 'MISSED'} |`),
  ].join('\n');

/** Runs the store's workloads and load on `dynamo`; `trials` counted trials after one warm-up. */
export const measureStore = async (
  dynamo: EmbeddedDynamoDb,
  options: { quick: boolean; trials: number },
): Promise<StoreBenchResult> => {
  const targets = await prepareTargets(dynamo.client);
  // Every system sends through this one client: each `send` is counted once (SDK retries aside).
  let requests = 0;
  dynamo.client.middlewareStack.add(
    (next) => (args) => {
      requests += 1;
      return next(args);
    },
    { step: 'initialize', name: 'benchRequestCounter' },
  );
  const requestsSent = () => requests;
  const trials = new Map<string, Map<string, AppendTrial[]>>();
  // Trial 0 warms up (JIT, connections, table growth) and is not counted. Systems take turns,
  // in a rotating order, so that drift over the run does not favour one of them.
  for (let trial = 0; trial <= options.trials; trial += 1) {
    for (const workload of workloadsOf(options.quick)) {
      const byTarget = trials.get(workload.name) ?? new Map<string, AppendTrial[]>();
      trials.set(workload.name, byTarget);
      for (let turn = 0; turn < targets.length; turn += 1) {
        const target = targets[(turn + trial) % targets.length] as AppendTarget;
        const result = await runWorkload(target, workload, dynamo.serverCpuMs, requestsSent);
        if (trial > 0) byTarget.set(target.name, [...(byTarget.get(target.name) ?? []), result]);
      }
    }
    process.stderr.write(
      `append trial ${trial}/${options.trials} done (load ${fixed(loadavg()[0] ?? 0, 2)})\n`,
    );
  }
  const results = new Map(
    [...trials].map(([workload, byTarget]) => [
      workload,
      new Map([...byTarget].map(([name, list]) => [name, medianTrial(list)])),
    ]),
  );
  const loading = await measureLoading(dynamo.client, {
    events: options.quick ? 1_000 : 10_000,
    tail: 50,
    trials: options.quick ? 1 : options.trials,
  });
  const rows = targetRows(trials, loading);
  return {
    markdown: [appendTable(results, targets), '', loadingTable(loading)].join('\n'),
    targets: rows,
  };
};
