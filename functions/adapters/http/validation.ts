import type { z } from 'zod';
import { type FieldError, httpError } from './problem.js';

/** The part of a request a schema checks; it is the first segment of every field's pointer. */
export type RequestPart = 'params' | 'query' | 'body' | 'headers';

const escapePointerToken = (token: string): string => token.replaceAll('~', '~0').replaceAll('/', '~1');

const pointerOf = (part: RequestPart, path: readonly PropertyKey[]): string =>
  `/${[part, ...path.map(String)].map(escapePointerToken).join('/')}`;

const fieldOf = (part: RequestPart, path: readonly PropertyKey[]): string =>
  [part, ...path.map(String)].join('.');

/**
 * Turns zod issues into one field error per bad field, each with its place and why. An unknown
 * field gets its own entry (pointing at the field itself), so the caller sees every extra name.
 */
export const fieldErrors = (part: RequestPart, issues: readonly z.core.$ZodIssue[]): FieldError[] =>
  issues.flatMap((issue): FieldError[] => {
    if (issue.code === 'unrecognized_keys') {
      return issue.keys.map((key) => ({
        pointer: pointerOf(part, [...issue.path, key]),
        field: fieldOf(part, [...issue.path, key]),
        reason: 'Unknown field: it is not part of this request',
      }));
    }
    if (issue.code === 'invalid_type' && issue.message.endsWith('received undefined')) {
      return [
        {
          pointer: pointerOf(part, issue.path),
          field: fieldOf(part, issue.path),
          reason: `Required: ${issue.message}`,
        },
      ];
    }
    return [
      { pointer: pointerOf(part, issue.path), field: fieldOf(part, issue.path), reason: issue.message },
    ];
  });

/**
 * Checks one part of a request against its schema and returns the parsed value; a mismatch is a
 * 400 `VALIDATION_FAILED` naming each bad field.
 */
export const validatePart = <T>(part: RequestPart, schema: z.ZodType<T>, value: unknown): T => {
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  throw validationError(fieldErrors(part, parsed.error.issues));
};

/** Checks several parts at once, so that one answer names the bad fields of every part. */
export const validateParts = <T extends Record<string, unknown>>(
  parts: { [K in keyof T]: { part: RequestPart; schema: z.ZodType<T[K]>; value: unknown } },
): T => {
  const errors: FieldError[] = [];
  const parsed: Record<string, unknown> = {};
  for (const [name, { part, schema, value }] of Object.entries(parts) as [
    string,
    { part: RequestPart; schema: z.ZodType; value: unknown },
  ][]) {
    const result = schema.safeParse(value);
    if (result.success) parsed[name] = result.data;
    else errors.push(...fieldErrors(part, result.error.issues));
  }
  if (errors.length > 0) throw validationError(errors);
  return parsed as T;
};

/** The 400 answer to a request whose shape does not match the route's schemas. */
export const validationError = (errors: readonly FieldError[]) =>
  httpError(
    400,
    'VALIDATION_FAILED',
    `The request has ${errors.length} invalid field${errors.length === 1 ? '' : 's'}: ${errors
      .slice(0, 5)
      .map((error) => error.field)
      .join(', ')}${errors.length > 5 ? ', …' : ''}`,
    { errors },
  );
