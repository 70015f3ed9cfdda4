/**
 * The kind of a broken rule, which decides how the HTTP layer answers it:
 * - `invalid`: the command itself is wrong (422);
 * - `forbidden`: the actor may not do this (403);
 * - `not-found`: what the command names does not exist (404);
 * - `conflict`: the current state does not allow it (409);
 * - `too-large`: a file (declared or arrived) is over its limit (413);
 * - `unsupported-type`: a file (declared or arrived) is not of a type accepted (415).
 */
import { codedError, isErrorWith } from './coded-error.js';

export type DomainErrorKind =
  | 'invalid'
  | 'forbidden'
  | 'not-found'
  | 'conflict'
  | 'too-large'
  | 'unsupported-type';

export const DOMAIN_ERROR = 'DOMAIN_ERROR';

/** One field of the request a rule refuses, and why (`field` dotted from the body: `attachedTo.kind`). */
export interface RefusedField {
  readonly field: string;
  readonly reason: string;
}

/** A rule of the program refused a command; `code` names the rule (e.g. `AGREEMENT_ALREADY_SIGNED`). */
export interface DomainError extends Error {
  readonly type: typeof DOMAIN_ERROR;
  readonly kind: DomainErrorKind;
  readonly code: string;
  readonly details: Readonly<Record<string, unknown>>;
  /** The request's fields the rule refuses, each with its own reason (see `fieldRefusal`). */
  readonly refusedFields?: readonly RefusedField[];
}

export const isDomainError = isErrorWith<DomainError>('type', DOMAIN_ERROR);

/** Builds a domain error; `message` is for people, `code` for programs. */
export const domainError = (
  kind: DomainErrorKind,
  code: string,
  message: string,
  details: Record<string, unknown> = {},
): DomainError => codedError('DomainError', code, message, { type: DOMAIN_ERROR, kind, details });

/**
 * Builds a domain error that refuses one field of the request for a reason of its own: the message
 * is `<field>: <reason>`, and the field is listed with that reason alone (an HTTP answer's `errors`).
 */
export const fieldRefusal = (
  kind: DomainErrorKind,
  code: string,
  field: string,
  reason: string,
): DomainError =>
  codedError('DomainError', code, `${field}: ${reason}`, {
    type: DOMAIN_ERROR,
    kind,
    details: {},
    refusedFields: [{ field, reason }],
  });
