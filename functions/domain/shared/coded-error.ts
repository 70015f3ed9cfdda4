// The one shape of the project's non-domain errors (docs/adr/0010-http-api.md): an `Error` whose `name` ends in
// `Error`, with a `code` constant and its details as own properties, recognised by an `isXError`
// guard that reads `code`, so no caller depends on `instanceof` (which breaks across bundles).

/** An `Error` with a literal `name` and `code` and the details it carries. */
export type CodedError<Name extends string, Code extends string, Details extends object> = Error & {
  readonly name: Name;
  readonly code: Code;
} & Readonly<Details>;

/** Builds a coded error: `message` is for people, `code` for programs; `cause` is kept when given. */
export const codedError = <Name extends string, Code extends string, Details extends object>(
  name: Name,
  code: Code,
  message: string,
  details: Details,
  options: { cause?: unknown } = {},
): CodedError<Name, Code, Details> => Object.assign(new Error(message, options), { name, code, ...details });

/** A guard that recognises the errors whose `property` is `value` (a family's `type`, for one). */
export const isErrorWith =
  <E extends Error>(property: 'code' | 'type', value: string) =>
  (error: unknown): error is E =>
    error instanceof Error && (error as Partial<Record<typeof property, unknown>>)[property] === value;

/** A guard that recognises the errors carrying `code`. */
export const isErrorWithCode = <E extends Error>(code: string) => isErrorWith<E>('code', code);
