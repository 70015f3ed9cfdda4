import { randomUUID } from 'node:crypto';
import { cpus, loadavg, totalmem } from 'node:os';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import type { CommitMetadata } from '../events/envelope.js';
import { RegionCode } from '../events/reference.js';
import { createEventStoreTable } from '../functions/adapters/dynamodb/create-table.js';
import { DynamoDbEventStore } from '../functions/adapters/dynamodb/event-store.js';
import { runDemo } from '../local/demo/run.js';
import { minterOf } from '../local/demo/tokens.js';
import { startDynalite } from '../local/dynalite/server.js';
import { startRuntime } from '../local/runtime.js';
import { percentile } from './stats.js';

// The end-to-end figures of issue 9: a region's rollout, and the national scale, played by the
// demo (local/demo/run.ts) through the HTTP API and signed webhooks against the embedded runtime
// started in this process (as `npm run demo` does), with the workflows and projections running.
// Measured: wall and CPU time, events appended and events/s, peak RSS and heap (sampled every
// 250 ms), and every projection lag sample (recordedAt → views saved). The baseline, in the same
// run: the same event store appending one event per commit on a fresh dynalite in this process.
//
//   tsx bench/scale.ts                                      one region (FM × 30)
//   tsx bench/scale.ts --regions all --associations 600     the national scale
//   tsx bench/scale.ts --regions all --sweep 5,10,20        scaled runs and the extrapolation
//   … --data-dir <new folder>                               tables on disk, as `npm start` keeps them

/** What one run of the demo measured. */
export interface ScaleRun {
  readonly regions: number;
  readonly associations: number;
  readonly parallelRegions: number;
  readonly wallSeconds: number;
  /** User + system CPU time of this process (runtime, dynalite and demo), in seconds. */
  readonly cpuSeconds: number;
  readonly requests: number;
  /** Distinct events the projector received (every event appended, once the feed has drained). */
  readonly events: number;
  readonly peakRssBytes: number;
  readonly peakHeapBytes: number;
  readonly lagCount: number;
  readonly lagP50Ms: number;
  readonly lagP99Ms: number;
  readonly lagMaxMs: number;
  /** Every figure of the demo matched its target. */
  readonly matches: boolean;
  /** CPU seconds of dynalite's thread: CPU that AWS does not bill us. */
  readonly dynaliteBusySeconds: number;
  /** What dynalite's thread held at the end (heap + array buffers, after a collection under --expose-gc). */
  readonly dynaliteHeapBytes: number;
  readonly dynaliteBufferBytes: number;
}

/** The baseline: appends/s of the event store alone, one event per commit, in this process. */
export interface AppendBaseline {
  readonly sequentialPerSecond: number;
  readonly concurrentPerSecond: number;
  readonly writers: number;
}

/** How a scale run is shaped. */
export interface ScaleOptions {
  readonly regions: readonly RegionCode[];
  readonly associations: number;
  /** Regions played at once (the demo's default: 4). */
  readonly parallelRegions?: number;
  /** A line per milestone, with the elapsed time (to stderr by default). */
  readonly log?: (line: string) => void;
  /** How dynalite keeps its tables in memory (default 'view'; 'buffer' is dynalite's own, ADR 0116). */
  readonly storeEncoding?: 'view' | 'buffer';
  /** Keep the tables on disk in this folder (new or empty), as `npm start` does; default: in memory. */
  readonly dataDir?: string;
}

const MEMORY_SAMPLE_MS = 250;
const MiB = 2 ** 20;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const fixed = (value: number, digits = 1) => (Number.isFinite(value) ? value.toFixed(digits) : 'n/a');
const stderrLine = (line: string) => process.stderr.write(`${line}\n`);

/** Samples the process's RSS and heap every 250 ms; `stop()` answers the peaks. */
const sampleMemory = () => {
  let peakRss = 0;
  let peakHeap = 0;
  const sample = () => {
    const usage = process.memoryUsage();
    peakRss = Math.max(peakRss, usage.rss);
    peakHeap = Math.max(peakHeap, usage.heapUsed);
  };
  sample();
  const timer = setInterval(sample, MEMORY_SAMPLE_MS);
  timer.unref();
  return {
    stop: () => {
      clearInterval(timer);
      sample();
      return { peakRss, peakHeap };
    },
  };
};

