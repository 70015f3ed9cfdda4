import { execFile } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { gzipSync } from 'node:zlib';
import type { BundlingOptions } from 'aws-cdk-lib/aws-lambda-nodejs';
import { type BuildOptions, build, type Metafile } from 'esbuild';
import { NASEEJ_BUNDLING, REPOSITORY_ROOT } from '../infra/constructs/naseej-function.js';
import { median } from './stats.js';

// Each Lambda bundle's size and its module initialisation time, as a proxy for cold start (issue
// 9; target: every bundle ≤ 300 KB). Every entry of functions/handlers/ that exports `handler` is
// bundled by esbuild with the options the CDK NodejsFunction uses (NASEEJ_BUNDLING of
// infra/constructs/naseej-function.ts, turned into the arguments CDK passes esbuild). Then each
// bundle is imported by a fresh `node` process, IMPORTS times: a tiny wrapper takes the time
// before and after `await import(bundle)`, with the environment CDK sets, so the module
// initialises (clients created, no AWS call). An empty module, imported the same way in the same
// run, is the baseline. `tsx bench/bundles.ts` runs it alone; `measureBundles()` gives the section.

/** Imports per bundle (fresh process each); the median is reported. */
const IMPORTS = Number(process.env.BUNDLE_IMPORTS ?? 7);
/** The issue's target for every bundle. */
const TARGET_BYTES = 300 * 1024;

const HANDLERS_FOLDER = 'functions/handlers';

/** The environment CDK sets on the functions (dummy values: nothing is called at import). */
const LAMBDA_ENVIRONMENT: Readonly<Record<string, string>> = {
  AWS_REGION: 'eu-west-3',
  AWS_DEFAULT_REGION: 'eu-west-3',
  AWS_LAMBDA_FUNCTION_NAME: 'naseej-bench',
  AWS_LAMBDA_FUNCTION_MEMORY_SIZE: '512',
  AWS_ACCESS_KEY_ID: 'bench',
  AWS_SECRET_ACCESS_KEY: 'bench',
  POWERTOOLS_SERVICE_NAME: 'naseej',
  POWERTOOLS_LOG_LEVEL: 'INFO',
  POWERTOOLS_METRICS_NAMESPACE: 'Naseej',
  NASEEJ_TABLE_NAME: 'naseej-bench',
  NASEEJ_WORKFLOW_TASK: 'ParkTaskTokenFunctionArn',
  NASEEJ_REGION_ROLLOUT_ARN: 'arn:aws:states:eu-west-3:000000000000:stateMachine:rollout',
  NASEEJ_NATIONAL_WAVES_ARN: 'arn:aws:states:eu-west-3:000000000000:stateMachine:waves',
  NASEEJ_CONTACT_CENTRE_CALL_ARN: 'arn:aws:states:eu-west-3:000000000000:stateMachine:call',
  NASEEJ_PARTNER_SECRETS_PREFIX: 'naseej/partners/',
  NASEEJ_SUBSCRIPTION_SECRETS_PREFIX: 'naseej/subscriptions/',
};

/** The time of one `await import()`, printed by a fresh process (the module is never cached). */
const IMPORT_WRAPPER = `const started = performance.now();
await import(process.argv[2]);
process.stdout.write(String(performance.now() - started));
process.exit(0);
`;

/**
 * The esbuild options CDK derives from bundling options (aws-lambda-nodejs/lib/bundling.ts:
 * `--bundle --platform=node --target --format --outfile=index.mjs --minify --sourcemap
 * --sources-content --external --banner --main-fields …`, run from the project root). Options this
 * mapping does not know throw, so a change in NASEEJ_BUNDLING cannot go unmeasured silently.
 */
