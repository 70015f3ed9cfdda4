import { createHash, randomUUID } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Runtime, startRuntime } from '../../local/runtime.js';
import { buildWorkspace } from '../../workspace/build.js';
import { launchChromium, VIEWPORTS } from '../support/e2e-browser.js';
import { PATIENCE, seriousViolations } from '../support/e2e-workspace.js';
import { formOf } from '../support/form-body.js';

// The workspace signs in as it does on AWS (docs/adr/0076-workspace-pkce-sign-in.md), in real
// headless Chromium: config.json names a user pool's managed login, here a real OIDC-shaped server
// started by the test on 127.0.0.1 (Cognito's /oauth2/authorize, /oauth2/token, /oauth2/revoke and
// /logout), which checks the PKCE verifier against the challenge with its own SHA-256 and issues
// access tokens the local API accepts (minted with the runtime's dev key, carrying the claims a
// Cognito access token carries after the pre token generation trigger). The tokens stay in memory:
// a reload signs the person out; signing out revokes the refresh token and goes through the
// managed login's logout back to the workspace.

const CLIENT_ID = 'workspace-client-1';
let runtime: Runtime;
let oidc: Server;
let oidcUrl: string;
let browser: Browser;
let folder: string;
let denyNext = false;
const codes = new Map<string, { challenge: string; redirectUri: string }>();
const refreshTokens = new Set<string>();
const exchanges: { grant: string; verifierMatched: boolean }[] = [];
const revoked: string[] = [];

beforeAll(async () => {
  oidc = createServer(async (request, response) => {
    const url = new URL(request.url ?? '/', oidcUrl);
    const cors = { 'access-control-allow-origin': runtime.url, 'content-type': 'application/json' };
    if (url.pathname === '/oauth2/authorize') {
      const back = new URL(url.searchParams.get('redirect_uri') ?? '');
      if (
        url.searchParams.get('client_id') !== CLIENT_ID ||
        url.searchParams.get('code_challenge_method') !== 'S256'
      ) {
        return response.writeHead(400).end();
      }
      if (denyNext) {
        denyNext = false;
        back.searchParams.set('error', 'access_denied');
      } else {
        const code = randomUUID();
        codes.set(code, {
          challenge: url.searchParams.get('code_challenge') ?? '',
          redirectUri: back.toString(),
        });
        back.searchParams.set('code', code);
      }
      back.searchParams.set('state', url.searchParams.get('state') ?? '');
      return response.writeHead(302, { location: back.toString() }).end();
    }
    if (url.pathname === '/oauth2/token' && request.method === 'POST') {
      const form = await formOf(request);
      const grant = codes.get(form.get('code') ?? '');
      codes.delete(form.get('code') ?? '');
      const verifierMatched =
        grant !== undefined &&
        createHash('sha256')
          .update(form.get('code_verifier') ?? '', 'ascii')
          .digest('base64url') === grant.challenge;
      exchanges.push({ grant: form.get('grant_type') ?? '', verifierMatched });
      if (!verifierMatched || grant?.redirectUri !== form.get('redirect_uri')) {
        return response.writeHead(400, cors).end(JSON.stringify({ error: 'invalid_grant' }));
      }
      const refresh = randomUUID();
      refreshTokens.add(refresh);
      const access = await runtime.auth.mint({
        subject: 'minister-pkce',
        roles: ['ministry'],
        expiresInSeconds: 3600,
      });
      return response.writeHead(200, cors).end(
        JSON.stringify({
          access_token: access,
          refresh_token: refresh,
          token_type: 'Bearer',
          expires_in: 3600,
        }),
      );
    }
    if (url.pathname === '/oauth2/revoke' && request.method === 'POST') {
      const form = await formOf(request);
      revoked.push(form.get('token') ?? '');
      refreshTokens.delete(form.get('token') ?? '');
      return response.writeHead(200, cors).end();
    }
    if (url.pathname === '/logout') {
      return response.writeHead(302, { location: url.searchParams.get('logout_uri') ?? '/' }).end();
    }
    return response.writeHead(404).end();
  });
  await new Promise<void>((resolve) => oidc.listen(0, '127.0.0.1', resolve));
  oidcUrl = `http://127.0.0.1:${(oidc.address() as AddressInfo).port}`;
  folder = await mkdtemp(join(tmpdir(), 'naseej-workspace-pkce-'));
  await buildWorkspace({ outDir: folder });
  runtime = await startRuntime({ inMemory: true, port: 0, quiet: true, workspaceDir: folder });
  // As the deployment writes it (infra/constructs/dashboard-site.ts, workspaceConfig).
  await writeFile(
    join(folder, 'config.json'),
    JSON.stringify({
      apiUrl: '',
      signInUrl: `${oidcUrl}/oauth2/authorize`,
      cognito: {
        clientId: CLIENT_ID,
        authorizeUrl: `${oidcUrl}/oauth2/authorize`,
        tokenUrl: `${oidcUrl}/oauth2/token`,
        logoutUrl: `${oidcUrl}/logout`,
        redirectUri: `${runtime.url}/workspace/`,
        logoutUri: `${runtime.url}/workspace/`,
        scopes: ['openid', 'email', 'profile'],
      },
    }),
  );
  browser = await launchChromium();
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await runtime?.stop();
  await new Promise((resolve) => oidc?.close(resolve));
  if (folder !== undefined) await rm(folder, { recursive: true, force: true });
});

