import { codedError, isErrorWithCode } from '../../domain/shared/coded-error.js';

// Errors of the publishing machinery. Each is an interface, a `code` constant, a factory and an
// `isXError` guard (functions/domain/shared/coded-error.ts), so that callers never depend on `instanceof`.

export const INVALID_EVENT_PATTERN = 'INVALID_EVENT_PATTERN';

/** One thing wrong with an event pattern: where (a dotted path) and why. */
export interface PatternProblem {
  readonly path: string;
  readonly message: string;
}

/** An event pattern uses a feature the local matcher does not support, or is not a valid pattern. */
export interface InvalidEventPatternError extends Error {
  readonly name: 'InvalidEventPatternError';
  readonly code: typeof INVALID_EVENT_PATTERN;
  readonly problems: readonly PatternProblem[];
}

/** Builds an `InvalidEventPatternError` listing every problem found. */
export const invalidEventPatternError = (
  problems: readonly PatternProblem[],
  options: { cause?: unknown } = {},
): InvalidEventPatternError =>
  codedError(
    'InvalidEventPatternError',
    INVALID_EVENT_PATTERN,
    `Invalid event pattern: ${problems.map((problem) => `${problem.path || '(root)'}: ${problem.message}`).join('; ')}`,
    { problems },
    options,
  );

export const isInvalidEventPatternError = isErrorWithCode<InvalidEventPatternError>(INVALID_EVENT_PATTERN);

export const CHECKPOINT_CONFLICT = 'CHECKPOINT_CONFLICT';

/** Another poller moved the consumer's checkpoint since it was loaded; nothing was written. */
export interface CheckpointConflictError extends Error {
  readonly name: 'CheckpointConflictError';
  readonly code: typeof CHECKPOINT_CONFLICT;
  readonly consumer: string;
  readonly expectedRevision: number;
}

/** Builds a `CheckpointConflictError`; reload the checkpoint and carry on from there. */
export const checkpointConflictError = (
  details: { consumer: string; expectedRevision: number },
  options: { cause?: unknown } = {},
): CheckpointConflictError =>
  codedError(
    'CheckpointConflictError',
    CHECKPOINT_CONFLICT,
    `The checkpoint of ${details.consumer} is no longer at revision ${details.expectedRevision}`,
    { ...details },
    options,
  );

export const isCheckpointConflictError = isErrorWithCode<CheckpointConflictError>(CHECKPOINT_CONFLICT);

export const DEAD_LETTER_NOT_FOUND = 'DEAD_LETTER_NOT_FOUND';

/** A replay named a dead letter that is not parked (never was, or was already replayed). */
export interface DeadLetterNotFoundError extends Error {
  readonly name: 'DeadLetterNotFoundError';
  readonly code: typeof DEAD_LETTER_NOT_FOUND;
  readonly deadLetterId: string;
}

/** Builds a `DeadLetterNotFoundError`. */
export const deadLetterNotFoundError = (deadLetterId: string): DeadLetterNotFoundError =>
  codedError('DeadLetterNotFoundError', DEAD_LETTER_NOT_FOUND, `No dead letter ${deadLetterId} is parked`, {
    deadLetterId,
  });

export const isDeadLetterNotFoundError = isErrorWithCode<DeadLetterNotFoundError>(DEAD_LETTER_NOT_FOUND);
