import { createHash } from 'node:crypto';

/**
 * What an `Idempotency-Key` may hold: 1 to 200 letters, digits and `. _ : + / = -` (a UUID, a
 * base64 token). No `#`, so the record key `idempotency#<principal>#<key>` cannot be ambiguous.
 */
export const IDEMPOTENCY_KEY_PATTERN = /^[A-Za-z0-9._:+/=-]{1,200}$/;

/** How long a claim is held before another attempt may take it over (a Lambda's timeout is below it). */
export const DEFAULT_LEASE_MS = 60_000;

/** How long a record is kept (its `expiresAt`, for DynamoDB's TTL): a day more than clients retry. */
export const RETENTION_SECONDS = 7 * 24 * 60 * 60;

/** The table key of a record: `idempotency#<principal>#<key>` (sort key 0). */
export const idempotencyRecordKey = (principal: string, key: string): string =>
  `idempotency#${principal}#${key}`;

/**
 * The command id of every append made under this key: the store records a command id once, for
 * good, so even concurrent retries (or a retry after a lost answer) append at most once.
 */
export const idempotentCommandId = (principal: string, key: string): string =>
  `idem-${createHash('sha256').update(principal).update('\u0000').update(key).digest('base64url')}`;

const canonical = (value: unknown): unknown => {
  if (Array.isArray(value)) return value.map(canonical);
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value)
        .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
        .map(([key, item]) => [key, canonical(item)]),
    );
  }
  return value;
};

/**
 * The fingerprint of a request: its route, parameters, query and JSON body, with object keys
 * sorted so that the same document written in another key order is the same request.
 */
export const requestHash = (request: {
  readonly routeKey: string;
  readonly params: unknown;
  readonly query: unknown;
  readonly body: unknown;
}): string =>
  createHash('sha256')
    .update(
      JSON.stringify(
        canonical([request.routeKey, request.params ?? null, request.query ?? null, request.body ?? null]),
      ),
    )
    .digest('base64url');
