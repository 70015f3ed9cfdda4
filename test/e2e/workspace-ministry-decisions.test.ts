import { describe, expect, it } from 'vitest';
import { VIEWPORTS } from '../support/e2e-browser.js';
import {
  FM_COMMITTEE,
  PATIENCE,
  seedCommitteeAppointed,
  seriousViolations,
  workspaceInChromium,
} from '../support/e2e-workspace.js';

// The ministry decides in the workspace, in real headless Chromium, through the screens only
// (docs/adr/0075-ministry-screens.md): in French, an escalated rollout gets a new deadline (one
// already past refused by the API at its field); in Arabic, on a phone, an appeal against a
// published selection is dismissed with its reason (missing reasons refused by the route's own
// schema at their fields), two clicks at once deciding once. The escalation, the committee's work,
// the publication and the appeal are other people's steps, through the API.

const ws = workspaceInChromium(async (server) => {
  const files = await seedCommitteeAppointed(server);
  ministry = await server.token({ subject: 'minister-1', roles: ['ministry'] });
  const coordinator = await server.token({ subject: 'coord-fm', roles: ['coordinator'], regions: ['FM'] });
  const { callId } = FM_COMMITTEE;
  for (const memberId of FM_COMMITTEE.memberIds) {
    const member = await server.token({ subject: memberId, roles: ['committee-member'] });
    for (const [index, { associationId }] of FM_COMMITTEE.applicants.entries()) {
      await server.send('POST', `/calls/${callId}/committee/scores`, member, {
        applicationId: files[associationId],
        scores: [
          { criterionId: 'experience', score: 18 - 3 * index },
          { criterionId: 'capacity', score: 15 - 3 * index },
        ],
      });
    }
  }
  const chair = await server.token({ subject: FM_COMMITTEE.chairId, roles: ['committee-member'] });
  await server.send('POST', `/calls/${callId}/committee/ranking`, chair);
  await server.send('POST', `/calls/${callId}/committee/selection`, chair);
  await server.send('POST', `/calls/${callId}/committee/publication`, ministry, {
    appealWindowEndsAt: new Date(server.clock.now() + 10 * 86_400_000).toISOString(),
    minutes: { fr: 'pv-fr', ar: 'pv-ar' },
  });
  await server.send('POST', `/calls/${callId}/appeals`, coordinator, {
    associationId: 'assoc-atlas',
    groundsDocumentId: 'grounds-atlas-1',
  });
  appealId = (await server.send('GET', `/calls/${callId}`, ministry)).json.committee.appeals[0].appealId;
  await server.send('POST', '/rollouts', ministry, { regionCode: 'MS', edition: '2026' });
  await server.waitForPhase(ESCALATED, 'regional-agreement');
  await server.send('POST', `/rollouts/${ESCALATED}/escalations`, ministry, {
    phase: 'regional-agreement',
    reason: 'wait-timed-out',
  });
  await server.send('POST', '/calls', ministry, {
    callId: NATIONAL_CALL,
    title: { fr: 'Opérateur du centre de contact', ar: 'مشغل مركز الاتصال' },
    deadline: new Date(server.clock.now() + 5 * 86_400_000).toISOString(),
    eligibilityRules: [],
  });
  await server.send('POST', `/calls/${NATIONAL_CALL}/escalation`, ministry, {
    step: 'call-closing',
    reason: 'task-failed',
  });
}, 180_000);
let ministry: string;
let appealId: string;
const ESCALATED = 'rollout-MS-2026';
const NATIONAL_CALL = 'contact-centre-2026';

/** Local date and time as a datetime-local input takes it (read as UTC), `offsetDays` from now. */
const at = (offsetDays: number) =>
  new Date(ws.server.clock.now() + offsetDays * 86_400_000).toISOString().slice(0, 16);

