import { createHash, randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createRemoteJWKSet, exportJWK, generateKeyPair, jwtVerify, SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  authorizeUrlOf,
  beginSignIn,
  type CognitoConfig,
  challengeOf,
  completeSignIn,
  createVerifier,
  logoutUrlOf,
  type PendingStore,
  refreshDelayMs,
  refreshTokens,
  revokeRefreshToken,
  SignInError,
} from '../../../../workspace/src/oidc.js';
import { sessionOf } from '../../../../workspace/src/token-claims.js';
import { formOf } from '../../../support/form-body.js';

// The workspace's sign-in on AWS (workspace/src/oidc.ts): PKCE's verifier and S256 challenge, and
// the authorization code flow against a real OIDC-shaped HTTP server started here, on 127.0.0.1,
// shaped like Cognito's managed login endpoints (/oauth2/authorize, /oauth2/token, /oauth2/revoke):
// it checks the verifier against the challenge with its own SHA-256 (node:crypto), issues RS256
// JWTs signed with jose, carrying the claims the pre token generation trigger writes (lists as JSON
// text), honours refresh tokens and revokes them.

const CLIENT_ID = 'workspace-client-1';
const REDIRECT = 'https://naseej.example/workspace/';

interface Grant {
  readonly challenge: string;
  readonly redirectUri: string;
  readonly subject: string;
}

let server: Server;
let base: string;
let config: CognitoConfig;
let tokenRequests = 0;
const codes = new Map<string, Grant>();
const refreshTokensIssued = new Map<string, string>();
const keys = await generateKeyPair('RS256');

const sha256Url = (text: string) => createHash('sha256').update(text, 'ascii').digest('base64url');

const accessTokenFor = (subject: string) =>
  new SignJWT({
    token_use: 'access',
    client_id: CLIENT_ID,
    scope: 'openid email profile',
    'naseej:roles': '["signatory"]',
    'naseej:regions': '["FM"]',
  })
    .setProtectedHeader({ alg: 'RS256', kid: 'key-1' })
    .setSubject(subject)
    .setIssuer(base)
    .setIssuedAt()
    .setJti(randomUUID())
    .setExpirationTime('1h')
    .sign(keys.privateKey);

beforeAll(async () => {
  const jwk = { ...(await exportJWK(keys.publicKey)), kid: 'key-1', alg: 'RS256', use: 'sig' };
  server = createServer(async (request, response) => {
    const url = new URL(request.url ?? '/', base);
    const json = (status: number, body: unknown) =>
      response.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
    if (request.method === 'GET' && url.pathname === '/.well-known/jwks.json')
      return json(200, { keys: [jwk] });
    if (request.method === 'GET' && url.pathname === '/oauth2/authorize') {
      const params = url.searchParams;
      if (
        params.get('client_id') !== CLIENT_ID ||
        params.get('response_type') !== 'code' ||
        params.get('code_challenge_method') !== 'S256' ||
        params.get('redirect_uri') !== REDIRECT
      ) {
        return json(400, { error: 'invalid_request' });
      }
      // The person signs in on the managed login's pages; here, as the Wali of Fès-Meknès.
      const code = randomUUID();
      codes.set(code, {
        challenge: params.get('code_challenge') ?? '',
        redirectUri: REDIRECT,
        subject: 'wali-fm-sub',
      });
      const back = new URL(REDIRECT);
      back.searchParams.set('code', code);
      back.searchParams.set('state', params.get('state') ?? '');
      return response.writeHead(302, { location: back.toString() }).end();
    }
    if (request.method === 'POST' && url.pathname === '/oauth2/token') {
      tokenRequests += 1;
      const form = await formOf(request);
      if (form.get('client_id') !== CLIENT_ID) return json(400, { error: 'invalid_client' });
      if (form.get('grant_type') === 'authorization_code') {
        const grant = codes.get(form.get('code') ?? '');
        codes.delete(form.get('code') ?? ''); // a code is used once
        if (
          grant === undefined ||
          grant.redirectUri !== form.get('redirect_uri') ||
          sha256Url(form.get('code_verifier') ?? '') !== grant.challenge
        ) {
          return json(400, { error: 'invalid_grant' });
        }
        const refresh = randomUUID();
        refreshTokensIssued.set(refresh, grant.subject);
        return json(200, {
          access_token: await accessTokenFor(grant.subject),
          id_token: await accessTokenFor(grant.subject),
          refresh_token: refresh,
          token_type: 'Bearer',
          expires_in: 3600,
        });
      }
      if (form.get('grant_type') === 'refresh_token') {
        const subject = refreshTokensIssued.get(form.get('refresh_token') ?? '');
        if (subject === undefined) return json(400, { error: 'invalid_grant' });
        return json(200, {
          access_token: await accessTokenFor(subject),
          token_type: 'Bearer',
          expires_in: 3600,
        });
      }
      return json(400, { error: 'unsupported_grant_type' });
    }
    if (request.method === 'POST' && url.pathname === '/oauth2/revoke') {
      const form = await formOf(request);
      refreshTokensIssued.delete(form.get('token') ?? '');
      return response.writeHead(200).end();
    }
    return json(404, { error: 'not_found' });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  config = {
    clientId: CLIENT_ID,
    authorizeUrl: `${base}/oauth2/authorize`,
    tokenUrl: `${base}/oauth2/token`,
    logoutUrl: `${base}/logout`,
    redirectUri: REDIRECT,
    logoutUri: REDIRECT,
    scopes: ['openid', 'email', 'profile'],
  };
});

afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
});

