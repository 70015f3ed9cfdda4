import fc from 'fast-check';
import type { HttpRole } from '../../functions/adapters/http/claims.js';
import { HTTP_ROLES } from '../../functions/adapters/http/claims.js';
import { type AnyHttpRoute, pathParameterNames } from '../../functions/adapters/http/route.js';
import { SAMPLE_BODIES, samplePathParameters } from './api-samples.js';

// Generators of hostile HTTP requests, driven from the real route table: every case starts from a
// real route (its method, path, allowed roles and sample body) and breaks one or more things about
// it. A case is a small description; its bytes are built only when it is sent (`materialize`), so
// 10,000 cases with megabyte bodies and 10,000-deep nesting stay light in memory.

/** Tokens the fuzzer may present: one valid per role, and several kinds of bad ones. */
export interface FuzzTokens {
  readonly byRole: Readonly<Record<HttpRole, string>>;
  readonly expired: string;
  readonly wrongAudience: string;
  readonly wrongIssuer: string;
  /** Signed by a key the server does not know. */
  readonly foreignKey: string;
}

/** What a signed webhook case needs: a partner registered on the runtime and its secret. */
export interface FuzzPartner {
  readonly partnerId: string;
  readonly secret: string;
}

export type TokenCase =
  | { kind: 'allowed' }
  | { kind: 'role'; role: HttpRole }
  | { kind: 'none' }
  | { kind: 'expired' | 'wrongAudience' | 'wrongIssuer' | 'foreignKey' | 'tampered' | 'algNone' }
  | { kind: 'raw'; header: string };

export type BodyCase =
  | { kind: 'none' }
  | { kind: 'json'; value: unknown }
  | { kind: 'text'; text: string }
  | { kind: 'bytes'; bytes: readonly number[] }
  /** A valid-looking JSON document padded past (or up to) a size, with one long string. */
  | { kind: 'huge'; bytes: number; inside: boolean }
  /** `[[[…]]]` or `{"a":{"a":…}}`, at the top or under one of the sample's fields. */
  | { kind: 'deep'; depth: number; shape: 'array' | 'object'; underField: boolean };

export type PathCase =
  | { kind: 'sample' }
  | { kind: 'param'; name: string; raw: string }
  | { kind: 'unknown' };

/** One generated request, as a description. */
export interface FuzzCase {
  readonly family: string;
  readonly routeIndex: number;
  readonly method: string;
  readonly path: PathCase;
  readonly token: TokenCase;
  readonly body: BodyCase;
  readonly contentType: string | null;
  readonly ifMatch: string | null;
  readonly idempotencyKey: string | null;
  /** For the signed webhook route: sign the body with the partner's secret, or send these headers. */
  readonly webhook:
    | { kind: 'signed'; webhookId: string }
    | { kind: 'headers'; headers: Record<string, string> };
}

/** A request ready for the wire. */
export interface WireRequest {
  readonly method: string;
  readonly path: string;
  readonly headers: Record<string, string>;
  readonly body: Buffer | undefined;
}

const ODD_TEXT = [
  '\u202Eevil\u202C',
  '\u200F\u0627\u0644\u0631\u0628\u0627\u0637\u200E',
  'nul\u0000byte',
  '\uFEFFbom',
  '\uD800',
  '\uDFFF lone low',
  '\u{1F600}\u0301\u0301\u0301',
  '\u0000',
  'a'.repeat(2_000),
  '../../etc/passwd',
  ['$', '{jndi:ldap://x}'].join(''), // a log-injection probe
  '<script>alert(1)</script>',
  "' OR '1'='1",
  '\r\nX-Injected: 1',
  '\u2028\u2029',
  '-1',
  '1e309',
  'NaN',
  '__proto__',
];

const oddString = fc.oneof(
  fc.constantFrom(...ODD_TEXT),
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.string({ unit: 'grapheme', maxLength: 20 }),
  fc.string({ maxLength: 20 }),
);

/** Byte sequences no strict UTF-8 decoder accepts, each wrapped in a JSON string. */
const INVALID_UTF8: readonly (readonly number[])[] = [
  [0xc0, 0xaf], // overlong '/'
  [0xe0, 0x80, 0xaf], // overlong '/', three bytes
  [0xf0, 0x80, 0x80, 0xaf], // overlong '/', four bytes
  [0xed, 0xa0, 0x80], // a UTF-16 surrogate encoded in UTF-8
  [0xff, 0xfe],
  [0x80],
  [0xf4, 0x90, 0x80, 0x80], // beyond U+10FFFF
];