/**
 * Plays the demo for `options.regions` × `options.associations` on a fresh runtime: in memory, or on
 * disk in `options.dataDir` (the embedded default's LevelDB tables).
 */
export const runScale = async (options: ScaleOptions): Promise<ScaleRun> => {
  const log = options.log ?? stderrLine;
  const parallelRegions = options.parallelRegions ?? 4;
  const lags: number[] = [];
  const minuteLags: number[] = [];
  const seen = new Set<string>();
  const memory = sampleMemory();
  const cpuBefore = process.cpuUsage();
  const started = performance.now();
  const runtime = await startRuntime({
    ...(options.dataDir === undefined ? { inMemory: true } : { dataDir: options.dataDir }),
    port: 0,
    quiet: true,
    ...(options.storeEncoding === undefined ? {} : { dynaliteStoreEncoding: options.storeEncoding }),
    onProjectionLag: (lagMs, event) => {
      lags.push(Math.max(0, lagMs));
      minuteLags.push(Math.max(0, lagMs));
      seen.add(event.eventId);
    },
  });
  let requests = 0;
  // A line a minute, so that a run stopped before its end still says how far it went.
  const progress = setInterval(() => {
    const { rss, heapUsed } = process.memoryUsage();
    // The lag of the events projected in the last minute: when the tail of the run's lag happened.
    const sorted = [...minuteLags].sort((left, right) => left - right);
    const lagNow =
      sorted.length === 0
        ? 'none projected'
        : `p50 ${fixed(percentile(sorted, 0.5), 0)} ms, p99 ${fixed(percentile(sorted, 0.99), 0)} ms`;
    minuteLags.length = 0;
    log(
      `  ${fixed((performance.now() - started) / 1000)} s  progress: ${requests} requests, ${seen.size} events projected, RSS ${fixed(rss / MiB, 0)} MiB, heap ${fixed(heapUsed / MiB, 0)} MiB, lag this minute ${lagNow}`,
    );
  }, 60_000);
  progress.unref();
  try {
    const outcome = await runDemo({
      url: runtime.url,
      mint: minterOf(runtime.auth),
      regions: options.regions,
      associations: options.associations,
      parallelRegions,
      onRequest: () => {
        requests += 1;
      },
      onMilestone: (milestone, plan) =>
        log(
          `  ${fixed((performance.now() - started) / 1000)} s  ${plan.regionCode} ${milestone} (${requests} requests, ${seen.size} events projected)`,
        ),
    });
    const demoSeconds = (performance.now() - started) / 1000;
    // The feed publishes a commit once it has settled (5 s here): wait, then drain what is left.
    await sleep(5_500);
    await runtime.drainFeed();
    const cpu = process.cpuUsage(cpuBefore);
    const peaks = memory.stop();
    const dynaliteMemory = await runtime.dynalite.memory();
    const sorted = [...lags].sort((a, b) => a - b);
    return {
      regions: options.regions.length,
      associations: options.associations,
      parallelRegions,
      wallSeconds: demoSeconds,
      cpuSeconds: (cpu.user + cpu.system) / 1e6,
      requests,
      events: seen.size,
      peakRssBytes: peaks.peakRss,
      peakHeapBytes: peaks.peakHeap,
      lagCount: sorted.length,
      lagP50Ms: percentile(sorted, 0.5),
      lagP99Ms: percentile(sorted, 0.99),
      lagMaxMs: sorted[sorted.length - 1] ?? Number.NaN,
      matches: outcome.matches,
      dynaliteBusySeconds: dynaliteMemory.cpuMs / 1000,
      dynaliteHeapBytes: dynaliteMemory.heapUsed,
      dynaliteBufferBytes: dynaliteMemory.arrayBuffers,
    };
  } finally {
    clearInterval(progress);
    memory.stop();
    await runtime.stop();
  }
};

const baselineMetadata: CommitMetadata = {
  actor: { id: 'bench-scale', role: 'ministry' },
  correlationId: 'bench-scale',
  causationId: null,
};

/**
 * The same event store as the runtime's (same options), on a fresh in-process dynalite: `count`
 * one-event appends sequentially, then `count` spread over `writers` concurrent writers.
 */