const memoryStore = (): PendingStore & { readonly items: Map<string, string> } => {
  const items = new Map<string, string>();
  return {
    items,
    getItem: (key) => items.get(key) ?? null,
    setItem: (key, value) => void items.set(key, value),
    removeItem: (key) => void items.delete(key),
  };
};

/** What the managed login answers to the authorize address: where it sends the person back. */
const signInThere = async (authorizeUrl: string): Promise<string> => {
  const response = await fetch(authorizeUrl, { redirect: 'manual' });
  expect(response.status).toBe(302);
  return response.headers.get('location') as string;
};

describe('PKCE', () => {
  it('derives the S256 challenge of RFC 7636’s own example verifier', async () => {
    // Act
    const challenge = await challengeOf('dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk');

    // Assess (RFC 7636, appendix B)
    expect(challenge).toBe('E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM');
  });

  it('makes a fresh 43-character unreserved verifier each time, and refuses a short one', async () => {
    // Act
    const verifiers = [createVerifier(), createVerifier(), createVerifier()];

    // Assess
    for (const verifier of verifiers) expect(verifier).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(new Set(verifiers).size).toBe(3);
    await expect(challengeOf('too-short')).rejects.toMatchObject({ code: 'invalid_verifier' });
  });

  it('sends the client, the redirect, the scopes, the state and the S256 challenge to the managed login', () => {
    // Act
    const url = new URL(
      authorizeUrlOf(
        { ...config, authorizeUrl: 'https://naseej-1.auth.eu-west-3.amazoncognito.com/oauth2/authorize' },
        { state: 'state-1', challenge: 'E9Melhoa2OwvFrEMTJguCHaoeK1zK3Ngs2Q_ve3jqJM', language: 'ar' },
      ),
    );

    // Assess
    expect(url.origin + url.pathname).toBe(
      'https://naseej-1.auth.eu-west-3.amazoncognito.com/oauth2/authorize',
    );
    expect(Object.fromEntries(url.searchParams)).toEqual({
      response_type: 'code',
      client_id: 'workspace-client-1',
      redirect_uri: 'https://naseej.example/workspace/',
      scope: 'openid email profile',
      state: 'state-1',
      code_challenge: 'E9Melhoa2OwvFrEMTJguCHaoeK1zK3Ngs2Q_ve3jqJM',
      code_challenge_method: 'S256',
      lang: 'ar',
    });
  });
});

