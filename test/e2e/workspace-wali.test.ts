import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { principalFromClaims } from '../../functions/adapters/http/claims.js';
import { agreementStreamId } from '../../functions/domain/ids.js';
import { VIEWPORTS } from '../support/e2e-browser.js';
import {
  type Language,
  PATIENCE,
  seedRegionalAgreementDrafted,
  seriousViolations,
  workspaceInChromium,
} from '../support/e2e-workspace.js';
import { signatureBody } from '../support/signer-capacity.js';

// The Wali and the Regional Council sign the regional agreement in the workspace, in real headless
// Chromium, through the screens only: the agreement awaiting their signature is what they see
// first; a screen made stale by the ministry's signature is refused with a clear message; two
// clicks at once sign once. The launch and the draft are the ministry's and the coordinator's
// steps, through the API. The Wali in French, the Council in Arabic.

const ROLLOUT = 'rollout-FM-2026';
const AGREEMENT = `${ROLLOUT}-regional-partnership`;
const ws = workspaceInChromium(async (server) => {
  ({ ministry } = await seedRegionalAgreementDrafted(server));
}, 120_000);
let ministry: string;

const TEXT: Record<
  Language,
  {
    stale: string;
    signed: string;
    signedBy: (who: string) => string;
    signedIn: string;
    title: string;
    parties: string;
    status: string;
  }
> = {
  fr: {
    signedIn: 'Connecté : wali-fm (Signataire)',
    title: 'Convention régionale de partenariat Fès-Meknès',
    parties: 'Parties : minister-1 (ministère), wali-fm (wali), council-fm (conseil régional)',
    status: 'En attente de signatures',
    stale:
      'Quelqu’un a modifié ce dossier depuis que vous l’avez ouvert. L’écran est à jour : vérifiez, puis envoyez de nouveau.',
    signed: 'Vous avez signé.',
    signedBy: (who) => `Déjà signée par : ${who}`,
  },
  ar: {
    signedIn: 'متصل: council-fm (موقّع)',
    title: 'اتفاقية الشراكة الجهوية فاس-مكناس',
    parties:
      'الأطراف: minister-1 (الصفة: الوزارة)، wali-fm (الصفة: الوالي)، council-fm (الصفة: المجلس الجهوي)',
    status: 'سارية المفعول',
    stale: 'عدّل شخص آخر هذا الملف منذ فتحته. الشاشة محدّثة الآن: تحقق ثم أعد الإرسال.',
    signed: 'وقّعتَ الاتفاقية.',
    signedBy: (who) => `وقّعها: ${who}`,
  },
};

/** The token the page holds, as the API reads it: the role the sign-in gave. */
const rolesHeld = async (page: Page) => {
  const token = (await page.evaluate("sessionStorage.getItem('naseej.workspace.token')")) as string;
  const principal = principalFromClaims(await ws.server.runtime.auth.verify(token));
  return [principal.roles, principal.regions];
};

const agreement = async () => (await ws.server.send('GET', `/agreements/${AGREEMENT}`, ministry)).json;

/** The capacity each signature recorded, from the agreement's stream (the view shows who, not as what). */
const capacities = async () => {
  const signed: Record<string, unknown> = {};
  for await (const event of ws.server.runtime.store.readStream(agreementStreamId(AGREEMENT))) {
    if (event.type !== 'AgreementSigned') continue;
    const data = event.data as { partyId: string; capacity: unknown };
    signed[data.partyId] = data.capacity;
  }
  return signed;
};