describe('the ministry decides escalations and appeals in the workspace', () => {
  it('extends an escalated rollout’s deadline, after a past one is refused at its field, in fr', async () => {
    const context = await ws.browser.newContext({ viewport: VIEWPORTS.laptop, bypassCSP: true });
    const page = await context.newPage();
    const card = page.locator(`article[data-decision="${ESCALATED}"]`);
    const id = `#decide-${ESCALATED}-extend`;
    try {
      // Given the ministry signed in: the escalated rollout awaits its decision, first on the page
      await ws.signIn(page, 'fr', { persona: 'ministry' });
      await card.waitFor(PATIENCE);
      expect(await card.locator('h3').textContent()).toMatch(
        /^Déploiement rollout-MS-2026 en escalade : phase Convention régionale de partenariat \(délai dépassé\) depuis le /,
      );
      expect(await seriousViolations(page)).toEqual([]);

      // When they give a deadline already past: the API refuses it at that field
      await page.locator(`${id}-deadline`).fill(at(-1));
      await page.locator(`${id} button[type="submit"]`).click();
      await page.locator(`${id}-deadline-error`).waitFor(PATIENCE);
      expect(await page.locator(`${id}-deadline-error`).textContent()).toBe(
        'L’échéance doit être dans le futur.',
      );

      // When they give one three weeks ahead, with a reason
      const deadline = at(21);
      await page.locator(`${id}-deadline`).fill(deadline);
      await page.locator(`${id}-reasonFr`).fill('Signature du wali reportée');
      await page.locator(`${id}-reasonAr`).fill('تأجيل توقيع الوالي');
      await page.locator(`${id} button[type="submit"]`).click();

      // Then the escalation is answered with that deadline, and leaves the queue
      await card.waitFor({ state: 'detached', ...PATIENCE });
      const rollout = (await ws.server.send('GET', `/rollouts/${ESCALATED}`, ministry)).json;
      expect([rollout.escalation, rollout.deadline]).toEqual([null, `${deadline}:00.000Z`]);
      expect(await seriousViolations(page)).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it('dismisses an appeal once with its reason, after missing reasons are refused at their fields, in ar', async () => {
    const context = await ws.browser.newContext({ viewport: VIEWPORTS.phone, bypassCSP: true });
    const page = await context.newPage();
    const keys: string[] = [];
    page.on('request', (request) => {
      if (request.method() === 'POST' && request.url().endsWith(`/appeals/${appealId}/decision`)) {
        keys.push(request.headers()['idempotency-key'] ?? '');
      }
    });
    const card = page.locator(`article[data-appeal="${appealId}"]`);
    const id = `#appeal-${FM_COMMITTEE.callId}-${appealId}`;
    try {
      // Given the ministry signed in, in Arabic: the appeal awaits its decision
      await ws.signIn(page, 'ar', { persona: 'ministry' });
      await card.waitFor(PATIENCE);
      expect(await card.locator('h3').textContent()).toBe(
        `الطعن ${appealId} المقدم من جمعية الأطلس (الإعلان ${FM_COMMITTEE.callId})`,
      );
      expect(await seriousViolations(page)).toEqual([]);

      // When they decide with no reason: the route's schema refuses it at both fields, nothing is sent
      await page.locator(`${id} button[type="submit"]`).click();
      expect(await page.locator(`${id}-reasonFr-error`).textContent()).toBe('هذا الحقل إلزامي.');
      expect(await page.locator(`${id}-reasonAr-error`).textContent()).toBe('هذا الحقل إلزامي.');
      expect(keys).toEqual([]);

      // When they dismiss it with its reason, with two clicks at once
      await page.locator(`${id}-outcome`).selectOption('dismissed');
      await page.locator(`${id}-reasonFr`).fill('Dossier incomplet à la clôture');
      await page.locator(`${id}-reasonAr`).fill('ملف غير مكتمل عند الإغلاق');
      await page.evaluate(
        `(() => { const button = document.querySelector('${id} button[type="submit"]'); button.click(); button.click(); })()`,
      );

      // Then it is decided once, as typed, and leaves the queue
      await card.waitFor({ state: 'detached', ...PATIENCE });
      expect(new Set(keys).size).toBe(1);
      const appeals = (await ws.server.send('GET', `/calls/${FM_COMMITTEE.callId}`, ministry)).json.committee
        .appeals;
      expect(appeals).toEqual([{ appealId, associationId: 'assoc-atlas', outcome: 'dismissed', round: 1 }]);
      expect(await seriousViolations(page)).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it('extends an escalated national call’s wait, followed by its id, in fr', async () => {
    const context = await ws.browser.newContext({ viewport: VIEWPORTS.phone, bypassCSP: true });
    const page = await context.newPage();
    const card = page.locator(`article[data-decision="${NATIONAL_CALL}"]`);
    const id = `#decide-${NATIONAL_CALL}-extend`;
    try {
      // Given the ministry signed in, following the national call by its id
      await ws.signIn(page, 'fr', { persona: 'ministry' });
      await page.locator('#follow-call').fill(NATIONAL_CALL);
      await page.locator('#follow-call').press('Enter');
      await card.waitFor(PATIENCE);
      expect(await card.locator('h3').textContent()).toMatch(
        /^Appel contact-centre-2026 en escalade : étape clôture de l’appel \(échec d’une tâche\) depuis le /,
      );
      expect(await seriousViolations(page)).toEqual([]);

      // When they extend the wait to a date already past: the API refuses it at that field
      await page.locator(`${id}-until`).fill(at(-2));
      await page.locator(`${id} button[type="submit"]`).click();
      await page.locator(`${id}-until-error`).waitFor(PATIENCE);
      expect(await page.locator(`${id}-until-error`).textContent()).toBe('La date doit être dans le futur.');

      // When they extend it by ten days
      const until = at(10);
      await page.locator(`${id}-until`).fill(until);
      await page.locator(`${id} button[type="submit"]`).click();

      // Then the escalation is answered, and the call leaves the queue
      await card.waitFor({ state: 'detached', ...PATIENCE });
      const call = (await ws.server.send('GET', `/calls/${NATIONAL_CALL}`, ministry)).json;
      expect(call.escalation).toBeNull();
      expect(await seriousViolations(page)).toEqual([]);
    } finally {
      await context.close();
    }
  });
});
