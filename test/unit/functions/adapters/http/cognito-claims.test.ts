import { type CryptoKey, generateKeyPair, type JWTPayload, jwtVerify, SignJWT } from 'jose';
import { beforeAll, describe, expect, it } from 'vitest';
import { actingRole } from '../../../../../functions/adapters/http/access.js';
import {
  checkTokenTimes,
  claimsToRead,
  type Principal,
  principalFromClaims,
} from '../../../../../functions/adapters/http/claims.js';
import {
  isInvalidAccountError,
  naseejClaimsOf,
} from '../../../../../functions/adapters/http/cognito-claims.js';
import { lambdaHandler } from '../../../../../functions/adapters/http/lambda.js';
import { isHttpError } from '../../../../../functions/adapters/http/problem.js';
import { routes } from '../../../../../functions/adapters/http/routes/index.js';
import { InMemoryEventStore } from '../../../../../functions/adapters/in-memory/event-store.js';
import { InMemoryIdempotencyStore } from '../../../../../functions/adapters/in-memory/idempotency.js';
import {
  accessTokenClaimsOf,
  type PreTokenGenerationV2Event,
  handler as preTokenGeneration,
} from '../../../../../functions/handlers/pre-token-generation.js';
import { DevAuth } from '../../../../../local/dev-auth.js';
import { devTokenRequestFor } from '../../../../../local/dev-groups.js';
import { flattenClaimsLikeApiGateway } from '../../../../../local/http-server.js';
import { apiGatewayEvent, testLambdaContext } from '../../../../support/http-events.js';
import { tallyRoutes } from '../../../../support/http-test-routes.js';

// A Cognito user's groups and custom attributes → the pre token generation trigger → a real access
// token (RS256, signed with a test key, in the shape Cognito issues) → verified as the JWT
// authorizer verifies it → the principal the API acts on.

const ISSUER = 'https://cognito-idp.eu-west-3.amazonaws.com/eu-west-3_Test12345';
const CLIENT_ID = '5example0client0id0abc1234';
const ISSUED_AT = 1_780_000_000;
const NOW = ISSUED_AT + 60;
const SUB = '7c2a9e0e-51b4-4a8e-9f43-2b1d7c0e9a11';

let keys: { publicKey: CryptoKey; privateKey: CryptoKey };
beforeAll(async () => {
  keys = await generateKeyPair('RS256');
});

/** A V2_0 trigger event for a user, as Cognito sends it after a managed-login sign-in. */
const triggerEvent = (groups: string[], attributes: Record<string, string>): PreTokenGenerationV2Event => ({
  version: '2',
  triggerSource: 'TokenGeneration_HostedAuth',
  region: 'eu-west-3',
  userPoolId: 'eu-west-3_Test12345',
  userName: SUB,
  callerContext: { awsSdkVersion: 'aws-sdk-unknown-unknown', clientId: CLIENT_ID },
  request: {
    userAttributes: { sub: SUB, email: 'staff@example.ma', email_verified: 'true', ...attributes },
    groupConfiguration: { groupsToOverride: groups },
    scopes: ['openid', 'email'],
  },
  response: { claimsAndScopeOverrideDetails: {} },
});

/** Signs what Cognito would: its own access-token claims plus the trigger's, with `tokenUse`. */
const cognitoToken = async (
  groups: string[],
  added: Record<string, unknown>,
  tokenUse: 'access' | 'id' = 'access',
): Promise<string> =>
  new SignJWT({
    ...(tokenUse === 'access'
      ? { client_id: CLIENT_ID, scope: 'openid email', username: SUB }
      : { aud: CLIENT_ID, email: 'staff@example.ma', 'cognito:username': SUB }),
    'cognito:groups': groups,
    token_use: tokenUse,
    auth_time: ISSUED_AT,
    jti: '0f5d1c9e-6a8b-4f7e-9c21-3e4d5a6b7c8d',
    ...added,
  })
    .setProtectedHeader({ alg: 'RS256', kid: 'test-key' })
    .setSubject(SUB)
    .setIssuer(ISSUER)
    .setIssuedAt(ISSUED_AT)
    .setExpirationTime(ISSUED_AT + 3600)
    .sign(keys.privateKey);

