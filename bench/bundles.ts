import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { isBuiltin } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { gzipSync } from 'node:zlib';
import type { BundlingOptions } from 'aws-cdk-lib/aws-lambda-nodejs';
import { type BuildOptions, build, type Metafile, type Plugin } from 'esbuild';
import { BUNDLE_LIMIT_BYTES, NASEEJ_BUNDLING, REPOSITORY_ROOT } from '../infra/constructs/naseej-function.js';
import { median, percentile } from './stats.js';

// Each Lambda bundle's size and its module initialisation time, as a proxy for cold start (issues
// 9 and 19; target and limit: every bundle ≤ 300 KB). Every entry of functions/handlers/ that exports
// `handler` is bundled by esbuild with the options the CDK NodejsFunction uses (NASEEJ_BUNDLING of
// infra/constructs/naseej-function.ts, turned into the arguments CDK passes esbuild). Then each
// bundle is imported by a fresh `node` process, IMPORTS times: a tiny wrapper takes the wall time
// and the process's CPU time around `await import(bundle)`, with the environment CDK sets, so the
// module initialises (clients created, no AWS call). The bundles sit in a scratch folder of the
// repository, so what they leave external (the AWS SDK, which the runtime provides) is loaded from
// node_modules, as the runtime loads its own. An empty module, imported the same way in the same
// run, is the baseline. CPU time is the figure to compare on a busy machine: wall time counts the
// waits for a core.
//
// `BUNDLES_BEFORE=<git ref>` also bundles the entries of that commit with that commit's options
// and measures both sets in turn (before, after, before, …), so both see the same load.
// `BUNDLES_NODE=<path to node>` imports with that binary (Lambda runs Node 24:
// `BUNDLES_NODE=$(npm exec --yes --package=node@24.21.0 -- which node)`); default: this process's.
// `BUNDLES_IMPORTS=<n>` sets the imports per bundle (default 15), `BUNDLES_ONLY=<name,…>` the functions.
// `BUNDLES_WHAT_IF=1` (with `BUNDLES_INSTRUCTIONS=1`) also counts what the options weighed in
// docs/adr/0064-import-time-floor.md would give: every function with a trimmed AWS SDK bundled in
// (ESM builds, Node's modules through require, the environment's credentials only), and both sets
// again with a warm compile cache (as if a cache made by the runtime's exact Node were shipped).
//
// Before timing, the wrapper loads what Lambda's runtime interface client (aws-lambda-ric 4, the
// Node.js 22+ runtimes' client) has loaded before it imports a handler: node:path, node:fs,
// node:net and node:http through require, node:async_hooks by import(). An empty module is the
// baseline, so what these cost is not counted as the function's.
// `npm run bench:bundles` (`tsx bench/bundles.ts`) runs it alone; `measureBundles()` gives the section.

/** Imports per bundle (fresh process each); the median and the 90th percentile are reported. */
const IMPORTS = Number(process.env.BUNDLES_IMPORTS ?? 15);
/** The issue's target for every bundle. */
const TARGET_BYTES = BUNDLE_LIMIT_BYTES;

/** Where the Lambda entry modules are: the API's and the workflows'. */
const HANDLER_FOLDERS = ['functions/handlers', 'workflows/handlers'] as const;

/** `BUNDLES_ONLY=rollouts,events`: measure only these functions (to iterate on a change). */
const ONLY = process.env.BUNDLES_ONLY?.split(',').map((name) => name.trim());

/** The environment CDK sets on the functions (dummy values: nothing is called at import). */
export const LAMBDA_ENVIRONMENT: Readonly<Record<string, string>> = {
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
  // The notifications function reads these at import (functions/handlers/environment.ts).
  NASEEJ_MAIL_FROM: 'notifications@naseej.example',
  NASEEJ_MAIL_CONFIGURATION_SET: 'naseej-bench',
  NASEEJ_EVENT_BUS_NAME: 'naseej-bench',
  // The attachments function's bucket.
  NASEEJ_DOCUMENTS_BUCKET: 'naseej-bench-documents',
};

/** The wall and CPU time (ms) of one `await import()`, printed by a fresh process (never cached). */
const IMPORT_WRAPPER = `import { createRequire } from 'node:module';
const require = createRequire(import.meta.url);
for (const loaded of ['node:path', 'node:fs', 'node:net', 'node:http']) require(loaded);
await import('node:async_hooks');
const started = performance.now();
const cpu = process.cpuUsage();
await import(process.argv[2]);
const used = process.cpuUsage(cpu);
process.stdout.write(JSON.stringify([performance.now() - started, (used.user + used.system) / 1000]));
process.exit(0);
`;

