import { writeFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { routes } from '../../../functions/adapters/http/routes/index.js';
import { type FuzzTarget, runFuzz, startFuzzTarget } from '../../support/fuzz-run.js';

// Fuzzing the HTTP API over real HTTP, generated from the real route table (see
// test/support/fuzz-requests.ts): 1,500 requests here; `npm run fuzz` sends 10,000 through this
// same file (FUZZ_REQUESTS, FUZZ_SEED, FUZZ_REPORT) and writes the result into docs/fuzzing.md.

const REQUESTS = Number(process.env.FUZZ_REQUESTS ?? 1_500);
const SEED = Number(process.env.FUZZ_SEED ?? 20_260_301);
/** Every route is implemented on the local runtime: no 501 is tolerated. */
const TOLERATED_NOT_IMPLEMENTED: string[] = [];
/**
 * Concurrent requests: enough to interleave, few enough to keep this level quick; the local server
 * queues what exceeds its 4 handlers, and the 10,000-request run uses 16 (docs/fuzzing.md).
 */
const CONCURRENCY = Number(process.env.FUZZ_CONCURRENCY ?? 4);

let target: FuzzTarget;

beforeAll(async () => {
  target = await startFuzzTarget();
}, 60_000);

afterAll(async () => {
  await target?.stop();
});

describe(`the HTTP API under ${REQUESTS} generated hostile requests`, () => {
  it(
    'never answers 5xx, answers every refusal in problem+json, and appends nothing for a refusal',
    async () => {
      // Act
      const report = await runFuzz(target, routes, {
        requests: REQUESTS,
        seed: SEED,
        concurrency: CONCURRENCY,
        toleratedNotImplemented: TOLERATED_NOT_IMPLEMENTED,
      });
      if (process.env.FUZZ_REPORT !== undefined)
        await writeFile(process.env.FUZZ_REPORT, JSON.stringify(report, null, 2));

      // Assess
      expect(report.violations).toEqual([]);
      expect(report.requests).toBe(REQUESTS);
      expect(report.refused).toBeGreaterThan(REQUESTS / 2);
      expect(report.accepted).toBeGreaterThan(0);
      expect(report.eventsAppendedByAccepted).toBeGreaterThan(0);
    },
    Math.max(120_000, REQUESTS * 60),
  );
});
