import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { VIEWPORTS } from '../support/e2e-browser.js';
import {
  demoRegionInChromium,
  type Language,
  PATIENCE,
  seriousViolations,
} from '../support/e2e-workspace.js';

// A regional coordinator's journey in the workspace, in real headless Chromium, through the
// screens only: the rollout in its enrolment phase waits for them; they enrol a beneficiary
// association (a name left empty is refused by the route's own schema, a province outside the
// region by the API, each at its field) and nominate its four members (a double submit nominates
// once; a screen made stale by another coordinator's enrolment is refused with a clear message).
// Everything before (launch, agreements, the operator's selection, the beneficiary call's selection
// of the four associations enrolled here) is the demo's people, through the API. Once in French, once in Arabic, each for its own association.

const ROLLOUT = 'rollout-FM-2026';
const demo = demoRegionInChromium('beneficiaries-selected', undefined, 240_000);

const TEXT: Record<
  Language,
  {
    phase: string;
    enrolled: (count: number) => string;
    required: string;
    outside: string;
    stale: string;
    accepted: string;
    complete: string;
  }
> = {
  fr: {
    phase: 'Phase : Inscription des bénéficiaires',
    enrolled: (count) => `${count} association(s) inscrite(s) sur 4`,
    required: 'Ce champ est obligatoire.',
    outside: 'Cette province n’est pas dans la région.',
    stale:
      'Quelqu’un a modifié ce dossier depuis que vous l’avez ouvert. L’écran est à jour : vérifiez, puis envoyez de nouveau.',
    accepted: 'Enregistré.',
    complete: 'Tous les membres sont désignés.',
  },
  ar: {
    phase: 'المرحلة: تسجيل الجمعيات المستفيدة',
    enrolled: (count) => `الجمعيات المسجلة: ${count} من 4`,
    required: 'هذا الحقل إلزامي.',
    outside: 'هذا الإقليم ليس من أقاليم الجهة.',
    stale: 'عدّل شخص آخر هذا الملف منذ فتحته. الشاشة محدّثة الآن: تحقق ثم أعد الإرسال.',
    accepted: 'تم التسجيل.',
    complete: 'تم تعيين جميع الأعضاء.',
  },
};

const JOURNEYS = [
  {
    language: 'fr',
    associationId: 'assoc-fm-001',
    name: { fr: 'Association Fès Jeunesse', ar: 'جمعية فاس للشباب' },
    meanwhile: 'assoc-fm-002',
    enrolledBefore: 0,
  },
  {
    language: 'ar',
    associationId: 'assoc-fm-003',
    name: { fr: 'Association Meknès Amal', ar: 'جمعية مكناس أمل' },
    meanwhile: 'assoc-fm-004',
    enrolledBefore: 2,
  },
] as const;

const training = async () => {
  const response = await fetch(`${demo.runtime.url}/rollouts/${ROLLOUT}/training`, {
    headers: { authorization: `Bearer ${demo.region.tokens.coordinator}` },
  });
  return (await response.json()) as {
    associations: { associationId: string; members: { memberId: string; trainingTopic: string }[] }[];
  };
};

/** Another coordinator of the region enrols an association meanwhile, through the API. */
const enrolMeanwhile = async (associationId: string) => {
  const response = await fetch(`${demo.runtime.url}/rollouts/${ROLLOUT}/beneficiaries`, {
    method: 'POST',
    headers: {
      authorization: `Bearer ${demo.region.tokens.coordinator}`,
      'content-type': 'application/json',
    },
    body: JSON.stringify({ associationId, name: { fr: associationId, ar: 'جمعية' }, province: 'Sefrou' }),
  });
  expect(response.status).toBe(200);
};

const nominationCard = (page: Page, associationId: string) =>
  page.locator(`article[data-association="${associationId}"]`);

const nominate = async (page: Page, associationId: string, memberId: string, topic: string) => {
  const card = nominationCard(page, associationId);
  await card.locator('input').fill(memberId);
  await card.locator('select').selectOption(topic);
};

