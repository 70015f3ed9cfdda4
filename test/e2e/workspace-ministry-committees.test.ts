import { describe, expect, it } from 'vitest';
import { VIEWPORTS } from '../support/e2e-browser.js';
import {
  BENEFICIARY_CALL,
  FM_COMMITTEE,
  type Language,
  PATIENCE,
  seedCommitteeAppointed,
  seriousViolations,
  workspaceInChromium,
} from '../support/e2e-workspace.js';

// The ministry appoints the committees of closed calls in the workspace, in real headless Chromium,
// through the screens only (docs/adr/0075-ministry-screens.md): each call awaiting its committee is
// in its queue; a chair who is not a member (fr) and a quorum above the members (ar) are refused by
// the API at their field; two clicks at once appoint once. The calls, their applications and their
// closing are the coordinator's steps, through the API.

const ws = workspaceInChromium(async (server) => {
  await seedCommitteeAppointed(server, { beneficiaryCall: true, appoint: false });
  ministry = await server.token({ subject: 'minister-1', roles: ['ministry'] });
}, 180_000);
let ministry: string;

const TEXT: Record<Language, { call: string; refused: string }> = {
  fr: {
    call: `Appel ${FM_COMMITTEE.callId} : 4 candidature(s) reçue(s)`,
    refused: 'Le président doit être l’un des membres.',
  },
  ar: {
    call: `الإعلان ${BENEFICIARY_CALL}: الترشيحات الواردة: 3`,
    refused: 'النصاب يتجاوز عدد الأعضاء.',
  },
};

const JOURNEYS = [
  { language: 'fr', callId: FM_COMMITTEE.callId, viewport: VIEWPORTS.laptop },
  { language: 'ar', callId: BENEFICIARY_CALL, viewport: VIEWPORTS.phone },
] as const;

describe('the ministry appoints committees in the workspace', () => {
  for (const { language, callId, viewport } of JOURNEYS) {
    it(`appoints the committee of ${callId} once, after a refusal shown at its field, in ${language}`, async () => {
      const text = TEXT[language];
      const context = await ws.browser.newContext({ viewport, bypassCSP: true });
      const page = await context.newPage();
      const keys: string[] = [];
      page.on('request', (request) => {
        if (request.method() === 'PUT' && request.url().endsWith(`/calls/${callId}/committee`)) {
          keys.push(request.headers()['idempotency-key'] ?? '');
        }
      });
      const card = page.locator(`article[data-appoint="${callId}"]`);
      const id = `#appoint-${callId}`;
      try {
        // Given the ministry signed in: the closed call awaits its committee
        await ws.signIn(page, language, { persona: 'ministry' });
        await card.waitFor(PATIENCE);
        expect(await card.locator('h3').textContent()).toBe(text.call);
        expect(await seriousViolations(page)).toEqual([]);

        // When they name the members, the chair, the quorum and a two-criteria grid, with one mistake
        await page.locator(`${id}-members`).fill(FM_COMMITTEE.memberIds.join(' '));
        await page.locator(`${id}-chair`).fill(language === 'fr' ? 'committee-fm-9' : FM_COMMITTEE.chairId);
        await page.locator(`${id}-quorum`).fill(language === 'fr' ? '2' : '4');
        for (const [index, criterion] of FM_COMMITTEE.grid.entries()) {
          await page.locator(`${id}-c${index}-id`).fill(criterion.criterionId);
          await page.locator(`${id}-c${index}-fr`).fill(criterion.label.fr);
          await page.locator(`${id}-c${index}-ar`).fill(criterion.label.ar);
          await page.locator(`${id}-c${index}-weight`).fill(String(criterion.weight));
          await page.locator(`${id}-c${index}-max`).fill(String(criterion.maxScore));
        }
        await card.locator('button[type="submit"]').click();

        // Then the API refuses it at the field concerned, and nothing is appointed
        const field = language === 'fr' ? 'chair' : 'quorum';
        await page.locator(`${id}-${field}-error`).waitFor(PATIENCE);
        expect(await page.locator(`${id}-${field}-error`).textContent()).toBe(text.refused);
        expect(await page.locator(`${id}-${field}`).getAttribute('aria-invalid')).toBe('true');
        expect((await ws.server.send('GET', `/calls/${callId}`, ministry)).json.committee.status).toBe(
          'not-appointed',
        );

        // When they correct it and send with two clicks at once
        if (language === 'fr') await page.locator(`${id}-chair`).fill(FM_COMMITTEE.chairId);
        else await page.locator(`${id}-quorum`).fill('2');
        const before = keys.length;
        await page.evaluate(
          `(() => { const button = document.querySelector('${id} button[type="submit"]'); button.click(); button.click(); })()`,
        );

        // Then the committee is appointed once, as typed, and the call leaves the queue
        await card.waitFor({ state: 'detached', ...PATIENCE });
        expect(new Set(keys.slice(before)).size).toBe(1);
        const committee = (await ws.server.send('GET', `/calls/${callId}`, ministry)).json.committee;
        expect([committee.status, committee.memberIds, committee.chairId, committee.quorum]).toEqual([
          'appointed',
          ['committee-fm-1', 'committee-fm-2', 'committee-fm-3'],
          'committee-fm-1',
          2,
        ]);
        expect(committee.scoringGrid).toEqual([
          { criterionId: 'experience', label: { fr: 'Expérience', ar: 'الخبرة' }, weight: 3, maxScore: 20 },
          { criterionId: 'capacity', label: { fr: 'Capacité', ar: 'القدرة' }, weight: 1, maxScore: 20 },
        ]);
        expect(await seriousViolations(page)).toEqual([]);
      } finally {
        await context.close();
      }
    });
  }
});