describe('signing in to the workspace through a managed login, with PKCE', () => {
  it('signs in with the code and verifier, keeps the token in memory only, and signs out through the logout, in fr', async () => {
    const context = await browser.newContext({ viewport: VIEWPORTS.laptop, bypassCSP: true });
    const page = await context.newPage();
    try {
      // Given the workspace, signed out
      await page.goto(`${runtime.url}/workspace/`);
      await page.locator('body[data-ready="true"]').waitFor(PATIENCE);

      // When the person signs in at the managed login
      await page.getByRole('button', { name: 'Se connecter' }).click();

      // Then they are back, signed in, with the code exchanged once with the matching verifier
      await page.locator('[data-testid="signed-in"]').waitFor(PATIENCE);
      expect(await page.locator('[data-testid="signed-in"]').textContent()).toBe(
        'Connecté : minister-pkce (Ministère)',
      );
      expect(exchanges).toEqual([{ grant: 'authorization_code', verifierMatched: true }]);
      expect(page.url()).toBe(`${runtime.url}/workspace/`);
      // And the API takes the token: the ministry's queues are drawn
      await page.getByText('Aucune décision n’est attendue.').waitFor(PATIENCE);
      // And nothing of the sign-in is left in the tab's storage
      expect(await page.evaluate('[sessionStorage.length, localStorage.length]')).toEqual([0, 0]);
      expect(await seriousViolations(page)).toEqual([]);

      // When the page is reloaded, the in-memory tokens are gone
      await page.reload();
      await page.getByText('Connectez-vous pour voir ce qui vous attend.').waitFor(PATIENCE);

      // When they sign in again, then sign out
      await page.getByRole('button', { name: 'Se connecter' }).click();
      await page.locator('[data-testid="signed-in"]').waitFor(PATIENCE);
      const issued = [...refreshTokens];
      await page.getByRole('button', { name: 'Se déconnecter' }).click();

      // Then the refresh token is revoked, and the managed login's logout brings them back signed out
      await page.getByText('Connectez-vous pour voir ce qui vous attend.').waitFor(PATIENCE);
      expect(revoked).toEqual(issued.slice(-1));
      expect(page.url()).toBe(`${runtime.url}/workspace/`);
    } finally {
      await context.close();
    }
  });

  it('says the sign-in failed when the managed login refuses it, in ar', async () => {
    const context = await browser.newContext({ viewport: VIEWPORTS.phone, bypassCSP: true });
    const page = await context.newPage();
    try {
      // Given the workspace in Arabic
      await page.goto(`${runtime.url}/workspace/`);
      await page.locator('body[data-ready="true"]').waitFor(PATIENCE);
      if ((await page.locator('html').getAttribute('lang')) !== 'ar')
        await page.locator('.masthead button[lang]').click();

      // When the managed login answers with an error
      denyNext = true;
      const before = exchanges.length;
      await page.getByRole('button', { name: 'تسجيل الدخول' }).click();

      // Then the page says so, asks for no token, and stays signed out
      await page.getByText('فشل تسجيل الدخول (access_denied): أعد المحاولة.').waitFor(PATIENCE);
      expect(exchanges.length).toBe(before);
      expect(await page.locator('[data-testid="signed-in"]').count()).toBe(0);
      expect(page.url()).toBe(`${runtime.url}/workspace/`);
      expect(await seriousViolations(page)).toEqual([]);
    } finally {
      await context.close();
    }
  });
});
