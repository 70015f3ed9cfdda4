import { describe, expect, it } from 'vitest';
import { VIEWPORTS } from '../support/e2e-browser.js';
import { demoRegionInChromium, PATIENCE, seriousViolations } from '../support/e2e-workspace.js';

// The ministry onboards an implementing partner and its webhook secrets in the workspace, in real
// headless Chromium, through the screens only (docs/adr/0075-ministry-screens.md): the rollout's
// chosen operator is in its queue; a partner id left empty is refused by the API at that field;
// two clicks at once register one partner with one secret, shown once (fr); then the secret is
// rotated: a new one added, shown once, the first retired (ar). The rollout up to its operator's
// selection is the demo's people, through the API.

const ROLLOUT = 'rollout-FM-2026';
const PARTNER = 'amsed-workspace';
const ID = `#onboard-${ROLLOUT}`;
const demo = demoRegionInChromium('operator-selected', async ({ runtime }) => {
  await runtime.drainFeed();
});

const secretsOf = async () => {
  const response = await fetch(`${demo.runtime.url}/partners/${PARTNER}/webhook-secrets`, {
    headers: { authorization: `Bearer ${demo.region.tokens.ministry}` },
  });
  return (await response.json()) as {
    associationId: string;
    rolloutId: string;
    secrets: { secretId: string; status: string }[];
  };
};

describe('the ministry onboards partners and their webhook secrets in the workspace', () => {
  it('onboards the chosen operator as a partner once, its first secret shown once, in fr', async () => {
    const context = await demo.browser.newContext({ viewport: VIEWPORTS.laptop, bypassCSP: true });
    const page = await context.newPage();
    const keys: string[] = [];
    page.on('request', (request) => {
      if (request.method() === 'POST' && request.url().endsWith(`/partners/${PARTNER}/webhook-secrets`)) {
        keys.push(request.headers()['idempotency-key'] ?? '');
      }
    });
    const card = page.locator(`article[data-onboard="${ROLLOUT}"]`);
    try {
      // Given the ministry signed in: the rollout's operator awaits onboarding
      await demo.signIn(page, 'fr', { persona: 'ministry' });
      await card.waitFor(PATIENCE);
      expect(await card.locator('h3').textContent()).toBe(
        `Opérateur Association Marocaine de Solidarité et de Développement (AMSED) du déploiement ${ROLLOUT}`,
      );
      expect(await seriousViolations(page)).toEqual([]);

      // When they send it with no partner id: the API refuses it at that field
      await card.locator('button[type="submit"]').click();
      await page.locator(`${ID}-partnerId-error`).waitFor(PATIENCE);
      expect(await page.locator(`${ID}-partnerId-error`).textContent()).toBe('Valeur refusée.');

      // When they name the partner and send with two clicks at once
      await page.locator(`${ID}-partnerId`).fill(PARTNER);
      await page.evaluate(
        `(() => { const button = document.querySelector('${ID} button[type="submit"]'); button.click(); button.click(); })()`,
      );

      // Then one partner is registered, for the operator and the rollout, with one secret shown once
      await card.locator('[data-testid="secret"]').waitFor(PATIENCE);
      expect(new Set(keys).size).toBe(1);
      expect(await card.locator('[data-testid="secret"]').textContent()).toMatch(/^whsec_/);
      const partner = await secretsOf();
      expect([
        partner.associationId,
        partner.rolloutId,
        partner.secrets.map((secret) => secret.status),
      ]).toEqual(['assoc-amsed', ROLLOUT, ['active']]);
      // And the partner's secrets are shown below, by id only
      const [first] = partner.secrets;
      await page.locator(`li[data-secret="${first?.secretId}"]`).waitFor(PATIENCE);
      expect(await page.locator(`li[data-secret="${first?.secretId}"]`).textContent()).toContain(
        `Secret ${first?.secretId} : actif`,
      );
      expect(await seriousViolations(page)).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it('rotates the partner’s secret: a new one shown once, the first retired, in ar', async () => {
    const context = await demo.browser.newContext({ viewport: VIEWPORTS.phone, bypassCSP: true });
    const page = await context.newPage();
    const [first] = (await secretsOf()).secrets;
    try {
      // Given the ministry signed in, in Arabic, looking the partner up
      await demo.signIn(page, 'ar', { persona: 'ministry' });
      await page.locator('#partner-lookup').fill(PARTNER);
      await page.locator('#partner-lookup').press('Enter');
      const partner = page.locator(`article[data-partner="${PARTNER}"]`);
      await partner.locator('[data-testid="partner"]').waitFor(PATIENCE);
      expect(await partner.locator('[data-testid="partner"]').textContent()).toBe(
        `يعمل لصالح assoc-amsed، البرنامج ${ROLLOUT}`,
      );
      expect(await seriousViolations(page)).toEqual([]);

      // When they add a secret, then retire the first
      await page.locator('#partner-rotate button[type="submit"]').click();
      await partner.locator('[data-testid="secret"]').waitFor(PATIENCE);
      await page.locator(`#retire-${first?.secretId} button[type="submit"]`).click();

      // Then the partner has the new secret active and the first retired
      await partner.getByText(`السرّ ${first?.secretId}: مسحوب`).waitFor(PATIENCE);
      const secrets = (await secretsOf()).secrets;
      expect(secrets.map((secret) => secret.status)).toEqual(['retired', 'active']);
      expect(await partner.locator('[data-testid="secret"]').textContent()).toMatch(/^whsec_/);
      expect(await seriousViolations(page)).toEqual([]);
    } finally {
      await context.close();
    }
  });
});
