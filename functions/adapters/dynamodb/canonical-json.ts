import { codedError, isErrorWithCode } from '../../domain/shared/coded-error.js';
// Canonical JSON, as RFC 8785 (JSON Canonicalization Scheme) defines it for the values the store
// keeps: object members sorted by their names' UTF-16 code units, no whitespace, strings and
// numbers written as ECMAScript's JSON.stringify writes them (RFC 8785 adopts exactly those
// rules). Hand-written: it is twenty lines over JSON.stringify, and a standard anyone can
// re-implement to check a hash without this code.

/** A value that is not plain JSON (undefined, NaN, a function, a Date, a class instance…). */
export interface NotJsonError extends Error {
  readonly name: 'NotJsonError';
  readonly code: 'NOT_JSON';
  /** Where in the value, as a JSON pointer. */
  readonly path: string;
}

export const NOT_JSON = 'NOT_JSON';

const notJsonError = (path: string, found: string): NotJsonError =>
  codedError('NotJsonError', NOT_JSON, `Value at "${path || '/'}" is ${found}, not plain JSON`, { path });

export const isNotJsonError = isErrorWithCode<NotJsonError>(NOT_JSON);

const isPlainObject = (value: object): boolean => {
  const prototype = Object.getPrototypeOf(value);
  return prototype === Object.prototype || prototype === null;
};

const write = (value: unknown, path: string): string => {
  if (value === null || typeof value === 'boolean' || typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw notJsonError(path, String(value));
    return JSON.stringify(value);
  }
  if (Array.isArray(value))
    return `[${value.map((item, index) => write(item, `${path}/${index}`)).join(',')}]`;
  if (typeof value === 'object' && isPlainObject(value)) {
    const members = Object.keys(value)
      .sort()
      .map(
        (name) =>
          `${JSON.stringify(name)}:${write((value as Record<string, unknown>)[name], `${path}/${name}`)}`,
      );
    return `{${members.join(',')}}`;
  }
  throw notJsonError(path, value === undefined ? 'undefined' : typeof value);
};

/**
 * The canonical text of a plain JSON value (RFC 8785): equal values give equal text, whatever
 * the order their members were built in. Throws a `NotJsonError` on anything JSON cannot hold.
 */
export const canonicalJson = (value: unknown): string => write(value, '');