const jsonValue = fc.jsonValue({ maxDepth: 3 });

/** A value of a type a field rarely expects. */
const wrongValue: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom(null, true, false, 0, -1, 1.5, 2 ** 53 + 1, -(2 ** 31), '', [], {}, '0', 'true'),
  oddString,
  fc.integer(),
  fc.double(),
  jsonValue,
);

type JsonObject = Record<string, unknown>;

const isObject = (value: unknown): value is JsonObject =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** Every path (list of keys) to a value inside a JSON document, the root excluded. */
const pathsOf = (value: unknown, prefix: readonly (string | number)[] = []): (string | number)[][] => {
  if (Array.isArray(value))
    return value.flatMap((item, index) => [[...prefix, index], ...pathsOf(item, [...prefix, index])]);
  if (isObject(value))
    return Object.entries(value).flatMap(([key, item]) => [
      [...prefix, key],
      ...pathsOf(item, [...prefix, key]),
    ]);
  return [];
};

const clone = <T>(value: T): T => structuredClone(value);

/** Sets (or, with `remove`, deletes) the value at a path of a copy of `document`. */
const edit = (
  document: unknown,
  path: readonly (string | number)[],
  value: unknown,
  remove = false,
): unknown => {
  const copy = clone(document);
  let node: unknown = copy;
  for (const key of path.slice(0, -1)) node = (node as Record<string | number, unknown>)[key];
  const last = path.at(-1);
  if (last === undefined) return value;
  const parent = node as Record<string | number, unknown>;
  if (remove) {
    if (Array.isArray(parent)) parent.splice(Number(last), 1);
    else delete parent[last];
  } else parent[last] = value;
  return copy;
};

/** Adds a field at a random object of the document (the root when it has no object inside). */
const addField = (document: unknown, pick: number, key: string, value: unknown): unknown => {
  const objects = [[], ...pathsOf(document)].filter((path) => {
    let node: unknown = document;
    for (const step of path) node = (node as Record<string | number, unknown>)[step];
    return isObject(node);
  });
  const path = objects[pick % Math.max(objects.length, 1)] ?? [];
  const copy = clone(document);
  let node: unknown = copy;
  for (const step of path) node = (node as Record<string | number, unknown>)[step];
  if (isObject(node)) node[key] = value;
  return copy;
};

const sampleBody = (route: AnyHttpRoute): unknown =>
  route.request.body === undefined ? undefined : clone(SAMPLE_BODIES[route.operationId] ?? {});

