import { describe, expect, it } from 'vitest';
import { CLAIM, parseListClaim, principalFromClaims } from '../../../functions/http/claims.js';
import { isHttpError } from '../../../functions/http/problem.js';

describe('list claims', () => {
  it.each([
    ['a JSON array', ['FM', 'CS'], ['FM', 'CS']],
    ['the HTTP API flattened form', '[FM CS]', ['FM', 'CS']],
    ['the flattened form with commas', '[FM, CS]', ['FM', 'CS']],
    ['a JSON array in a string', '["FM","CS"]', ['FM', 'CS']],
    ['one flattened value', '[FM]', ['FM']],
    ['a plain value', 'FM', ['FM']],
    ['a space-separated list', 'FM CS', ['FM', 'CS']],
    ['an empty flattened list', '[]', []],
    ['nothing', undefined, []],
    ['a number', 42, []],
  ])('reads %s', (_name, value, expected) => {
    expect(parseListClaim(value)).toEqual(expected);
  });
});

describe('the principal from claims', () => {
  it('reads roles and regions of a coordinator in both forms alike', () => {
    // Prepare
    const fromToken = { sub: 'u1', [CLAIM.roles]: ['coordinator', 'reader'], [CLAIM.regions]: ['FM', 'CS'] };
    const fromApiGateway = { sub: 'u1', [CLAIM.roles]: '[coordinator reader]', [CLAIM.regions]: '[FM CS]' };

    // Act
    const principals = [principalFromClaims(fromToken), principalFromClaims(fromApiGateway)];

    // Assess
    for (const principal of principals) {
      expect(principal).toEqual({
        subject: 'u1',
        roles: ['coordinator', 'reader'],
        regions: ['FM', 'CS'],
        partner: undefined,
      });
    }
  });

  it('ignores unknown roles, unknown regions and the system role', () => {
    const principal = principalFromClaims({
      sub: 'u1',
      [CLAIM.roles]: '[coordinator admin system]',
      [CLAIM.regions]: '[FM XX]',
    });
    expect(principal.roles).toEqual(['coordinator']);
    expect(principal.regions).toEqual(['FM']);
  });

  it('gives regions only to coordinators', () => {
    expect(
      principalFromClaims({ sub: 'u1', [CLAIM.roles]: 'ministry', [CLAIM.regions]: 'FM' }).regions,
    ).toEqual([]);
  });

  it('reads a partner scope only when both the association and the rollout are there', () => {
    const scoped = principalFromClaims({
      sub: 'p1',
      [CLAIM.roles]: '[partner]',
      [CLAIM.association]: 'assoc-amsed',
      [CLAIM.rollout]: 'rollout-FM-2026',
    });
    const unscoped = principalFromClaims({
      sub: 'p1',
      [CLAIM.roles]: '[partner]',
      [CLAIM.association]: 'assoc-amsed',
    });
    expect(scoped.partner).toEqual({ associationId: 'assoc-amsed', rolloutId: 'rollout-FM-2026' });
    expect(unscoped.partner).toBeUndefined();
  });

  it('refuses claims without a subject with a 401', () => {
    let thrown: unknown;
    try {
      principalFromClaims({ [CLAIM.roles]: ['ministry'] });
    } catch (error) {
      thrown = error;
    }
    expect(isHttpError(thrown) && thrown.status).toBe(401);
  });
});