describe('the Wali and the Regional Council sign in the workspace', () => {
  it('the Wali signs the regional agreement, after a stale screen is refused, in fr', async () => {
    const text = TEXT.fr;
    const context = await ws.browser.newContext({ viewport: VIEWPORTS.laptop, bypassCSP: true });
    const page = await context.newPage();
    const card = page.locator(`article[data-agreement="${AGREEMENT}"]`);
    try {
      // Given the Wali of Fès-Meknès signed in: the agreement awaits their signature, unsigned so far
      await ws.signIn(page, 'fr', { persona: 'wali', region: 'FM' });
      await card.waitFor(PATIENCE);
      expect(await rolesHeld(page)).toEqual([['signatory'], ['FM']]);
      expect(await page.locator('[data-testid="signed-in"]').textContent()).toBe(text.signedIn);
      // They review what they sign: its title, parties and status; and see no operating screen
      const review = page.locator(`li[data-review="${AGREEMENT}"]`);
      expect(await review.locator('dt').textContent()).toBe(text.title);
      expect(await review.locator('[data-testid="parties"]').textContent()).toBe(text.parties);
      expect(await review.locator('[data-testid="status"]').textContent()).toBe(text.status);
      // (the one form is the signature's own: the office signed in and its printed title)
      expect(await page.locator('form:not([data-sign]), section[aria-labelledby^="rollout-"]').count()).toBe(
        0,
      );
      expect(await card.locator('[data-testid="signed-by"]').textContent()).toBe(text.signedBy('—'));
      expect(await seriousViolations(page)).toEqual([]);

      // When the ministry signs meanwhile, and the Wali signs from the screen they had
      await ws.server.send(
        'POST',
        `/agreements/${AGREEMENT}/signatures`,
        ministry,
        signatureBody('ministry'),
      );
      await card.getByRole('button').click();

      // Then the stale screen is refused with a clear message, shows the ministry's signature, and the Wali has not signed
      await card.getByText(text.stale).waitFor(PATIENCE);
      expect(await card.locator('[data-testid="signed-by"]').textContent()).toBe(text.signedBy('minister-1'));
      expect((await agreement()).signedBy).toEqual(['minister-1']);

      // When they sign again from the screen as it is now
      await card.getByRole('button').click();

      // Then they have signed, as the Wali: the office the form offers a Wali, with its printed title
      await card.getByText(text.signed).waitFor(PATIENCE);
      expect((await agreement()).signedBy).toEqual(['minister-1', 'wali-fm']);
      expect((await capacities())['wali-fm']).toEqual({
        office: 'wali',
        title: { fr: 'Wali de la région', ar: 'والي الجهة' },
      });
      expect(await seriousViolations(page)).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it('the Regional Council signs once with two clicks at once, putting the agreement in force, in ar', async () => {
    const text = TEXT.ar;
    const context = await ws.browser.newContext({ viewport: VIEWPORTS.phone, bypassCSP: true });
    const page = await context.newPage();
    const keys: string[] = [];
    page.on('request', (request) => {
      if (request.method() === 'POST' && request.url().endsWith(`/agreements/${AGREEMENT}/signatures`)) {
        keys.push(request.headers()['idempotency-key'] ?? '');
      }
    });
    const card = page.locator(`article[data-agreement="${AGREEMENT}"]`);
    try {
      // Given the Regional Council signed in
      await ws.signIn(page, 'ar', { persona: 'regional-council', region: 'FM' });
      await card.waitFor(PATIENCE);
      expect(await rolesHeld(page)).toEqual([['signatory'], ['FM']]);
      expect(await page.locator('[data-testid="signed-in"]').textContent()).toBe(text.signedIn);
      expect(await seriousViolations(page)).toEqual([]);

      // When they sign with two clicks at once
      await page.evaluate(
        `(() => { const button = document.querySelector('article[data-agreement="${AGREEMENT}"] button'); button.click(); button.click(); })()`,
      );

      // Then they signed once, and the agreement is in force
      await card.getByText(text.signed).waitFor(PATIENCE);
      expect(new Set(keys).size).toBe(1);
      const signed = await agreement();
      expect([signed.status, signed.signedBy]).toEqual(['in-force', ['minister-1', 'wali-fm', 'council-fm']]);
      // As the Council's president, the first office of a Regional Council, titled in both languages
      expect((await capacities())['council-fm']).toEqual({
        office: 'council-president',
        title: { fr: 'Président du Conseil régional', ar: 'رئيس مجلس الجهة' },
      });
      const review = page.locator(`li[data-review="${AGREEMENT}"]`);
      expect(await review.locator('dt').textContent()).toBe(text.title);
      expect(await review.locator('[data-testid="parties"]').textContent()).toBe(text.parties);
      expect(await review.locator('[data-testid="status"]').textContent()).toBe(text.status);
      expect(await page.locator('[role="alert"]').count()).toBe(0);
    } finally {
      await context.close();
    }
  });
});
