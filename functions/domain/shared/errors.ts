/**
 * The kind of a broken rule, which decides how the HTTP layer answers it:
 * - `invalid`: the command itself is wrong (422);
 * - `forbidden`: the actor may not do this (403);
 * - `not-found`: what the command names does not exist (404);
 * - `conflict`: the current state does not allow it (409).
 */
import { codedError, isErrorWith } from './coded-error.js';

export type DomainErrorKind = 'invalid' | 'forbidden' | 'not-found' | 'conflict';

export const DOMAIN_ERROR = 'DOMAIN_ERROR';

/** A rule of the program refused a command; `code` names the rule (e.g. `AGREEMENT_ALREADY_SIGNED`). */
export interface DomainError extends Error {
  readonly type: typeof DOMAIN_ERROR;
  readonly kind: DomainErrorKind;
  readonly code: string;
  readonly details: Readonly<Record<string, unknown>>;
}

export const isDomainError = isErrorWith<DomainError>('type', DOMAIN_ERROR);

/** Builds a domain error; `message` is for people, `code` for programs. */
export const domainError = (
  kind: DomainErrorKind,
  code: string,
  message: string,
  details: Record<string, unknown> = {},
): DomainError => codedError('DomainError', code, message, { type: DOMAIN_ERROR, kind, details });