export const esbuildOptionsOf = (bundling: BundlingOptions, entry: string, outdir: string): BuildOptions => {
  const known = new Set([
    'forceDockerBundling',
    'format',
    'target',
    'mainFields',
    'externalModules',
    'minify',
    'sourceMap',
    'sourcesContent',
    'banner',
    'footer',
    'define',
    'loader',
    'keepNames',
    'inject',
  ]);
  const unknown = Object.keys(bundling).filter((option) => !known.has(option));
  if (unknown.length > 0)
    throw new Error(`bench/bundles.ts does not map bundling options: ${unknown.join(', ')}`);
  const esm = bundling.format === 'esm';
  return {
    absWorkingDir: REPOSITORY_ROOT,
    entryPoints: [join(REPOSITORY_ROOT, entry)],
    bundle: true,
    platform: 'node',
    target: bundling.target ?? 'node22',
    ...(bundling.format === undefined ? {} : { format: bundling.format }),
    outfile: join(outdir, esm ? 'index.mjs' : 'index.js'),
    minify: bundling.minify ?? false,
    sourcemap: bundling.sourceMap ?? false,
    sourcesContent: bundling.sourcesContent ?? true,
    // CDK's default externals apply only when externalModules is absent.
    external: [...(bundling.externalModules ?? ['@aws-sdk/*'])],
    ...(bundling.loader === undefined ? {} : { loader: bundling.loader as BuildOptions['loader'] }),
    ...(bundling.define === undefined ? {} : { define: bundling.define }),
    keepNames: bundling.keepNames ?? false,
    ...(bundling.banner === undefined ? {} : { banner: { js: bundling.banner } }),
    ...(bundling.footer === undefined ? {} : { footer: { js: bundling.footer } }),
    ...(bundling.mainFields === undefined ? {} : { mainFields: [...bundling.mainFields] }),
    ...(bundling.inject === undefined ? {} : { inject: [...bundling.inject] }),
    metafile: true,
    logLevel: 'error',
  };
};

/** Every handler module CDK deploys: the files of functions/handlers/ that export `handler`. */
const lambdaEntries = async (): Promise<string[]> => {
  const entries: string[] = [];
  for (const file of (await readdir(join(REPOSITORY_ROOT, HANDLERS_FOLDER))).sort()) {
    if (!file.endsWith('.ts')) continue;
    const source = await readFile(join(REPOSITORY_ROOT, HANDLERS_FOLDER, file), 'utf8');
    if (/export (const|async function|function) handler\b/.test(source))
      entries.push(`${HANDLERS_FOLDER}/${file}`);
  }
  return entries;
};

/** The parts a bundle is reported in: where its bytes come from. */
const PARTS = ['zod', 'AWS SDK', 'Powertools + X-Ray', 'project', 'other'] as const;
type Part = (typeof PARTS)[number];

/** Packages counted as the AWS SDK v3 (clients, Smithy, their helpers) and as Powertools' tracer. */
const SDK_PACKAGE = /^(@aws-sdk|@smithy|@aws-crypto)\/|^(fast-xml-parser|strnum|tslib|bowser|uuid)$/;
const POWERTOOLS_PACKAGE =
  /^@aws-lambda-powertools\/|^(aws-xray-sdk-core|semver|cls-hooked|emitter-listener|shimmer|async-hook-jl|stack-chain)$/;

/** The package an input of the bundle comes from (`@aws-sdk/client-dynamodb`, `zod`), or null for the project. */
const packageOf = (input: string): string | null => {
  const at = input.lastIndexOf('node_modules/');
  if (at < 0) return null;
  const parts = input.slice(at + 'node_modules/'.length).split('/');
  return parts[0]?.startsWith('@') ? `${parts[0]}/${parts[1]}` : (parts[0] ?? input);
};

/** Where an input of the bundle belongs. */
const partOf = (input: string): Part => {
  const name = packageOf(input);
  if (name === null) return 'project';
  if (name === 'zod') return 'zod';
  if (SDK_PACKAGE.test(name)) return 'AWS SDK';
  if (POWERTOOLS_PACKAGE.test(name)) return 'Powertools + X-Ray';
  return 'other';
};

/** Output bytes per part of the bundle. */
const bytesByPart = (metafile: Metafile): Record<Part, number> => {
  const totals = Object.fromEntries(PARTS.map((part) => [part, 0])) as Record<Part, number>;
  for (const output of Object.values(metafile.outputs)) {
    for (const [input, { bytesInOutput }] of Object.entries(output.inputs)) {
      totals[partOf(input)] += bytesInOutput;
    }
  }
  return totals;
};

const runNode = promisify(execFile);