export const measureAppendBaseline = async (count = 500, writers = 20): Promise<AppendBaseline> => {
  const dynamo = await startDynalite();
  try {
    const tableName = 'bench-scale-baseline';
    await createEventStoreTable(dynamo.client, tableName);
    const store = new DynamoDbEventStore({
      client: dynamo.client,
      tableName,
      settleMs: 5_000,
      requestTimeoutMs: 2_000,
    });
    const run = randomUUID().slice(0, 8);
    const appendOn = async (streamId: string, appends: number) => {
      for (let version = 0; version < appends; version += 1) {
        await store.append({
          streamId,
          expectedVersion: version === 0 ? 'no-stream' : version,
          events: [{ type: 'BenchmarkProbe', schemaVersion: 1, data: { sequence: version, run } }],
          metadata: baselineMetadata,
        });
      }
    };
    await appendOn(`warm-up-${run}`, 50);
    let started = performance.now();
    await appendOn(`sequential-${run}`, count);
    const sequentialPerSecond = count / ((performance.now() - started) / 1000);
    started = performance.now();
    const each = Math.ceil(count / writers);
    await Promise.all(
      Array.from({ length: writers }, (_, index) => appendOn(`concurrent-${run}-${index}`, each)),
    );
    const concurrentPerSecond = (each * writers) / ((performance.now() - started) / 1000);
    return { sequentialPerSecond, concurrentPerSecond, writers };
  } finally {
    await dynamo.stop();
  }
};

const machineLine = () =>
  `machine: ${cpus().length} × ${cpus()[0]?.model ?? 'unknown CPU'}, ${fixed(totalmem() / 2 ** 30)} GiB, Node ${process.version}`;

const RUN_HEADER =
  '| regions × associations | wall s | CPU s | requests | events | events/s | × baseline | CPU ms/event | peak RSS MiB | peak heap MiB | lag p50 ms | lag p99 ms | lag max ms | figures |';
const RUN_RULE =
  '| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |';

const runRow = (run: ScaleRun, baseline: AppendBaseline | undefined) => {
  const perSecond = run.events / run.wallSeconds;
  return `| ${run.regions} × ${run.associations} | ${fixed(run.wallSeconds)} | ${fixed(run.cpuSeconds)} | ${run.requests} | ${run.events} | ${fixed(perSecond)} | ${baseline === undefined ? 'n/a' : fixed(perSecond / baseline.sequentialPerSecond, 2)} | ${fixed((run.cpuSeconds * 1000) / run.events, 2)} | ${fixed(run.peakRssBytes / MiB, 0)} | ${fixed(run.peakHeapBytes / MiB, 0)} | ${fixed(run.lagP50Ms, 0)} | ${fixed(run.lagP99Ms, 0)} | ${fixed(run.lagMaxMs, 0)} | ${run.matches ? 'match' : 'MISMATCH'} |`;
};

/** dynalite's share of the run: its thread's busy time and what it held at the end. */
const dynaliteLine = (run: ScaleRun) =>
  `dynalite's thread (${run.regions} × ${run.associations}): ${fixed(run.dynaliteBusySeconds)} CPU s of the run's ${fixed(run.cpuSeconds)} CPU s (${fixed((100 * run.dynaliteBusySeconds) / run.cpuSeconds, 0)} %); at the end it held ${fixed(run.dynaliteHeapBytes / MiB, 0)} MiB of heap and ${fixed(run.dynaliteBufferBytes / MiB, 0)} MiB of buffers (${fixed((run.dynaliteHeapBytes + run.dynaliteBufferBytes) / run.events / 1024, 1)} KiB per event).`;

const baselineLines = (baseline: AppendBaseline) => [
  `Baseline (same store and options, fresh in-process dynalite, one event per commit): ${fixed(baseline.sequentialPerSecond)} appends/s sequentially, ${fixed(baseline.concurrentPerSecond)} appends/s with ${baseline.writers} concurrent writers. "× baseline" = the run's events/s ÷ the sequential rate.`,
];

