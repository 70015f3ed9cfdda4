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

// The ministry awards grants in the workspace, in real headless Chromium, through the screens only
// (docs/adr/0075-ministry-screens.md): tranches that do not add up to the amount are refused by the
// API at their field (fr); a screen made stale by another award meanwhile is refused with a clear
// message (ar); two clicks at once award once. The rollout up to its grants phase is the demo's
// people, the co-funders' budgets the ministry's steps through the API.

const ROLLOUT = 'rollout-FM-2026';
const ID = `#award-${ROLLOUT}`;
const demo = demoRegionInChromium('hub-established', (played) =>
  openGrants(played, played.region.tokens.ministry),
);

const TEXT: Record<Language, { mismatch: string; stale: string }> = {
  fr: {
    mismatch: 'La somme des tranches doit égaler le montant.',
    stale:
      'Quelqu’un a modifié ce dossier depuis que vous l’avez ouvert. L’écran est à jour : vérifiez, puis envoyez de nouveau.',
  },
  ar: {
    mismatch: 'يجب أن يساوي مجموع الأشطر المبلغ.',
    stale: 'عدّل شخص آخر هذا الملف منذ فتحته. الشاشة محدّثة الآن: تحقق ثم أعد الإرسال.',
  },
};

const JOURNEYS = [
  { language: 'fr', viewport: VIEWPORTS.laptop },
  { language: 'ar', viewport: VIEWPORTS.phone },
] as const;

describe('the ministry awards grants in the workspace', () => {
  for (const { language, viewport } of JOURNEYS) {
    it(`awards a grant once, after a refusal, in ${language}`, async () => {
      const text = TEXT[language];
      const context = await demo.browser.newContext({ viewport, bypassCSP: true });
      const page = await context.newPage();
      const keys: string[] = [];
      page.on('request', (request) => {
        if (request.method() === 'POST' && request.url().endsWith(`/rollouts/${ROLLOUT}/grants`)) {
          keys.push(request.headers()['idempotency-key'] ?? '');
        }
      });
      try {
        // Given the ministry signed in: the rollout in its grants phase awaits awards
        await demo.signIn(page, language, { persona: 'ministry' });
        await page.locator(`${ID}-associationId`).waitFor(PATIENCE);
        expect(await seriousViolations(page)).toEqual([]);
        const associationId = await page.locator(`${ID}-associationId`).inputValue();
        const awarded: string[] = (
          await demo.api('GET', `/rollouts/${ROLLOUT}/grants`, demo.region.tokens.ministry)
        ).grants.map((grant: { associationId: string }) => grant.associationId);
        const before = awarded.length;

        // When they award 20,000 MAD from the ministry's budget in tranches that do not add up (fr),
        // or while someone else awards another grant (ar)
        await page.locator(`${ID}-coFunderId`).selectOption('ministry');
        await page.locator(`${ID}-amount`).fill('20000');
        await page.locator(`${ID}-tranches`).fill(language === 'fr' ? '12000 5000' : '12000 8000');
        await page.locator(`${ID}-purposeFr`).fill('Renforcer la gestion financière');
        await page.locator(`${ID}-purposeAr`).fill('تعزيز التدبير المالي');
        await page.locator(`${ID}-deliverableFr`).fill('Manuel des procédures');
        await page.locator(`${ID}-deliverableAr`).fill('دليل المساطر');
        await page.locator(`${ID}-dueBy`).fill('2027-06-30');
        if (language === 'ar') {
          const other = demo.region.plan.grants.find(
            (grant) => grant.associationId !== associationId && !awarded.includes(grant.associationId),
          );
          await demo.api('POST', `/rollouts/${ROLLOUT}/grants`, demo.region.tokens.ministry, {
            associationId: other?.associationId,
            amount: 1_000_000,
            ...grantPurpose,
            funding: [{ coFunderId: 'ministry', amount: 1_000_000 }],
            tranches: [{ amount: 1_000_000, releaseConditions: [] }],
          });
        }
        await page.locator(`${ID} button[type="submit"]`).click();

        // Then it is refused, at the tranches or as a stale screen, and nothing of theirs is awarded
        if (language === 'fr') {
          await page.locator(`${ID}-tranches-error`).waitFor(PATIENCE);
          expect(await page.locator(`${ID}-tranches-error`).textContent()).toBe(text.mismatch);
          await page.locator(`${ID}-tranches`).fill('12000 8000');
        } else {
          await page.getByText(text.stale).waitFor(PATIENCE);
        }
        const granted = await demo.api('GET', `/rollouts/${ROLLOUT}/grants`, demo.region.tokens.ministry);
        expect(
          granted.grants.some((grant: { associationId: string }) => grant.associationId === associationId),
        ).toBe(false);

        // When they send it again with two clicks at once
        const sent = keys.length;
        await page.evaluate(
          `(() => { const button = document.querySelector('${ID} button[type="submit"]'); button.click(); button.click(); })()`,
        );

        // Then the grant is awarded once, as typed, in centimes
        await page.locator(`${ID} [role="status"]`).waitFor(PATIENCE);
        expect(new Set(keys.slice(sent)).size).toBe(1);
        const grants = (await demo.api('GET', `/rollouts/${ROLLOUT}/grants`, demo.region.tokens.ministry))
          .grants;
        expect(grants.length).toBe(before + (language === 'ar' ? 2 : 1));
        const grant = grants.find(
          (candidate: { associationId: string }) => candidate.associationId === associationId,
        );
        expect([grant.amount, grant.tranches.map((tranche: { amount: number }) => tranche.amount)]).toEqual([
          2_000_000,
          [1_200_000, 800_000],
        ]);
        expect(await seriousViolations(page)).toEqual([]);
      } finally {
        await context.close();
      }
    });
  }
});
