import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, VIEWPORTS } from '../support/e2e-browser.js';
import {
  type Language,
  PATIENCE,
  seedCallForInterest,
  seriousViolations,
  signIn,
  startWorkspaceTestServer,
  type WorkspaceTestServer,
} from '../support/e2e-workspace.js';

// The associations' portal, in real headless Chromium, through the portal's screens only (issue 25
// item 1): an association registers, is verified by the ministry in its verification queue (the
// workspace's ministry screen, docs/adr/0123-verification-queue.md), applies to the open beneficiaries' call, attaches its file as a PDF
// (a file that is not one is refused at its field), follows its file through eligibility, scoring,
// ranking and selection, and appeals with its letter within the window. Once in French (on a
// laptop), once in Arabic (on a phone), by two associations; axe-core on every screen.

const ROLLOUT = 'rollout-FM-2026';
const CALL = 'FM-2026-beneficiaries';
const bilingual = (fr: string, ar: string) => ({ fr, ar });

/** The smallest PDF the arrival check takes for one (its bytes start with `%PDF-`). */
const PDF = Buffer.from(
  '%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n',
);
/** A text file that claims to be a PDF. */
const NOT_A_PDF = Buffer.from('Ceci est une lettre, pas un PDF.\n');

const JOURNEYS = [
  {
    language: 'fr',
    viewport: VIEWPORTS.laptop,
    associationId: 'assoc-sefrou-nour',
    form: {
      registrationNumber: 'FM/SEF/2019-0142',
      nameFr: 'Association Nour Sefrou',
      nameAr: 'جمعية نور صفرو',
      address: '12, rue Al Massira, Sefrou',
      province: 'Sefrou',
      representativeFr: 'Khadija Alaoui',
      representativeAr: 'خديجة العلوي',
      functionFr: 'Présidente',
      functionAr: 'الرئيسة',
    },
    score: 18,
    text: {
      register: 'Déclarer votre association',
      send: 'Envoyer la déclaration',
      required: 'Ce champ est obligatoire.',
      pending: 'Votre déclaration attend la vérification du ministère.',
      verified: 'Association vérifiée par le ministère : vous pouvez candidater.',
      apply: 'Candidater',
      received: 'Où en est votre dossier : reçu, en attente de la clôture de l’appel',
      attach: 'Joindre le fichier',
      notPdf: 'Ce fichier n’est pas un PDF.',
      attached: 'Fichier reçu et vérifié. Empreinte SHA-256 :',
      stage: 'Où en est votre dossier : sélectionné',
      rank: 'Rang au classement : 1',
      appeal: 'Déposer le recours',
      appealLodged: 'Recours déposé : en attente de la décision.',
      queue: 'Associations à vérifier',
      documentFor: 'Candidature à l’appel FM-2026-beneficiaries',
      heading: 'Association Nour Sefrou (assoc-sefrou-nour)',
      representative: 'Représentant légal : Khadija Alaoui, Présidente',
      verify: 'Vérifier l’association',
      refuse: 'Refuser la vérification',
      verifiedByMinistry: 'Association vérifiée : elle peut candidater.',
    },
  },
  {
    language: 'ar',
    viewport: VIEWPORTS.phone,
    associationId: 'assoc-taza-amal',
    form: {
      registrationNumber: 'FM/TAZ/2021-0031',
      nameFr: 'Association Amal Taza',
      nameAr: 'جمعية أمل تازة',
      address: '4، شارع محمد الخامس، تازة',
      province: 'Taza',
      representativeFr: 'Youssef Bennani',
      representativeAr: 'يوسف بناني',
      functionFr: 'Président',
      functionAr: 'الرئيس',
    },
    score: 11,
    text: {
      register: 'التصريح بجمعيتكم',
      send: 'إرسال التصريح',
      required: 'هذا الحقل إلزامي.',
      pending: 'تصريحكم في انتظار تحقق الوزارة.',
      verified: 'تحققت الوزارة من الجمعية: يمكنكم الترشح.',
      apply: 'الترشح',
      received: 'وضعية ملفكم: تم التوصل به، في انتظار إغلاق الطلب',
      attach: 'إرفاق الملف',
      notPdf: 'هذا الملف ليس بصيغة PDF.',
      attached: 'تم التوصل بالملف والتحقق منه. البصمة SHA-256:',
      stage: 'وضعية ملفكم: لم يتم انتقاؤه',
      rank: 'الرتبة في الترتيب: 2',
      appeal: 'تقديم الطعن',
      appealLodged: 'تم تقديم الطعن: في انتظار القرار.',
      queue: 'جمعيات في انتظار التحقق',
      documentFor: 'الترشح لطلب FM-2026-beneficiaries',
      heading: 'جمعية أمل تازة (المعرّف: assoc-taza-amal)',
      representative: 'الممثل القانوني: يوسف بناني، الرئيس',
      verify: 'التحقق من الجمعية',
      refuse: 'رفض التحقق',
      verifiedByMinistry: 'تم التحقق من الجمعية: يمكنها الترشح.',
    },
  },
] as const;

