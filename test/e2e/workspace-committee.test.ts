import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { VIEWPORTS } from '../support/e2e-browser.js';
import {
  FM_COMMITTEE,
  type Language,
  PATIENCE,
  seedCommitteeAppointed,
  seriousViolations,
  workspaceInChromium,
} from '../support/e2e-workspace.js';

// A committee member's journey in the workspace, in real headless Chromium, through the screens
// only: sign in, see the files that wait, declare a conflict on one, score the others on the grid
// (a score above the grid's maximum is refused at its field, in the member's language; a screen
// made stale by another member's score is refused with a clear message; a double click scores
// once), then see the ranking. What other people do first (launch, call, committee) and the
// other members' scores go through the API. Once in French, once in Arabic, by two members.

const ws = workspaceInChromium(async (server) => {
  files = await seedCommitteeAppointed(server);
  ministry = await server.token({ subject: 'minister-1', roles: ['ministry'] });
  chair = await server.token({ subject: 'committee-fm-1', roles: ['committee-member'] });
});
let files: Record<string, string>;
let ministry: string;
let chair: string;

const { callId } = FM_COMMITTEE;
const SCORES: Record<string, number> = { 'assoc-amsed': 18, 'assoc-atlas': 12, 'assoc-saiss': 9 };

const TEXT: Record<
  Language,
  {
    waiting: string;
    conflict: string;
    conflictDeclared: string;
    outOfRange: string;
    required: string;
    stale: string;
    accepted: string;
    allDone: string;
    ranking: string[];
  }
> = {
  fr: {
    waiting: '3 dossier(s) à traiter',
    conflict: 'Déclarer un conflit d’intérêts',
    conflictDeclared: 'Conflit d’intérêts déclaré : vous ne notez pas ce dossier.',
    outOfRange: 'La note doit être entre 0 et 20.',
    required: 'Ce champ est obligatoire.',
    stale:
      'Quelqu’un a modifié ce dossier depuis que vous l’avez ouvert. L’écran est à jour : vérifiez, puis envoyez de nouveau.',
    accepted: 'Enregistré.',
    allDone: 'Vous avez traité tous les dossiers de cet appel.',
    ranking: ['AMSED', 'Association Atlas', 'Association Saïss'],
  },
  ar: {
    waiting: 'ملفات تنتظر المعالجة: 3',
    conflict: 'التصريح بتضارب المصالح',
    conflictDeclared: 'تم التصريح بتضارب المصالح: لن تنقّط هذا الملف.',
    outOfRange: 'يجب أن تكون النقطة بين 0 و20.',
    required: 'هذا الحقل إلزامي.',
    stale: 'عدّل شخص آخر هذا الملف منذ فتحته. الشاشة محدّثة الآن: تحقق ثم أعد الإرسال.',
    accepted: 'تم التسجيل.',
    allDone: 'عالجت جميع ملفات هذا الطلب.',
    ranking: ['أمسد', 'جمعية الأطلس', 'جمعية سايس'],
  },
};

/** Each language's member, the file they declare a conflict on, and the file the chair scores meanwhile. */
const JOURNEYS = [
  { language: 'fr', member: 'committee-fm-2', conflictOn: 'assoc-atlas', staleBy: 'assoc-saiss' },
  { language: 'ar', member: 'committee-fm-3', conflictOn: 'assoc-saiss', staleBy: 'assoc-amsed' },
] as const;

const fileCard = (page: Page, associationId: string) =>
  page.locator(`article[data-file="${files[associationId]}"]`);

const fillScores = async (page: Page, associationId: string, experience: string, capacity: string) => {
  const card = fileCard(page, associationId);
  await card.locator('input').nth(0).fill(experience);
  await card.locator('input').nth(1).fill(capacity);
};

const scoreSheet = (associationId: string, score: number) => ({
  applicationId: files[associationId],
  scores: [
    { criterionId: 'experience', score },
    { criterionId: 'capacity', score },
  ],
});

const committeeAsTheMinistrySeesIt = async () =>
  (await ws.server.send('GET', `/calls/${callId}`, ministry)).json.committee;