/** A least-squares fit of y = a + b·x + c·x² (the demo's streams grow with x, and commands re-read them). */
export const quadraticFit = (points: readonly { x: number; y: number }[]) => {
  // Normal equations of the 3 × 3 system, solved by Cramer's rule.
  const sums = [0, 0, 0, 0, 0].map((_, power) => points.reduce((sum, point) => sum + point.x ** power, 0));
  const ys = [0, 1, 2].map((power) => points.reduce((sum, point) => sum + point.y * point.x ** power, 0));
  const s = (index: number) => sums[index] ?? 0;
  const matrix = [
    [s(0), s(1), s(2)],
    [s(1), s(2), s(3)],
    [s(2), s(3), s(4)],
  ];
  const det3 = (m: number[][]) => {
    const [a = [], b = [], c = []] = m;
    const at = (row: number[], column: number) => row[column] ?? 0;
    return (
      at(a, 0) * (at(b, 1) * at(c, 2) - at(b, 2) * at(c, 1)) -
      at(a, 1) * (at(b, 0) * at(c, 2) - at(b, 2) * at(c, 0)) +
      at(a, 2) * (at(b, 0) * at(c, 1) - at(b, 1) * at(c, 0))
    );
  };
  const determinant = det3(matrix);
  const replaced = (column: number) =>
    det3(matrix.map((row, index) => row.map((value, at) => (at === column ? (ys[index] ?? 0) : value))));
  const [a, b, c] = [0, 1, 2].map((column) => replaced(column) / determinant) as [number, number, number];
  return { a, b, c, at: (x: number) => a + b * x + c * x * x };
};

/** One region's rollout end to end (default Fès-Meknès × 30), with the baseline: a markdown section. */
export const measureRollout = async (
  options: Partial<ScaleOptions> = {},
): Promise<{ markdown: string; run: ScaleRun; baseline: AppendBaseline }> => {
  const baseline = await measureAppendBaseline();
  const run = await runScale({
    regions: options.regions ?? ['FM'],
    associations: options.associations ?? 30,
    ...(options.parallelRegions === undefined ? {} : { parallelRegions: options.parallelRegions }),
    ...(options.storeEncoding === undefined ? {} : { storeEncoding: options.storeEncoding }),
    ...(options.dataDir === undefined ? {} : { dataDir: options.dataDir }),
    ...(options.log === undefined ? {} : { log: options.log }),
  });
  const markdown = [
    `### One region's rollout, end to end (${run.regions} × ${run.associations} associations × 4 members)`,
    '',
    RUN_HEADER,
    RUN_RULE,
    runRow(run, baseline),
    '',
    dynaliteLine(run),
    '',
    ...(run.regions === 1 && run.associations === 30
      ? [
          `Target: one region at the program's size in ≤ 15 s: ${run.wallSeconds <= 15 ? 'met' : 'MISSED'} (${fixed(run.wallSeconds)} s).`,
          '',
        ]
      : []),
    ...baselineLines(baseline),
  ].join('\n');
  return { markdown, run, baseline };
};

/** The national scale (default 12 regions × 600 associations): a markdown section. */
export const measureNationalScale = async (
  options: Partial<ScaleOptions> = {},
): Promise<{ markdown: string; run: ScaleRun }> => {
  const run = await runScale({
    regions: options.regions ?? [...RegionCode.options],
    associations: options.associations ?? 600,
    ...(options.parallelRegions === undefined ? {} : { parallelRegions: options.parallelRegions }),
    ...(options.storeEncoding === undefined ? {} : { storeEncoding: options.storeEncoding }),
    ...(options.dataDir === undefined ? {} : { dataDir: options.dataDir }),
    ...(options.log === undefined ? {} : { log: options.log }),
  });
  const verdict = (met: boolean) => (met ? 'met' : 'MISSED');
  const markdown = [
    `### National scale (${run.regions} regions × ${run.associations} associations × 4 members)`,
    '',
    RUN_HEADER,
    RUN_RULE,
    runRow(run, undefined),
    '',
    dynaliteLine(run),
    '',
    `Targets: under 20 minutes: ${verdict(run.wallSeconds < 20 * 60)} (${fixed(run.wallSeconds / 60)} min); projection lag p99 under 1 s: ${verdict(run.lagP99Ms < 1_000)} (${fixed(run.lagP99Ms, 0)} ms).`,
  ].join('\n');
  return { markdown, run };
};

