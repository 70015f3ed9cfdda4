import * as z from 'zod';
import {
  isCommitTooLargeError,
  isConcurrencyError,
  isStoreUnavailableError,
} from '../../application/ports/event-store-errors.js';
import { codedError, isErrorWith } from '../../domain/shared/coded-error.js';
import { type DomainErrorKind, isDomainError } from '../../domain/shared/errors.js';

/** One bad field of a request: where it is (a JSON Pointer into the request) and why it is refused. */
export interface FieldError {
  /** RFC 6901 pointer from the request's root: `/body/targets/associations`, `/params/rolloutId`. */
  readonly pointer: string;
  /** The same place in dotted form, for people: `body.targets.associations`. */
  readonly field: string;
  readonly reason: string;
}

export const HTTP_ERROR = 'HTTP_ERROR';

/** A refusal the HTTP layer answers as it is: a status, a code for programs and a detail for people. */
export interface HttpError extends Error {
  readonly type: typeof HTTP_ERROR;
  readonly status: number;
  readonly code: string;
  readonly errors: readonly FieldError[];
  readonly headers: Readonly<Record<string, string>>;
}

export const isHttpError = isErrorWith<HttpError>('type', HTTP_ERROR);

/** Builds an `HttpError`; `detail` is shown to the caller, so it never holds internals. */
export const httpError = (
  status: number,
  code: string,
  detail: string,
  options: { errors?: readonly FieldError[]; headers?: Record<string, string>; cause?: unknown } = {},
): HttpError =>
  codedError(
    'HttpError',
    code,
    detail,
    { type: HTTP_ERROR, status, errors: options.errors ?? [], headers: options.headers ?? {} },
    { cause: options.cause },
  );

/** An earlier attempt under the same `Idempotency-Key` runs and has not committed: retry soon. */
export const keyInUse = (options: { cause?: unknown } = {}): HttpError =>
  httpError(409, 'IDEMPOTENCY_KEY_IN_USE', 'A request with this Idempotency-Key is still running', {
    headers: { 'retry-after': '1' },
    ...options,
  });

/** An RFC 9457 problem document, as every error answer of the API carries it. */
export const Problem = z
  .object({
    type: z.string().describe('A URI naming the kind of problem: `urn:naseej:problem:<code>`'),
    title: z.string(),
    status: z.number().int(),
    detail: z.string(),
    code: z.string().describe('The stable code programs test, e.g. `VALIDATION_FAILED`'),
    correlationId: z.string(),
    errors: z
      .array(z.object({ pointer: z.string(), field: z.string(), reason: z.string() }))
      .optional()
      .describe('Each bad field of the request and why'),
    details: z.record(z.string(), z.unknown()).optional(),
  })
  .meta({ id: 'Problem' });
export type Problem = z.infer<typeof Problem>;

const TITLES: Readonly<Record<number, string>> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  409: 'Conflict',
  410: 'Gone',
  412: 'Precondition Failed',
  413: 'Content Too Large',
  415: 'Unsupported Media Type',
  422: 'Unprocessable Content',
  428: 'Precondition Required',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
};

const DOMAIN_STATUS = {
  invalid: 422,
  forbidden: 403,
  'not-found': 404,
  conflict: 409,
  'too-large': 413,
  'unsupported-type': 415,
} as const satisfies Record<DomainErrorKind, number>;

/** A field of the body, where a request's problem names it. */
const bodyFieldError = (field: string, reason: string): FieldError => ({
  pointer: `/body/${field.replaceAll('.', '/')}`,
  field: `body.${field}`,
  reason,
});

/** What an error becomes on the wire; `log` says whether the cause must be logged (5xx). */
export interface MappedProblem {
  readonly status: number;
  readonly problem: Omit<Problem, 'correlationId'>;
  readonly headers: Readonly<Record<string, string>>;
  readonly unexpected: boolean;
}

const problem = (
  status: number,
  code: string,
  detail: string,
  extra: { errors?: readonly FieldError[]; details?: Record<string, unknown> } = {},
): Omit<Problem, 'correlationId'> => ({
  type: `urn:naseej:problem:${code.toLowerCase().replaceAll('_', '-')}`,
  title: TITLES[status] ?? 'Error',
  status,
  detail,
  code,
  ...(extra.errors && extra.errors.length > 0 ? { errors: [...extra.errors] } : {}),
  ...(extra.details && Object.keys(extra.details).length > 0 ? { details: extra.details } : {}),
});

/**
 * Maps any thrown value to a problem: HTTP refusals as they are, domain errors by kind (invalid 422,
 * forbidden 403, not-found 404, conflict 409, too-large 413, unsupported-type 415), a concurrency
 * conflict 409, a busy store 503, and anything else 500 with a generic detail that shows no internals.
 */
export const toProblem = (error: unknown): MappedProblem => {
  if (isHttpError(error)) {
    return {
      status: error.status,
      problem: problem(error.status, error.code, error.message, { errors: error.errors }),
      headers: error.headers,
      // A 501 is a deliberate answer of this deployment (no PDF renderer on Lambda, a local-only
      // route), not a failure: it is not logged as one.
      unexpected: error.status >= 500 && error.status !== 501,
    };
  }
  if (isDomainError(error)) {
    const status = DOMAIN_STATUS[error.kind];
    // A rule that judges one field of the command (a fact's date) names it: the body's field, with
    // the rule's message, or each refused field with its own reason.
    const field = error.details.field;
    const errors: FieldError[] =
      error.refusedFields?.map((refused) => bodyFieldError(refused.field, refused.reason)) ??
      (typeof field === 'string' ? [bodyFieldError(field, error.message)] : []);
    return {
      status,
      problem: problem(status, error.code, error.message, { errors, details: { ...error.details } }),
      headers: {},
      unexpected: false,
    };
  }
  if (isConcurrencyError(error)) {
    return {
      status: 409,
      problem: problem(409, 'CONCURRENCY_CONFLICT', 'The resource changed while this request was handled'),
      headers: {},
      unexpected: false,
    };
  }
  if (isCommitTooLargeError(error)) {
    return {
      status: 422,
      problem: problem(422, error.code, 'The change is too large to be recorded at once'),
      headers: {},
      unexpected: false,
    };
  }
  if (isStoreUnavailableError(error) && error.retryable) {
    return {
      status: 503,
      problem: problem(503, error.code, 'The service is busy; try again shortly'),
      headers: { 'retry-after': '1' },
      unexpected: true,
    };
  }
  return {
    status: 500,
    problem: problem(500, 'INTERNAL_ERROR', 'An unexpected error occurred; quote the correlation id'),
    headers: {},
    unexpected: true,
  };
};
