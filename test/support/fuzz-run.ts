import { Agent, request as httpRequest } from 'node:http';
import fc from 'fast-check';
import { Webhook } from 'standardwebhooks';
import type { HttpRole } from '../../functions/adapters/http/claims.js';
import { Problem } from '../../functions/adapters/http/problem.js';
import type { AnyHttpRoute } from '../../functions/adapters/http/route.js';
import type { StoredEvent } from '../../functions/application/ports/event-store.js';
import { DevAuth } from '../../local/dev-auth.js';
import { type Runtime, startRuntime } from '../../local/runtime.js';
import type { FuzzReport, FuzzViolation } from '../../reliability/fuzz-report.js';
import { SAMPLE_BODIES } from './api-samples.js';
import {
  type FuzzCase,
  type FuzzTokens,
  fuzzCaseArbitrary,
  materialize,
  type WireRequest,
} from './fuzz-requests.js';

export type { FuzzReport, FuzzViolation } from '../../reliability/fuzz-report.js';

// Runs generated requests over real HTTP against the whole runtime in memory and checks three
// properties of every answer: no 5xx (nor a dropped connection); every 4xx is a valid
// problem+json document whose status is the answer's; a refused request appends nothing. Each
// request carries its own correlation id, which the API writes into every event it appends (and
// workflows carry on), so the events of a refused request would be found by that id whatever ran
// concurrently.

/** The partner the signed webhook cases sign for (the sample path parameter `partnerId`). */
export const FUZZ_PARTNER_ID = 'partner-sample';

/** A runtime ready to be fuzzed: seeded resources, tokens of every kind, a partner's secret. */
export interface FuzzTarget {
  readonly runtime: Runtime;
  readonly tokens: FuzzTokens;
  readonly partnerSecret: string;
  stop(): Promise<void>;
}

export interface Answer {
  readonly status: number;
  readonly headers: Record<string, string | string[] | undefined>;
  readonly body: string;
}

const agent = new Agent({ keepAlive: true, maxSockets: 64 });

/** Sends bytes as they are (node's `http.request`, not `fetch`, which would normalise the path). */
export const send = (baseUrl: string, wire: WireRequest): Promise<Answer> =>
  new Promise((resolve, reject) => {
    const url = new URL(baseUrl);
    const outgoing = httpRequest(
      {
        agent,
        host: url.hostname,
        port: url.port,
        method: wire.method,
        path: wire.path,
        headers: {
          ...wire.headers,
          ...(wire.body === undefined ? {} : { 'content-length': wire.body.byteLength }),
        },
      },
      (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () =>
          resolve({
            status: response.statusCode ?? 0,
            headers: response.headers,
            body: Buffer.concat(chunks).toString('utf8'),
          }),
        );
        response.on('error', reject);
      },
    );
    outgoing.on('error', reject);
    outgoing.end(wire.body);
  });

const json = async (runtime: Runtime, method: string, path: string, token: string, body?: unknown) => {
  const answer = await send(runtime.url, {
    method,
    path,
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: body === undefined ? undefined : Buffer.from(JSON.stringify(body)),
  });
  if (answer.status >= 300)
    throw new Error(`Seeding ${method} ${path} answered ${answer.status}: ${answer.body}`);
  return JSON.parse(answer.body) as Record<string, unknown>;
};

