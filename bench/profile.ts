import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

// Where a CPU profile's time goes (issue 24): the `.cpuprofile` files that `node --cpu-prof` wrote
// for a run (one per thread: the runtime's main thread, dynalite's thread, …), each sample given
// to an area of the system. Two views per thread:
//   - by leaf: the package or part of the project whose code was running (self time);
//   - by area: the innermost frame of the project's own code on the sample's stack, so a library
//     called by the project counts for the part that called it (the HTTP path, the store, …).
// A sample is wall time on its thread: under load a frame that waits for a core counts too, so
// compare runs only as ratios of the same run.
//
//   node --expose-gc --cpu-prof --cpu-prof-dir=/tmp/prof --import tsx bench/scale.ts
//   tsx bench/profile.ts /tmp/prof [from s] [to s]     (seconds from the process's start, e.g. the run alone)

interface ProfileNode {
  readonly id: number;
  readonly callFrame: { readonly functionName: string; readonly url: string };
  readonly children?: readonly number[];
}

interface Profile {
  /** Microseconds on a clock all the process's threads share. */
  readonly startTime: number;
  readonly nodes: readonly ProfileNode[];
  readonly samples: readonly number[];
  readonly timeDeltas: readonly number[];
}

/** The part of the project a file belongs to, or undefined for code that is not the project's. */
export const projectArea = (url: string): string | undefined => {
  if (url.includes('/node_modules/') || !url.startsWith('file://')) return undefined;
  const areas: readonly (readonly [RegExp, string])[] = [
    [/\/functions\/adapters\/http\//, 'HTTP and auth path (adapters/http)'],
    [
      /\/functions\/adapters\/dynamodb\/(event-store|stream-history|commit-|item-layout|canonical-json|conditions|integrity|known-boundaries|slots|registered-days|global-order)/,
      'the store (adapters/dynamodb)',
    ],
    [/\/functions\/adapters\/dynamodb\/(global-reader|feed-)/, "the feed's reader (adapters/dynamodb)"],
    [/\/functions\/adapters\/dynamodb\//, 'other DynamoDB adapters (views, idempotency, tokens…)'],
    [/\/functions\/adapters\/webhooks\//, 'inbound and outbound webhooks'],
    [/\/functions\/adapters\//, 'other adapters'],
    [/\/functions\/application\/(projections|read-models|documents)\//, 'projections and their documents'],
    [
      /\/functions\/application\/(execute-command|command-handler|commands)/,
      'commands (execute-command, handlers)',
    ],
    [/\/functions\/application\//, 'other application code'],
    [/\/functions\/domain\//, 'domain (deciders, folds)'],
    [/\/functions\/handlers\//, 'Lambda handlers'],
    [/\/workflows\//, 'workflow handlers'],
    [/\/events\//, 'events (schemas, catalog)'],
    [/\/local\/demo\//, "the demo's client"],
    [
      /\/local\/(change-feed|bus|projector|runtime-projections|webhook-dispatcher)/,
      'local change feed, bus, projector',
    ],
    [/\/local\/(workflow-|task-token)/, 'local Step Functions executor'],
    [/\/local\/(http-|dev-)/, 'local HTTP server and sign-in'],
    [/\/local\/dynalite/, 'dynalite thread glue (local)'],
    [/\/local\//, 'other local runtime'],
    [/\/bench\//, 'bench'],
  ];
  for (const [pattern, area] of areas) if (pattern.test(url)) return area;
  return 'other project code';
};

/** The package (or kind of code) a leaf frame belongs to. */
export const leafKind = (frame: ProfileNode['callFrame']): string => {
  const { url, functionName } = frame;
  if (url === '') {
    if (functionName === '(garbage collector)') return 'garbage collection';
    if (functionName === '(idle)') return '(idle)';
    if (functionName === '(program)') return '(program: V8 and native)';
    return `native: ${functionName || '(anonymous)'}`;
  }
  const pkg = /\/node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(url);
  if (pkg !== null) {
    const name = pkg[1] ?? '';
    if (name.startsWith('@smithy/') || name.startsWith('@aws-sdk/')) return 'AWS SDK';
    return name;
  }
  if (url.startsWith('node:')) return `node:${url.slice(5).split('/')[0]}`;
  return `project: ${projectArea(url) ?? 'other'}`;
};

/** Milliseconds per key over a profile's samples; `keyOf` is given the sample's stack, leaf first. */
/**
 * Seconds from `origin` (the first thread's start, in the profiles' microseconds): samples outside
 * [from, to) are left out (the start-up, the baseline after the run).
 */
export interface Window {
  readonly origin: number;
  readonly from: number;
  readonly to: number;
}

const tally = (
  profile: Profile,
  keyOf: (stack: readonly ProfileNode[]) => string,
  window: Window = { origin: profile.startTime, from: 0, to: Number.POSITIVE_INFINITY },
): Map<string, number> => {
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const parentOf = new Map<number, number>();
  for (const node of profile.nodes) for (const child of node.children ?? []) parentOf.set(child, node.id);
  const keys = new Map<number, string>();
  const totals = new Map<string, number>();
  let elapsedMicros = profile.startTime - window.origin;
  profile.samples.forEach((id, index) => {
    elapsedMicros += profile.timeDeltas[index] ?? 0;
    if (elapsedMicros / 1e6 < window.from || elapsedMicros / 1e6 >= window.to) return;
    let key = keys.get(id);
    if (key === undefined) {
      const stack: ProfileNode[] = [];
      for (let at: number | undefined = id; at !== undefined; at = parentOf.get(at)) {
        const node = byId.get(at);
        if (node !== undefined) stack.push(node);
      }
      key = keyOf(stack);
      keys.set(id, key);
    }
    totals.set(key, (totals.get(key) ?? 0) + (profile.timeDeltas[index] ?? 0) / 1000);
  });
  return totals;
};

const byLeaf = (stack: readonly ProfileNode[]) =>
  leafKind(stack[0]?.callFrame ?? { url: '', functionName: '' });

const byArea = (stack: readonly ProfileNode[]) => {
  const leaf = byLeaf(stack);
  if (leaf === 'garbage collection' || leaf === '(idle)' || leaf.startsWith('(program')) return leaf;
  for (const node of stack) {
    const area = projectArea(node.callFrame.url);
    if (area !== undefined) return area;
  }
  return `no project frame on the stack (leaf: ${leaf})`;
};

/**
 * One table in the terms of issue 24: the part of the system a sample serves, from its leaf when
 * the leaf says it (the SDK, garbage collection, validation, gzip, module loading), else from the
 * innermost frame of the project's own code on its stack.
 */
export const partOf = (stack: readonly ProfileNode[]): string => {
  const leaf = byLeaf(stack);
  const urls = stack.map((node) => node.callFrame.url);
  const anyUrl = (pattern: RegExp) => urls.some((url) => pattern.test(url));
  if (leaf === '(idle)') return leaf;
  if (leaf === 'garbage collection') return 'garbage collection (this thread)';
  if (leaf === '(program: V8 and native)') return 'V8 and native, unattributed';
  if (leaf === 'native: postMessage') return "posting to dynalite's thread (a wait for a core, not CPU)";
  if (anyUrl(/node:internal\/modules|\/tsx\/|\/esbuild\//) || leaf.startsWith('native: compile'))
    return 'module loading (start-up, tsx)';
  if (leaf === 'AWS SDK' || leaf.startsWith('@aws-sdk'))
    return 'AWS SDK (per request: middleware, (de)serialisation)';
  if (
    anyUrl(
      /\/node_modules\/(dynalite|level|memory-level|abstract-level|level-transcoder|buffer-crc32|big\.js|lazy|lock|functional-red-black-tree)\//,
    )
  )
    return 'dynalite itself';
  if (
    anyUrl(/\/(aws-local-stepfunctions|asl-validator|ajv|jsonpath-plus)\//) ||
    anyUrl(/\/local\/workflow-|\/workflows\//)
  )
    return 'the executor and workflows (incl. ASL validation)';
  if (leaf === 'node:zlib') return 'gzip (view documents, checkpoint)';
  if (leaf === 'zod') return 'validation (zod)';
  const area = stack.map((node) => projectArea(node.callFrame.url)).find((found) => found !== undefined);
  if (area === undefined) {
    if (/^node:(_http|net|stream|internal)|^native: writev|undici/.test(leaf))
      return "Node's HTTP, streams and promises, no project frame";
    return `other, no project frame (${leaf})`;
  }
  if (area.startsWith('HTTP') || area.startsWith('local HTTP') || area.startsWith('inbound'))
    return 'HTTP and auth path (routes, middlewares, JWT, webhooks)';
  if (area.startsWith('the store')) return 'the store (appends, stream reads, hashing)';
  if (area.startsWith('commands') || area.startsWith('domain') || area.startsWith('other application'))
    return 'commands: stream loading, folding, deciders';
  if (area.startsWith('projections') || area.startsWith('local change feed') || area.startsWith("the feed's"))
    return 'change feed, projections and their documents';
  if (area.startsWith('other DynamoDB')) return 'views, idempotency and other records (adapters)';
  if (area.startsWith("the demo's")) return "the demo's client (load generator)";
  if (area.startsWith('dynalite thread glue')) return "dynalite's thread: its glue";
  return `other project code (${area})`;
};

const table = (title: string, totals: Map<string, number>) => {
  const busy = [...totals].filter(([key]) => key !== '(idle)').reduce((sum, [, ms]) => sum + ms, 0);
  const rows = [...totals].filter(([key]) => key !== '(idle)').sort((a, b) => b[1] - a[1]);
  return [
    `| ${title} | s | % of busy |`,
    '| --- | ---: | ---: |',
    ...rows.map(([key, ms]) => `| ${key} | ${(ms / 1000).toFixed(2)} | ${((100 * ms) / busy).toFixed(1)} |`),
    `| busy in all | ${(busy / 1000).toFixed(2)} | |`,
  ].join('\n');
};

/** The tables of every profile in `dir`, the busiest thread first, over `from`..`to` seconds of the run. */
export const describeProfiles = (dir: string, from = 0, to = Number.POSITIVE_INFINITY): string => {
  const files = readdirSync(dir).filter((file) => file.endsWith('.cpuprofile'));
  const loaded = files.map((file) => ({
    file,
    profile: JSON.parse(readFileSync(join(dir, file), 'utf8')) as Profile,
  }));
  const origin = Math.min(...loaded.map(({ profile }) => profile.startTime));
  const window: Window = { origin, from, to };
  const busyOf = (totals: Map<string, number>) =>
    [...totals].filter(([key]) => key !== '(idle)').reduce((sum, [, ms]) => sum + ms, 0);
  return loaded
    .map(({ file, profile }) => ({ file, profile, busy: busyOf(tally(profile, byLeaf, window)) }))
    .sort((a, b) => b.busy - a.busy)
    .map(({ file, profile }) =>
      [
        `## ${file}`,
        '',
        table('part of the system', tally(profile, partOf, window)),
        '',
        table('leaf', tally(profile, byLeaf, window)),
        '',
        table('area (innermost project frame)', tally(profile, byArea, window)),
      ].join('\n'),
    )
    .join('\n\n');
};

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const [dir, from, to] = process.argv.slice(2);
  if (dir === undefined) {
    throw new Error('usage: tsx bench/profile.ts <directory of .cpuprofile files> [from s] [to s]');
  }
  process.stdout.write(
    `${describeProfiles(dir, Number(from ?? 0), Number(to ?? Number.POSITIVE_INFINITY))}\n`,
  );
}
