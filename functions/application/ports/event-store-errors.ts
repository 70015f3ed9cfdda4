import { codedError, isErrorWithCode } from '../../domain/shared/coded-error.js';
import type { ExpectedVersion } from './event-store.js';

// Errors of the event store. Each is an interface, a `code` constant, a factory and an `isXError`
// guard, so that callers (the HTTP error middleware, retry loops) never depend on `instanceof`.

export const WRONG_EXPECTED_VERSION = 'WRONG_EXPECTED_VERSION';

/** The stream is not at the version the writer expected; nothing of the commit was stored. */
export interface ConcurrencyError extends Error {
  readonly name: 'ConcurrencyError';
  readonly code: typeof WRONG_EXPECTED_VERSION;
  readonly streamId: string;
  readonly expected: ExpectedVersion;
  /** The stream's last version when the conflict was seen (0: the stream does not exist). */
  readonly actual: number;
}

/** Builds a `ConcurrencyError`; reload the stream, decide again and retry. */
export const concurrencyError = (
  details: { streamId: string; expected: ExpectedVersion; actual: number },
  options: { cause?: unknown } = {},
): ConcurrencyError =>
  codedError(
    'ConcurrencyError',
    WRONG_EXPECTED_VERSION,
    `Stream ${details.streamId} is at version ${details.actual}, not at the expected ${String(details.expected)}`,
    details,
    options,
  );

export const isConcurrencyError = isErrorWithCode<ConcurrencyError>(WRONG_EXPECTED_VERSION);

export const COMMIT_TOO_LARGE = 'COMMIT_TOO_LARGE';

/** A commit does not fit in one item; it was refused before anything was written. */
export interface CommitTooLargeError extends Error {
  readonly name: 'CommitTooLargeError';
  readonly code: typeof COMMIT_TOO_LARGE;
  readonly streamId: string;
  /** The size of the item the commit would need, in bytes as DynamoDB counts them. */
  readonly sizeBytes: number;
  readonly limitBytes: number;
  /** `bus-entry`: one of its events would not fit in a PutEvents entry (256 KB); else the item. */
  readonly limit?: 'bus-entry';
}

/** Builds a `CommitTooLargeError`. */
export const commitTooLargeError = (
  details: { streamId: string; sizeBytes: number; limitBytes: number; limit?: 'bus-entry' },
  options: { cause?: unknown } = {},
): CommitTooLargeError =>
  codedError(
    'CommitTooLargeError',
    COMMIT_TOO_LARGE,
    details.limit === 'bus-entry'
      ? `An event of a commit to stream ${details.streamId} needs a bus entry of ${details.sizeBytes} bytes, over the limit of ${details.limitBytes}`
      : `A commit to stream ${details.streamId} needs ${details.sizeBytes} bytes, over the limit of ${details.limitBytes}`,
    details,
    options,
  );

export const isCommitTooLargeError = isErrorWithCode<CommitTooLargeError>(COMMIT_TOO_LARGE);

export const STORE_UNAVAILABLE = 'STORE_UNAVAILABLE';

/**
 * Why the store could not answer: `throttled` (capacity exceeded), `timeout` (no answer within
 * the request timeout; a write may or may not have landed) or `failed` (anything else).
 */
export type StoreUnavailableReason = 'throttled' | 'timeout' | 'failed';

/** The store could not serve the request; the message hides internals, `cause` keeps them. */
export interface StoreUnavailableError extends Error {
  readonly name: 'StoreUnavailableError';
  readonly code: typeof STORE_UNAVAILABLE;
  readonly reason: StoreUnavailableReason;
  /** Whether trying again later may succeed (for a timed-out write, retry with the same command id). */
  readonly retryable: boolean;
}

const unavailableMessages: Record<StoreUnavailableReason, string> = {
  throttled: 'The event store is busy; try again shortly',
  timeout: 'The event store did not answer in time; try again',
  failed: 'The event store failed to process the request',
};

/** Builds a `StoreUnavailableError` whose message never repeats the cause's. */
export const storeUnavailableError = (
  reason: StoreUnavailableReason,
  options: { cause?: unknown } = {},
): StoreUnavailableError =>
  codedError(
    'StoreUnavailableError',
    STORE_UNAVAILABLE,
    unavailableMessages[reason],
    { reason, retryable: reason !== 'failed' },
    options,
  );

export const isStoreUnavailableError = isErrorWithCode<StoreUnavailableError>(STORE_UNAVAILABLE);

export const INVALID_CHECKPOINT = 'INVALID_CHECKPOINT';

/** A global checkpoint was not written by this store (or was altered). */
export interface InvalidCheckpointError extends Error {
  readonly name: 'InvalidCheckpointError';
  readonly code: typeof INVALID_CHECKPOINT;
}

/** Builds an `InvalidCheckpointError`. */
export const invalidCheckpointError = (options: { cause?: unknown } = {}): InvalidCheckpointError =>
  codedError(
    'InvalidCheckpointError',
    INVALID_CHECKPOINT,
    'The global checkpoint is not one this event store wrote',
    {},
    options,
  );

export const isInvalidCheckpointError = isErrorWithCode<InvalidCheckpointError>(INVALID_CHECKPOINT);

export const INVALID_APPEND = 'INVALID_APPEND';

/** An append request the store cannot take as it is (no events, a reserved stream id, a bad version). */
export interface InvalidAppendError extends Error {
  readonly name: 'InvalidAppendError';
  readonly code: typeof INVALID_APPEND;
  readonly streamId: string;
}

/** Builds an `InvalidAppendError`; `message` says what is wrong and shows the bad value. */
export const invalidAppendError = (streamId: string, message: string): InvalidAppendError =>
  codedError('InvalidAppendError', INVALID_APPEND, message, { streamId });

export const isInvalidAppendError = isErrorWithCode<InvalidAppendError>(INVALID_APPEND);
