import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, VIEWPORTS } from '../support/e2e-browser.js';
import { type DashboardTestServer, startDashboardTestServer } from '../support/e2e-server.js';
import { type Language, PATIENCE, seriousViolations, signIn } from '../support/e2e-workspace.js';

// The staff workspace's shell in real headless Chromium, against the embedded runtime (`npm
// start`) in memory, which built it at start: the dev sign-in page, the token it hands back, and
// the shell in French and in Arabic (right to left), each checked with axe-core.

let server: DashboardTestServer;
let browser: Browser;

beforeAll(async () => {
  server = await startDashboardTestServer();
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

const EXPECTED: Record<Language, { dir: string; signedOut: string; signedIn: string; signInTitle: string }> =
  {
    fr: {
      dir: 'ltr',
      signedOut: 'Connectez-vous pour voir ce qui vous attend.',
      signedIn: 'Connecté : wali-fm (Signataire)',
      signInTitle: 'Connexion de développement',
    },
    ar: {
      dir: 'rtl',
      signedOut: 'سجّل الدخول لترى ما ينتظرك.',
      signedIn: 'متصل: wali-fm (موقّع)',
      signInTitle: 'تسجيل الدخول للتطوير',
    },
  };

describe('the workspace shell in Chromium', () => {
  for (const language of ['fr', 'ar'] as const) {
    it(`signs a person in through the dev sign-in page and greets them in ${language}`, async () => {
      // Given a visitor on a phone, who chose the language
      const context = await browser.newContext({ viewport: VIEWPORTS.phone, bypassCSP: true });
      const page = await context.newPage();
      try {
        await page.goto(`${server.runtime.url}/workspace/`);
        await page.locator('body[data-ready="true"]').waitFor(PATIENCE);
        if ((await page.locator('html').getAttribute('lang')) !== language) {
          await page.locator('.masthead button[lang]').click();
        }

        // Then the signed-out shell is in that language, and accessible
        expect(await page.locator('main').textContent()).toBe(EXPECTED[language].signedOut);
        expect(await page.locator('html').getAttribute('dir')).toBe(EXPECTED[language].dir);
        expect(await seriousViolations(page)).toEqual([]);

        // When they follow the sign-in link, the dev page speaks their language and is accessible
        await page.locator('.masthead a.button').click();
        await page.locator('#persona').waitFor(PATIENCE);
        expect(await page.locator('h1').textContent()).toBe(EXPECTED[language].signInTitle);
        expect(await seriousViolations(page)).toEqual([]);

        // And they sign in as the Wali of Fès-Meknès
        await page.locator('#persona').selectOption('wali');
        await page.locator('#region').selectOption('FM');
        await page.locator('button[type="submit"]').click();
        await page.locator('[data-testid="signed-in"]').waitFor(PATIENCE);

        // Then the workspace greets them by their account, the token left the address, and the shell is accessible
        expect(await page.locator('[data-testid="signed-in"]').textContent()).toBe(
          EXPECTED[language].signedIn,
        );
        expect(new URL(page.url()).hash).toBe('');
        expect(await page.locator('html').getAttribute('lang')).toBe(language);
        expect(await seriousViolations(page)).toEqual([]);
      } finally {
        await context.close();
      }
    });
  }

  it('hands back a token the API accepts, with the claims it checks and at most 24 hours of life', async () => {
    // Given the Wali signed in through the page
    const context = await browser.newContext({ viewport: VIEWPORTS.laptop, bypassCSP: true });
    const page = await context.newPage();
    try {
      await signIn(page, server.runtime.url, 'fr', {
        persona: 'partner',
        associationId: 'assoc-amsed',
        rolloutId: 'rollout-FM-2026',
      });

      // When the token the page keeps is read back and used on the API
      const token = String(await page.evaluate(`sessionStorage.getItem('naseej.workspace.token')`));
      const claims = JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString('utf8'));
      const answer = await fetch(`${server.runtime.url}/agreements/rollout-FM-2026-operator`, {
        headers: { authorization: `Bearer ${token}` },
      });

      // Then it carries the partner's claims, lives 12 hours, and the API verified it (no 401)
      expect({ ...claims, iat: undefined, exp: undefined }).toEqual({
        sub: 'dev-partner-amsed',
        'naseej:roles': ['partner'],
        'naseej:association': 'assoc-amsed',
        'naseej:rollout': 'rollout-FM-2026',
        iss: 'https://auth.naseej.local',
        aud: 'naseej-api',
        iat: undefined,
        exp: undefined,
      });
      expect(claims.exp - claims.iat).toBe(12 * 3600);
      expect(answer.status).toBe(404);
    } finally {
      await context.close();
    }
  });
});
