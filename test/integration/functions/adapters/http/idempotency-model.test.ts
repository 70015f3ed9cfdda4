import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DynaliteServer } from '../../../../../local/dynalite/server.js';
import { startDynalite } from '../../../../support/dynalite.js';
import { tallyRoutes, tallyStreamId } from '../../../../support/http-test-routes.js';
import { type HttpTestServer, startHttpTestServer } from '../../../../support/http-test-server.js';

// A model of Idempotency-Key under any interleaving (ADR 0144): random requests over a few keys,
// alone or several at once, with the other body now and then, attempts that stop for good right
// after their append (a Lambda that timed out) or fail after it (a 5xx), and leases running out.
// Whatever happens, for each key: at most one effect; every 2xx answer is the same one, naming
// that effect; a request with another body than the one that took the key is never accepted; and
// in the end a retry of the key's request gets that same answer. On dynalite and in memory.

/** A small deterministic generator (mulberry32), so that a failing seed can be played again. */
const generator = (seed: number) => {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
};

const START = Date.parse('2026-03-01T09:00:00.000Z');
const KEYS = 4;
const STEPS = 40;

interface Answer {
  readonly key: number;
  readonly amount: number;
  readonly status: number;
  readonly code: unknown;
  readonly etag: string | null;
  readonly body: string;
}

describe.each(['dynalite', 'in memory'] as const)(
  'Idempotency-Key under any interleaving (%s)',
  (adapter) => {
    let dynalite: DynaliteServer | undefined;
    let api: HttpTestServer;
    let token: string;
    let now = START;

    beforeAll(async () => {
      if (adapter === 'dynalite') dynalite = await startDynalite();
      api = await startHttpTestServer(tallyRoutes, {
        ...(dynalite === undefined ? {} : { dynalite }),
        // The attempts left hanging must not hold the calls that follow in the queue.
        maxConcurrentRequests: 64,
        deps: { clock: () => new Date(now).toISOString() },
      });
      token = await api.auth.mint({ subject: 'minister-1', roles: ['ministry'] });
    });

    afterAll(async () => {
      await api?.server.close();
      await dynalite?.stop();
    });

    const post = async (path: string, body: unknown, key?: string) => {
      const response = await fetch(`${api.url}${path}`, {
        method: 'POST',
        headers: {
          authorization: `Bearer ${token}`,
          'content-type': 'application/json',
          ...(key === undefined ? {} : { 'idempotency-key': key }),
        },
        body: JSON.stringify(body),
      });
      return { status: response.status, etag: response.headers.get('etag'), body: await response.text() };
    };

    it.each([1, 2, 3, 4, 5, 6, 7, 8])(
      'keeps its promises, seed %i',
      async (seed) => {
        // Prepare: a tally per key, opened without a key; a key's request adds 1 + its index, the
        // other body 50
        const random = generator(seed);
        const tally = (key: number) => `m${seed}-${key}`;
        for (let key = 0; key < KEYS; key += 1) {
          const opened = await post(`/tallies/${tally(key)}`, {
            region: 'FM',
            associationId: 'assoc-amsed',
            label: 'Model',
          });
          expect(opened.status).toBe(201);
        }
        const answers: Answer[] = [];
        const send = async (key: number, amount: number) => {
          const answer = await post(`/tallies/${tally(key)}/additions`, { amount }, `model-${seed}-${key}`);
          const code = answer.status >= 400 ? (JSON.parse(answer.body) as { code?: string }).code : undefined;
          answers.push({ key, amount, code, ...answer });
        };
        const amountOf = (key: number) => (random() < 0.3 ? 50 : key + 1);

        // Act
        for (let step = 0; step < STEPS; step += 1) {
          const key = Math.floor(random() * KEYS);
          const roll = random();
          if (roll < 0.1) {
            // The next append lands, and its attempt never answers (nor writes anything more).
            let appended: () => void = () => undefined;
            const landed = new Promise<void>((resolve) => {
              appended = resolve;
            });
            api.store.landNextAppendThen(() => {
              appended();
              return new Promise(() => undefined);
            });
            const hung = post(
              `/tallies/${tally(key)}/additions`,
              { amount: key + 1 },
              `model-${seed}-${key}`,
            );
            // Until it has appended, or was answered without appending (its key was taken, or in use).
            await Promise.race([landed, hung.catch(() => undefined)]);
            api.store.beforeAppend = async () => undefined;
          } else if (roll < 0.25) {
            // The next append lands, then the attempt fails (500): its claim is released.
            api.store.landNextAppendThen(async () => {
              throw new Error('lost after the write');
            });
            await send(key, key + 1);
            api.store.beforeAppend = async () => undefined;
          } else if (roll < 0.35) {
            now += 2 * 60_000; // every lease runs out
          } else if (roll < 0.55) {
            await Promise.all(Array.from({ length: 3 }, () => send(key, amountOf(key))));
          } else {
            await send(key, amountOf(key));
          }
        }
        now += 2 * 60_000;
        for (let key = 0; key < KEYS; key += 1) await send(key, key + 1);

        // Assess
        for (let key = 0; key < KEYS; key += 1) {
          const increments = (await api.streamEvents(tallyStreamId(tally(key)))).filter(
            (event) => event.type === 'TallyIncremented',
          );
          const mine = answers.filter((answer) => answer.key === key);
          const accepted = mine.filter((answer) => answer.status < 300);
          // At most one effect, and every accepted answer is the same one, naming it.
          expect(increments.length).toBeLessThanOrEqual(1);
          expect(new Set(accepted.map((answer) => `${answer.etag} ${answer.body}`)).size).toBeLessThanOrEqual(
            1,
          );
          for (const answer of accepted) {
            // The accepted request is the one whose body made the effect.
            expect(increments.map((event) => (event.data as { amount: number }).amount)).toEqual([
              answer.amount,
            ]);
            expect(JSON.parse(answer.body).events.map((event: { eventId: string }) => event.eventId)).toEqual(
              increments.map((event) => event.eventId),
            );
          }
          // One body only is ever accepted under a key; the last retry of the key's request is.
          expect(new Set(accepted.map((answer) => answer.amount)).size).toBeLessThanOrEqual(1);
          // The last request is the key's own body, once every lease ran out: it is answered with the
          // effect, unless the other body took the key first.
          const last = mine.at(-1);
          const takenByTheOther = last?.status === 422 && mine.some((answer) => answer.amount === 50);
          if (!takenByTheOther) {
            expect(last?.status).toBe(200);
            expect(increments).toHaveLength(1);
          }
          // The refusals are the key's, never a rule's nor a 5xx other than the injected one.
          for (const answer of mine.filter((one) => one.status >= 400)) {
            expect([
              '409 IDEMPOTENCY_KEY_IN_USE',
              '422 IDEMPOTENCY_KEY_REUSED',
              '500 INTERNAL_ERROR',
            ]).toContain(`${answer.status} ${answer.code}`);
          }
        }
      },
      60_000,
    );
  },
);