/** The median time of importing `module` in IMPORTS fresh processes, in ms. */
const importTime = async (wrapper: string, module: string): Promise<number> => {
  const times: number[] = [];
  for (let run = 0; run < IMPORTS; run += 1) {
    const { stdout } = await runNode(process.execPath, [wrapper, pathToFileURL(module).href], {
      env: { PATH: process.env.PATH ?? '', ...LAMBDA_ENVIRONMENT },
      cwd: tmpdir(),
    });
    times.push(Number(stdout));
  }
  return median(times);
};

/** One Lambda bundle measured. */
export interface BundleMeasure {
  readonly entry: string;
  readonly bytes: number;
  readonly gzipBytes: number;
  readonly importMs: number;
  /** Output bytes by where they come from. */
  readonly parts: Readonly<Record<Part, number>>;
}

const kb = (bytes: number) => (bytes / 1024).toFixed(1);

/** Bundles and imports every Lambda entry; the measures and the baseline import time (ms). */
export const bundleMeasures = async (): Promise<{ measures: BundleMeasure[]; baselineMs: number }> => {
  const folder = await mkdtemp(join(tmpdir(), 'naseej-bundles-'));
  try {
    const wrapper = join(folder, 'import-time.mjs');
    await writeFile(wrapper, IMPORT_WRAPPER);
    const empty = join(folder, 'empty.mjs');
    await writeFile(empty, '');
    const baselineMs = await importTime(wrapper, empty);
    const measures: BundleMeasure[] = [];
    for (const entry of await lambdaEntries()) {
      const outdir = join(folder, entry.replaceAll('/', '-').replace(/\.ts$/, ''));
      const options = esbuildOptionsOf(NASEEJ_BUNDLING, entry, outdir);
      const result = await build(options);
      const outfile = options.outfile as string;
      const code = await readFile(outfile);
      measures.push({
        entry,
        bytes: code.byteLength,
        gzipBytes: gzipSync(code).byteLength,
        importMs: await importTime(wrapper, outfile),
        parts: bytesByPart(result.metafile as Metafile),
      });
    }
    return { measures, baselineMs };
  } finally {
    await rm(folder, { recursive: true, force: true });
  }
};

/** The markdown section: one line per Lambda bundle, its size against the target, its import time. */
export const measureBundles = async (): Promise<string> => {
  const { measures, baselineMs } = await bundleMeasures();
  const over = measures.filter((measure) => measure.bytes > TARGET_BYTES);
  const row = (measure: BundleMeasure) =>
    [
      `\`${measure.entry.slice(HANDLERS_FOLDER.length + 1)}\``,
      kb(measure.bytes),
      kb(measure.gzipBytes),
      measure.bytes <= TARGET_BYTES ? 'yes' : '**no**',
      (measure.importMs - baselineMs).toFixed(1),
      (measure.importMs / baselineMs).toFixed(1),
      ...PARTS.map((part) => kb(measure.parts[part])),
    ].join(' | ');
  const lines = [
    '## Lambda bundles: size and module initialisation',
    '',
    "Each entry of `functions/handlers/` bundled with the CDK's options (`NASEEJ_BUNDLING`: ESM, node22,",
    'minified, the AWS SDK bundled, not external); size of `index.mjs` (its source map apart), and where',
    `its bytes come from. Import time: median of ${IMPORTS} fresh \`node\` processes each timing`,
    `\`await import(bundle)\`, minus an empty module's (${baselineMs.toFixed(1)} ms in the same run).`,
    'Target: every bundle ≤ 300 KB.',
    '',
    `| function | KB | gzip KB | ≤ 300 KB | import ms (− empty) | × empty | ${PARTS.map((part) => `${part} KB`).join(' | ')} |`,
    `| --- | ---: | ---: | --- | ---: | ---: | ${PARTS.map(() => '---:').join(' | ')} |`,
    ...measures.map((measure) => `| ${row(measure)} |`),
    '',
    over.length === 0
      ? `Every bundle is within 300 KB (largest ${kb(Math.max(...measures.map((measure) => measure.bytes)))} KB).`
      : `${over.length} of ${measures.length} bundles are over 300 KB.`,
  ];
  return lines.join('\n');
};

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  console.log(await measureBundles());
}