/**
 * The esbuild options CDK derives from bundling options (aws-lambda-nodejs/lib/bundling.ts:
 * `--bundle --platform=node --target --format --outfile=index.mjs --minify --sourcemap
 * --sources-content --external --banner --main-fields …`, run from the project root). Options this
 * mapping does not know throw, so a change in NASEEJ_BUNDLING cannot go unmeasured silently.
 */
export const esbuildOptionsOf = (
  bundling: BundlingOptions,
  entry: string,
  outdir: string,
  root: string = REPOSITORY_ROOT,
): BuildOptions => {
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
    'esbuildArgs',
  ]);
  const unknown = Object.keys(bundling).filter((option) => !known.has(option));
  if (unknown.length > 0)
    throw new Error(`bench/bundles.ts does not map bundling options: ${unknown.join(', ')}`);
  // esbuildArgs are passed on as `key=value` (aws-lambda-nodejs/lib/bundling.ts, toCliArgsArray).
  const { '--charset': charset, ...otherArgs } = bundling.esbuildArgs ?? {};
  if (Object.keys(otherArgs).length > 0)
    throw new Error(`bench/bundles.ts does not map esbuildArgs: ${Object.keys(otherArgs).join(', ')}`);
  if (charset !== undefined && charset !== 'utf8' && charset !== 'ascii')
    throw new Error(`bench/bundles.ts does not map --charset=${String(charset)}`);
  const esm = bundling.format === 'esm';
  return {
    absWorkingDir: root,
    entryPoints: [join(root, entry)],
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
    ...(charset === undefined ? {} : { charset }),
    metafile: true,
    logLevel: 'error',
  };
};

