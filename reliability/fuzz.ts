import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { cpus, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import type { FuzzReport } from './fuzz-report.js';

// `npm run fuzz [-- <requests> [<seed> [<concurrency>]]]`: the HTTP fuzzer
// (test/integration/local/http-fuzz.test.ts) with 10,000 requests, 16 at once (npm test sends
// 1,500, 4 at once), then its result written into docs/fuzzing.md. The generators and checks
// live with the tests (test/support/fuzz-*.ts); this script runs that same test file with a larger
// count, so both always test the same thing.

const requests = Number(process.argv[2] ?? 10_000);
const seed = Number(process.argv[3] ?? Date.now() % 1_000_000_007);
const concurrency = Number(process.argv[4] ?? 16);
const folder = await mkdtemp(join(tmpdir(), 'naseej-fuzz-'));
const reportPath = join(folder, 'report.json');

console.log(`Fuzzing the HTTP API: ${requests} requests, ${concurrency} at once, seed ${seed}`);
const exitCode = await new Promise<number>((resolve) => {
  const fuzzTest = 'test/integration/local/http-fuzz.test.ts';
  const child = spawn('npx', ['vitest', 'run', '--project', 'integration', fuzzTest], {
    stdio: ['ignore', 'inherit', 'inherit'],
    env: {
      ...process.env,
      FUZZ_REQUESTS: String(requests),
      FUZZ_SEED: String(seed),
      FUZZ_CONCURRENCY: String(concurrency),
      FUZZ_REPORT: reportPath,
    },
  });
  child.on('exit', (code) => resolve(code ?? 1));
});

let report: FuzzReport;
try {
  report = JSON.parse(await readFile(reportPath, 'utf8')) as FuzzReport;
} catch {
  console.error('The fuzz run wrote no report (see the output above)');
  process.exit(exitCode === 0 ? 1 : exitCode);
}
await rm(folder, { recursive: true, force: true });

const table = (counts: Record<string, number>, header: string) =>
  [
    `| ${header} | requests |`,
    '| --- | ---: |',
    ...Object.entries(counts)
      .sort(([left], [right]) => left.localeCompare(right))
      .map(([key, count]) => `| ${key} | ${count} |`),
  ].join('\n');
const verdict =
  report.violations.length === 0
    ? 'PASS: no property broken'
    : `FAIL: ${report.violations.length} violations`;
const machine = `${cpus().length} × ${cpus()[0]?.model.trim() ?? 'unknown CPU'}, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}`;
const notConfigured = Object.entries(report.notConfigured);

const document = `# Fuzzing the HTTP API

Generated requests, built from the real route table (\`functions/adapters/http/routes/index.ts\`), sent over
real HTTP to the whole local runtime in memory (\`startRuntime({ inMemory: true })\`): malformed
JSON, wrong types, missing and extra fields (\`__proto__\` included), random JSON, huge bodies (up to
3 MB) and deep ones (nesting 100 to 10,000, at the top or under a field), odd Unicode (lone
surrogates, RTL overrides, NUL, BOM, combining marks), invalid UTF-8 bytes (overlong encodings,
encoded surrogates), no / garbage / expired / foreign-key / wrong-audience / wrong-issuer /
tampered / \`alg: none\` tokens, any role on any route, bad path parameters (\`%zz\`, \`%00\`,
\`..\`, 3,000 characters), other methods, unknown paths, odd content types, bad \`If-Match\` and
\`Idempotency-Key\` headers, and partner webhooks signed with the real secret, replayed, or with
broken signature headers. Generators: \`test/support/fuzz-requests.ts\`; runner and checks:
\`test/support/fuzz-run.ts\`.

Properties checked on every answer:

1. no 5xx, and no dropped connection;
2. every 4xx is \`application/problem+json\`, a valid Problem document whose \`status\` is the answer's;
3. a refused request appends nothing: each request carries its own \`x-correlation-id\`, which the
   API writes into every event it appends (and workflows carry on); after the run, no event in the
   store's global order carries the correlation id of a refused request.

\`npm test\` sends 1,500 requests with a fixed seed (\`test/integration/local/http-fuzz.test.ts\`);
\`npm run fuzz\` sends 10,000, 16 at once, with a fresh seed (\`npm run fuzz -- <requests> <seed>
<concurrency>\` replays one).

Overload: the local runtime is one process that also hosts dynalite, so every request in progress
shares one thread with the store. Its HTTP server runs at most 4 API handlers at once
(\`maxConcurrentRequests\`, \`admissionQueue\` in \`local/http-server.ts\`); the others wait their
turn, body read and token checked. Before that bound, a run of 16 concurrent requests on 2 loaded
cores answered one \`503 STORE_UNAVAILABLE\` (\`GET /events\`): a store call had waited out the
store's 2 s request timeout for the event loop. The timeout is not raised instead: it bounds how
late a commit can land, which the global order's settle window relies on (ADR 0002). Regression
test: \`test/integration/local/http-overload.test.ts\`.

## Last result

Command: \`npm run fuzz -- ${requests} ${seed} ${concurrency}\`, on ${new Date().toISOString().slice(0, 10)}, ${machine}.

**${verdict}.** ${report.requests} requests in ${(report.durationMs / 1000).toFixed(1)} s: ${report.refused} refused,
${report.accepted} accepted (which appended ${report.eventsAppendedByAccepted} events).

${table(report.byStatus, 'status')}

By the first thing each request breaks:

${table(report.byFamily, 'family')}
${
  notConfigured.length === 0
    ? ''
    : `
## Open finding

${notConfigured.map(([code, count]) => `- ${count} answers \`501 ${code}\``).join('\n')}: the integrity routes
  (\`/integrity/*\`) are in the route table, but the local runtime does not give them the commit log,
  so they answer 501. The fuzzer counts these apart (they are a deliberate problem+json answer, not a
  crash) until the runtime wires the commit log; then the tolerance in the test is to be removed.
`
}${
  report.violations.length === 0
    ? ''
    : `
## Violations (first 20)

${report.violations
  .slice(0, 20)
  .map(
    (violation) =>
      `- #${violation.index} ${violation.property} (${violation.family}): \`${violation.request.replaceAll('`', "'")}\` → ${violation.detail.replaceAll('`', "'")}`,
  )
  .join('\n')}
`
}`;
await writeFile(new URL('../docs/fuzzing.md', import.meta.url), document);
console.log(`${verdict}; docs/fuzzing.md updated`);
process.exit(exitCode);
