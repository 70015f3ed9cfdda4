import { describe, expect, it } from 'vitest';
import { RegionCode } from '../../../../../events/reference.js';
import { roleCovers } from '../../../../../functions/adapters/http/access.js';
import {
  CLAIM,
  checkTokenTimes,
  claimsToRead,
  HTTP_ROLES,
  parseListClaim,
  principalFromClaims,
} from '../../../../../functions/adapters/http/claims.js';
import { isHttpError } from '../../../../../functions/adapters/http/problem.js';

const refusal = (act: () => unknown) => {
  try {
    act();
  } catch (error) {
    if (isHttpError(error)) return { status: error.status, code: error.code, detail: error.message };
    throw error;
  }
  throw new Error('expected a refusal');
};

describe('list claims', () => {
  it.each([
    ['a JSON array', ['FM', 'CS'], ['FM', 'CS']],
    ['the HTTP API flattened form', '[FM CS]', ['FM', 'CS']],
    ['a JSON array in a string', '["FM","CS"]', ['FM', 'CS']],
    ['one flattened value', '[FM]', ['FM']],
    ['an empty flattened list', '[]', []],
    ['a repeated value, once', ['FM', 'FM'], ['FM']],
    ['nothing', undefined, []],
  ])('reads %s', (_name, value, expected) => {
    expect(parseListClaim(CLAIM.regions, value, RegionCode.options)).toEqual(expected);
  });

  it.each([
    ['an item holding a space', ['FM CS']],
    ['an item holding a comma', ['FM,CS']],
    ['an item with a trailing space', ['FM ']],
    ['the flattened form with a comma', '[FM,CS]'],
    ['the flattened form with commas and spaces', '[FM, CS]'],
    ['the flattened form with two spaces', '[FM  CS]'],
    ['the flattened form with a trailing space', '[FM ]'],
    ['a plain value', 'FM'],
    ['a space-separated list', 'FM CS'],
    ['an unknown code', ['FM', 'XX']],
    ['a number', 42],
    ['a number in the list', [42]],
    ['an object', { FM: true }],
  ])('refuses %s with 401', (_name, value) => {
    expect(refusal(() => parseListClaim(CLAIM.regions, value, RegionCode.options))).toMatchObject({
      status: 401,
      code: 'INVALID_TOKEN',
    });
  });

  it('names the claim and the value it refuses', () => {
    expect(refusal(() => parseListClaim(CLAIM.roles, ['reader ministry'], HTTP_ROLES)).detail).toBe(
      'The token\'s naseej:roles claim holds "reader ministry", which is not one of: ministry, coordinator, ' +
        'committee-member, partner, finance-preparer, finance-approver, finance-payer, signatory, reader, association',
    );
  });
});