let server: WorkspaceTestServer;
let browser: Browser;
let ministry: string;
let deadline: number;

const open = async (
  language: Language,
  viewport: { width: number; height: number },
  associationId: string,
) => {
  const context = await browser.newContext({ viewport, bypassCSP: true });
  const page = await context.newPage();
  await signIn(page, server.runtime.url, language, { persona: 'association', associationId });
  return { context, page };
};

/**
 * The ministry's side of a registration: its verification queue lists the declaration with its legal
 * representative; a refusal without a reason is refused at the reason's field; then it verifies.
 */
const verifyInTheQueue = async (
  language: Language,
  viewport: { width: number; height: number },
  associationId: string,
  text: {
    queue: string;
    heading: string;
    representative: string;
    verify: string;
    refuse: string;
    required: string;
    verifiedByMinistry: string;
  },
) => {
  // The queue is a read model: the projections have taken the declaration once the feed is drained.
  await server.runtime.drainFeed();
  const context = await browser.newContext({ viewport, bypassCSP: true });
  const page = await context.newPage();
  try {
    await signIn(page, server.runtime.url, language, { persona: 'ministry' });
    await page.getByRole('heading', { name: text.queue }).waitFor(PATIENCE);
    const declaration = page.locator(`article[data-association="${associationId}"]`);
    await declaration.locator('[data-testid="representative"]').waitFor(PATIENCE);
    expect(await declaration.locator('h3').textContent()).toBe(text.heading);
    expect(await declaration.locator('[data-testid="representative"]').textContent()).toBe(
      text.representative,
    );
    expect(await seriousViolations(page)).toEqual([]);

    // A refusal without its reason is refused at the reason's field, and nothing is recorded
    await declaration.getByRole('button', { name: text.refuse }).click();
    const reasonError = declaration.locator(`#verify-${associationId}-refuse-reasonFr-error`);
    await reasonError.waitFor(PATIENCE);
    expect(await reasonError.textContent()).toBe(text.required);
    expect((await eventsOf(`association-${associationId}`)).map((event) => event.type)).toEqual([
      'AssociationRegistered',
    ]);

    // It verifies the association: the queue says so, and the history records it
    await declaration.getByRole('button', { name: text.verify }).click();
    await declaration.locator('[data-testid="decided"]').waitFor(PATIENCE);
    expect(await declaration.locator('[data-testid="decided"]').textContent()).toBe(text.verifiedByMinistry);
    expect((await eventsOf(`association-${associationId}`)).map((event) => event.type)).toEqual([
      'AssociationRegistered',
      'AssociationVerified',
    ]);

    // Drawn again once the read model took the decision, the queue lists it among its decisions
    await server.runtime.drainFeed();
    await page.reload();
    await page.locator(`[data-decided="${associationId}"]`).waitFor(PATIENCE);
    expect(await page.locator(`article[data-association="${associationId}"]`).count()).toBe(0);
    expect(await seriousViolations(page)).toEqual([]);
  } finally {
    await context.close();
  }
};

const callCard = (page: Page) => page.locator(`article[data-call="${CALL}"]`);

const eventsOf = async (streamId: string) =>
  (await server.send('GET', `/streams/${streamId}/events`, ministry)).json.events as {
    type: string;
    data: Record<string, unknown>;
  }[];