describe("a committee member's work in the workspace", () => {
  for (const { language, member, conflictOn, staleBy } of JOURNEYS) {
    it(`declares a conflict on one file and scores the others, in ${language}`, async () => {
      const text = TEXT[language];
      const context = await ws.browser.newContext({ viewport: VIEWPORTS.laptop, bypassCSP: true });
      const page = await context.newPage();
      const scoreRequests: string[] = [];
      page.on('request', (request) => {
        if (request.method() === 'POST' && request.url().endsWith('/committee/scores')) {
          scoreRequests.push(request.headers()['idempotency-key'] ?? '');
        }
      });
      try {
        // Given the member signed in: the three eligible files wait for them, the refused one does not
        await ws.signIn(page, language, { persona: 'committee-member', subject: member });
        await page.locator('[data-testid="waiting"]').waitFor(PATIENCE);
        expect(await page.locator('[data-testid="waiting"]').textContent()).toBe(text.waiting);
        expect(await page.locator('article[data-file]').count()).toBe(3);
        expect(await seriousViolations(page)).toEqual([]);

        // When they declare a conflict on one file
        await fileCard(page, conflictOn).getByRole('button', { name: text.conflict }).click();

        // Then that file says so and offers no scoring
        await fileCard(page, conflictOn)
          .locator('[data-state="conflicted"], .done')
          .first()
          .waitFor(PATIENCE);
        expect(await fileCard(page, conflictOn).locator('.done').textContent()).toBe(text.conflictDeclared);
        expect(await fileCard(page, conflictOn).locator('input').count()).toBe(0);

        const [first, second] = FM_COMMITTEE.applicants
          .map((applicant) => applicant.associationId)
          .filter((associationId) => associationId !== conflictOn && associationId !== staleBy)
          .concat(staleBy) as [string, string];

        // When they leave a criterion empty: the route's own schema refuses it in the page, at its field
        await fillScores(page, first, '', '5');
        await fileCard(page, first).locator('button[type="submit"]').click();
        expect(await fileCard(page, first).locator('.field-error').textContent()).toBe(text.required);
        expect(scoreRequests).toEqual([]);

        // When they give a score above the grid's maximum: the API refuses it, said at that field in their language
        await fillScores(page, first, '25', '5');
        await fileCard(page, first).locator('button[type="submit"]').click();
        await fileCard(page, first)
          .locator('.field-error')
          .filter({ hasText: text.outOfRange })
          .waitFor(PATIENCE);
        expect(await fileCard(page, first).locator('input').nth(0).getAttribute('aria-invalid')).toBe('true');
        expect(await fileCard(page, first).locator('input').nth(1).getAttribute('aria-invalid')).toBeNull();

        // When the chair scores a file meanwhile, and the member sends the screen they had
        await ws.server.send(
          'POST',
          `/calls/${callId}/committee/scores`,
          chair,
          scoreSheet(staleBy, SCORES[staleBy] as number),
        );
        const score = String(SCORES[first]);
        await fillScores(page, first, score, score);
        await fileCard(page, first).locator('button[type="submit"]').click();

        // Then the stale screen is refused with a clear message, and nothing of theirs was recorded
        await fileCard(page, first).getByText(text.stale).waitFor(PATIENCE);
        const afterStale = await committeeAsTheMinistrySeesIt();
        expect(afterStale.scores.filter((sheet: { memberId: string }) => sheet.memberId === member)).toEqual(
          [],
        );

        // When they send it again from the screen as it is now: it is recorded
        await fileCard(page, first).locator('button[type="submit"]').click();
        await fileCard(page, first).getByText(text.accepted).waitFor(PATIENCE);

        // When they send the last file twice at once (a double click)
        const last = String(SCORES[second]);
        await fillScores(page, second, last, last);
        const before = scoreRequests.length;
        // Two clicks in the same instant, before the page could draw its button disabled
        await page.evaluate(
          `(() => { const button = document.querySelector('article[data-file="${files[second]}"] button[type="submit"]'); button.click(); button.click(); })()`,
        );
        await fileCard(page, second).getByText(text.accepted).waitFor(PATIENCE);

        // Then it acted once: one score sheet per file, no refusal shown, and the work is done
        const committee = await committeeAsTheMinistrySeesIt();
        expect(
          committee.scores
            .filter((sheet: { memberId: string }) => sheet.memberId === member)
            .map((sheet: { applicationId: string }) => sheet.applicationId)
            .sort(),
        ).toEqual([files[first], files[second]].sort());
        expect(committee.conflicts).toContainEqual({ memberId: member, applicationId: files[conflictOn] });
        expect(new Set(scoreRequests.slice(before)).size).toBe(1);
        expect(await page.locator('[role="alert"]').count()).toBe(0);
        expect(await page.locator('[data-testid="waiting"]').textContent()).toBe(text.allDone);
        expect(await seriousViolations(page)).toEqual([]);
      } finally {
        await context.close();
      }
    });
  }

  it('shows the ranking to the members once the chair ranked the files, in both languages', async () => {
    // Given the chair scored every file and ranked them (the chair's own steps, through the API)
    const sheets = (await committeeAsTheMinistrySeesIt()).scores as {
      memberId: string;
      applicationId: string;
    }[];
    for (const { associationId } of FM_COMMITTEE.applicants) {
      const scored = sheets.some(
        (sheet) => sheet.memberId === 'committee-fm-1' && sheet.applicationId === files[associationId],
      );
      if (!scored) {
        await ws.server.send(
          'POST',
          `/calls/${callId}/committee/scores`,
          chair,
          scoreSheet(associationId, SCORES[associationId] as number),
        );
      }
    }
    await ws.server.send('POST', `/calls/${callId}/committee/ranking`, chair);

    for (const { language, member } of JOURNEYS) {
      const context = await ws.browser.newContext({ viewport: VIEWPORTS.phone, bypassCSP: true });
      const page = await context.newPage();
      try {
        // When a member opens the workspace
        await ws.signIn(page, language, { persona: 'committee-member', subject: member });
        await page.locator('[data-testid="ranking"]').waitFor(PATIENCE);

        // Then they see the ranking, in their language
        expect(await page.locator('[data-testid="ranking"] li').allTextContents()).toEqual(
          TEXT[language].ranking,
        );
        expect(await seriousViolations(page)).toEqual([]);
      } finally {
        await context.close();
      }
    }
  });
});