/** What the JWT authorizer checks (signature, issuer), then what the API's authentication reads. */
const verify = async (token: string): Promise<{ claims: Record<string, string>; principal: Principal }> => {
  const { payload } = await jwtVerify(token, keys.publicKey, {
    issuer: ISSUER,
    currentDate: new Date(NOW * 1000),
  });
  const claims = flattenClaimsLikeApiGateway(payload as JWTPayload & Record<string, unknown>);
  const read = claimsToRead(claims, `Bearer ${token}`);
  checkTokenTimes(read, NOW);
  return { claims, principal: principalFromClaims(read) };
};

/** Signs in a user: the trigger's claims in a signed access token, verified and read. */
const signIn = async (groups: string[], attributes: Record<string, string> = {}) => {
  const event = await preTokenGeneration(triggerEvent(groups, attributes));
  const added =
    event.response.claimsAndScopeOverrideDetails?.accessTokenGeneration?.claimsToAddOrOverride ?? {};
  return verify(await cognitoToken(groups, added));
};

const api = lambdaHandler(tallyRoutes, {
  store: new InMemoryEventStore(),
  idempotency: new InMemoryIdempotencyStore(),
  clock: () => new Date(NOW * 1000).toISOString(),
  newId: () => 'id',
});

let requests = 0;

/** Calls a tally route as API Gateway does once its authorizer accepted `token` (a new key each time). */
const call = async (token: string, method: 'GET' | 'POST', path: string, body?: unknown) => {
  const route = tallyRoutes.find((candidate) => candidate.method === method && candidate.path === path);
  if (route === undefined) throw new Error(`no route ${method} ${path}`);
  const { payload } = await jwtVerify(token, keys.publicKey, {
    issuer: ISSUER,
    currentDate: new Date(NOW * 1000),
  });
  const response = await api(
    apiGatewayEvent(route, {
      claims: flattenClaimsLikeApiGateway(payload as Record<string, unknown>),
      headers: { authorization: `Bearer ${token}`, 'idempotency-key': `key-${++requests}` },
      pathParameters: { tallyId: 't1' },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    }),
    testLambdaContext(),
  );
  return { status: response.statusCode, code: (JSON.parse(response.body ?? '{}') as { code?: string }).code };
};

describe('the trigger: what a Cognito user puts in the access token', () => {
  it("writes a coordinator's role and regions into the access token only, lists as JSON text", async () => {
    // Act
    const event = await preTokenGeneration(
      triggerEvent(['regional-coordinator'], { 'custom:regions': 'FM CS' }),
    );

    // Assess
    expect(event.response).toEqual({
      claimsAndScopeOverrideDetails: {
        accessTokenGeneration: {
          claimsToAddOrOverride: { 'naseej:roles': '["coordinator"]', 'naseej:regions': '["FM","CS"]' },
        },
      },
    });
  });

  it("writes a partner's association and rollout as plain ids", () => {
    expect(
      accessTokenClaimsOf(['implementing-partner'], {
        'custom:association': 'assoc-amsed',
        'custom:rollout': 'rollout-FM-2026',
      }),
    ).toEqual({
      'naseej:roles': '["partner"]',
      'naseej:association': 'assoc-amsed',
      'naseej:rollout': 'rollout-FM-2026',
    });
  });

  it('gives the Wali and the Regional Council the signatory role of their regions and nothing else', () => {
    expect(naseejClaimsOf(['wali'], { 'custom:regions': 'FM' })).toEqual({
      'naseej:roles': ['signatory'],
      'naseej:regions': ['FM'],
    });
    expect(naseejClaimsOf(['regional-council'], {})).toEqual({
      'naseej:roles': ['signatory'],
      'naseej:regions': [],
    });
  });

  it('counts scope attributes only for the role they scope, and no group it does not know', () => {
    expect(
      naseejClaimsOf(['ministry', 'admins'], {
        'custom:regions': 'FM',
        'custom:association': 'assoc-amsed',
        'custom:rollout': 'rollout-FM-2026',
      }),
    ).toEqual({ 'naseej:roles': ['ministry'] });
    expect(naseejClaimsOf(['admins'], {})).toEqual({ 'naseej:roles': [] });
  });

  it('gives a partner no scope unless both the association and the rollout are set', () => {
    expect(naseejClaimsOf(['implementing-partner'], { 'custom:association': 'assoc-amsed' })).toEqual({
      'naseej:roles': ['partner'],
    });
  });

  it.each([
    ['a region list joined by commas', { 'custom:regions': 'FM,CS' }, 'custom:regions'],
    ['an unknown region', { 'custom:regions': 'FM XX' }, 'custom:regions'],
    ['two spaces between regions', { 'custom:regions': 'FM  CS' }, 'custom:regions'],
    ['an association that is not an id', { 'custom:association': 'assoc amsed' }, 'custom:association'],
  ])('issues no token for an account with %s, and names the attribute', (_name, attributes, attribute) => {
    // Act
    let refused: unknown;
    try {
      naseejClaimsOf(['regional-coordinator', 'implementing-partner'], attributes);
    } catch (error) {
      refused = error;
    }

    // Assess
    expect(isInvalidAccountError(refused)).toBe(true);
    expect((refused as { attribute: string }).attribute).toBe(attribute);
    expect((refused as Error).message).toContain(attribute);
  });
});

