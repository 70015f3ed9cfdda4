import { describe, expect, it } from 'vitest';
import { VIEWPORTS } from '../support/e2e-browser.js';
import { PATIENCE, seriousViolations, workspaceInChromium } from '../support/e2e-workspace.js';

// The ministry's rollouts and waves in the workspace, in real headless Chromium, through the
// screens only (docs/adr/0075-ministry-screens.md): in French it sets the plan of waves (an unknown
// region refused by the route's own schema at its field), a stale screen is refused after someone
// else changed the plan, and two clicks at once start the first wave once; in Arabic, on a phone,
// it launches a region's rollout outside the plan (a target of zero refused at its field), which
// the list then follows.

const ws = workspaceInChromium(async (server) => {
  ministry = await server.token({ subject: 'minister-2', roles: ['ministry'] });
}, 120_000);
let ministry: string;
const EDITION = '2026';

describe("the ministry's rollouts and waves in the workspace", () => {
  it('sets the plan of waves and starts the first wave once, after a stale screen is refused, in fr', async () => {
    const context = await ws.browser.newContext({ viewport: VIEWPORTS.laptop, bypassCSP: true });
    const page = await context.newPage();
    const starts: string[] = [];
    const plans: string[] = [];
    page.on('request', (request) => {
      if (request.method() === 'POST' && request.url().endsWith(`/waves/${EDITION}/starts`)) {
        starts.push(request.headers()['idempotency-key'] ?? '');
      }
      if (request.method() === 'PUT' && request.url().endsWith(`/waves/${EDITION}/plan`)) {
        plans.push(request.headers()['if-match'] ?? '');
      }
    });
    const waves = page.locator(`article[data-waves="${EDITION}"]`);
    try {
      // Given the ministry signed in: no plan for the edition yet
      await ws.signIn(page, 'fr', { persona: 'ministry' });
      await waves.locator('[data-testid="wave-plan"]').waitFor(PATIENCE);
      expect(await waves.locator('[data-testid="wave-plan"]').textContent()).toBe(
        'Aucun plan pour cette édition.',
      );
      await page
        .locator('section[data-screen="decisions"]')
        .getByText('Aucune décision n’est attendue.')
        .waitFor(PATIENCE);
      expect(await seriousViolations(page)).toEqual([]);

      // When they name a region that does not exist: the route's schema refuses it at the field, nothing is sent
      await page.locator('#wave-plan-regions').fill('FM XX');
      await page.locator('#wave-plan button[type="submit"]').click();
      expect(await page.locator('#wave-plan-regions-error').textContent()).toBe('Valeur refusée.');
      expect(plans).toEqual([]);

      // When they set Fès-Meknès then Marrakech-Safi, the next wave on the ministry's decision
      await page.locator('#wave-plan-regions').fill('FM, MS');
      await page.locator('#wave-plan button[type="submit"]').click();

      // Then the plan is recorded (If-Match: the unplanned version), and Fès-Meknès is next
      await waves.locator('[data-testid="next-wave"]').waitFor(PATIENCE);
      expect(plans).toEqual(['"0"']);
      expect(await waves.locator('[data-testid="wave-plan"]').textContent()).toBe(
        'Ordre des régions : Fès-Meknès, Marrakech-Safi',
      );
      expect(await waves.locator('[data-testid="next-wave"]').textContent()).toBe(
        'Prochaine vague : Fès-Meknès',
      );

      // When someone else sets the plan again meanwhile, and they start the wave from the screen they had
      await ws.server.send('PUT', `/waves/${EDITION}/plan`, ministry, {
        regions: ['FM', 'MS', 'CS'],
        nextWaveRule: { kind: 'ministry-decision' },
      });
      await page.locator('#wave-start button[type="submit"]').click();

      // Then the stale screen is refused with a clear message and shows the plan as it is now
      await page
        .getByText(
          'Quelqu’un a modifié ce dossier depuis que vous l’avez ouvert. L’écran est à jour : vérifiez, puis envoyez de nouveau.',
        )
        .waitFor(PATIENCE);
      expect(await waves.locator('[data-testid="wave-plan"]').textContent()).toBe(
        'Ordre des régions : Fès-Meknès, Marrakech-Safi, Casablanca-Settat',
      );
      expect((await ws.server.send('GET', `/waves/${EDITION}`, ministry)).json.started).toEqual([]);

      // When they start it with two clicks at once
      const before = starts.length;
      await page.evaluate(
        `(() => { const button = document.querySelector('#wave-start button[type="submit"]'); button.click(); button.click(); })()`,
      );

      // Then the first wave started once, and Marrakech-Safi is next
      await waves.getByText('Prochaine vague : Marrakech-Safi').waitFor(PATIENCE);
      expect(new Set(starts.slice(before)).size).toBe(1);
      const plan = (await ws.server.send('GET', `/waves/${EDITION}`, ministry)).json;
      expect(plan.started).toEqual([{ regionCode: 'FM', rolloutId: 'rollout-FM-2026' }]);
      expect(await waves.locator('[data-testid="waves-started"]').textContent()).toBe(
        'Vagues lancées : Fès-Meknès',
      );
      expect(await seriousViolations(page)).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it("launches a region's rollout outside the plan, which the list then follows, in ar", async () => {
    const context = await ws.browser.newContext({ viewport: VIEWPORTS.phone, bypassCSP: true });
    const page = await context.newPage();
    try {
      // Given the ministry signed in, in Arabic
      await ws.signIn(page, 'ar', { persona: 'ministry' });
      await page.locator('#launch-regionCode').waitFor(PATIENCE);
      expect(await seriousViolations(page)).toEqual([]);

      // When they launch Souss-Massa with no association targeted: refused at that field
      await page.locator('#launch-regionCode').selectOption('SM');
      await page.locator('#launch-associations').fill('0');
      await page.locator('#launch button[type="submit"]').click();
      expect(await page.locator('#launch-associations-error').textContent()).toBe('يجب ألا تقل القيمة عن 1.');

      // When they target 20 associations
      await page.locator('#launch-associations').fill('20');
      await page.locator('#launch button[type="submit"]').click();

      // Then the rollout is launched with the targets typed
      await page.locator('#launch [role="status"]').waitFor(PATIENCE);
      expect(await page.locator('#launch [role="status"]').textContent()).toBe('تم التسجيل.');
      const rollout = (await ws.server.send('GET', '/rollouts/rollout-SM-2026', ministry)).json;
      expect(rollout.targets).toEqual({
        associations: 20,
        membersPerAssociation: 4,
        trainers: 15,
        horizon: 600,
      });

      // And once the overview has it, the list follows it
      await ws.server.runtime.drainFeed();
      await page.reload();
      const row = page.locator('li[data-rollout="rollout-SM-2026"] [data-testid="rollout"]');
      await row.waitFor(PATIENCE);
      expect(await row.textContent()).toMatch(/^جهة سوس-ماسة، دورة 2026: /);
      expect(await seriousViolations(page)).toEqual([]);
      expect(await page.locator('[role="alert"]').count()).toBe(0);
    } finally {
      await context.close();
    }
  });
});
