import { describe, expect, it } from 'vitest';
import { httpError, toProblem } from '../../../../../functions/adapters/http/problem.js';
import {
  concurrencyError,
  storeUnavailableError,
} from '../../../../../functions/application/ports/event-store-errors.js';
import { domainError, fieldRefusal } from '../../../../../functions/domain/shared/errors.js';

describe('problem mapping', () => {
  it.each([
    ['invalid', 422],
    ['forbidden', 403],
    ['not-found', 404],
    ['conflict', 409],
    ['too-large', 413],
    ['unsupported-type', 415],
  ] as const)('answers a domain error of kind %s with %i and its code', (kind, status) => {
    const mapped = toProblem(domainError(kind, 'SOME_RULE', 'A rule said no', { limit: 3 }));
    expect(mapped.status).toBe(status);
    expect(mapped.problem).toMatchObject({
      status,
      code: 'SOME_RULE',
      detail: 'A rule said no',
      type: 'urn:naseej:problem:some-rule',
      details: { limit: 3 },
    });
    expect(mapped.unexpected).toBe(false);
  });

  it('answers a refused field as the HTTP layer answered it: the field and its own reason, no details', () => {
    // Act
    const mapped = toProblem(
      fieldRefusal(
        'unsupported-type',
        'UNSUPPORTED_DOCUMENT_TYPE',
        'contentType',
        '"application/msword" is not accepted; send one of application/pdf, image/jpeg, image/png',
      ),
    );

    // Assess: the body an `httpError(415, …, { errors })` of the route gave before (ADR 0141).
    expect(mapped).toEqual({
      status: 415,
      headers: {},
      unexpected: false,
      problem: {
        type: 'urn:naseej:problem:unsupported-document-type',
        title: 'Unsupported Media Type',
        status: 415,
        detail:
          'contentType: "application/msword" is not accepted; send one of application/pdf, image/jpeg, image/png',
        code: 'UNSUPPORTED_DOCUMENT_TYPE',
        errors: [
          {
            pointer: '/body/contentType',
            field: 'body.contentType',
            reason:
              '"application/msword" is not accepted; send one of application/pdf, image/jpeg, image/png',
          },
        ],
      },
    });
  });

  it('answers a file over its limit with 413 and a title that says so, nothing else', () => {
    const mapped = toProblem(
      domainError('too-large', 'DOCUMENT_TOO_LARGE', 'The file is 90 bytes, over 77; it was deleted'),
    );
    expect(mapped.problem).toEqual({
      type: 'urn:naseej:problem:document-too-large',
      title: 'Content Too Large',
      status: 413,
      detail: 'The file is 90 bytes, over 77; it was deleted',
      code: 'DOCUMENT_TOO_LARGE',
    });
  });

  it('answers a concurrency conflict with 409', () => {
    const mapped = toProblem(concurrencyError({ streamId: 's', expected: 2, actual: 3 }));
    expect(mapped.status).toBe(409);
    expect(mapped.problem.code).toBe('CONCURRENCY_CONFLICT');
  });

  it('answers an HTTP refusal as it is, with its field errors and headers', () => {
    const errors = [{ pointer: '/body/a', field: 'body.a', reason: 'Required' }];
    const mapped = toProblem(httpError(400, 'VALIDATION_FAILED', 'Bad', { errors, headers: { x: 'y' } }));
    expect(mapped).toMatchObject({ status: 400, headers: { x: 'y' }, problem: { errors } });
  });

  it('answers a busy store with 503 and Retry-After', () => {
    const mapped = toProblem(storeUnavailableError('throttled'));
    expect(mapped.status).toBe(503);
    expect(mapped.headers['retry-after']).toBe('1');
  });

  it.each([
    ['an Error', new Error('ECONNREFUSED 10.0.0.12:5432 password=hunter2')],
    ['a thrown string', 'secret internals'],
    ['a TypeError', new TypeError("Cannot read properties of undefined (reading 'region')")],
  ])('answers %s with a generic 500 that shows nothing of it', (_name, error) => {
    const mapped = toProblem(error);
    expect(mapped.status).toBe(500);
    expect(mapped.unexpected).toBe(true);
    const text = JSON.stringify(mapped.problem);
    expect(text).not.toMatch(/ECONNREFUSED|hunter2|secret|region|undefined/);
  });

  it('answers a deliberate 501 as it is, without counting it as a failure; a 503 still counts', () => {
    const notHere = toProblem(httpError(501, 'NO_PDF_RENDERER', 'PDFs are not rendered here'));
    const unavailable = toProblem(httpError(503, 'STORE_UNAVAILABLE', 'Try again'));
    expect([notHere.status, notHere.unexpected, notHere.problem.code]).toEqual([
      501,
      false,
      'NO_PDF_RENDERER',
    ]);
    expect([unavailable.status, unavailable.unexpected]).toEqual([503, true]);
  });
});