/** Bodies: valid, broken in one field, extended, malformed, huge, deep, oddly encoded. */
const bodyCase = (route: AnyHttpRoute): fc.Arbitrary<{ family: string; body: BodyCase }> => {
  const sample = sampleBody(route);
  const paths = pathsOf(sample);
  const json = (family: string, value: unknown) => ({ family, body: { kind: 'json' as const, value } });
  const withPath = <T>(make: (path: (string | number)[]) => fc.Arbitrary<T>): fc.Arbitrary<T> | undefined =>
    paths.length === 0 ? undefined : fc.constantFrom(...paths).chain(make);
  const options: fc.WeightedArbitrary<{ family: string; body: BodyCase }>[] = [
    {
      weight: 3,
      arbitrary: fc.constant(
        sample === undefined ? { family: 'valid', body: { kind: 'none' } } : json('valid', sample),
      ),
    },
    { weight: 1, arbitrary: fc.constant({ family: 'no body', body: { kind: 'none' } }) },
    {
      weight: 3,
      arbitrary: fc
        .tuple(
          fc.nat(),
          fc.oneof(fc.string({ maxLength: 12 }), fc.constantFrom('__proto__', 'constructor', '')),
          wrongValue,
        )
        .map(([pick, key, value]) => json('extra field', addField(sample ?? {}, pick, key, value))),
    },
    { weight: 2, arbitrary: jsonValue.map((value) => json('random JSON', value)) },
    {
      weight: 3,
      arbitrary: fc
        .oneof(
          fc.constantFrom(
            '{',
            '{"a":',
            '[1,]',
            '{"a":1,}',
            "{'a':1}",
            'nul',
            'NaN',
            '{"a":1}{',
            '"\\x41"',
            '\u0000',
          ),
          fc.string({ maxLength: 60 }),
          fc.nat().map((cut) => {
            const text = JSON.stringify(sample ?? { a: 1 });
            return text.slice(0, cut % Math.max(text.length, 1));
          }),
        )
        .map((text) => ({ family: 'malformed JSON', body: { kind: 'text' as const, text } })),
    },
    {
      weight: 2,
      arbitrary: fc
        .tuple(fc.constantFrom(...INVALID_UTF8), fc.constantFrom(...paths.map(String), 'x'))
        .map(([bytes]) => {
          const before = [...Buffer.from('{"a":"')];
          const after = [...Buffer.from('"}')];
          return {
            family: 'invalid UTF-8',
            body: { kind: 'bytes' as const, bytes: [...before, ...bytes, ...after] },
          };
        }),
    },
    {
      weight: 1,
      arbitrary: fc
        .tuple(fc.integer({ min: 60_000, max: 3_000_000 }), fc.boolean())
        .map(([bytes, inside]) => ({ family: 'huge body', body: { kind: 'huge' as const, bytes, inside } })),
    },
    {
      weight: 1,
      arbitrary: fc
        .tuple(
          fc.constantFrom(100, 1_000, 10_000),
          fc.constantFrom('array' as const, 'object' as const),
          fc.boolean(),
        )
        .map(([depth, shape, underField]) => ({
          family: 'deep body',
          body: { kind: 'deep' as const, depth, shape, underField },
        })),
    },
  ];
  const wrongType = withPath((path) =>
    wrongValue.map((value) => json('wrong type', edit(sample, path, value))),
  );
  const oddUnicode = withPath((path) =>
    oddString.map((value) => json('odd unicode', edit(sample, path, value))),
  );
  const missing = withPath((path) => fc.constant(json('missing field', edit(sample, path, undefined, true))));
  if (wrongType !== undefined) options.push({ weight: 5, arbitrary: wrongType });
  if (oddUnicode !== undefined) options.push({ weight: 4, arbitrary: oddUnicode });
  if (missing !== undefined) options.push({ weight: 2, arbitrary: missing });
  return fc.oneof(...options);
};

const tokenCase: fc.Arbitrary<{ family: string | null; token: TokenCase }> = fc.oneof(
  { weight: 14, arbitrary: fc.constant({ family: null, token: { kind: 'allowed' as const } }) },
  {
    weight: 3,
    arbitrary: fc
      .constantFrom(...HTTP_ROLES)
      .map((role) => ({ family: 'any role', token: { kind: 'role' as const, role } })),
  },
  {
    weight: 3,
    arbitrary: fc
      .constantFrom('none', 'expired', 'wrongAudience', 'wrongIssuer', 'foreignKey', 'tampered', 'algNone')
      .map((kind) => ({ family: 'bad token', token: { kind } as TokenCase })),
  },
  {
    weight: 1,
    arbitrary: fc
      .oneof(
        fc.constantFrom(
          'Bearer',
          'Bearer ',
          'Basic YWxhZGRpbjpvcGVuc2VzYW1l',
          'bearer a.b.c',
          'Bearer a.b',
          'Bearer ...',
        ),
        fc.string({ maxLength: 40 }).map((text) => `Bearer ${text}`),
      )
      .map((header) => ({ family: 'bad token', token: { kind: 'raw' as const, header } })),
  },
);

/** Header text a client can put on the wire (no control characters, Latin-1 at most). */
const headerText = fc
  .string({
    unit: fc
      .integer({ min: 0x20, max: 0xff })
      .filter((code) => code !== 0x7f)
      .map((code) => String.fromCharCode(code)),
    maxLength: 60,
  })
  .map((text) => text.trim());

const ifMatchCase = fc.oneof(
  { weight: 12, arbitrary: fc.constant(null) },
  {
    weight: 1,
    arbitrary: fc.constantFrom(
      '"1"',
      '"0"',
      '"-1"',
      '*',
      'W/"1"',
      '"99999999999999999999"',
      '"1.5"',
      '1',
      '""',
      '"1", "2"',
    ),
  },
  { weight: 1, arbitrary: headerText },
);

