import { httpError } from './problem.js';

/** The default largest request body, in bytes; a command is a small JSON document. */
export const DEFAULT_MAX_BODY_BYTES = 64 * 1024;

/**
 * The deepest nesting of arrays and objects a JSON document may have. The deepest request today
 * (an EventBridge pattern in a webhook subscription) nests about eight levels; what reads a body
 * after parsing (zod, the canonical form an idempotency key hashes, the pattern checker) recurses,
 * so a document thousands of levels deep would overflow the stack there.
 */
export const MAX_JSON_DEPTH = 32;

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

/** Why a well-formed JSON text is refused: nested too deep, or a name twice in one object. */
export type JsonShapeProblem =
  | { readonly kind: 'too-deep'; readonly path: readonly string[] }
  | { readonly kind: 'duplicate-key'; readonly path: readonly string[] };

interface OpenContainer {
  /** The names seen so far in an object; `undefined` for an array. */
  readonly names: Set<string> | undefined;
  /** Where the value being read sits in it: the last name, or the array index. */
  segment: string;
}

/**
 * Finds, in a text `JSON.parse` accepted, the first place nested deeper than `maxDepth` or the
 * first name repeated within one object (`JSON.parse` keeps the last silently, so a reviewer and
 * the code may read different values). A scan of the text, not of the parsed value: it is
 * iterative (no stack to overflow, whatever the depth) and sees the names as sent. No library in
 * the project's dependencies reports duplicate names, hence this small scanner; it relies on the
 * text being valid JSON, so run it after `JSON.parse` (which V8 implements without recursion).
 * The path names the containers from the root, then the offending name or index.
 */
export const findJsonShapeProblem = (
  text: string,
  maxDepth: number = MAX_JSON_DEPTH,
): JsonShapeProblem | undefined => {
  const open: OpenContainer[] = [];
  const path = () => open.map((container) => container.segment);
  let expectingName = false;
  for (let index = 0; index < text.length; index += 1) {
    const char = text[index];
    if (char === '"') {
      let end = index + 1;
      while (text[end] !== '"') end += text[end] === '\\' ? 2 : 1;
      const container = open.at(-1);
      if (expectingName && container?.names !== undefined) {
        const name = JSON.parse(text.slice(index, end + 1)) as string;
        container.segment = name;
        if (container.names.has(name)) return { kind: 'duplicate-key', path: path() };
        container.names.add(name);
        expectingName = false;
      }
      index = end;
    } else if (char === '{' || char === '[') {
      if (open.length >= maxDepth) return { kind: 'too-deep', path: path() };
      open.push({ names: char === '{' ? new Set() : undefined, segment: char === '{' ? '' : '0' });
      expectingName = char === '{';
    } else if (char === '}' || char === ']') {
      open.pop();
    } else if (char === ',') {
      const container = open.at(-1);
      if (container?.names === undefined && container !== undefined) {
        container.segment = String(Number(container.segment) + 1);
      }
      expectingName = container?.names !== undefined;
    }
  }
  return undefined;
};

const escapePointerToken = (token: string): string => token.replaceAll('~', '~0').replaceAll('/', '~1');

/** The 400 for a body whose shape is refused, naming the place (as validation errors do). */
const shapeError = (problem: JsonShapeProblem, maxDepth: number) => {
  const segments = ['body', ...problem.path];
  const place = {
    pointer: `/${segments.map(escapePointerToken).join('/')}`,
    field: segments.join('.'),
  };
  return problem.kind === 'too-deep'
    ? httpError(
        400,
        'JSON_TOO_DEEP',
        `The request body nests arrays and objects deeper than ${maxDepth} levels`,
        {
          errors: [{ ...place, reason: `Nested deeper than ${maxDepth} levels` }],
        },
      )
    : httpError(400, 'DUPLICATE_JSON_KEY', 'The request body repeats a name within one object', {
        errors: [{ ...place, reason: 'This name appears more than once in its object' }],
      });
};

/**
 * Parses a JSON request body strictly: at most `maxBytes` (413), JSON media type (415), valid UTF-8
 * with no lone surrogates (400 `INVALID_UNICODE`), well-formed JSON (400 `MALFORMED_JSON`), nested
 * at most `MAX_JSON_DEPTH` levels (400 `JSON_TOO_DEEP`) and no name twice in an object (400
 * `DUPLICATE_JSON_KEY`). An empty body is `undefined`. Every route's body, and a partner
 * webhook's once its signature holds, is read here.
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
  const shapeProblem = findJsonShapeProblem(text);
  if (shapeProblem !== undefined) throw shapeError(shapeProblem, MAX_JSON_DEPTH);
  if (findIllFormedString(parsed)) {
    throw httpError(400, 'INVALID_UNICODE', 'The request body holds a string with a lone surrogate escape');
  }
  return parsed;
};
