import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isInvalidEventPatternError } from '../../../../../functions/application/bus/errors.js';
import {
  compilePattern,
  matchesPattern,
  validatePattern,
} from '../../../../../functions/application/bus/pattern.js';
import { busEvent } from '../../../../support/bus-events.js';

describe('validatePattern', () => {
  it.each([
    ['a non-object', ['source']],
    ['an empty pattern', {}],
    ['an empty value list', { source: [] }],
    ['a bare string value', { source: 'naseej' }],
    ['cidr (not supported locally)', { detail: { ip: [{ cidr: '10.0.0.0/24' }] } }],
    ['an unknown operator', { source: [{ contains: 'naseej' }] }],
    ['two operators in one object', { source: [{ prefix: 'a', suffix: 'b' }] }],
    ['anything-but a mixed list', { source: [{ 'anything-but': ['a', 1] }] }],
    ['anything-but a list of prefixes', { source: [{ 'anything-but': { prefix: ['a', 'b'] } }] }],
    ['numeric out of bounds', { n: [{ numeric: ['<', 2e9] }] }],
    ['numeric with an empty range', { n: [{ numeric: ['>', 5, '<', 1] }] }],
    ['numeric with a wrong operator order', { n: [{ numeric: ['<', 5, '>', 1] }] }],
    ['exists with a string', { n: [{ exists: 'yes' }] }],
    ['consecutive wildcards', { n: [{ wildcard: 'a**b' }] }],
    ['a bad escape in a wildcard', { n: [{ wildcard: 'a\\b' }] }],
    ['$or with one alternative', { $or: [{ source: ['naseej'] }] }],
  ])('refuses %s', (_, pattern) => {
    expect(validatePattern(pattern).length).toBeGreaterThan(0);
  });

  it('accepts every operator the matcher supports', () => {
    const pattern = {
      source: ['naseej'],
      'detail-type': [{ prefix: 'Rollout' }, { suffix: { 'equals-ignore-case': 'launched' } }],
      detail: {
        version: [{ numeric: ['>=', 1, '<', 100] }],
        streamId: [{ wildcard: 'rollout-*' }, { 'anything-but': { wildcard: ['x*', 'y*'] } }],
        causationId: [null, { exists: false }],
        $or: [
          { type: [{ 'equals-ignore-case': 'rolloutlaunched' }] },
          { schemaVersion: [{ 'anything-but': [3, 4] }] },
        ],
      },
    };
    expect(validatePattern(pattern)).toEqual([]);
  });

  it('names the path of each problem', () => {
    expect(validatePattern({ detail: { data: { amount: [{ numeric: ['~', 1] }] } } })).toEqual([
      expect.objectContaining({ path: 'detail.data.amount[0]' }),
    ]);
  });

  it('makes compilePattern throw a typed error', () => {
    expect.assertions(2);
    try {
      compilePattern({ source: [{ cidr: '10.0.0.0/8' }] });
    } catch (error) {
      expect(isInvalidEventPatternError(error)).toBe(true);
      expect((error as Error).message).toContain('cidr');
    }
  });
});

describe('matching Naseej bus events', () => {
  it('matches on the envelope inside detail', () => {
    const pattern = {
      source: ['naseej'],
      'detail-type': ['RolloutLaunched'],
      detail: { data: { regionCode: ['FM'] } },
    };
    expect(matchesPattern(pattern, busEvent())).toBe(true);
    expect(matchesPattern(pattern, busEvent({ data: { regionCode: 'GON' } }))).toBe(false);
  });

  it('matches a nested pattern against one element of an array of objects', () => {
    const event = {
      detail: {
        signatories: [
          { role: 'wali', signed: false },
          { role: 'ministry', signed: true },
        ],
      },
    };
    expect(matchesPattern({ detail: { signatories: { role: ['ministry'], signed: [true] } } }, event)).toBe(
      true,
    );
    expect(matchesPattern({ detail: { signatories: { role: ['wali'], signed: [true] } } }, event)).toBe(
      false,
    );
  });

  it('does not match anything-but on a missing field', () => {
    expect(matchesPattern({ detail: { state: [{ 'anything-but': 'x' }] } }, { detail: {} })).toBe(false);
  });

  it('escapes a literal star in a wildcard', () => {
    expect(matchesPattern({ name: [{ wildcard: 'a\\*b' }] }, { name: 'a*b' })).toBe(true);
    expect(matchesPattern({ name: [{ wildcard: 'a\\*b' }] }, { name: 'axb' })).toBe(false);
  });

  it('treats regular-expression characters in a wildcard literally', () => {
    expect(matchesPattern({ name: [{ wildcard: 'a.b*' }] }, { name: 'a.bc' })).toBe(true);
    expect(matchesPattern({ name: [{ wildcard: 'a.b*' }] }, { name: 'axbc' })).toBe(false);
  });
});

describe('properties', () => {
  const leaf = fc.oneof(fc.string(), fc.integer({ min: -1000, max: 1000 }), fc.boolean(), fc.constant(null));
  const flatEvent = fc.dictionary(fc.stringMatching(/^[a-z]{1,8}$/), leaf, { minKeys: 1 });

  it('an event matches the pattern made of its own values', () => {
    fc.assert(
      fc.property(flatEvent, (event) => {
        const pattern = Object.fromEntries(Object.entries(event).map(([key, value]) => [key, [value]]));
        return matchesPattern(pattern, event);
      }),
    );
  });

  it('anything-but its own string or number never matches', () => {
    fc.assert(
      fc.property(
        fc.oneof(fc.string(), fc.integer({ min: -1000, max: 1000 })),
        (value) => !matchesPattern({ field: [{ 'anything-but': value }] }, { field: value }),
      ),
    );
  });

  it('prefix of a value matches it, whatever its case with equals-ignore-case', () => {
    fc.assert(
      fc.property(fc.string({ minLength: 1 }), fc.nat(), (value, cut) => {
        const prefix = value.slice(0, cut % (value.length + 1));
        return (
          matchesPattern({ field: [{ prefix }] }, { field: value }) &&
          matchesPattern(
            { field: [{ prefix: { 'equals-ignore-case': prefix.toUpperCase() } }] },
            { field: value.toLowerCase() },
          )
        );
      }),
    );
  });
});
