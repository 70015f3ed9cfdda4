import { cpus, loadavg, totalmem } from 'node:os';
import { performance } from 'node:perf_hooks';
import { measureBundles } from './bundles.js';
import { startEmbeddedDynamoDb } from './embedded-dynamodb.js';
import { type LoadingResult, measureLoading } from './loading.js';
import { measureRollout } from './scale.js';
import { type AppendTrial, medianTrial } from './stats.js';
import { type AppendTarget, prepareTargets } from './targets.js';
import { runWorkload, type Workload } from './workloads.js';

// `npm run bench`: every comparison in one run, on one dynalite started here (in a child process
// on 127.0.0.1), printed as ratios to a floor measured in the same run. `-- --quick` runs smaller
// counts to check that the script works; its figures are not the ones to report.
const quick = process.argv.includes('--quick');

const TRIALS = quick ? 1 : 5;
const WORKLOADS: readonly Workload[] = [
  { name: 'sequential, 1 writer', writers: 1, appendsPerWriter: quick ? 50 : 200, hotStream: false },
  {
    name: '20 concurrent writers, distinct streams',
    writers: 20,
    appendsPerWriter: quick ? 5 : 20,
    hotStream: false,
  },
  {
    name: '20 concurrent writers, one hot stream',
    writers: 20,
    appendsPerWriter: quick ? 2 : 4,
    hotStream: true,
  },
];
const LOADING = { events: quick ? 1_000 : 10_000, tail: 50, trials: quick ? 1 : 5 };

const TARGETS = { floorRatio: 0.85, snapshotSpeedup: 20 };

const fixed = (value: number, digits = 1) => value.toFixed(digits);

const appendTable = (results: Map<string, Map<string, AppendTrial>>, targets: readonly AppendTarget[]) => {
  const lines = [
    '| workload | system | appends/s | × floor | p50 ms | p99 ms | attempts/append | CPU ms/append | × floor (CPU) |',
    '| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
  ];
  for (const [workload, byTarget] of results) {
    const floorResult = byTarget.get(targets[0]?.name ?? '');
    const floor = floorResult?.appendsPerSecond ?? Number.NaN;
    const floorCpu = floorResult?.cpuMsPerAppend ?? Number.NaN;
    for (const target of targets) {
      const result = byTarget.get(target.name);
      if (!result) continue;
      lines.push(
        `| ${workload} | ${target.name} | ${fixed(result.appendsPerSecond, 0)} | ${fixed(result.appendsPerSecond / floor, 2)} | ${fixed(result.p50Ms, 2)} | ${fixed(result.p99Ms, 2)} | ${fixed(result.attemptsPerAppend, 2)} | ${fixed(result.cpuMsPerAppend, 2)} | ${fixed(floorCpu / result.cpuMsPerAppend, 2)} |`,
      );
    }
  }
  return lines.join('\n');
};

const loadingTable = (loading: LoadingResult) =>
  [
    `| loading a stream of ${loading.events.toLocaleString('en')} events | ms (median) | × faster than Naseej full replay |`,
    '| --- | ---: | ---: |',
    `| Naseej: full replay | ${fixed(loading.naseejFullReplayMs)} | 1.0 |`,
    `| Naseej: snapshot + tail of ${loading.tail} | ${fixed(loading.naseejSnapshotMs)} | ${fixed(loading.naseejFullReplayMs / loading.naseejSnapshotMs)} |`,
    `| Castore: full replay (no snapshots) | ${fixed(loading.castoreFullReplayMs)} | ${fixed(loading.naseejFullReplayMs / loading.castoreFullReplayMs, 2)} |`,
  ].join('\n');

