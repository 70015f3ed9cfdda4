/** The first answer to a command, kept so that a retry with the same key gets it again. */
export interface StoredResponse {
  readonly status: number;
  readonly headers: Readonly<Record<string, string>>;
  /** The body exactly as first sent (JSON text), or empty. */
  readonly body: string;
}

/** Who sent which key for which request: the principal (token `sub`), the key and the request's hash. */
export interface IdempotencyClaim {
  readonly principal: string;
  readonly key: string;
  readonly requestHash: string;
}

/**
 * What `claim` found:
 * - `acquired`: this request holds the key now, first; run it, then `complete` (or `release`, or
 *   leave the claim pending when its commit holds the answer: ADR 0144);
 * - `taken-over`: the same request's pending claim had run out of lease, and this request holds it
 *   now; the earlier attempt may have committed before it stopped (or been answered by its commit);
 * - `in-progress`: the same request's claim is pending and its lease has not run out: it runs
 *   elsewhere, or it was answered by its commit;
 * - `completed`: the same request was answered; send `response` again and do nothing else;
 * - `mismatch`: the key was used with another request (another body, route or parameters).
 */
export type ClaimOutcome =
  | { readonly kind: 'acquired' }
  | { readonly kind: 'taken-over' }
  | { readonly kind: 'in-progress' }
  | { readonly kind: 'completed'; readonly response: StoredResponse }
  | { readonly kind: 'mismatch' };

/**
 * Records of `Idempotency-Key`s. Every adapter passes the same contract suite
 * (`test/support/http-idempotency-contract.ts`).
 */
export interface IdempotencyStore {
  /**
   * Claims the key for this request. A pending claim whose lease (`leaseMs` from `now`) ran out
   * is taken over, so a crashed attempt never locks a key for good.
   */
  claim(
    claim: IdempotencyClaim,
    options: { readonly now: string; readonly leaseMs: number },
  ): Promise<ClaimOutcome>;
  /**
   * Records the answer of a claim this attempt holds (`lockedUntil`: the end of its lease, `now +
   * leaseMs` of its claim); later claims of the same request get it back. An attempt whose lease
   * was taken over records nothing.
   */
  complete(claim: IdempotencyClaim, response: StoredResponse, lockedUntil: number): Promise<void>;
  /**
   * Gives up a claim this attempt holds, without an answer: its lease ends now, and the key stays
   * bound to this request (the attempt may have committed before it failed), so a retry of the same
   * request takes it over (`taken-over`) and another request is still refused (`mismatch`). An
   * attempt whose lease was taken over changes nothing (ADR 0144).
   */
  release(claim: IdempotencyClaim, lockedUntil: number): Promise<void>;
}