describe("a regional coordinator's enrolment in the workspace", () => {
  for (const { language, associationId, name, meanwhile, enrolledBefore } of JOURNEYS) {
    it(`enrols an association and nominates its four members, in ${language}`, async () => {
      const text = TEXT[language];
      const context = await demo.browser.newContext({ viewport: VIEWPORTS.phone, bypassCSP: true });
      const page = await context.newPage();
      const nominations: string[] = [];
      page.on('request', (request) => {
        if (
          request.method() === 'POST' &&
          request.url().endsWith(`/beneficiaries/${associationId}/members`)
        ) {
          nominations.push(request.headers()['idempotency-key'] ?? '');
        }
      });
      try {
        // Given the coordinator of Fès-Meknès signed in: the rollout waits for its enrolment
        await demo.signIn(page, language, { persona: 'coordinator', region: 'FM' });
        await page.locator('[data-testid="enrolled"]').waitFor(PATIENCE);
        expect(await page.locator('section .muted').first().textContent()).toBe(text.phase);
        expect(await page.locator('[data-testid="enrolled"]').textContent()).toBe(
          text.enrolled(enrolledBefore),
        );
        expect(await seriousViolations(page)).toEqual([]);

        // When they leave the Arabic name empty: the route's schema refuses it in the page, at its field
        await page.locator('#enrol-association').fill(associationId);
        await page.locator('#enrol-name-fr').fill(name.fr);
        await page.locator('#enrol-province').fill('Casablanca');
        await page.locator('form.enrol button[type="submit"]').click();
        expect(await page.locator('#enrol-name-ar-error').textContent()).toBe(text.required);

        // When the province is not the region's: the API refuses it, said at that field
        await page.locator('#enrol-name-ar').fill(name.ar);
        await page.locator('form.enrol button[type="submit"]').click();
        await page.locator('#enrol-province-error').waitFor(PATIENCE);
        expect(await page.locator('#enrol-province-error').textContent()).toBe(text.outside);

        // When they correct it and send
        await page.locator('#enrol-province').fill('Fès');
        await page.locator('form.enrol button[type="submit"]').click();

        // Then the association is enrolled and waits for its members
        await nominationCard(page, associationId).waitFor(PATIENCE);
        expect(await page.locator('[data-testid="enrolled"]').textContent()).toBe(
          text.enrolled(enrolledBefore + 1),
        );

        // When they nominate the first member with two clicks at once
        await nominate(page, associationId, `${associationId}-m1`, 'M1');
        const before = nominations.length;
        await page.evaluate(
          `(() => { const button = document.querySelector('article[data-association="${associationId}"] button[type="submit"]'); button.click(); button.click(); })()`,
        );
        await nominationCard(page, associationId).getByText(text.accepted).waitFor(PATIENCE);
        const doubleSubmit = nominations.slice(before);
        expect(doubleSubmit.length).toBeGreaterThan(0);
        expect(new Set(doubleSubmit).size).toBe(1);

        // When another coordinator enrols an association meanwhile, and they send their screen
        await enrolMeanwhile(meanwhile);
        await nominate(page, associationId, `${associationId}-m2`, 'M2');
        await nominationCard(page, associationId).locator('button[type="submit"]').click();

        // Then the stale screen is refused with a clear message and the member was not nominated
        await nominationCard(page, associationId).getByText(text.stale).waitFor(PATIENCE);
        const afterStale = (await training()).associations.find(
          (entry) => entry.associationId === associationId,
        );
        expect(afterStale?.members.map((member) => member.memberId)).toEqual([`${associationId}-m1`]);

        // When they send again from the screen as it is now, then nominate the last two
        await nominationCard(page, associationId).locator('button[type="submit"]').click();
        await nominationCard(page, associationId).getByText(text.accepted).waitFor(PATIENCE);
        for (const [index, topic] of [
          [3, 'M3'],
          [4, 'M4'],
        ] as const) {
          await nominate(page, associationId, `${associationId}-m${index}`, topic);
          await nominationCard(page, associationId).locator('button[type="submit"]').click();
          await page
            .locator(`article[data-association="${associationId}"] li`)
            .nth(index - 1)
            .waitFor(PATIENCE);
        }

        // Then the association has its four members, each nominated once, and the screen says it is complete
        await nominationCard(page, associationId).getByText(text.complete).waitFor(PATIENCE);
        const enrolled = (await training()).associations.find(
          (entry) => entry.associationId === associationId,
        );
        expect(enrolled?.members).toEqual([
          {
            memberId: `${associationId}-m1`,
            trainingTopic: 'M1',
            modulesCompleted: [],
            sessionsAttended: 0,
            sessionsMissed: 0,
          },
          {
            memberId: `${associationId}-m2`,
            trainingTopic: 'M2',
            modulesCompleted: [],
            sessionsAttended: 0,
            sessionsMissed: 0,
          },
          {
            memberId: `${associationId}-m3`,
            trainingTopic: 'M3',
            modulesCompleted: [],
            sessionsAttended: 0,
            sessionsMissed: 0,
          },
          {
            memberId: `${associationId}-m4`,
            trainingTopic: 'M4',
            modulesCompleted: [],
            sessionsAttended: 0,
            sessionsMissed: 0,
          },
        ]);
        expect(await page.locator('[role="alert"]').count()).toBe(0);
        expect(await seriousViolations(page)).toEqual([]);
      } finally {
        await context.close();
      }
    });
  }
});