describe('a Cognito access token read by the API', () => {
  it('reads a coordinator of two regions', async () => {
    const { principal } = await signIn(['regional-coordinator'], { 'custom:regions': 'FM CS' });
    expect(principal).toEqual({
      subject: SUB,
      roles: ['coordinator'],
      regions: ['FM', 'CS'],
      partner: undefined,
    });
  });

  it('reads a partner bound to its association and rollout', async () => {
    const { principal } = await signIn(['implementing-partner'], {
      'custom:association': 'assoc-amsed',
      'custom:rollout': 'rollout-FM-2026',
    });
    expect(principal).toEqual({
      subject: SUB,
      roles: ['partner'],
      regions: [],
      partner: { associationId: 'assoc-amsed', rolloutId: 'rollout-FM-2026' },
    });
  });

  it('reads the three finance roles of one person as three roles (the deciders keep the duties apart)', async () => {
    const { principal } = await signIn(['finance-payer', 'finance-preparer', 'finance-approver']);
    expect(principal.roles).toEqual(['finance-payer', 'finance-preparer', 'finance-approver']);
  });

  it('refuses the Wali every operation, and every read not open to signatories', async () => {
    // Prepare
    const event = await preTokenGeneration(triggerEvent(['wali'], { 'custom:regions': 'FM' }));
    const token = await cognitoToken(
      ['wali'],
      event.response.claimsAndScopeOverrideDetails?.accessTokenGeneration?.claimsToAddOrOverride ?? {},
    );

    // Act
    const read = await call(token, 'GET', '/tallies/{tallyId}');
    const open = await call(token, 'POST', '/tallies/{tallyId}', {
      region: 'FM',
      associationId: 'assoc-amsed',
      label: 'Tally',
    });
    const add = await call(token, 'POST', '/tallies/{tallyId}/additions', { amount: 1 });

    // Assess: the test table opens no route to signatories (the real one opens signAgreement and
    // getAgreement: test/integration/functions/adapters/http/routes/rollout-happy-path.test.ts).
    expect(read).toEqual({ status: 403, code: 'ROLE_NOT_ALLOWED' });
    expect(open).toEqual({ status: 403, code: 'ROLE_NOT_ALLOWED' });
    expect(add).toEqual({ status: 403, code: 'ROLE_NOT_ALLOWED' });
  });

  it('lets the Wali sign and read the agreements of its region, and run no operation of the route table', async () => {
    // Prepare
    const { principal } = await signIn(['wali'], { 'custom:regions': 'CS' });
    const access = (operationId: string) => {
      const route = routes.find((candidate) => candidate.operationId === operationId);
      if (route === undefined) throw new Error(`no route ${operationId}`);
      return route.access;
    };
    const outcome = (act: () => unknown) => {
      try {
        return act();
      } catch (error) {
        if (isHttpError(error)) return `${error.status} ${error.code}`;
        throw error;
      }
    };
    const operations = routes.filter(
      (route) => route.kind === 'command' && route.operationId !== 'signAgreement',
    );

    // Act, Assess
    expect(principal).toEqual({ subject: SUB, roles: ['signatory'], regions: ['CS'], partner: undefined });
    expect(outcome(() => actingRole(access('signAgreement'), principal, { region: 'CS' }))).toBe('signatory');
    expect(outcome(() => actingRole(access('getAgreement'), principal, { region: 'CS' }))).toBe('signatory');
    expect(outcome(() => actingRole(access('signAgreement'), principal, { region: 'FM' }))).toBe(
      '403 OUT_OF_SCOPE',
    );
    expect(operations.length).toBeGreaterThan(40);
    expect(
      operations
        .filter(
          (route) => outcome(() => actingRole(route.access, principal, { region: 'CS' })) === 'signatory',
        )
        .map((route) => route.operationId),
    ).toEqual([]);
  });

  it('lets a coordinator act in its region only', async () => {
    // Prepare
    const event = await preTokenGeneration(
      triggerEvent(['regional-coordinator'], { 'custom:regions': 'FM' }),
    );
    const token = await cognitoToken(
      ['regional-coordinator'],
      event.response.claimsAndScopeOverrideDetails?.accessTokenGeneration?.claimsToAddOrOverride ?? {},
    );

    // Act
    const elsewhere = await call(token, 'POST', '/tallies/{tallyId}', {
      region: 'CS',
      associationId: 'assoc-amsed',
      label: 'Tally',
    });
    const own = await call(token, 'POST', '/tallies/{tallyId}', {
      region: 'FM',
      associationId: 'assoc-amsed',
      label: 'Tally',
    });

    // Assess
    expect(elsewhere).toEqual({ status: 403, code: 'OUT_OF_SCOPE' });
    expect(own.status).toBe(201);
  });

  it("grants nothing from cognito:groups alone: the roles come from the trigger's claims", async () => {
    const { principal } = await verify(await cognitoToken(['ministry'], {}));
    expect(principal.roles).toEqual([]);
  });

  it('refuses an ID token, whatever its groups', async () => {
    // Prepare
    const token = await cognitoToken(['ministry'], { 'naseej:roles': '["ministry"]' }, 'id');

    // Act
    let refused: unknown;
    try {
      await verify(token);
    } catch (error) {
      refused = error;
    }

    // Assess
    expect(isHttpError(refused)).toBe(true);
    expect({ status: (refused as { status: number }).status, detail: (refused as Error).message }).toEqual({
      status: 401,
      detail: 'The token is an ID token; call the API with the access token',
    });
  });
});