const idempotencyKeyCase = fc.oneof(
  { weight: 10, arbitrary: fc.constant(null) },
  { weight: 2, arbitrary: fc.constantFrom('fuzz-key-1', 'fuzz-key-2', 'fuzz-key-3') },
  { weight: 1, arbitrary: fc.constantFrom('', ' ', 'a'.repeat(201), 'clé', 'a b', 'x\u00ff') },
  { weight: 1, arbitrary: headerText },
);

const contentTypeCase = fc.oneof(
  { weight: 12, arbitrary: fc.constant('application/json') },
  {
    weight: 1,
    arbitrary: fc.constantFrom(
      null,
      'text/plain',
      'application/x-www-form-urlencoded',
      'application/json; charset=latin1',
      'application/problem+json',
      'APPLICATION/JSON',
      'application/jsonx',
    ),
  },
);

/** A path parameter as a client may send it (percent-encoded where a raw character would not pass). */
const rawParameter = fc.oneof(
  fc.constantFrom(
    '',
    '%',
    '%zz',
    '%00',
    '%2F',
    '..',
    '.',
    '%2e%2e',
    'a%20b',
    '%C0%AF',
    '%ED%A0%80',
    'x'.repeat(3_000),
    '-1',
    '0',
    '99999999999999999999',
    '1.5',
    'FM',
    'ZZ',
  ),
  oddString.map((text) => encodeURIComponent(text.replace(/[\uD800-\uDFFF]/g, 'x'))),
);

const webhookCase = fc.oneof(
  {
    weight: 2,
    arbitrary: fc
      .constantFrom('msg_fuzz_1', 'msg_fuzz_2')
      .map((webhookId) => ({ kind: 'signed' as const, webhookId })),
  },
  { weight: 2, arbitrary: fc.uuid().map((webhookId) => ({ kind: 'signed' as const, webhookId })) },
  {
    weight: 2,
    arbitrary: fc
      .record(
        {
          'webhook-id': headerText,
          'webhook-timestamp': fc.oneof(headerText, fc.integer().map(String)),
          'webhook-signature': fc.oneof(headerText, fc.constant('v1,AAAA')),
        },
        { requiredKeys: [] },
      )
      .map((headers) => ({ kind: 'headers' as const, headers })),
  },
);

/** The arbitrary of hostile requests over `routes` (the real route table). */
export const fuzzCaseArbitrary = (routes: readonly AnyHttpRoute[]): fc.Arbitrary<FuzzCase> =>
  fc.nat({ max: routes.length - 1 }).chain((routeIndex) => {
    const route = routes[routeIndex] as AnyHttpRoute;
    const names = pathParameterNames(route.path);
    const pathCase: fc.Arbitrary<PathCase> = fc.oneof(
      { weight: 8, arbitrary: fc.constant({ kind: 'sample' as const }) },
      ...(names.length > 0
        ? [
            {
              weight: 2,
              arbitrary: fc
                .tuple(fc.constantFrom(...names), rawParameter)
                .map(([name, raw]) => ({ kind: 'param' as const, name, raw })),
            },
          ]
        : []),
      { weight: 1, arbitrary: fc.constant({ kind: 'unknown' as const }) },
    );
    const method = fc.oneof(
      { weight: 12, arbitrary: fc.constant(route.method) },
      { weight: 1, arbitrary: fc.constantFrom('GET', 'POST', 'PUT', 'PATCH', 'DELETE') },
    );
    return fc
      .record({
        method,
        path: pathCase,
        token: tokenCase,
        body: bodyCase(route),
        contentType: contentTypeCase,
        ifMatch: ifMatchCase,
        idempotencyKey: idempotencyKeyCase,
        webhook: webhookCase,
      })
      .map(({ token, body, ...rest }): FuzzCase => {
        const family = [
          body.family,
          token.family,
          rest.path.kind === 'sample' ? null : `${rest.path.kind} path`,
          rest.method === route.method ? null : 'other method',
          rest.contentType === 'application/json' ? null : 'content type',
          rest.ifMatch === null ? null : 'If-Match',
          rest.idempotencyKey === null ? null : 'Idempotency-Key',
        ]
          .filter((part): part is string => part !== null)
          .join(' + ');
        return { ...rest, family, routeIndex, token: token.token, body: body.body };
      });
  });

const deepDocument = (depth: number, shape: 'array' | 'object'): string =>
  shape === 'array'
    ? `${'['.repeat(depth)}${']'.repeat(depth)}`
    : `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`;

