import { describe, expect, it } from 'vitest';
import { httpError, toProblem } from '../../../../../functions/adapters/http/problem.js';
import {
  concurrencyError,
  storeUnavailableError,
} from '../../../../../functions/application/ports/event-store-errors.js';
import { domainError } from '../../../../../functions/domain/shared/errors.js';

describe('problem mapping', () => {
  it.each([
    ['invalid', 422],
    ['forbidden', 403],
    ['not-found', 404],
    ['conflict', 409],
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
