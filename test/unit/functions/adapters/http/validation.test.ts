import { describe, expect, it } from 'vitest';
import * as z from 'zod';
import { parseJsonBody } from '../../../../../functions/adapters/http/body.js';
import { isHttpError } from '../../../../../functions/adapters/http/problem.js';
import { validatePart } from '../../../../../functions/adapters/http/validation.js';

const refusal = (act: () => unknown) => {
  try {
    act();
  } catch (error) {
    if (isHttpError(error)) return error;
    throw error;
  }
  throw new Error('expected a refusal');
};

const Body = z.strictObject({
  label: z.string().min(1),
  targets: z.strictObject({ associations: z.number().int() }),
  'a/b': z.string().optional(),
});

describe('validation messages', () => {
  it('names each bad field with a pointer and why', () => {
    // Act
    const error = refusal(() =>
      validatePart('body', Body, { label: 3, targets: { associations: 2.5, extra: 1 }, 'a/b': 1 }),
    );

    // Assess
    expect(error.status).toBe(400);
    expect(error.code).toBe('VALIDATION_FAILED');
    expect(error.errors).toEqual([
      {
        pointer: '/body/label',
        field: 'body.label',
        reason: 'Invalid input: expected string, received number',
      },
      {
        pointer: '/body/targets/associations',
        field: 'body.targets.associations',
        reason: expect.stringMatching(/integer|int/),
      },
      {
        pointer: '/body/targets/extra',
        field: 'body.targets.extra',
        reason: 'Unknown field: it is not part of this request',
      },
      { pointer: '/body/a~1b', field: 'body.a/b', reason: 'Invalid input: expected string, received number' },
    ]);
    expect(error.message).toContain('body.label');
  });

  it('says a missing field is required', () => {
    const error = refusal(() => validatePart('body', Body, { targets: { associations: 1 } }));
    expect(error.errors).toEqual([
      { pointer: '/body/label', field: 'body.label', reason: expect.stringMatching(/^Required/) },
    ]);
  });

  it('returns the parsed value when it is valid', () => {
    expect(validatePart('body', Body, { label: 'x', targets: { associations: 1 } })).toEqual({
      label: 'x',
      targets: { associations: 1 },
    });
  });
});

describe('JSON bodies', () => {
  const json = 'application/json; charset=utf-8';

  it('parses JSON, in text or base64', () => {
    expect(parseJsonBody({ body: '{"a":"فاس"}', isBase64Encoded: false, contentType: json })).toEqual({
      a: 'فاس',
    });
    const base64 = Buffer.from('{"a":"فاس"}').toString('base64');
    expect(parseJsonBody({ body: base64, isBase64Encoded: true, contentType: json })).toEqual({ a: 'فاس' });
  });

  it('reads no body as undefined', () => {
    expect(
      parseJsonBody({ body: undefined, isBase64Encoded: false, contentType: undefined }),
    ).toBeUndefined();
  });

  it.each([
    [
      'too large',
      { body: JSON.stringify({ a: 'x'.repeat(100) }), isBase64Encoded: false, contentType: json },
      413,
      'PAYLOAD_TOO_LARGE',
    ],
    [
      'not JSON typed',
      { body: '{}', isBase64Encoded: false, contentType: 'text/plain' },
      415,
      'UNSUPPORTED_MEDIA_TYPE',
    ],
    ['malformed', { body: '{"a":', isBase64Encoded: false, contentType: json }, 400, 'MALFORMED_JSON'],
    [
      'invalid UTF-8',
      { body: Buffer.from([0x7b, 0xff, 0x7d]).toString('base64'), isBase64Encoded: true, contentType: json },
      400,
      'INVALID_UNICODE',
    ],
    [
      'a lone surrogate',
      { body: '{"a":"\\udc00"}', isBase64Encoded: false, contentType: json },
      400,
      'INVALID_UNICODE',
    ],
    [
      'a lone surrogate in a key',
      { body: '{"\\ud800":1}', isBase64Encoded: false, contentType: json },
      400,
      'INVALID_UNICODE',
    ],
  ])('refuses a body %s', (_name, raw, status, code) => {
    const error = refusal(() => parseJsonBody(raw, 64));
    expect({ status: error.status, code: error.code }).toEqual({ status, code });
  });

  it('refuses a document nested deeper than 32 levels with 400, before anything recursive reads it', () => {
    const deep = `${'['.repeat(10_000)}"x"${']'.repeat(10_000)}`;
    const error = refusal(() =>
      parseJsonBody({ body: deep, isBase64Encoded: false, contentType: json }, 100_000),
    );
    expect({ status: error.status, code: error.code }).toEqual({ status: 400, code: 'JSON_TOO_DEEP' });
  });

  it('reads a document nested exactly 32 levels', () => {
    const deepest = `${'['.repeat(32)}"x"${']'.repeat(32)}`;
    expect(() => parseJsonBody({ body: deepest, isBase64Encoded: false, contentType: json })).not.toThrow();
  });

  it('refuses a name repeated in one object, naming where', () => {
    const error = refusal(() =>
      parseJsonBody({
        body: '{"targets":{"associations":3,"associations":300}}',
        isBase64Encoded: false,
        contentType: json,
      }),
    );
    expect({ status: error.status, code: error.code, errors: error.errors }).toEqual({
      status: 400,
      code: 'DUPLICATE_JSON_KEY',
      errors: [
        {
          pointer: '/body/targets/associations',
          field: 'body.targets.associations',
          reason: 'This name appears more than once in its object',
        },
      ],
    });
  });
});
