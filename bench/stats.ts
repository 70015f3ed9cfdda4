/** The value below which `fraction` of the sorted samples fall (nearest rank). */
export const percentile = (sorted: readonly number[], fraction: number): number => {
  if (sorted.length === 0) return Number.NaN;
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil(fraction * sorted.length) - 1));
  return sorted[rank] ?? Number.NaN;
};

/** The median of some values (the mean of the middle two for an even count). */
export const median = (values: readonly number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  if (sorted.length === 0) return Number.NaN;
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1
    ? (sorted[middle] ?? Number.NaN)
    : ((sorted[middle - 1] ?? 0) + (sorted[middle] ?? 0)) / 2;
};

/** What one trial of an append workload measured. */
export interface AppendTrial {
  readonly appendsPerSecond: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
  /** Attempts per successful append (1 when no writer ever lost a race). */
  readonly attemptsPerAppend: number;
  /** DynamoDB requests sent per successful append (puts, queries, gets, lost races included). */
  readonly requestsPerAppend: number;
  /**
   * CPU time per successful append, client and embedded DynamoDB together, in ms: the cost of an
   * append, much less sensitive than wall time to other work on the machine.
   */
  readonly cpuMsPerAppend: number;
}

/** Summarises a trial from its successful appends' latencies, attempts and wall time. */
export const summariseTrial = (
  latenciesMs: number[],
  attempts: number,
  elapsedMs: number,
  cpuMs: number,
  requests: number,
): AppendTrial => {
  const sorted = [...latenciesMs].sort((a, b) => a - b);
  return {
    appendsPerSecond: (latenciesMs.length / elapsedMs) * 1000,
    p50Ms: percentile(sorted, 0.5),
    p99Ms: percentile(sorted, 0.99),
    attemptsPerAppend: attempts / latenciesMs.length,
    requestsPerAppend: requests / latenciesMs.length,
    cpuMsPerAppend: cpuMs / latenciesMs.length,
  };
};

/** The median of each figure over trials. */
export const medianTrial = (trials: readonly AppendTrial[]): AppendTrial => ({
  appendsPerSecond: median(trials.map((trial) => trial.appendsPerSecond)),
  p50Ms: median(trials.map((trial) => trial.p50Ms)),
  p99Ms: median(trials.map((trial) => trial.p99Ms)),
  attemptsPerAppend: median(trials.map((trial) => trial.attemptsPerAppend)),
  requestsPerAppend: median(trials.map((trial) => trial.requestsPerAppend)),
  cpuMsPerAppend: median(trials.map((trial) => trial.cpuMsPerAppend)),
});
