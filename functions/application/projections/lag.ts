/**
 * Projection lag (event recorded → view stored), in milliseconds, kept as a bounded sample for
 * percentiles: the local runtime shows p50 and p99; on AWS the same figure goes out as the EMF
 * metric `ProjectionLag` and CloudWatch computes the percentiles.
 */

/** The EMF metric name of the projection lag, in milliseconds. */
export const PROJECTION_LAG_METRIC = 'ProjectionLag';

/** A summary of the lags recorded. */
export interface LagSummary {
  readonly count: number;
  readonly p50: number | null;
  readonly p99: number | null;
  readonly max: number | null;
}

/** The value at percentile `p` (0–100) of sorted values, nearest-rank method; null when empty. */
export const percentile = (sorted: readonly number[], p: number): number | null => {
  if (sorted.length === 0) return null;
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1] ?? null;
};

/** An in-memory histogram of the latest `capacity` lags (a ring buffer: old samples drop out). */
export class LagHistogram {
  readonly #capacity: number;
  readonly #samples: number[] = [];
  #next = 0;
  #count = 0;

  constructor(capacity = 10_000) {
    this.#capacity = capacity;
  }

  /** Records one lag in milliseconds (a negative lag, from clock skew, counts as 0). */
  record(lagMs: number): void {
    const value = Math.max(0, lagMs);
    if (this.#samples.length < this.#capacity) this.#samples.push(value);
    else this.#samples[this.#next] = value;
    this.#next = (this.#next + 1) % this.#capacity;
    this.#count += 1;
  }

  /** p50, p99 and max over the samples kept; `count` counts every lag ever recorded. */
  summary(): LagSummary {
    const sorted = [...this.#samples].sort((a, b) => a - b);
    return {
      count: this.#count,
      p50: percentile(sorted, 50),
      p99: percentile(sorted, 99),
      max: sorted.length === 0 ? null : (sorted[sorted.length - 1] ?? null),
    };
  }
}