/** Every handler module CDK deploys: the files of the handler folders that export `handler`. */
export const lambdaEntries = async (root: string = REPOSITORY_ROOT): Promise<string[]> => {
  const entries: string[] = [];
  for (const folder of HANDLER_FOLDERS) {
    for (const file of (await readdir(join(root, folder))).sort()) {
      if (!file.endsWith('.ts')) continue;
      const source = await readFile(join(root, folder, file), 'utf8');
      if (/export (const|async function|function) handler\b/.test(source)) entries.push(`${folder}/${file}`);
    }
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

/** The node binary that imports the bundles. */
const NODE = process.env.BUNDLES_NODE ?? process.execPath;

/** One import of `module` in a fresh process: wall and CPU ms. */
const importOnce = async (wrapper: string, module: string): Promise<{ wallMs: number; cpuMs: number }> => {
  const { stdout } = await runNode(NODE, [wrapper, pathToFileURL(module).href], {
    env: { PATH: process.env.PATH ?? '', ...LAMBDA_ENVIRONMENT },
    cwd: tmpdir(),
  });
  const [wallMs, cpuMs] = JSON.parse(stdout) as [number, number];
  return { wallMs, cpuMs };
};

/** `BUNDLES_INSTRUCTIONS=1`: also count each import's instructions under valgrind (slow, load-proof). */
const COUNT_INSTRUCTIONS = process.env.BUNDLES_INSTRUCTIONS === '1';

/**
 * The instructions a fresh process executes to start, import `module` and exit, counted by
 * valgrind's cachegrind (no cache simulation). Unlike time, the count hardly moves with the
 * machine's load, so small changes show on a shared machine. One run per module: the count varies
 * by well under 1 % between runs (threads and garbage collection).
 */
const instructionsOnce = async (
  wrapper: string,
  module: string,
  env: Readonly<Record<string, string>> = {},
): Promise<number> => {
  const { stderr } = await runNode(
    'valgrind',
    [
      '--tool=cachegrind',
      '--cache-sim=no',
      '--cachegrind-out-file=/dev/null',
      NODE,
      wrapper,
      pathToFileURL(module).href,
    ],
    {
      env: { PATH: process.env.PATH ?? '', ...LAMBDA_ENVIRONMENT, ...env },
      cwd: tmpdir(),
      maxBuffer: 16 * 1024 * 1024,
    },
  );
  const count = /I\s+refs:\s+([\d,]+)/.exec(stderr)?.[1];
  if (count === undefined) throw new Error(`valgrind counted no instructions for ${module}:\n${stderr}`);
  return Number(count.replaceAll(',', ''));
};

/**
 * The instructions of an import with a warm compile cache (Node's module compile cache, V8 code
 * cache on disk): one run fills a fresh cache folder, the second is counted.
 */
const instructionsWarm = async (wrapper: string, module: string): Promise<number> => {
  const cache = await mkdtemp(join(tmpdir(), 'naseej-compile-cache-'));
  try {
    await instructionsOnce(wrapper, module, { NODE_COMPILE_CACHE: cache });
    return await instructionsOnce(wrapper, module, { NODE_COMPILE_CACHE: cache });
  } finally {
    await rm(cache, { recursive: true, force: true });
  }
};

/** `BUNDLES_WHAT_IF=1`: also measure the options of ADR 0064 (needs BUNDLES_INSTRUCTIONS=1). */
const WHAT_IF = process.env.BUNDLES_WHAT_IF === '1' && COUNT_INSTRUCTIONS;

/**
 * What the trimmed-SDK option changes in esbuild's work, which CDK's bundling options cannot
 * express (they are esbuild plugins): (1) Node's built-in modules are taken with
 * `process.getBuiltinModule()`, as the SDK's CommonJS build takes them with require(), and not by
 * ESM `import`, whose namespace reads every export of node:http and so loads its lazy parts (undici,
 * worker_threads, http2: ≈ 170 M instructions on Node 24); (2) the default credential chain
 * (`@aws-sdk/credential-provider-node`: files, SSO, STS, the instance metadata service, and the
 * nested clients they need) is replaced by the environment's credentials, which Lambda sets from
 * the function's role (AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, AWS_SESSION_TOKEN).
 */
const TRIMMED_SDK_PLUGINS: Plugin[] = [
  {
    name: 'builtins-through-require',
    setup(esbuild) {
      esbuild.onResolve({ filter: /^(node:)?[a-z_/]+$/ }, (args) =>
        isBuiltin(args.path) && args.namespace !== 'builtin'
          ? { path: args.path.replace(/^node:/, ''), namespace: 'builtin' }
          : undefined,
      );
      esbuild.onLoad({ filter: /.*/, namespace: 'builtin' }, (args) => ({
        contents: `module.exports = process.getBuiltinModule(${JSON.stringify(args.path)});`,
        loader: 'js',
      }));
    },
  },
  {
    name: 'environment-credentials',
    setup(esbuild) {
      esbuild.onResolve({ filter: /^@aws-sdk\/credential-provider-node$/ }, () => ({
        path: 'credentials',
        namespace: 'environment-credentials',
      }));
      esbuild.onLoad({ filter: /.*/, namespace: 'environment-credentials' }, () => ({
        contents: "export { fromEnv as defaultProvider } from '@aws-sdk/credential-provider-env';",
        resolveDir: REPOSITORY_ROOT,
        loader: 'js',
      }));
    },
  },
];

const p90 = (values: readonly number[]) =>
  percentile(
    [...values].sort((a, b) => a - b),
    0.9,
  );

/** One bundle built: its entry, file and composition. */
interface Built {
  readonly entry: string;
  readonly outfile: string;
  readonly bytes: number;
  readonly gzipBytes: number;
  readonly parts: Readonly<Record<Part, number>>;
}

/** One Lambda bundle measured. */
export interface BundleMeasure {
  readonly entry: string;
  readonly bytes: number;
  readonly gzipBytes: number;
  /** Median wall time of the import, ms. */
  readonly importMs: number;
  /** Median CPU time of the importing process, ms. */
  readonly importCpuMs: number;
  /** 90th percentile of the wall time, ms. */
  readonly importP90Ms: number;
  /** 90th percentile of the CPU time, ms. */
  readonly importCpuP90Ms: number;
  /** Instructions executed by the importing process (BUNDLES_INSTRUCTIONS=1), else NaN. */
  readonly instructions: number;
  /** Output bytes by where they come from. */
  readonly parts: Readonly<Record<Part, number>>;
}

/** One function under the options of ADR 0064 (instruction counts of the whole process). */
export interface WhatIf {
  readonly entry: string;
  /** The bundle with the trimmed SDK in it. */
  readonly trimmedBytes: number;
  readonly trimmedInstructions: number;
  /** Today's bundle, compile cache warm. */
  readonly warmInstructions: number;
  /** The trimmed-SDK bundle, compile cache warm. */
  readonly trimmedWarmInstructions: number;
}

const kb = (bytes: number) => (bytes / 1024).toFixed(1);

/** Bundles every Lambda entry of the tree at `root` with `bundling`, into `folder`. */
const buildAll = async (
  root: string,
  bundling: BundlingOptions,
  folder: string,
  plugins: Plugin[] = [],
): Promise<Built[]> => {
  const built: Built[] = [];
  for (const entry of await lambdaEntries(root)) {
    if (ONLY !== undefined && !ONLY.some((name) => entry.endsWith(`/${name}.ts`))) continue;
    const outdir = join(folder, entry.replaceAll('/', '-').replace(/\.ts$/, ''));
    const options = esbuildOptionsOf(bundling, entry, outdir, root);
    const result = await build({ ...options, plugins });
    const outfile = options.outfile as string;
    const code = await readFile(outfile);
    built.push({
      entry,
      outfile,
      bytes: code.byteLength,
      gzipBytes: gzipSync(code).byteLength,
      parts: bytesByPart(result.metafile as Metafile),
    });
  }
  return built;
};

/** The tree of a commit, written into `folder` (inside the repository, so node_modules resolves). */
const checkout = async (ref: string, folder: string): Promise<void> => {
  const archive = join(folder, 'tree.tar');
  await runNode('git', ['-C', REPOSITORY_ROOT, 'archive', '--format=tar', `--output=${archive}`, ref]);
  await runNode('tar', ['-xf', archive, '-C', folder]);
};

/** The measures of every bundle, and of the bundles of `BUNDLES_BEFORE` when set; the baseline (ms). */
export const bundleMeasures = async (): Promise<{
  measures: BundleMeasure[];
  before: BundleMeasure[] | null;
  baselineMs: number;
  baselineCpuMs: number;
  /** The runtime's DynamoDB client package alone, imported the same way: what no bundle can go below. */
  sdkCpuMs: number;
  baselineInstructions: number;
  sdkInstructions: number;
  /** BUNDLES_WHAT_IF=1: the options of ADR 0064, per function (instructions, whole process). */
  whatIf: WhatIf[] | null;
}> => {
  // In the repository, so that imports left external resolve from its node_modules.
  const folder = await mkdtemp(join(REPOSITORY_ROOT, '.bundles-'));
  try {
    const wrapper = join(folder, 'import-time.mjs');
    await writeFile(wrapper, IMPORT_WRAPPER);
    const empty = join(folder, 'empty.mjs');
    await writeFile(empty, '');
    // Every function but the commit splitter loads the DynamoDB client at import: its floor.
    const sdk = join(folder, 'sdk.mjs');
    await writeFile(sdk, "import '@aws-sdk/client-dynamodb';\n");
    const after = await buildAll(REPOSITORY_ROOT, NASEEJ_BUNDLING, join(folder, 'after'));
    let before: Built[] = [];
    const ref = process.env.BUNDLES_BEFORE;
    if (ref !== undefined) {
      const tree = join(folder, 'before-tree');
      await mkdir(tree);
      await checkout(ref, tree);
      const { NASEEJ_BUNDLING: bundlingThen } = (await import(
        pathToFileURL(join(tree, 'infra/constructs/naseej-function.ts')).href
      )) as { NASEEJ_BUNDLING: BundlingOptions };
      before = await buildAll(tree, bundlingThen, join(folder, 'before'));
    }
    // Every module in turn, IMPORTS rounds: a burst of load hits all of them alike.
    const modules = [empty, sdk, ...after.map((one) => one.outfile), ...before.map((one) => one.outfile)];
    const times = new Map<string, { wall: number[]; cpu: number[] }>(
      modules.map((module) => [module, { wall: [], cpu: [] }]),
    );
    for (let round = 0; round < IMPORTS; round += 1) {
      for (const module of modules) {
        const { wallMs, cpuMs } = await importOnce(wrapper, module);
        times.get(module)?.wall.push(wallMs);
        times.get(module)?.cpu.push(cpuMs);
      }
    }
    const instructions = new Map<string, number>();
    if (COUNT_INSTRUCTIONS) {
      for (const module of modules) instructions.set(module, await instructionsOnce(wrapper, module));
    }
    let whatIf: WhatIf[] | null = null;
    if (WHAT_IF) {
      const trimmed = await buildAll(
        REPOSITORY_ROOT,
        { ...NASEEJ_BUNDLING, externalModules: [] },
        join(folder, 'trimmed-sdk'),
        TRIMMED_SDK_PLUGINS,
      );
      whatIf = [];
      for (const [index, one] of after.entries()) {
        const other = trimmed[index] as Built;
        whatIf.push({
          entry: one.entry,
          trimmedBytes: other.bytes,
          trimmedInstructions: await instructionsOnce(wrapper, other.outfile),
          warmInstructions: await instructionsWarm(wrapper, one.outfile),
          trimmedWarmInstructions: await instructionsWarm(wrapper, other.outfile),
        });
      }
    }
    const measured = (one: Built): BundleMeasure => ({
      entry: one.entry,
      bytes: one.bytes,
      gzipBytes: one.gzipBytes,
      importMs: median(times.get(one.outfile)?.wall ?? []),
      importCpuMs: median(times.get(one.outfile)?.cpu ?? []),
      importP90Ms: p90(times.get(one.outfile)?.wall ?? []),
      importCpuP90Ms: p90(times.get(one.outfile)?.cpu ?? []),
      instructions: instructions.get(one.outfile) ?? Number.NaN,
      parts: one.parts,
    });
    return {
      measures: after.map(measured),
      before: ref === undefined ? null : before.map(measured),
      baselineMs: median(times.get(empty)?.wall ?? []),
      baselineCpuMs: median(times.get(empty)?.cpu ?? []),
      sdkCpuMs: median(times.get(sdk)?.cpu ?? []),
      baselineInstructions: instructions.get(empty) ?? Number.NaN,
      sdkInstructions: instructions.get(sdk) ?? Number.NaN,
      whatIf,
    };
  } finally {
    await rm(folder, { recursive: true, force: true });
  }
};

/** The markdown section: one line per Lambda bundle, its size against the target, its import time. */
export const measureBundles = async (): Promise<string> => {
  const {
    measures,
    before,
    baselineMs,
    baselineCpuMs,
    sdkCpuMs,
    baselineInstructions,
    sdkInstructions,
    whatIf,
  } = await bundleMeasures();
  /** Millions of instructions of an import, net of the empty module's. */
  const mi = (count: number) => ((count - baselineInstructions) / 1e6).toFixed(0);
  const over = measures.filter((measure) => measure.bytes > TARGET_BYTES);
  const net = (measure: BundleMeasure) => ({
    wall: measure.importMs - baselineMs,
    cpu: measure.importCpuMs - baselineCpuMs,
    cpuP90: measure.importCpuP90Ms - baselineCpuMs,
  });
  const row = (measure: BundleMeasure) =>
    [
      `\`${measure.entry.split('/').pop() ?? measure.entry}\``,
      kb(measure.bytes),
      kb(measure.gzipBytes),
      measure.bytes <= TARGET_BYTES ? 'yes' : '**no**',
      net(measure).wall.toFixed(1),
      net(measure).cpu.toFixed(1),
      net(measure).cpuP90.toFixed(1),
      ...PARTS.map((part) => kb(measure.parts[part])),
    ].join(' | ');
  const lines = [
    '## Lambda bundles: size and module initialisation',
    '',
    "Each entry of `functions/handlers/` bundled with the CDK's options (`NASEEJ_BUNDLING`); size of",
    '`index.mjs` and where its bytes come from. Import time: median of',
    `${IMPORTS} fresh \`node\` processes (${NODE === process.execPath ? process.version : NODE}) each timing \`await import(bundle)\`,`,
    `wall and CPU (median, and the CPU's 90th percentile), minus an empty module's (${baselineMs.toFixed(1)} ms wall, ${baselineCpuMs.toFixed(1)} ms CPU in the same run).`,
    `The runtime's \`@aws-sdk/client-dynamodb\` alone, imported the same way: ${(sdkCpuMs - baselineCpuMs).toFixed(1)} ms CPU (the floor of every function that loads it).`,
    `Target: every bundle ≤ ${TARGET_BYTES / 1024} KB.`,
    '',
    `| function | KB | gzip KB | ≤ ${TARGET_BYTES / 1024} KB | import ms wall | import ms CPU | CPU p90 | ${PARTS.map((part) => `${part} KB`).join(' | ')} |`,
    `| --- | ---: | ---: | --- | ---: | ---: | ---: | ${PARTS.map(() => '---:').join(' | ')} |`,
    ...measures.map((measure) => `| ${row(measure)} |`),
    '',
    over.length === 0
      ? `Every bundle is within ${TARGET_BYTES / 1024} KB (largest ${kb(Math.max(...measures.map((measure) => measure.bytes)))} KB).`
      : `${over.length} of ${measures.length} bundles are over ${TARGET_BYTES / 1024} KB.`,
  ];
  if (before !== null) {
    const then = new Map(before.map((measure) => [measure.entry, measure]));
    lines.push(
      '',
      `### Before (\`${process.env.BUNDLES_BEFORE}\`) and after, measured in turn in the same run`,
      '',
      `| function | KB before | KB after | import ms CPU before | after | after ÷ before | CPU p90 before | after | without the SDK (${(sdkCpuMs - baselineCpuMs).toFixed(1)} ms): after ÷ before | import ms wall before | after |`,
      '| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
      ...measures.map((measure) => {
        const old = then.get(measure.entry);
        const name = measure.entry.split('/').pop() ?? measure.entry;
        if (old === undefined)
          return `| \`${name}\` | – | ${kb(measure.bytes)} | – | – | – | – | – | – | – | – |`;
        const sdkShare = sdkCpuMs - baselineCpuMs;
        return `| \`${name}\` | ${kb(old.bytes)} | ${kb(measure.bytes)} | ${net(old).cpu.toFixed(1)} | ${net(measure).cpu.toFixed(1)} | ${(net(measure).cpu / net(old).cpu).toFixed(2)} | ${net(old).cpuP90.toFixed(1)} | ${net(measure).cpuP90.toFixed(1)} | ${((net(measure).cpu - sdkShare) / (net(old).cpu - sdkShare)).toFixed(2)} | ${net(old).wall.toFixed(1)} | ${net(measure).wall.toFixed(1)} |`;
      }),
    );
  }
  if (COUNT_INSTRUCTIONS) {
    const then = new Map((before ?? []).map((measure) => [measure.entry, measure]));
    const sdkShare = sdkInstructions - baselineInstructions;
    lines.push(
      '',
      '### Instructions executed by the import (valgrind, one run each; millions, net of an empty module)',
      '',
      `The runtime's \`@aws-sdk/client-dynamodb\` alone: ${mi(sdkInstructions)} M.`,
      '',
      '| function | before | after | after ÷ before | without the SDK: after ÷ before |',
      '| --- | ---: | ---: | ---: | ---: |',
      ...measures.map((measure) => {
        const old = then.get(measure.entry);
        const name = measure.entry.split('/').pop() ?? measure.entry;
        const net = (one: BundleMeasure) => one.instructions - baselineInstructions;
        if (old === undefined) return `| \`${name}\` | – | ${mi(measure.instructions)} | – | – |`;
        return `| \`${name}\` | ${mi(old.instructions)} | ${mi(measure.instructions)} | ${(net(measure) / net(old)).toFixed(2)} | ${((net(measure) - sdkShare) / (net(old) - sdkShare)).toFixed(2)} |`;
      }),
    );
  }
  if (whatIf !== null) {
    const today = new Map(measures.map((measure) => [measure.entry, measure]));
    const ratio = (count: number, base: number) =>
      ((count - baselineInstructions) / (base - baselineInstructions)).toFixed(2);
    lines.push(
      '',
      '### What the options of ADR 0064 would give (instructions, millions, net of an empty module; ratio to today)',
      '',
      '| function | KB today | KB, trimmed SDK bundled | today | trimmed SDK bundled | ÷ | today, warm compile cache | ÷ | trimmed SDK, warm cache | ÷ |',
      '| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
      ...whatIf.map((one) => {
        const now = today.get(one.entry) as BundleMeasure;
        const name = one.entry.split('/').pop() ?? one.entry;
        return `| \`${name}\` | ${kb(now.bytes)} | ${kb(one.trimmedBytes)}${one.trimmedBytes > TARGET_BYTES ? ' (over)' : ''} | ${mi(now.instructions)} | ${mi(one.trimmedInstructions)} | ${ratio(one.trimmedInstructions, now.instructions)} | ${mi(one.warmInstructions)} | ${ratio(one.warmInstructions, now.instructions)} | ${mi(one.trimmedWarmInstructions)} | ${ratio(one.trimmedWarmInstructions, now.instructions)} |`;
      }),
    );
  }
  return lines.join('\n');
};

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  console.log(await measureBundles());
}
