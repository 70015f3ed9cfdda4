import { describe, expect } from 'vitest';
import { VIEWPORTS } from '../support/e2e-browser.js';
import {
  demoRegionForEachTest,
  type Language,
  PATIENCE,
  seriousViolations,
} from '../support/e2e-workspace.js';

// The implementing partner reports an axis-1 session in the workspace, in real headless Chromium,
// through the screens only: a missing date is refused by the route's own schema, a province outside
// the region and a date ahead by the API, each at its field in the partner's language; two clicks at
// once report the session once. The rollout up to its training is the demo's people, through the API,
// played for each test: a session reported in one language is never counted by the other.

const ROLLOUT = 'rollout-FM-2026';
const test = demoRegionForEachTest('enrolment-closed');

const TEXT: Record<
  Language,
  { held: (count: number) => string; required: string; outside: string; future: string; accepted: string }
> = {
  fr: {
    held: (count) => `Sessions de l’axe 1 tenues : ${count}`,
    required: 'Ce champ est obligatoire.',
    outside: 'Cette province n’est pas dans la région.',
    future: 'Cette date est à venir : un fait se déclare une fois qu’il a eu lieu.',
    accepted: 'Enregistré.',
  },
  ar: {
    held: (count) => `دورات المحور الأول المنعقدة: ${count}`,
    required: 'هذا الحقل إلزامي.',
    outside: 'هذا الإقليم ليس من أقاليم الجهة.',
    future: 'هذا التاريخ لم يحن بعد: يُصرَّح بالواقعة بعد حدوثها.',
    accepted: 'تم التسجيل.',
  },
};

const JOURNEYS = [
  { language: 'fr', sessionId: 'fm-m1-fes-workspace', module: 'M1' },
  { language: 'ar', sessionId: 'fm-m2-meknes-workspace', module: 'M2' },
] as const;

const day = (offsetDays: number) => new Date(Date.now() + offsetDays * 86_400_000).toISOString().slice(0, 10);

describe('the implementing partner reports a session in the workspace', () => {
  for (const { language, sessionId, module } of JOURNEYS) {
    test(`reports an axis-1 session held, in ${language}`, async ({ demo }) => {
      const text = TEXT[language];
      const context = await demo.browser.newContext({ viewport: VIEWPORTS.phone, bypassCSP: true });
      const page = await context.newPage();
      const keys: string[] = [];
      page.on('request', (request) => {
        if (request.method() === 'POST' && request.url().endsWith(`/rollouts/${ROLLOUT}/sessions`)) {
          keys.push(request.headers()['idempotency-key'] ?? '');
        }
      });
      try {
        // Given the operator signed in for its rollout, in axis 1, no session held yet
        await demo.signIn(page, language, {
          persona: 'partner',
          subject: demo.region.plan.cast.partner,
          associationId: demo.region.plan.operator.associationId,
          rolloutId: ROLLOUT,
        });
        await page.locator('[data-testid="sessions-held"]').waitFor(PATIENCE);
        expect(await page.locator('[data-testid="sessions-held"]').textContent()).toBe(text.held(0));
        expect(await seriousViolations(page)).toEqual([]);

        // When the date is missing: the route's schema refuses it in the page
        await page.locator('#session-sessionId').fill(sessionId);
        await page.locator('#session-module').selectOption(module);
        await page.locator('#session-province').fill('Casablanca');
        await page.locator('form.sessions button[type="submit"]').click();
        expect(await page.locator('#session-date-error').textContent()).toBe(text.required);
        expect(keys).toEqual([]);

        // When the province is not the region's: the API refuses it at that field
        await page.locator('#session-date').fill(day(0));
        await page.locator('form.sessions button[type="submit"]').click();
        await page.locator('#session-province-error').waitFor(PATIENCE);
        expect(await page.locator('#session-province-error').textContent()).toBe(text.outside);

        // When the date is ahead: the API refuses it at that field
        await page.locator('#session-province').fill('Fès');
        await page.locator('#session-date').fill(day(2));
        await page.locator('form.sessions button[type="submit"]').click();
        await page.locator('#session-date-error').waitFor(PATIENCE);
        expect(await page.locator('#session-date-error').textContent()).toBe(text.future);

        // When they correct the date and send with two clicks at once
        await page.locator('#session-date').fill(day(0));
        const before = keys.length;
        await page.evaluate(
          `(() => { const button = document.querySelector('form.sessions button[type="submit"]'); button.click(); button.click(); })()`,
        );

        // Then the session is reported once
        await page.getByText(text.accepted).waitFor(PATIENCE);
        expect(await page.locator('[data-testid="sessions-held"]').textContent()).toBe(text.held(1));
        expect(new Set(keys.slice(before)).size).toBe(1);
        const training = await fetch(`${demo.runtime.url}/rollouts/${ROLLOUT}/training`, {
          headers: { authorization: `Bearer ${demo.region.tokens.ministry}` },
        });
        expect(((await training.json()) as { sessionsHeld: number }).sessionsHeld).toBe(1);
        expect(await seriousViolations(page)).toEqual([]);
      } finally {
        await context.close();
      }
    }, 300_000);
  }
});
