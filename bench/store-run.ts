import { cpus, loadavg, totalmem } from 'node:os';
import { performance } from 'node:perf_hooks';
import { startEmbeddedDynamoDb } from './embedded-dynamodb.js';
import { measureStore, targetsTable } from './store.js';

// `npm run bench:store`: the event store's part of `npm run bench` alone (append workloads, a long
// stream's load, the targets table); `-- --quick` checks that it runs (its figures are not for reporting).
const quick = process.argv.includes('--quick');
const trials = quick ? 1 : Number(process.env.BENCH_TRIALS ?? 5);

const started = performance.now();
const loadBefore = loadavg()[0] ?? 0;
const dynamo = await startEmbeddedDynamoDb();
try {
  const store = await measureStore(dynamo, { quick, trials });
  process.stdout.write(
    [
      `Naseej event store benchmark${quick ? ' (QUICK: smaller counts, not for reporting)' : ''}`,
      `machine: ${cpus().length} × ${cpus()[0]?.model ?? 'unknown CPU'}, ${(totalmem() / 2 ** 30).toFixed(1)} GiB, Node ${process.version}`,
      `load average (1 min) before / after: ${loadBefore.toFixed(2)} / ${(loadavg()[0] ?? 0).toFixed(2)}`,
      `embedded DynamoDB: dynalite (in memory) in a child process on 127.0.0.1; ${trials} trials after a warm-up, rotating order, medians`,
      '',
      store.markdown,
      '',
      'Targets (issue 24):',
      '',
      targetsTable(store.targets),
      '',
      `(whole run: ${((performance.now() - started) / 1000).toFixed(1)} s)`,
      '',
    ].join('\n'),
  );
} finally {
  await dynamo.stop();
}
