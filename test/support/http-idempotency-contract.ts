import { describe, expect, it } from 'vitest';
import type {
  IdempotencyClaim,
  IdempotencyStore,
  StoredResponse,
} from '../../functions/application/ports/idempotency.js';

const NOW = '2026-03-01T09:00:00.000Z';
const LATER = '2026-03-01T09:05:00.000Z';
const LEASE = { now: NOW, leaseMs: 60_000 };
/** The end of the lease a claim at NOW holds (what `complete` and `release` name). */
const HELD = Date.parse(NOW) + 60_000;
const HELD_LATER = Date.parse(LATER) + 60_000;
const answer: StoredResponse = {
  status: 201,
  headers: { etag: '"1"', 'content-type': 'application/json' },
  body: '{"version":1}',
};

let sequence = 0;
const claimOf = (overrides: Partial<IdempotencyClaim> = {}): IdempotencyClaim => {
  sequence += 1;
  return { principal: 'user-1', key: `key-${sequence}`, requestHash: 'hash-a', ...overrides };
};

/**
 * The contract every `IdempotencyStore` passes:
 *
 *   idempotencyStoreContract('in memory', async () => new InMemoryIdempotencyStore());
 */
export const idempotencyStoreContract = (name: string, makeStore: () => Promise<IdempotencyStore>) => {
  describe(`idempotency store contract: ${name}`, () => {
    it('gives a new key to the first claim', async () => {
      const store = await makeStore();
      expect(await store.claim(claimOf(), LEASE)).toEqual({ kind: 'acquired' });
    });

    it('answers a completed request again, with the first response', async () => {
      const store = await makeStore();
      const claim = claimOf();
      await store.claim(claim, LEASE);
      await store.complete(claim, answer, HELD);
      expect(await store.claim(claim, { now: LATER, leaseMs: 60_000 })).toEqual({
        kind: 'completed',
        response: answer,
      });
    });

    it('refuses the same key for another request', async () => {
      const store = await makeStore();
      const claim = claimOf();
      await store.claim(claim, LEASE);
      expect(await store.claim({ ...claim, requestHash: 'hash-b' }, LEASE)).toEqual({ kind: 'mismatch' });
      await store.complete(claim, answer, HELD);
      expect(await store.claim({ ...claim, requestHash: 'hash-b' }, LEASE)).toEqual({ kind: 'mismatch' });
    });

    it('keeps keys apart per principal', async () => {
      const store = await makeStore();
      const claim = claimOf();
      await store.claim(claim, LEASE);
      expect(await store.claim({ ...claim, principal: 'user-2', requestHash: 'hash-b' }, LEASE)).toEqual({
        kind: 'acquired',
      });
    });

    it('reports a running request, then lets a retry take over once its lease ran out, saying so', async () => {
      const store = await makeStore();
      const claim = claimOf();
      await store.claim(claim, LEASE);
      expect(await store.claim(claim, LEASE)).toEqual({ kind: 'in-progress' });
      // Taken over, not acquired: the attempt that held it may have committed (ADR 0144).
      expect(await store.claim(claim, { now: LATER, leaseMs: 60_000 })).toEqual({ kind: 'taken-over' });
      expect(await store.claim(claim, { now: LATER, leaseMs: 60_000 })).toEqual({ kind: 'in-progress' });
      expect(await store.claim({ ...claim, requestHash: 'hash-b' }, { now: LATER, leaseMs: 60_000 })).toEqual(
        {
          kind: 'mismatch',
        },
      );
    });

    it('gives a run-out lease to exactly one of concurrent retries', async () => {
      const store = await makeStore();
      const claim = claimOf();
      await store.claim(claim, LEASE);
      const outcomes = await Promise.all(
        Array.from({ length: 5 }, () => store.claim(claim, { now: LATER, leaseMs: 60_000 })),
      );
      expect(outcomes.filter((outcome) => outcome.kind === 'taken-over')).toHaveLength(1);
      expect(outcomes.filter((outcome) => outcome.kind === 'in-progress')).toHaveLength(4);
    });

    it('ends a released lease, the key still bound to its request: a retry takes it over, another is refused', async () => {
      const store = await makeStore();
      const claim = claimOf();
      await store.claim(claim, LEASE);
      await store.release(claim, HELD);
      expect(await store.claim({ ...claim, requestHash: 'hash-b' }, LEASE)).toEqual({ kind: 'mismatch' });
      expect(await store.claim(claim, LEASE)).toEqual({ kind: 'taken-over' });
      expect(await store.claim(claim, LEASE)).toEqual({ kind: 'in-progress' });
    });

    it('lets an attempt whose lease was taken over neither release nor complete the claim', async () => {
      const store = await makeStore();
      const claim = claimOf();
      await store.claim(claim, LEASE);
      expect(await store.claim(claim, { now: LATER, leaseMs: 60_000 })).toEqual({ kind: 'taken-over' });

      // The first attempt, stale, gives up or answers late
      await store.release(claim, HELD);
      await store.complete(claim, { status: 500, headers: {}, body: 'stale' }, HELD);

      // The claim is still the retry's: running, and completed with its answer alone
      expect(await store.claim(claim, { now: LATER, leaseMs: 60_000 })).toEqual({ kind: 'in-progress' });
      await store.complete(claim, answer, HELD_LATER);
      expect(await store.claim(claim, LEASE)).toEqual({ kind: 'completed', response: answer });
    });

    it('never releases a completed answer', async () => {
      const store = await makeStore();
      const claim = claimOf();
      await store.claim(claim, LEASE);
      await store.complete(claim, answer, HELD);
      await store.release(claim, HELD);
      expect(await store.claim(claim, LEASE)).toEqual({ kind: 'completed', response: answer });
    });

    it('gives a key to exactly one of concurrent first claims', async () => {
      const store = await makeStore();
      const claim = claimOf();
      const outcomes = await Promise.all(Array.from({ length: 5 }, () => store.claim(claim, LEASE)));
      expect(outcomes.filter((outcome) => outcome.kind === 'acquired')).toHaveLength(1);
      expect(outcomes.filter((outcome) => outcome.kind === 'in-progress')).toHaveLength(4);
    });

    it('keeps an empty body', async () => {
      const store = await makeStore();
      const claim = claimOf();
      await store.claim(claim, LEASE);
      await store.complete(claim, { status: 204, headers: {}, body: '' }, HELD);
      expect(await store.claim(claim, LEASE)).toEqual({
        kind: 'completed',
        response: { status: 204, headers: {}, body: '' },
      });
    });
  });
};
