import { cpus, loadavg, totalmem } from 'node:os';
import { performance } from 'node:perf_hooks';
import { measureBundles } from './bundles.js';
import { startEmbeddedDynamoDb } from './embedded-dynamodb.js';
import { measureRollout } from './scale.js';
import { measureStore, targetsTable } from './store.js';

// `npm run bench`: every comparison in one run, on one dynalite started here (in a child process
// on 127.0.0.1), printed as ratios to a floor measured in the same run, with issue 24's targets
// table (met / MISSED). `-- --quick` runs smaller counts to check that the script works; its
// figures are not the ones to report. The store's part alone: `npm run bench:store`.
const quick = process.argv.includes('--quick');

const TRIALS = quick ? 1 : 5;

const fixed = (value: number, digits = 1) => value.toFixed(digits);

const main = async () => {
  const started = performance.now();
  const loadBefore = loadavg()[0] ?? 0;
  const dynamo = await startEmbeddedDynamoDb();
  try {
    const store = await measureStore(dynamo, { quick, trials: TRIALS });
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
        `embedded DynamoDB: dynalite (in memory) in a child process on 127.0.0.1; ${TRIALS} trials after a warm-up, rotating order, medians`,
        '',
        store.markdown,
        '',
        'Targets (issue 24, the store):',
        '',
        targetsTable(store.targets),
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