describe('the principal from claims', () => {
  it('reads the regions of a signatory (the Wali, the Regional Council), who signs for its region', () => {
    expect(
      principalFromClaims({ sub: 'w', [CLAIM.roles]: ['signatory'], [CLAIM.regions]: ['FM'] }).regions,
    ).toEqual(['FM']);
    expect(
      principalFromClaims({ sub: 'r', [CLAIM.roles]: ['reader'], [CLAIM.regions]: ['FM'] }).regions,
    ).toEqual([]);
  });

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

  it.each([
    ['a role and another in one item', { [CLAIM.roles]: ['reader ministry'] }],
    ['a role and another joined by a comma', { [CLAIM.roles]: ['reader,ministry'] }],
    ['a role with a trailing space', { [CLAIM.roles]: ['ministry '] }],
    ['flattened roles joined by a comma', { [CLAIM.roles]: '[reader,ministry]' }],
    ['flattened roles with a trailing space', { [CLAIM.roles]: '[ministry ]' }],
    ['two regions in one item', { [CLAIM.roles]: ['coordinator'], [CLAIM.regions]: ['FM CS'] }],
    ['an unknown role', { [CLAIM.roles]: ['coordinator', 'admin'] }],
    ['the platform role', { [CLAIM.roles]: ['system'] }],
    ['a role as a plain string', { [CLAIM.roles]: 'ministry' }],
    ['an unknown region', { [CLAIM.roles]: ['coordinator'], [CLAIM.regions]: '[FM XX]' }],
    ['an association as a list', { [CLAIM.roles]: ['partner'], [CLAIM.association]: ['assoc-amsed'] }],
  ])('refuses %s with 401, granting nothing', (_name, claims) => {
    expect(refusal(() => principalFromClaims({ sub: 'u1', ...claims }))).toMatchObject({
      status: 401,
      code: 'INVALID_TOKEN',
    });
  });

  it('gives regions only to coordinators and signatories', () => {
    expect(
      principalFromClaims({ sub: 'u1', [CLAIM.roles]: ['ministry'], [CLAIM.regions]: ['FM'] }).regions,
    ).toEqual([]);
    expect(
      principalFromClaims({ sub: 'w1', [CLAIM.roles]: ['signatory'], [CLAIM.regions]: ['FM'] }).regions,
    ).toEqual(['FM']);
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

  it('reads the association an association token acts for, and covers that association only', () => {
    const association = principalFromClaims({
      sub: 'amsed-secretary',
      [CLAIM.roles]: '[association]',
      [CLAIM.association]: 'assoc-amsed',
    });
    expect(association.association).toBe('assoc-amsed');
    expect(roleCovers('association', association, { associationId: 'assoc-amsed', region: 'FM' })).toBe(true);
    expect(roleCovers('association', association, { associationId: 'assoc-atlas', region: 'FM' })).toBe(
      false,
    );
    expect(roleCovers('association', association, { region: 'FM' })).toBe(false);
    const unnamed = principalFromClaims({ sub: 'someone', [CLAIM.roles]: '[association]' });
    expect(unnamed.association).toBeUndefined();
    expect(roleCovers('association', unnamed, { associationId: 'assoc-amsed' })).toBe(false);
    // A partner's association claim does not make it an association.
    const partner = principalFromClaims({
      sub: 'p1',
      [CLAIM.roles]: '[partner]',
      [CLAIM.association]: 'assoc-amsed',
      [CLAIM.rollout]: 'rollout-FM-2026',
    });
    expect(partner.association).toBeUndefined();
  });

  it('refuses claims without a subject with a 401', () => {
    expect(refusal(() => principalFromClaims({ [CLAIM.roles]: ['ministry'] })).status).toBe(401);
  });
});

/** A bearer token whose payload is `payload` as given (the authorizer checked the signature). */
const bearer = (payloadJson: string) =>
  `Bearer ${Buffer.from('{"alg":"RS256","typ":"JWT"}').toString('base64url')}.${Buffer.from(payloadJson).toString('base64url')}.c2lnbmF0dXJl`;

describe('the claims read: the verified token itself when the request carries it', () => {
  const authorizerClaims = {
    sub: 'u1',
    iat: '1780000000',
    exp: '1780003600',
    [CLAIM.roles]: '[reader ministry]',
  };

  it('reads the exact items of the token, so one item holding two roles is refused', () => {
    // Prepare
    const payload = '{"sub":"u1","iat":1780000000,"exp":1780003600,"naseej:roles":["reader ministry"]}';

    // Act
    const claims = claimsToRead(authorizerClaims, bearer(payload));

    // Assess
    expect(claims[CLAIM.roles]).toEqual(['reader ministry']);
    expect(refusal(() => principalFromClaims(claims))).toMatchObject({ status: 401, code: 'INVALID_TOKEN' });
  });

  it('reads two roles that the flattened form shows the same way', () => {
    const payload = '{"sub":"u1","iat":1780000000,"exp":1780003600,"naseej:roles":["reader","ministry"]}';
    expect(principalFromClaims(claimsToRead(authorizerClaims, bearer(payload))).roles).toEqual([
      'reader',
      'ministry',
    ]);
  });

  it.each([
    ['says other roles', '{"sub":"u1","iat":1780000000,"exp":1780003600,"naseej:roles":["ministry"]}'],
    [
      'names another subject',
      '{"sub":"u2","iat":1780000000,"exp":1780003600,"naseej:roles":["reader","ministry"]}',
    ],
    [
      'adds a region',
      '{"sub":"u1","iat":1780000000,"exp":1780003600,"naseej:roles":["reader","ministry"],"naseej:regions":["FM"]}',
    ],
  ])('refuses a token that %s than the authorizer verified with 401', (_name, payload) => {
    expect(refusal(() => claimsToRead(authorizerClaims, bearer(payload)))).toEqual({
      status: 401,
      code: 'INVALID_TOKEN',
      detail: 'The bearer token is not the one that was verified',
    });
  });

  it('refuses a token that names a claim twice with 401', () => {
    const payload =
      '{"sub":"u1","iat":1780000000,"exp":1780003600,"naseej:roles":["ministry"],"naseej:roles":["reader","ministry"]}';
    expect(refusal(() => claimsToRead(authorizerClaims, bearer(payload)))).toEqual({
      status: 401,
      code: 'INVALID_TOKEN',
      detail: 'The token names a claim twice',
    });
  });

  it('agrees with the claims however the authorizer renders a list', () => {
    // Prepare
    const payload = '{"sub":"u1","iat":1780000000,"exp":1780003600,"naseej:roles":["reader","ministry"]}';
    const renderings = ['[reader ministry]', '[reader, ministry]', '["reader","ministry"]'];

    // Act
    const read = renderings.map((roles) =>
      claimsToRead({ ...authorizerClaims, [CLAIM.roles]: roles }, bearer(payload)),
    );

    // Assess
    for (const claims of read) expect(claims[CLAIM.roles]).toEqual(['reader', 'ministry']);
  });

  it("reads the authorizer's claims when the request carries no bearer token", () => {
    expect(claimsToRead(authorizerClaims, undefined)).toBe(authorizerClaims);
  });
});

describe('token times', () => {
  const now = 1_780_000_000;

  it.each([
    ['an hour-long token issued now', { iat: now, exp: now + 3600 }],
    ['a 24-hour token', { iat: now - 10, exp: now - 10 + 86_400 }],
    ['a token issued within the minute of clock skew', { iat: now + 60, exp: now + 3600 }],
    ['times as the authorizer passes them, in strings', { iat: String(now), exp: String(now + 3600) }],
  ])('accepts %s', (_name, claims) => {
    expect(() => checkTokenTimes(claims, now)).not.toThrow();
  });

  it.each([
    ['a token issued a year ahead', { iat: now + 365 * 86_400, exp: now + 365 * 86_400 + 3600 }],
    ['a token issued 61 seconds ahead', { iat: now + 61, exp: now + 3600 }],
    ['a token valid for 50 years', { iat: now, exp: now + 50 * 365 * 86_400 }],
    ['a token valid for a second over 24 hours', { iat: now, exp: now + 86_401 }],
    ['a token that expires before it is issued', { iat: now, exp: now - 1 }],
    ['a token without iat', { exp: now + 3600 }],
    ['a token without exp', { iat: now }],
    ['times that are not numbers', { iat: 'yesterday', exp: now + 3600 }],
  ])('refuses %s with 401', (_name, claims) => {
    expect(refusal(() => checkTokenTimes(claims, now))).toMatchObject({ status: 401, code: 'INVALID_TOKEN' });
  });

  it('says why a long-lived token is refused and what to do', () => {
    expect(refusal(() => checkTokenTimes({ iat: now, exp: now + 50 * 365 * 86_400 }, now)).detail).toBe(
      'The token is valid for longer than this server accepts (24 hours at most, from iat to exp); ' +
        'sign in again or mint a shorter one',
    );
  });
});