/** Starts the runtime in memory, seeds both sample regions' rollouts, calls and agreements. */
export const startFuzzTarget = async (): Promise<FuzzTarget> => {
  const runtime = await startRuntime({ inMemory: true, port: 0, quiet: true });
  // Real time (the runtime's workflows and feed run on it), so the seeded call closes in the future.
  const deadline = new Date(Date.now() + 60 * 24 * 3_600_000).toISOString();
  try {
    const ministry = runtime.tokens.ministry;
    for (const region of ['FM', 'CS'] as const) {
      await json(runtime, 'POST', '/rollouts', ministry, { regionCode: region, edition: '2026' });
      await json(runtime, 'POST', `/rollouts/rollout-${region}-2026/calls`, ministry, {
        ...(SAMPLE_BODIES.openRolloutCall as object),
        purpose: 'regional-operator',
        seats: undefined,
        deadline,
      });
      await json(runtime, 'POST', `/rollouts/rollout-${region}-2026/agreements`, ministry, {
        kind: 'regional-partnership',
        title: { fr: 'Convention', ar: 'اتفاقية' },
        parties: [
          { partyId: 'minister-1', role: 'ministry' },
          { partyId: 'wali', role: 'wali' },
          { partyId: 'council', role: 'regional-council' },
        ],
      });
    }
    const registered = await json(runtime, 'POST', `/partners/${FUZZ_PARTNER_ID}/webhook-secrets`, ministry, {
      associationId: 'assoc-amsed',
      rolloutId: 'rollout-FM-2026',
    });
    const principal = { subject: 'fuzz-ministry', roles: ['ministry'] as HttpRole[] };
    const foreign = await DevAuth.create();
    const tokens: FuzzTokens = {
      byRole: runtime.tokens,
      expired: await runtime.auth.mint({ ...principal, expiresInSeconds: -3_600 }),
      wrongAudience: await runtime.auth.mint({ ...principal, audience: 'someone-else' }),
      wrongIssuer: await runtime.auth.mint({ ...principal, issuer: 'https://evil.example' }),
      foreignKey: await foreign.mint(principal),
    };
    return { runtime, tokens, partnerSecret: String(registered.secret), stop: () => runtime.stop() };
  } catch (error) {
    await runtime.stop().catch(() => undefined);
    throw error;
  }
};

/** Every event of the store, in its global order. */
export const readAllEvents = async (runtime: Runtime): Promise<StoredEvent[]> => {
  const events: StoredEvent[] = [];
  let checkpoint: string | null = null;
  for (;;) {
    const page = await runtime.store.readGlobal(checkpoint, { limit: 1_000 });
    events.push(...page.events);
    if (page.events.length === 0 || page.checkpoint === checkpoint) return events;
    checkpoint = page.checkpoint;
  }
};

const describeWire = (wire: WireRequest): string => {
  const body =
    wire.body === undefined
      ? ''
      : ` body(${wire.body.byteLength} B)=${wire.body.subarray(0, 120).toString('utf8')}`;
  const path = wire.path.length > 160 ? `${wire.path.slice(0, 160)}…` : wire.path;
  const headers = Object.entries(wire.headers)
    .filter(([name]) => name !== 'authorization')
    .map(([name, value]) => `${name}: ${value.slice(0, 60)}`)
    .join('; ');
  return `${wire.method} ${path} [${headers}]${body}`;
};

/** Checks one answer; returns the broken property, if any. */
const checkAnswer = (answer: Answer): { property: FuzzViolation['property']; detail: string } | undefined => {
  if (answer.status >= 500)
    return { property: 'no 5xx', detail: `${answer.status} ${answer.body.slice(0, 300)}` };
  if (answer.status < 400) return undefined;
  const type = String(answer.headers['content-type'] ?? '');
  if (!type.startsWith('application/problem+json'))
    return { property: 'problem+json', detail: `${answer.status} with content-type ${type}` };
  let document: unknown;
  try {
    document = JSON.parse(answer.body);
  } catch {
    return {
      property: 'problem+json',
      detail: `${answer.status} body is not JSON: ${answer.body.slice(0, 200)}`,
    };
  }
  const parsed = Problem.safeParse(document);
  if (!parsed.success)
    return { property: 'problem+json', detail: `not a Problem: ${answer.body.slice(0, 200)}` };
  if (parsed.data.status !== answer.status)
    return {
      property: 'problem+json',
      detail: `status ${answer.status} but problem.status ${parsed.data.status}`,
    };
  return undefined;
};

