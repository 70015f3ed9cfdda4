import { describe, expect, it } from 'vitest';
import { VIEWPORTS } from '../support/e2e-browser.js';
import {
  BENEFICIARY_APPLICANTS,
  BENEFICIARY_CALL,
  FM_COMMITTEE,
  type Language,
  PATIENCE,
  seedCommitteeAppointed,
  seriousViolations,
  workspaceInChromium,
} from '../support/e2e-workspace.js';

// The ministry publishes a committee's selection in the workspace, in real headless Chromium,
// through the screens only: minutes left empty are refused by the route's own schema, an appeal
// window already over by the API, each at its field; two clicks at once publish once. The calls,
// the committee's scores, ranking and selection are the other people's steps, through the API.
// In French the operator call's selection, in Arabic the beneficiaries' call's.

const ws = workspaceInChromium(async (server) => {
  const files = await seedCommitteeAppointed(server, { beneficiaryCall: true });
  ministry = await server.token({ subject: 'minister-1', roles: ['ministry'] });
  const points: Record<string, number> = {
    'assoc-amsed': 18,
    'assoc-atlas': 12,
    'assoc-saiss': 9,
    'assoc-sefrou-nour': 17,
    'assoc-taza-amal': 15,
    'assoc-boulemane-tichoukt': 8,
  };
  const calls = [
    { callId: FM_COMMITTEE.callId, applicants: FM_COMMITTEE.applicants },
    { callId: BENEFICIARY_CALL, applicants: BENEFICIARY_APPLICANTS },
  ];
  for (const memberId of FM_COMMITTEE.memberIds) {
    const member = await server.token({ subject: memberId, roles: ['committee-member'] });
    for (const { callId, applicants } of calls) {
      for (const { associationId } of applicants) {
        const score = points[associationId] as number;
        await server.send('POST', `/calls/${callId}/committee/scores`, member, {
          applicationId: files[associationId],
          scores: [
            { criterionId: 'experience', score },
            { criterionId: 'capacity', score },
          ],
        });
      }
    }
  }
  const chair = await server.token({ subject: FM_COMMITTEE.chairId, roles: ['committee-member'] });
  for (const { callId } of calls) {
    await server.send('POST', `/calls/${callId}/committee/ranking`, chair);
    await server.send('POST', `/calls/${callId}/committee/selection`, chair);
  }
}, 180_000);
let ministry: string;

const TEXT: Record<
  Language,
  { selected: (names: string) => string; required: string; past: string; published: string }
> = {
  fr: {
    selected: (names) => `Sélection à publier : ${names}`,
    required: 'Ce champ est obligatoire.',
    past: 'La fenêtre de recours doit se terminer dans le futur.',
    published: 'Sélection publiée.',
  },
  ar: {
    selected: (names) => `انتقاء في انتظار النشر: ${names}`,
    required: 'هذا الحقل إلزامي.',
    past: 'يجب أن ينتهي أجل الطعن في المستقبل.',
    published: 'تم نشر الانتقاء.',
  },
};

const JOURNEYS = [
  { language: 'fr', callId: FM_COMMITTEE.callId, names: 'AMSED' },
  { language: 'ar', callId: BENEFICIARY_CALL, names: 'جمعية نور صفرو, جمعية أمل تازة' },
] as const;

/** Local date and time as a datetime-local input takes it, `offsetDays` from now (UTC). */
const at = (offsetDays: number) => new Date(Date.now() + offsetDays * 86_400_000).toISOString().slice(0, 16);

describe('the ministry publishes a selection in the workspace', () => {
  for (const { language, callId, names } of JOURNEYS) {
    it(`publishes a committee's selection with its minutes, in ${language}`, async () => {
      const text = TEXT[language];
      const context = await ws.browser.newContext({ viewport: VIEWPORTS.laptop, bypassCSP: true });
      const page = await context.newPage();
      const keys: string[] = [];
      page.on('request', (request) => {
        if (request.method() === 'POST' && request.url().endsWith(`/calls/${callId}/committee/publication`)) {
          keys.push(request.headers()['idempotency-key'] ?? '');
        }
      });
      const card = page.locator(`article[data-call="${callId}"]`);
      const id = `#publish-${callId}`;
      try {
        // Given the ministry signed in: the committee's selection waits to be published
        await ws.signIn(page, language, { persona: 'ministry' });
        await card.waitFor(PATIENCE);
        expect(await card.locator('[data-testid="selected"]').textContent()).toBe(text.selected(names));
        expect(await seriousViolations(page)).toEqual([]);

        // When the Arabic minutes are missing: the route's schema refuses it in the page, at its field
        await page.locator(`${id}-endsAt`).fill(at(-1));
        await page.locator(`${id}-fr`).fill(`pv-${callId}-fr`);
        await card.locator('button[type="submit"]').click();
        expect(await page.locator(`${id}-ar-error`).textContent()).toBe(text.required);
        expect(keys).toEqual([]);

        // When the appeal window is already over: the API refuses it at that field
        await page.locator(`${id}-ar`).fill(`pv-${callId}-ar`);
        await card.locator('button[type="submit"]').click();
        await page.locator(`${id}-endsAt-error`).waitFor(PATIENCE);
        expect(await page.locator(`${id}-endsAt-error`).textContent()).toBe(text.past);

        // When they correct it and publish with two clicks at once
        await page.locator(`${id}-endsAt`).fill(at(10));
        const before = keys.length;
        await page.evaluate(
          `(() => { const button = document.querySelector('article[data-call="${callId}"] button[type="submit"]'); button.click(); button.click(); })()`,
        );

        // Then it is published once, with the minutes given
        await card.getByText(text.published).first().waitFor(PATIENCE);
        expect(new Set(keys.slice(before)).size).toBe(1);
        const call = await ws.server.send('GET', `/calls/${callId}`, ministry);
        expect(call.json.committee.status).toBe('published');
        await ws.server.runtime.drainFeed();
        const overview = await ws.server.send('GET', `/views/calls/${callId}`, ministry);
        expect(overview.json.publication.minutes).toEqual({ fr: `pv-${callId}-fr`, ar: `pv-${callId}-ar` });
        expect(await page.locator('[role="alert"]').count()).toBe(0);
        expect(await seriousViolations(page)).toEqual([]);
      } finally {
        await context.close();
      }
    });
  }
});