beforeAll(async () => {
  server = await startWorkspaceTestServer();
  // What happens before an association can apply: the rollout, its regional agreement (the seed the
  // workspace's browser tests share), then the beneficiaries' call the portal applies to.
  ({ ministry } = await seedCallForInterest(server));
  // Half a minute ahead: the clock moved past it stays within the tokens' minute of skew.
  deadline = server.clock.now() + 30_000;
  await server.send('POST', `/rollouts/${ROLLOUT}/calls`, ministry, {
    purpose: 'beneficiary-associations',
    seats: 1,
    title: bilingual("Appel à manifestation d'intérêt : bénéficiaires", 'طلب إبداء الاهتمام: المستفيدون'),
    deadline: new Date(deadline).toISOString(),
    eligibilityRules: [
      {
        ruleId: 'final-receipt',
        label: bilingual('Récépissé définitif', 'الوصل النهائي'),
        requirement: { kind: 'declared' },
      },
    ],
  });
  browser = await launchChromium();
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

describe("an association's portal", () => {
  for (const journey of JOURNEYS) {
    const { language, viewport, associationId, form, text } = journey;
    it(`registers, is verified, applies and attaches its file as a PDF, in ${language}`, async () => {
      const { context, page } = await open(language, viewport, associationId);
      try {
        // Given an association that never registered: the portal asks for its identity
        await page.getByRole('heading', { name: text.register }).waitFor(PATIENCE);
        expect(await seriousViolations(page)).toEqual([]);

        // When it sends the form with a field left empty, the field says so, in its language
        await page.locator('#registration-registrationNumber').fill(form.registrationNumber);
        await page.getByRole('button', { name: text.send }).click();
        await page.locator('#registration-nameFr-error').waitFor(PATIENCE);
        expect(await page.locator('#registration-nameFr-error').textContent()).toBe(text.required);
        expect(await page.locator('#registration-nameFr').getAttribute('aria-invalid')).toBe('true');

        // When it fills in every field and sends it
        for (const [name, value] of Object.entries(form)) {
          await page.locator(`#registration-${name}`).fill(value);
        }
        await page.locator('#registration-regionCode').selectOption('FM');
        await page.getByRole('button', { name: text.send }).click();

        // Then it awaits the ministry's verification, and the vault, not the event, holds the names
        await page.locator('[data-testid="verification"]').waitFor(PATIENCE);
        expect(await page.locator('[data-testid="verification"]').textContent()).toBe(text.pending);
        const registered = await eventsOf(`association-${associationId}`);
        expect(registered.map((event) => event.type)).toEqual(['AssociationRegistered']);
        expect(JSON.stringify(registered)).not.toContain(form.representativeFr);
        const association = await server.send('GET', `/associations/${associationId}`, ministry);
        expect(association.json.legalRepresentative.displayName).toEqual({
          fr: form.representativeFr,
          ar: form.representativeAr,
        });
        expect(await seriousViolations(page)).toEqual([]);

        // When the ministry finds it in its verification queue, in the same language, and verifies it
        await verifyInTheQueue(language, viewport, associationId, text);
        await page.reload();

        // Then the open call offers it to apply; it applies, declaring its final receipt
        await page.locator('[data-testid="verification"]').waitFor(PATIENCE);
        expect(await page.locator('[data-testid="verification"]').textContent()).toBe(text.verified);
        await callCard(page).getByRole('button', { name: text.apply }).waitFor(PATIENCE);
        expect(await seriousViolations(page)).toEqual([]);
        await callCard(page).locator('input[type="checkbox"]').check();
        await callCard(page).getByRole('button', { name: text.apply }).click();
        await callCard(page).locator('[data-testid="stage"]').waitFor(PATIENCE);
        expect(await callCard(page).locator('[data-testid="stage"]').textContent()).toBe(text.received);

        // When it attaches a text file that claims to be a PDF, the file's field refuses it
        const input = callCard(page).locator('input[type="file"]');
        await input.setInputFiles({ name: 'dossier.pdf', mimeType: 'application/pdf', buffer: NOT_A_PDF });
        await callCard(page).getByRole('button', { name: text.attach }).click();
        await callCard(page).locator('.field-error').waitFor(PATIENCE);
        expect(await callCard(page).locator('.field-error').textContent()).toBe(text.notPdf);
        expect(await input.getAttribute('aria-invalid')).toBe('true');

        // When it attaches its PDF, the file is accepted and its hash is the one the history keeps
        await input.setInputFiles({ name: 'dossier.pdf', mimeType: 'application/pdf', buffer: PDF });
        await callCard(page).getByRole('button', { name: text.attach }).click();
        await callCard(page).locator('.form-message.accepted').waitFor(PATIENCE);
        const message = (await callCard(page).locator('.form-message.accepted').textContent()) ?? '';
        expect(message.startsWith(text.attached)).toBe(true);
        const sha256 = message.slice(text.attached.length).trim();
        expect(sha256).toMatch(/^[0-9a-f]{64}$/);
        const followed = await server.send('GET', `/associations/${associationId}/calls/${CALL}`, ministry);
        expect(followed.json.application.stage).toBe('received');

        // Then its files list it back, once the read model took it: its name, subject and that hash
        await server.runtime.drainFeed();
        await page.reload();
        const uploaded = page.locator('[data-testid="documents"] tr[data-document]');
        await uploaded.first().waitFor(PATIENCE);
        expect(await uploaded.count()).toBe(1);
        expect(await uploaded.locator('th').textContent()).toBe('dossier.pdf');
        expect(await uploaded.locator('td').first().textContent()).toBe(text.documentFor);
        expect(await uploaded.locator('[data-testid="sha256"]').textContent()).toBe(sha256);
        expect(await seriousViolations(page)).toEqual([]);
      } finally {
        await context.close();
      }
    }, 60_000);
  }

  it('is scored, ranked, selected and published by the staff (through the API)', async () => {
    const coordinator = await server.token({ subject: 'coord-fm', roles: ['coordinator'], regions: ['FM'] });
    server.clock.setTime(deadline + 1_000);
    await server.send('POST', `/calls/${CALL}/closure`, coordinator);
    await server.send('PUT', `/calls/${CALL}/committee`, ministry, {
      memberIds: ['committee-fm-1', 'committee-fm-2'],
      chairId: 'committee-fm-1',
      quorum: 2,
      scoringGrid: [
        { criterionId: 'experience', label: bilingual('Expérience', 'الخبرة'), weight: 1, maxScore: 20 },
      ],
    });
    const call = await server.send('GET', `/calls/${CALL}`, ministry);
    const applicationOf = (associationId: string): string =>
      call.json.applications.find((entry: { associationId: string }) => entry.associationId === associationId)
        .applicationId;
    for (const member of ['committee-fm-1', 'committee-fm-2']) {
      const token = await server.token({ subject: member, roles: ['committee-member'] });
      for (const journey of JOURNEYS) {
        await server.send('POST', `/calls/${CALL}/committee/scores`, token, {
          applicationId: applicationOf(journey.associationId),
          scores: [{ criterionId: 'experience', score: journey.score }],
        });
      }
    }
    await server.send('POST', `/calls/${CALL}/committee/ranking`, ministry);
    await server.send('POST', `/calls/${CALL}/committee/selection`, ministry);
    await server.send('POST', `/calls/${CALL}/committee/publication`, ministry, {
      appealWindowEndsAt: new Date(server.clock.now() + 7 * 24 * 3600 * 1000).toISOString(),
      minutes: { fr: 'pv-fm-2026-beneficiaries-fr', ar: 'pv-fm-2026-beneficiaries-ar' },
    });
    const committee = (await server.send('GET', `/calls/${CALL}`, ministry)).json.committee;
    expect(committee.status).toBe('published');
    expect(committee.selectedAssociationIds).toEqual(['assoc-sefrou-nour']);
  });

  for (const journey of JOURNEYS) {
    const { language, viewport, associationId, text } = journey;
    it(`follows its file to the selection and appeals with its letter, in ${language}`, async () => {
      const { context, page }: { context: BrowserContext; page: Page } = await open(
        language,
        viewport,
        associationId,
      );
      try {
        // Given the published selection: its file says how far it went and where it ranked
        await callCard(page).locator('[data-testid="stage"]').waitFor(PATIENCE);
        expect(await callCard(page).locator('[data-testid="stage"]').textContent()).toBe(text.stage);
        expect(await callCard(page).getByText(text.rank).count()).toBe(1);
        expect(await seriousViolations(page)).toEqual([]);

        // When it appeals with its letter
        await callCard(page)
          .locator('input[type="file"]')
          .setInputFiles({ name: 'recours.pdf', mimeType: 'application/pdf', buffer: PDF });
        await callCard(page).getByRole('button', { name: text.appeal }).click();

        // Then the appeal is lodged, naming the letter the history holds with its hash
        await callCard(page).locator('[data-testid="appeal"]').waitFor(PATIENCE);
        expect(await callCard(page).locator('[data-testid="appeal"]').textContent()).toBe(text.appealLodged);
        const lodged = (await eventsOf(`committee-${CALL}`)).filter(
          (event) => event.type === 'AppealLodged' && event.data.associationId === associationId,
        );
        expect(lodged).toHaveLength(1);
        const letter = await eventsOf(`document-${lodged[0]?.data.groundsDocumentId as string}`);
        expect(letter.map((event) => event.type)).toEqual(['DocumentUploadRequested', 'DocumentAccepted']);
        expect(letter[1]?.data.sha256).toMatch(/^[0-9a-f]{64}$/);
        expect(await seriousViolations(page)).toEqual([]);
      } finally {
        await context.close();
      }
    }, 60_000);
  }
});