export interface FuzzOptions {
  readonly requests: number;
  readonly seed: number;
  /** Requests in flight at once. */
  readonly concurrency?: number;
  readonly onProgress?: (done: number) => void;
  /** Problem codes of a 501 that are counted apart instead of as violations (a known, open finding). */
  readonly toleratedNotImplemented?: readonly string[];
}

/** Generates `requests` cases from the route table and sends them; see the file comment. */
export const runFuzz = async (
  target: FuzzTarget,
  routes: readonly AnyHttpRoute[],
  options: FuzzOptions,
): Promise<FuzzReport> => {
  const started = performance.now();
  const cases: FuzzCase[] = fc.sample(fuzzCaseArbitrary(routes), {
    seed: options.seed,
    numRuns: options.requests,
  });
  const run = `fuzz-${options.seed}`;
  const webhook = new Webhook(target.partnerSecret);
  const sign = (webhookId: string, body: string) => {
    const at = new Date();
    return {
      'webhook-id': webhookId,
      'webhook-timestamp': String(Math.floor(at.getTime() / 1000)),
      'webhook-signature': webhook.sign(webhookId, at, body),
    };
  };
  const byStatus: Record<string, number> = {};
  const byFamily: Record<string, number> = {};
  const notConfigured: Record<string, number> = {};
  const tolerated = (answer: Answer): string | undefined => {
    if (answer.status !== 501) return undefined;
    let code: string | undefined;
    try {
      code = (JSON.parse(answer.body) as { code?: string }).code;
    } catch {
      return undefined;
    }
    return code !== undefined && options.toleratedNotImplemented?.includes(code) ? code : undefined;
  };
  const violations: FuzzViolation[] = [];
  const refused = new Map<string, { index: number; family: string; request: string }>();
  const accepted = new Set<string>();
  let next = 0;
  let done = 0;

  const worker = async () => {
    for (let index = next++; index < cases.length; index = next++) {
      const fuzzCase = cases[index] as FuzzCase;
      const correlationId = `${run}-${index}`;
      const wire = materialize(fuzzCase, routes, target.tokens, correlationId, sign);
      const family = fuzzCase.family.split(' + ')[0] ?? fuzzCase.family;
      byFamily[family] = (byFamily[family] ?? 0) + 1;
      try {
        const answer = await send(target.runtime.url, wire);
        byStatus[answer.status] = (byStatus[answer.status] ?? 0) + 1;
        const toleratedCode = tolerated(answer);
        if (toleratedCode !== undefined)
          notConfigured[toleratedCode] = (notConfigured[toleratedCode] ?? 0) + 1;
        const broken = toleratedCode === undefined ? checkAnswer(answer) : undefined;
        if (broken !== undefined)
          violations.push({ index, family: fuzzCase.family, request: describeWire(wire), ...broken });
        if (answer.status >= 400)
          refused.set(correlationId, { index, family: fuzzCase.family, request: describeWire(wire) });
        else accepted.add(correlationId);
      } catch (error) {
        violations.push({
          index,
          property: 'answered',
          family: fuzzCase.family,
          request: describeWire(wire),
          detail: (error as Error).message,
        });
      }
      done += 1;
      options.onProgress?.(done);
    }
  };
  await Promise.all(Array.from({ length: options.concurrency ?? 8 }, worker));

  await target.runtime.drainFeed();
  let eventsAppendedByAccepted = 0;
  for (const event of await readAllEvents(target.runtime)) {
    const refusal = refused.get(event.correlationId);
    if (refusal !== undefined) {
      violations.push({
        ...refusal,
        property: 'refusal appends nothing',
        detail: `${event.type} v${event.version} of ${event.streamId} carries the refused request's correlation id`,
      });
    }
    if (accepted.has(event.correlationId)) eventsAppendedByAccepted += 1;
  }
  return {
    seed: options.seed,
    requests: cases.length,
    byStatus,
    byFamily,
    refused: refused.size,
    accepted: accepted.size,
    eventsAppendedByAccepted,
    violations,
    notConfigured,
    durationMs: Math.round(performance.now() - started),
  };
};
