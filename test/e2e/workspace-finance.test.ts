import type { BrowserContext, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { VIEWPORTS } from '../support/e2e-browser.js';
import {
  demoRegionInChromium,
  type Language,
  openGrants,
  PATIENCE,
  seriousViolations,
} from '../support/e2e-workspace.js';
import { grantPurpose } from '../support/grant-purpose.js';

// The three finance roles pay a tranche in the workspace, in real headless Chromium, through the
// screens only: the preparer requests its release (an evidence kind the route's schema refuses is
// said at its field), the approver approves it (seeing who prepared it; a screen made stale by the
// ministry's award of another grant is refused with a clear message), the payer pays it (seeing
// who prepared and approved it; a double submit pays once). Three people, three accounts: the
// separation of duties is the API's, and the screens show it. The rollout up to its grants phase
// is the demo's people; the budgets and grants are the ministry's steps, through the API.

const ROLLOUT = 'rollout-FM-2026';
const demo = demoRegionInChromium('hub-established', (played) =>
  openGrants(played, played.region.tokens.ministry),
);

const awardGrant = async (index: number) => {
  const grant = demo.region.plan.grants[index];
  if (grant === undefined) throw new Error(`the plan has no grant ${index}`);
  await demo.api('POST', `/rollouts/${ROLLOUT}/grants`, demo.region.tokens.ministry, {
    associationId: grant.associationId,
    amount: grant.amount,
    ...grantPurpose,
    funding: grant.funding,
    tranches: grant.tranches.map((amount) => ({ amount, releaseConditions: [] })),
  });
  const grants = await demo.api('GET', `/rollouts/${ROLLOUT}/grants`, demo.region.tokens.ministry);
  return grants.grants.find(
    (candidate: { associationId: string }) => candidate.associationId === grant.associationId,
  ).grantId as string;
};

const trancheOf = async (grantId: string) => {
  const grants = await demo.api('GET', `/rollouts/${ROLLOUT}/grants`, demo.region.tokens.ministry);
  return grants.grants.find((grant: { grantId: string }) => grant.grantId === grantId).tranches[0];
};

const TEXT: Record<
  Language,
  { invalid: string; stale: string; preparedBy: string; approvedBy: string; empty: string }
> = {
  fr: {
    invalid: 'Valeur refusée.',
    stale:
      'Quelqu’un a modifié ce dossier depuis que vous l’avez ouvert. L’écran est à jour : vérifiez, puis envoyez de nouveau.',
    preparedBy: 'Préparée par dev-finance-preparer-1',
    approvedBy: 'Approuvée par dev-finance-approver-1',
    empty: 'Rien ne vous attend pour l’instant.',
  },
  ar: {
    invalid: 'قيمة مرفوضة.',
    stale: 'عدّل شخص آخر هذا الملف منذ فتحته. الشاشة محدّثة الآن: تحقق ثم أعد الإرسال.',
    preparedBy: 'أعدّه dev-finance-preparer-1',
    approvedBy: 'صادق عليه dev-finance-approver-1',
    empty: 'لا شيء ينتظرك حاليا.',
  },
};

const JOURNEYS = [
  { language: 'fr', grant: 0, meanwhile: 2 },
  { language: 'ar', grant: 1, meanwhile: 3 },
] as const;

const open = async (
  language: Language,
  persona: string,
): Promise<{ context: BrowserContext; page: Page; keys: string[] }> => {
  const context = await demo.browser.newContext({ viewport: VIEWPORTS.laptop, bypassCSP: true });
  const page = await context.newPage();
  const keys: string[] = [];
  page.on('request', (request) => {
    if (request.method() === 'POST' && /\/tranches\/\d+\/payment$/.test(request.url())) {
      keys.push(request.headers()['idempotency-key'] ?? '');
    }
  });
  await demo.signIn(page, language, { persona });
  return { context, page, keys };
};

describe('the finance roles pay a tranche in the workspace', () => {
  for (const { language, grant, meanwhile } of JOURNEYS) {
    it(`prepares, approves and pays a tranche by three people, in ${language}`, async () => {
      const text = TEXT[language];
      const grantId = await awardGrant(grant);
      const card = (page: Page) => page.locator(`article[data-tranche="${grantId}/1"]`);

      // Given the preparer signed in: the grant's first tranche waits for its request
      const preparer = await open(language, 'finance-preparer');
      try {
        await card(preparer.page).waitFor(PATIENCE);
        expect(await seriousViolations(preparer.page)).toEqual([]);

        // When an evidence kind is not lower-case words: the route's schema refuses it at its field
        await card(preparer.page).locator('input').nth(0).fill('Rapport Final');
        await card(preparer.page).locator('input').nth(1).fill('doc-1');
        await card(preparer.page).locator('button[type="submit"]').click();
        expect(await card(preparer.page).locator('.field-error').textContent()).toBe(text.invalid);
        expect(await card(preparer.page).locator('input').nth(0).getAttribute('aria-invalid')).toBe('true');

        // When they send the request (the first tranche asks for no evidence)
        await card(preparer.page).locator('input').nth(0).fill('');
        await card(preparer.page).locator('input').nth(1).fill('');
        await card(preparer.page).locator('button[type="submit"]').click();

        // Then the tranche leaves their queue: it is requested, by them
        await card(preparer.page).waitFor({ state: 'detached', ...PATIENCE });
        expect(await trancheOf(grantId)).toMatchObject({
          status: 'requested',
          preparerId: 'dev-finance-preparer-1',
        });
      } finally {
        await preparer.context.close();
      }

      // Given the approver signed in: they see who prepared it
      const approver = await open(language, 'finance-approver');
      try {
        await card(approver.page).waitFor(PATIENCE);
        expect(await card(approver.page).locator('[data-testid="duties"]').textContent()).toBe(
          text.preparedBy,
        );
        expect(await seriousViolations(approver.page)).toEqual([]);

        // When the ministry awards another grant meanwhile, and they approve from the screen they had
        await awardGrant(meanwhile);
        await card(approver.page).locator('button[type="submit"]').click();

        // Then the stale screen is refused with a clear message, and nothing was approved
        await card(approver.page).getByText(text.stale).waitFor(PATIENCE);
        expect((await trancheOf(grantId)).status).toBe('requested');

        // When they approve again from the screen as it is now
        await card(approver.page).locator('button[type="submit"]').click();
        await card(approver.page).waitFor({ state: 'detached', ...PATIENCE });
        expect(await trancheOf(grantId)).toMatchObject({
          status: 'approved',
          approverId: 'dev-finance-approver-1',
        });
      } finally {
        await approver.context.close();
      }

      // Given the payer signed in: they see who prepared and who approved it
      const payer = await open(language, 'finance-payer');
      try {
        await card(payer.page).waitFor(PATIENCE);
        expect(await card(payer.page).locator('[data-testid="duties"] li').allTextContents()).toEqual([
          text.preparedBy,
          text.approvedBy,
        ]);
        expect(await seriousViolations(payer.page)).toEqual([]);

        // When they pay it with two clicks at once
        await card(payer.page).locator('input').fill(`pay-${grantId}-1`);
        await payer.page.evaluate(
          `(() => { const button = document.querySelector('article[data-tranche="${grantId}/1"] button[type="submit"]'); button.click(); button.click(); })()`,
        );

        // Then it is paid once, by a third person, and their queue no longer shows it
        await card(payer.page).waitFor({ state: 'detached', ...PATIENCE });
        expect(await trancheOf(grantId)).toMatchObject({
          status: 'paid',
          preparerId: 'dev-finance-preparer-1',
          approverId: 'dev-finance-approver-1',
          payerId: 'dev-finance-payer-1',
        });
        expect(payer.keys.length).toBeGreaterThan(0);
        expect(new Set(payer.keys).size).toBe(1);
      } finally {
        await payer.context.close();
      }
    });
  }

  it('shows each finance officer an empty queue once the tranches they could act on are done', async () => {
    // When the payer opens the workspace after both payments
    const payer = await open('fr', 'finance-payer');
    try {
      // Then nothing waits for them
      await payer.page.locator('[data-testid="queue-empty"]').waitFor(PATIENCE);
      expect(await payer.page.locator('[data-testid="queue-empty"]').textContent()).toBe(TEXT.fr.empty);
    } finally {
      await payer.context.close();
    }
  });
});