/** Wraps a raw JSON fragment under the first field of a sample body (or `"a"`). */
const underFirstField = (route: AnyHttpRoute, fragment: string): string => {
  const sample = sampleBody(route);
  const field = isObject(sample) ? (Object.keys(sample)[0] ?? 'a') : 'a';
  return `{${JSON.stringify(field)}:${fragment}}`;
};

const bodyBytes = (route: AnyHttpRoute, body: BodyCase): Buffer | undefined => {
  switch (body.kind) {
    case 'none':
      return undefined;
    case 'json':
      return body.value === undefined ? undefined : Buffer.from(JSON.stringify(body.value));
    case 'text':
      return Buffer.from(body.text);
    case 'bytes':
      return Buffer.from(body.bytes);
    case 'huge': {
      const filler = 'x'.repeat(body.bytes);
      return Buffer.from(
        body.inside ? underFirstField(route, JSON.stringify(filler)) : JSON.stringify([filler]),
      );
    }
    case 'deep': {
      const document = deepDocument(body.depth, body.shape);
      return Buffer.from(body.underField ? underFirstField(route, document) : document);
    }
  }
};

const tamper = (token: string): string => {
  const last = token.at(-2) === 'A' ? 'B' : 'A';
  return `${token.slice(0, -2)}${last}${token.at(-1)}`;
};

const unsigned = (token: string): string => {
  const [, payload] = token.split('.');
  const header = Buffer.from(JSON.stringify({ alg: 'none', typ: 'JWT' })).toString('base64url');
  return `${header}.${payload}.`;
};

const authorization = (route: AnyHttpRoute, token: TokenCase, tokens: FuzzTokens): string | undefined => {
  const allowed =
    'roles' in route.access && route.access.roles.length > 0
      ? (route.access.roles[0] as HttpRole)
      : 'ministry';
  const valid = tokens.byRole[allowed];
  switch (token.kind) {
    case 'allowed':
      return `Bearer ${valid}`;
    case 'role':
      return `Bearer ${tokens.byRole[token.role]}`;
    case 'none':
      return undefined;
    case 'tampered':
      return `Bearer ${tamper(valid)}`;
    case 'algNone':
      return `Bearer ${unsigned(valid)}`;
    case 'raw':
      return token.header;
    default:
      return `Bearer ${tokens[token.kind]}`;
  }
};

/** Builds the bytes and headers of a case; `sign` signs a webhook body (Standard Webhooks). */
export const materialize = (
  fuzzCase: FuzzCase,
  routes: readonly AnyHttpRoute[],
  tokens: FuzzTokens,
  correlationId: string,
  sign: (webhookId: string, body: string) => Record<string, string>,
): WireRequest => {
  const route = routes[fuzzCase.routeIndex] as AnyHttpRoute;
  const parameters = samplePathParameters('FM');
  let path: string;
  if (fuzzCase.path.kind === 'unknown') path = `${route.path.replace(/\{[^}]+\}/g, 'x')}/nowhere`;
  else {
    path = route.path;
    for (const name of pathParameterNames(route.path)) {
      const value =
        fuzzCase.path.kind === 'param' && fuzzCase.path.name === name
          ? fuzzCase.path.raw
          : encodeURIComponent(parameters[name] ?? 'x');
      path = path.replace(`{${name}}`, value);
    }
  }
  const body = bodyBytes(route, fuzzCase.body);
  const headers: Record<string, string> = { 'x-correlation-id': correlationId };
  if (fuzzCase.contentType !== null && body !== undefined) headers['content-type'] = fuzzCase.contentType;
  if (fuzzCase.ifMatch !== null) headers['if-match'] = fuzzCase.ifMatch;
  if (fuzzCase.idempotencyKey !== null) headers['idempotency-key'] = fuzzCase.idempotencyKey;
  if ('signature' in route.access) {
    if (fuzzCase.webhook.kind === 'signed') {
      Object.assign(headers, sign(fuzzCase.webhook.webhookId, body?.toString('utf8') ?? ''));
    } else Object.assign(headers, fuzzCase.webhook.headers);
  } else {
    const header = authorization(route, fuzzCase.token, tokens);
    if (header !== undefined) headers.authorization = header;
  }
  return { method: fuzzCase.method, path, headers, body };
};
