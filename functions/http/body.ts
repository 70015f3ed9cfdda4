import { httpError } from './problem.js';

/** The default largest request body, in bytes; a command is a small JSON document. */
export const DEFAULT_MAX_BODY_BYTES = 64 * 1024;

/** A body as API Gateway hands it over: text, or base64 when `isBase64Encoded`. */
export interface RawBody {
  readonly body: string | undefined;
  readonly isBase64Encoded: boolean;
  readonly contentType: string | undefined;
}

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
const isWellFormed = (text: string): boolean => !LONE_SURROGATE.test(text);

const strictUtf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false });

const isJsonMediaType = (contentType: string): boolean => {
  const mediaType = contentType.split(';')[0]?.trim().toLowerCase() ?? '';
  return mediaType === 'application/json' || /^application\/[a-z0-9.+-]+\+json$/.test(mediaType);
};

/** Finds a string with a lone UTF-16 surrogate (`"\ud800"` escapes parse, but are not Unicode text). */
const findIllFormedString = (root: unknown): boolean => {
  // Iterative, so a deeply nested document cannot overflow the stack.
  const pending: unknown[] = [root];
  while (pending.length > 0) {
    const value = pending.pop();
    if (typeof value === 'string') {
      if (!isWellFormed(value)) return true;
    } else if (Array.isArray(value)) {
      pending.push(...value);
    } else if (value !== null && typeof value === 'object') {
      for (const [key, item] of Object.entries(value)) {
        if (!isWellFormed(key)) return true;
        pending.push(item);
      }
    }
  }
  return false;
};

/**
 * Parses a JSON request body strictly: at most `maxBytes` (413), JSON media type (415), valid UTF-8
 * with no lone surrogates (400 `INVALID_UNICODE`), well-formed JSON (400 `MALFORMED_JSON`).
 * An empty body is `undefined`.
 */
export const parseJsonBody = (raw: RawBody, maxBytes: number = DEFAULT_MAX_BODY_BYTES): unknown => {
  if (raw.body === undefined || raw.body.length === 0) return undefined;
  const bytes = raw.isBase64Encoded ? Buffer.from(raw.body, 'base64') : Buffer.from(raw.body, 'utf8');
  if (bytes.byteLength > maxBytes) {
    throw httpError(413, 'PAYLOAD_TOO_LARGE', `The request body is larger than ${maxBytes} bytes`);
  }
  if (raw.contentType === undefined || !isJsonMediaType(raw.contentType)) {
    throw httpError(415, 'UNSUPPORTED_MEDIA_TYPE', 'The request body must be JSON (application/json)');
  }
  let text: string;
  try {
    text = raw.isBase64Encoded ? strictUtf8.decode(bytes) : raw.body;
  } catch (cause) {
    throw httpError(400, 'INVALID_UNICODE', 'The request body is not valid UTF-8', { cause });
  }
  if (!isWellFormed(text)) {
    throw httpError(400, 'INVALID_UNICODE', 'The request body is not valid Unicode text');
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (cause) {
    const reason = cause instanceof SyntaxError ? cause.message : 'unreadable JSON';
    throw httpError(400, 'MALFORMED_JSON', `The request body is not valid JSON: ${reason}`, { cause });
  }
  if (findIllFormedString(parsed)) {
    throw httpError(400, 'INVALID_UNICODE', 'The request body holds a string with a lone surrogate escape');
  }
  return parsed;
};
