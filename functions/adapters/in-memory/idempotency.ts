import { idempotencyRecordKey } from '../../application/idempotency-key.js';
import type {
  ClaimOutcome,
  IdempotencyClaim,
  IdempotencyStore,
  StoredResponse,
} from '../../application/ports/idempotency.js';

interface MemoryRecord {
  readonly requestHash: string;
  readonly lockedUntil: number;
  readonly response: StoredResponse | undefined;
}

/** Idempotency records in a Map: for unit tests and the in-memory local runtime. */
export class InMemoryIdempotencyStore implements IdempotencyStore {
  readonly #records = new Map<string, MemoryRecord>();

  async claim(claim: IdempotencyClaim, options: { now: string; leaseMs: number }): Promise<ClaimOutcome> {
    const id = idempotencyRecordKey(claim.principal, claim.key);
    const now = Date.parse(options.now);
    const existing = this.#records.get(id);
    if (existing === undefined) {
      this.#records.set(id, {
        requestHash: claim.requestHash,
        lockedUntil: now + options.leaseMs,
        response: undefined,
      });
      return { kind: 'acquired' };
    }
    if (existing.requestHash !== claim.requestHash) return { kind: 'mismatch' };
    if (existing.response !== undefined) return { kind: 'completed', response: existing.response };
    if (existing.lockedUntil > now) return { kind: 'in-progress' };
    this.#records.set(id, { ...existing, lockedUntil: now + options.leaseMs });
    return { kind: 'taken-over' };
  }

  async complete(claim: IdempotencyClaim, response: StoredResponse, lockedUntil: number): Promise<void> {
    const id = idempotencyRecordKey(claim.principal, claim.key);
    const existing = this.#records.get(id);
    if (!this.#holds(existing, claim, lockedUntil)) return;
    this.#records.set(id, { requestHash: claim.requestHash, lockedUntil: 0, response });
  }

  async release(claim: IdempotencyClaim, lockedUntil: number): Promise<void> {
    const id = idempotencyRecordKey(claim.principal, claim.key);
    const existing = this.#records.get(id);
    if (this.#holds(existing, claim, lockedUntil))
      this.#records.set(id, { ...(existing as MemoryRecord), lockedUntil: 0 });
  }

  /** The record is this attempt's pending claim: same request, the lease it set. */
  #holds(existing: MemoryRecord | undefined, claim: IdempotencyClaim, lockedUntil: number): boolean {
    return (
      existing !== undefined &&
      existing.requestHash === claim.requestHash &&
      existing.response === undefined &&
      existing.lockedUntil === lockedUntil
    );
  }
}