const verdicts = (
  results: Map<string, Map<string, AppendTrial>>,
  targets: readonly AppendTarget[],
  loading: LoadingResult,
) => {
  const [floor, naseej, , castoreFloor, castore] = targets;
  const lines: string[] = [];
  for (const [workload, byTarget] of results) {
    const rate = (target: AppendTarget | undefined) =>
      byTarget.get(target?.name ?? '')?.appendsPerSecond ?? Number.NaN;
    const cpu = (target: AppendTarget | undefined) =>
      byTarget.get(target?.name ?? '')?.cpuMsPerAppend ?? Number.NaN;
    const byRate = rate(naseej) / rate(floor);
    const byCpu = cpu(floor) / cpu(naseej);
    const met = (ratio: number, target: number) => (ratio >= target ? 'met' : 'MISSED');
    lines.push(
      `- ${workload}: Naseej at ${fixed(byRate, 2)}× its floor by rate, ${fixed(byCpu, 2)}× by CPU (target ≥ ${TARGETS.floorRatio}): ${met(byRate, TARGETS.floorRatio)} / ${met(byCpu, TARGETS.floorRatio)}; ` +
        `${fixed(rate(naseej) / rate(castore), 2)}× Castore by rate, ${fixed(cpu(castore) / cpu(naseej), 2)}× by CPU (target > 1): ${met(rate(naseej) / rate(castore), 1.000001)} / ${met(cpu(castore) / cpu(naseej), 1.000001)}; ` +
        `Castore at ${fixed(rate(castore) / rate(castoreFloor), 2)}× / ${fixed(cpu(castoreFloor) / cpu(castore), 2)}× the floor of its own item`,
    );
  }
  const speedup = loading.naseejFullReplayMs / loading.naseejSnapshotMs;
  lines.push(
    `- snapshot + tail ${fixed(speedup)}× faster than full replay at ${loading.events} events (target ≥ ${TARGETS.snapshotSpeedup}): ${speedup >= TARGETS.snapshotSpeedup ? 'met' : 'MISSED'}`,
  );
  return lines.join('\n');
};

const main = async () => {
  const started = performance.now();
  const loadBefore = loadavg()[0] ?? 0;
  const dynamo = await startEmbeddedDynamoDb();
  try {
    const targets = await prepareTargets(dynamo.client);
    const trials = new Map<string, Map<string, AppendTrial[]>>();
    // Trial 0 warms up (JIT, connections, table growth) and is not counted. Systems take turns,
    // in a rotating order, so that drift over the run does not favour one of them.
    for (let trial = 0; trial <= TRIALS; trial += 1) {
      for (const workload of WORKLOADS) {
        const byTarget = trials.get(workload.name) ?? new Map<string, AppendTrial[]>();
        trials.set(workload.name, byTarget);
        for (let turn = 0; turn < targets.length; turn += 1) {
          const target = targets[(turn + trial) % targets.length] as AppendTarget;
          const result = await runWorkload(target, workload, dynamo.serverCpuMs);
          if (trial > 0) byTarget.set(target.name, [...(byTarget.get(target.name) ?? []), result]);
        }
      }
      process.stderr.write(`append trial ${trial}/${TRIALS} done\n`);
    }
    const results = new Map(
      [...trials].map(([workload, byTarget]) => [
        workload,
        new Map([...byTarget].map(([name, list]) => [name, medianTrial(list)])),
      ]),
    );
    const loading = await measureLoading(dynamo.client, LOADING);
    process.stderr.write('bundling and importing each Lambda…\n');
    const bundles = await measureBundles();
    process.stderr.write("playing one region's rollout end to end…\n");
    const rollout = quick ? undefined : (await measureRollout()).markdown;
    const seconds = (performance.now() - started) / 1000;
    const cpu = cpus()[0]?.model ?? 'unknown CPU';
    process.stdout.write(
      [
        `Naseej event store benchmark${quick ? ' (QUICK: smaller counts, not for reporting)' : ''}`,
        `machine: ${cpus().length} × ${cpu}, ${fixed(totalmem() / 2 ** 30)} GiB, Node ${process.version}`,
        `load average (1 min) before / after: ${fixed(loadBefore, 2)} / ${fixed(loadavg()[0] ?? 0, 2)}`,
        `embedded DynamoDB: dynalite (in memory) in a child process on 127.0.0.1; ${TRIALS} trials after a warm-up, medians`,
        '',
        appendTable(results, targets),
        '',
        loadingTable(loading),
        '',
        'Targets:',
        verdicts(results, targets, loading),
        '',
        bundles,
        '',
        rollout ?? '(one rollout end to end: skipped with --quick)',
        '',
        `(whole run: ${fixed(seconds)} s)`,
        '',
      ].join('\n'),
    );
  } finally {
    await dynamo.stop();
  }
};

await main();