describe('the authorization code flow against an OIDC-shaped server', () => {
  it('exchanges the code with the verifier for signed tokens the workspace reads as a session', async () => {
    // Arrange
    const store = memoryStore();

    // Act
    const back = await signInThere(await beginSignIn(config, store, 'fr'));
    const tokens = await completeSignIn(config, back, store);

    // Assess
    if (tokens === undefined) throw new Error('no tokens');
    const verified = await jwtVerify(
      tokens.accessToken,
      createRemoteJWKSet(new URL(`${base}/.well-known/jwks.json`)),
      {
        issuer: base,
      },
    );
    expect([verified.payload.sub, verified.payload.token_use, verified.payload.client_id]).toEqual([
      'wali-fm-sub',
      'access',
      'workspace-client-1',
    ]);
    const session = sessionOf(tokens.accessToken, Math.floor(Date.now() / 1000));
    expect([session?.subject, session?.roles, session?.regions]).toEqual([
      'wali-fm-sub',
      ['signatory'],
      ['FM'],
    ]);
    expect(typeof tokens.refreshToken).toBe('string');
    expect(store.items.size).toBe(0);
  });

  it('is refused with a verifier that is not the one the challenge was made from, and a code works once', async () => {
    // Arrange
    const store = memoryStore();
    const back = await signInThere(await beginSignIn(config, store));
    const pending = JSON.parse(store.items.get('naseej.workspace.pkce') as string);
    const copy = memoryStore();
    copy.setItem('naseej.workspace.pkce', JSON.stringify(pending));
    store.setItem('naseej.workspace.pkce', JSON.stringify({ ...pending, verifier: createVerifier() }));

    // Act
    const forged = completeSignIn(config, back, store);
    await expect(forged).rejects.toMatchObject({ code: 'invalid_grant' });
    const replayed = completeSignIn(config, back, copy);

    // Assess: the code was spent by the refused attempt
    await expect(replayed).rejects.toBeInstanceOf(SignInError);
    await expect(replayed).rejects.toMatchObject({ code: 'invalid_grant' });
  });

  it('refuses an answer whose state is not the one this tab sent, without asking for tokens', async () => {
    // Arrange
    const store = memoryStore();
    const back = new URL(await signInThere(await beginSignIn(config, store)));
    back.searchParams.set('state', 'someone-else');
    const before = tokenRequests;

    // Act
    const answer = completeSignIn(config, back.toString(), store);

    // Assess
    await expect(answer).rejects.toMatchObject({ code: 'state_mismatch' });
    expect(tokenRequests).toBe(before);
    expect(store.items.size).toBe(0);
  });

  it('says why when the managed login answers an error, and does nothing on an address with no answer', async () => {
    // Arrange
    const store = memoryStore();
    await beginSignIn(config, store);

    // Act
    const none = await completeSignIn(config, `${REDIRECT}`, store);
    const denied = completeSignIn(
      config,
      `${REDIRECT}?error=access_denied&error_description=User+cancelled`,
      store,
    );

    // Assess
    expect(none).toBeUndefined();
    await expect(denied).rejects.toMatchObject({ code: 'access_denied', message: 'User cancelled' });
  });

  it('refreshes the access token with the refresh token, until it is revoked at sign-out', async () => {
    // Arrange
    const store = memoryStore();
    const tokens = await completeSignIn(config, await signInThere(await beginSignIn(config, store)), store);
    const refreshToken = tokens?.refreshToken as string;

    // Act
    const refreshed = await refreshTokens(config, refreshToken, { nowSeconds: 1_000 });
    await revokeRefreshToken(config, refreshToken);
    const afterSignOut = refreshTokens(config, refreshToken);

    // Assess
    expect(refreshed.accessToken).not.toBe(tokens?.accessToken);
    expect([refreshed.refreshToken, refreshed.expiresAt]).toEqual([refreshToken, 4_600]);
    await expect(afterSignOut).rejects.toMatchObject({ code: 'invalid_grant' });
  });

  it('refreshes two minutes before expiry, and signs out at the managed login back to the workspace', () => {
    // Assess
    expect(refreshDelayMs(4_600, 1_000)).toBe(3_480_000);
    expect(refreshDelayMs(1_050, 1_000)).toBe(0);
    expect(
      logoutUrlOf({ ...config, logoutUrl: 'https://naseej-1.auth.eu-west-3.amazoncognito.com/logout' }),
    ).toBe(
      'https://naseej-1.auth.eu-west-3.amazoncognito.com/logout?client_id=workspace-client-1&logout_uri=https%3A%2F%2Fnaseej.example%2Fworkspace%2F',
    );
  });
});