/** Scaled runs (the same regions at growing sizes) and the time they extrapolate to at `target` associations. */
export const measureSweep = async (
  options: Omit<ScaleOptions, 'associations'> & {
    readonly sizes: readonly number[];
    readonly target: number;
  },
): Promise<{ markdown: string; runs: ScaleRun[] }> => {
  const runs: ScaleRun[] = [];
  for (const associations of options.sizes) {
    (options.log ?? stderrLine)(`sweep: ${options.regions.length} regions × ${associations} associations`);
    runs.push(await runScale({ ...options, associations }));
  }
  const lines = [
    `### Scaled runs (${options.regions.length} regions, ${options.parallelRegions ?? 4} at a time)`,
    '',
    RUN_HEADER,
    RUN_RULE,
    ...runs.map((run) => runRow(run, undefined)),
    '',
    ...runs.map(dynaliteLine),
  ];
  if (runs.length >= 3) {
    const wall = quadraticFit(runs.map((run) => ({ x: run.associations, y: run.wallSeconds })));
    const cpu = quadraticFit(runs.map((run) => ({ x: run.associations, y: run.cpuSeconds })));
    const width = 40;
    const longest = Math.max(...runs.map((run) => run.wallSeconds));
    lines.push(
      '',
      'Wall time against associations per region:',
      '',
      '```',
      ...runs.map(
        (run) =>
          `${String(run.associations).padStart(5)} | ${'#'.repeat(Math.max(1, Math.round((run.wallSeconds / longest) * width))).padEnd(width)} ${fixed(run.wallSeconds)} s`,
      ),
      '```',
      '',
      `Quadratic fit, wall s = ${fixed(wall.a)} + ${fixed(wall.b, 3)}·n + ${fixed(wall.c, 5)}·n²: at n = ${options.target}, ${fixed(wall.at(options.target) / 3600, 2)} h; CPU s = ${fixed(cpu.a)} + ${fixed(cpu.b, 3)}·n + ${fixed(cpu.c, 5)}·n²: ${fixed(cpu.at(options.target) / 3600, 2)} h of CPU.`,
    );
  }
  return { markdown: lines.join('\n'), runs };
};

const regionList = (value: string): RegionCode[] =>
  value === 'all'
    ? [...RegionCode.options]
    : value.split(',').map((code) => RegionCode.parse(code.trim().toUpperCase()));

const main = async () => {
  const { values } = parseArgs({
    options: {
      regions: { type: 'string' },
      associations: { type: 'string' },
      'parallel-regions': { type: 'string' },
      sweep: { type: 'string' },
      'store-encoding': { type: 'string' },
      'data-dir': { type: 'string' },
    },
  });
  const loadBefore = loadavg()[0] ?? 0;
  const regions = regionList(values.regions ?? 'FM');
  const parallelRegions =
    values['parallel-regions'] === undefined ? undefined : Number(values['parallel-regions']);
  const encoding = values['store-encoding'];
  if (encoding !== undefined && encoding !== 'view' && encoding !== 'buffer') {
    throw new Error('--store-encoding takes view or buffer');
  }
  const shape = {
    ...(parallelRegions === undefined ? {} : { parallelRegions }),
    ...(encoding === undefined ? {} : { storeEncoding: encoding as 'view' | 'buffer' }),
    ...(values['data-dir'] === undefined ? {} : { dataDir: values['data-dir'] }),
  };
  let markdown: string;
  if (values.sweep !== undefined) {
    const sizes = values.sweep.split(',').map(Number);
    markdown = (await measureSweep({ regions, sizes, target: Number(values.associations ?? 600), ...shape }))
      .markdown;
  } else if (regions.length > 1 || Number(values.associations ?? 30) > 30) {
    markdown = (
      await measureNationalScale({ regions, associations: Number(values.associations ?? 600), ...shape })
    ).markdown;
  } else {
    markdown = (await measureRollout({ regions, associations: Number(values.associations ?? 30), ...shape }))
      .markdown;
  }
  process.stdout.write(
    [
      `Naseej end to end (${process.argv.slice(2).join(' ') || 'one region'})`,
      machineLine(),
      `load average (1 min) before / after: ${fixed(loadBefore, 2)} / ${fixed(loadavg()[0] ?? 0, 2)}`,
      '',
      markdown,
      '',
    ].join('\n'),
  );
};

if (process.argv[1] !== undefined && fileURLToPath(import.meta.url) === process.argv[1]) await main();
