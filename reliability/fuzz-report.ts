// What a run of the HTTP fuzzer reports: written by the runner (test/support/fuzz-run.ts) as JSON,
// read back by `npm run fuzz` (reliability/fuzz.ts) to write docs/fuzzing.md.

/** One broken property, with what is needed to replay it. */
export interface FuzzViolation {
  readonly index: number;
  readonly property: 'no 5xx' | 'answered' | 'problem+json' | 'refusal appends nothing';
  readonly family: string;
  readonly request: string;
  readonly detail: string;
}

/** A fuzz run's counts by status and by family, and the properties it found broken. */
export interface FuzzReport {
  readonly seed: number;
  readonly requests: number;
  readonly byStatus: Record<string, number>;
  readonly byFamily: Record<string, number>;
  readonly refused: number;
  readonly accepted: number;
  readonly eventsAppendedByAccepted: number;
  readonly violations: readonly FuzzViolation[];
  /** 501 answers with a tolerated code (a feature this deployment does not wire), by code. */
  readonly notConfigured: Record<string, number>;
  readonly durationMs: number;
}
