/** Exponential backoff without jitter: `base`, `2·base`, `4·base`, … capped at `max`. */
export interface BackoffPolicy {
  readonly baseDelayMs: number;
  readonly maxDelayMs: number;
}

/** The wait before attempt `attempt` (2, 3, …); the first attempt does not wait. */
export const backoffDelay = (policy: BackoffPolicy, attempt: number): number =>
  attempt <= 1 ? 0 : Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (attempt - 2));

/** A real sleep; tests pass a fake or tiny delays. */
export const sleep = (milliseconds: number): Promise<void> =>
  new Promise((resolve) => {
    setTimeout(resolve, milliseconds);
  });

/** A short, safe description of a failure (no stack, bounded length). */
export const describeFailure = (error: unknown): string => {
  const text = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  return text.length > 500 ? `${text.slice(0, 497)}...` : text;
};