describe('the same account signed in locally', () => {
  const accounts: [string, string[], Record<string, string>, Principal][] = [
    [
      'a coordinator of two regions',
      ['regional-coordinator'],
      { 'custom:regions': 'FM CS' },
      { subject: SUB, roles: ['coordinator'], regions: ['FM', 'CS'], partner: undefined },
    ],
    [
      'a partner',
      ['implementing-partner'],
      { 'custom:association': 'assoc-amsed', 'custom:rollout': 'rollout-FM-2026' },
      {
        subject: SUB,
        roles: ['partner'],
        regions: [],
        partner: { associationId: 'assoc-amsed', rolloutId: 'rollout-FM-2026' },
      },
    ],
    [
      'the Wali of FM',
      ['wali'],
      { 'custom:regions': 'FM' },
      { subject: SUB, roles: ['signatory'], regions: ['FM'], partner: undefined },
    ],
    [
      'a Regional Council account given no region yet',
      ['regional-council'],
      {},
      { subject: SUB, roles: ['signatory'], regions: [], partner: undefined },
    ],
    [
      'a ministry official who also reads',
      ['reader', 'ministry'],
      { 'custom:regions': 'FM' },
      { subject: SUB, roles: ['reader', 'ministry'], regions: [], partner: undefined },
    ],
  ];

  it.each(accounts)(
    'gives %s the principal a Cognito sign-in gives',
    async (_name, groups, attributes, expected) => {
      // Prepare
      const auth = await DevAuth.create({ clock: () => new Date(ISSUED_AT * 1000) });

      // Act
      const local = await auth.mint(devTokenRequestFor(SUB, groups, attributes));
      const payload = await auth.verify(local);
      const read = claimsToRead(
        flattenClaimsLikeApiGateway(payload as Record<string, unknown>),
        `Bearer ${local}`,
      );
      checkTokenTimes(read, NOW);

      // Assess
      expect(principalFromClaims(read)).toEqual(expected);
      expect((await signIn(groups, attributes)).principal).toEqual(expected);
    },
  );
});
