import { readFile } from 'node:fs/promises';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DemoRegionPlan, regionPlan } from '../../local/demo/scenario.js';
import { type Runtime, startRuntime } from '../../local/runtime.js';
import { launchChromium, VIEWPORTS } from '../support/e2e-browser.js';
import { sendJson } from '../support/e2e-server.js';
import {
  type Answer,
  PATIENCE,
  type PlayedRegion,
  playDemoUpTo,
  seriousViolations,
  signIn,
} from '../support/e2e-workspace.js';

// An association's journey through the associations' portal, in real headless Chromium (issue 25,
// item 1): it registers, the ministry verifies it in its verification queue (docs/adr/0123-verification-queue.md),
// it applies to the beneficiaries' call with its file as a PDF (a file that is not one is refused at
// its field), follows its file to the published selection, appeals with its letter, and once its
// members are trained downloads a member's certificate. Once in French (on a laptop), once in Arabic
// (on a phone), by two associations; axe-core on every screen. Everything else in the program is
// the demo's people through the API (local/demo/play-rollout.ts), which pauses while the two
// associations apply and appeal (docs/adr/0125-the-player-pauses-for-the-portal.md).

/** The smallest PDF the arrival check takes for one (its bytes start with `%PDF-`). */
const PDF = Buffer.from(
  '%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n',
);
/** A text file that claims to be a PDF. */
const NOT_A_PDF = Buffer.from('Ceci est une lettre, pas un PDF.\n');

const CALL = 'FM-2026-beneficiaries';

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
      documentFor: 'Candidature à l’appel FM-2026-beneficiaries',
      stage: 'Où en est votre dossier : sélectionné',
      rank: 'Rang au classement : 1',
      appeal: 'Déposer le recours',
      appealLodged: 'Recours déposé : en attente de la décision.',
      queue: 'Associations à vérifier',
      heading: 'Association Nour Sefrou (assoc-sefrou-nour)',
      representative: 'Représentant légal : Khadija Alaoui, Présidente',
      verify: 'Vérifier l’association',
      refuse: 'Refuser la vérification',
      verifiedByMinistry: 'Association vérifiée : elle peut candidater.',
      training: 'La formation de vos membres',
      modules: '8 sur 8',
      download: 'Télécharger le certificat',
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
      documentFor: 'الترشح لطلب FM-2026-beneficiaries',
      stage: 'وضعية ملفكم: تم انتقاؤه',
      rank: 'الرتبة في الترتيب: 2',
      appeal: 'تقديم الطعن',
      appealLodged: 'تم تقديم الطعن: في انتظار القرار.',
      queue: 'جمعيات في انتظار التحقق',
      heading: 'جمعية أمل تازة (المعرّف: assoc-taza-amal)',
      representative: 'الممثل القانوني: يوسف بناني، الرئيس',
      verify: 'التحقق من الجمعية',
      refuse: 'رفض التحقق',
      verifiedByMinistry: 'تم التحقق من الجمعية: يمكنها الترشح.',
      training: 'تكوين أعضائكم',
      modules: '8 من 8',
      download: 'تحميل الشهادة',
    },
  },
] as const;
type Journey = (typeof JOURNEYS)[number];

/**
 * The demo's Fès-Meknès rollout with four beneficiaries, the first two of them the journey's
 * associations (their members are the demo's): the player enrols and trains them once selected.
 */
const journeyPlan = (): DemoRegionPlan => {
  const plan = regionPlan('FM', 4);
  const renamed = new Map<string, Journey>(
    JOURNEYS.map((journey, index) => [plan.beneficiaries[index]?.associationId as string, journey]),
  );
  const idOf = (associationId: string) => renamed.get(associationId)?.associationId ?? associationId;
  return {
    ...plan,
    beneficiaries: plan.beneficiaries.map((beneficiary) => {
      const journey = renamed.get(beneficiary.associationId);
      return journey === undefined
        ? beneficiary
        : {
            ...beneficiary,
            associationId: journey.associationId,
            name: { fr: journey.form.nameFr, ar: journey.form.nameAr },
            province: journey.form.province,
          };
    }),
    grants: plan.grants.map((grant) => ({ ...grant, associationId: idOf(grant.associationId) })),
  };
};

let runtime: Runtime;
let browser: Browser;
let ministry: string;
/** Each association's portal, signed in once, kept open along its journey. */
const portals = new Map<string, { context: BrowserContext; page: Page }>();

const send = (method: string, path: string, token: string, body?: unknown): Promise<Answer> =>
  sendJson(runtime.url, method, path, token, body);

const eventsOf = async (streamId: string) =>
  (await send('GET', `/streams/${streamId}/events`, ministry)).json.events as {
    type: string;
    data: Record<string, unknown>;
  }[];

const portalOf = (journey: Journey): Page => {
  const portal = portals.get(journey.associationId);
  if (portal === undefined) throw new Error(`${journey.associationId} has no portal open`);
  return portal.page;
};

const callCard = (page: Page) => page.locator(`article[data-call="${CALL}"]`);

/**
 * The ministry's side of a registration: its verification queue lists the declaration with its legal
 * representative; a refusal without a reason is refused at the reason's field; then it verifies.
 */
const verifyInTheQueue = async ({ language, viewport, associationId, text }: Journey) => {
  // The queue is a read model: the projections have taken the declaration once the feed is drained.
  await runtime.drainFeed();
  const context = await browser.newContext({ viewport, bypassCSP: true });
  const page = await context.newPage();
  try {
    await signIn(page, runtime.url, language, { persona: 'ministry' });
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
    await runtime.drainFeed();
    await page.reload();
    await page.locator(`[data-decided="${associationId}"]`).waitFor(PATIENCE);
    expect(await page.locator(`article[data-association="${associationId}"]`).count()).toBe(0);
    expect(await seriousViolations(page)).toEqual([]);
  } finally {
    await context.close();
  }
};

/** While the call is open: it applies and attaches its file, refused as a text, accepted as a PDF. */
const applyWithItsFile = async ({ associationId, text }: Journey, page: Page) => {
  await page.reload();
  await callCard(page).getByRole('button', { name: text.apply }).waitFor(PATIENCE);
  expect(await seriousViolations(page)).toEqual([]);
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
  const followed = await send('GET', `/associations/${associationId}/calls/${CALL}`, ministry);
  expect(followed.json.application.stage).toBe('received');
  attached.set(associationId, sha256);
};
/** The hash of each association's application file, as its portal acknowledged it. */
const attached = new Map<string, string>();

/** Once the selection is published: its file lists its PDF, says how far it went, and it appeals. */
const followAndAppeal = async ({ associationId, text }: Journey, page: Page) => {
  await runtime.drainFeed();
  await page.reload();
  // Its files list its PDF back: its name, its subject and the hash its portal acknowledged
  const uploaded = page.locator('[data-testid="documents"] tr[data-document]');
  await uploaded.first().waitFor(PATIENCE);
  expect(await uploaded.count()).toBe(1);
  expect(await uploaded.locator('th').textContent()).toBe('dossier.pdf');
  expect(await uploaded.locator('td').first().textContent()).toBe(text.documentFor);
  expect(await uploaded.locator('[data-testid="sha256"]').textContent()).toBe(attached.get(associationId));

  // Its file says how far it went and where it ranked
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
};

let region: PlayedRegion;

beforeAll(async () => {
  runtime = await startRuntime({ inMemory: true, port: 0, quiet: true });
  ministry = await runtime.auth.mint({ subject: 'minister-1', roles: ['ministry'], expiresInSeconds: 3600 });
  browser = await launchChromium();
}, 60_000);

afterAll(async () => {
  for (const { context } of portals.values()) await context.close();
  await browser?.close();
  await runtime?.stop();
});

describe("an association's journey through its portal", () => {
  it('registers, and the ministry verifies it in its queue, in French on a laptop and in Arabic on a phone', async () => {
    for (const journey of JOURNEYS) {
      const { language, viewport, associationId, form, text } = journey;
      const context = await browser.newContext({ viewport, bypassCSP: true, acceptDownloads: true });
      const page = await context.newPage();
      portals.set(associationId, { context, page });
      await signIn(page, runtime.url, language, { persona: 'association', associationId });

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
      const association = await send('GET', `/associations/${associationId}`, ministry);
      expect(association.json.legalRepresentative.displayName).toEqual({
        fr: form.representativeFr,
        ar: form.representativeAr,
      });
      expect(await seriousViolations(page)).toEqual([]);

      // When the ministry finds it in its verification queue, in the same language, and verifies it
      await verifyInTheQueue(journey);

      // Then its portal says it may apply
      await page.reload();
      await page.locator('[data-testid="verification"]').waitFor(PATIENCE);
      expect(await page.locator('[data-testid="verification"]').textContent()).toBe(text.verified);
      expect(await seriousViolations(page)).toEqual([]);
    }
  }, 120_000);

  it('applies with its PDF, follows its file to the selection and appeals with its letter, while the program runs', async () => {
    // The demo's people play the program through the API and pause while the associations act
    region = await playDemoUpTo(runtime, 'axis-one-completed', 4, {
      plan: journeyPlan(),
      portal: {
        // Both apply in about 2 s on a quiet machine: ten times that for a busy one.
        callSeconds: 20,
        // Nothing waits for the window to end: long enough for any machine.
        appealSeconds: 600,
        apply: async () => {
          for (const journey of JOURNEYS) await applyWithItsFile(journey, portalOf(journey));
        },
        appeal: async () => {
          for (const journey of JOURNEYS) await followAndAppeal(journey, portalOf(journey));
        },
      },
    });

    // The staff did not key in their files: each application is the one its portal sent
    const call = await send('GET', `/calls/${CALL}`, ministry);
    const applicants = (call.json.applications as { associationId: string }[]).map(
      (application) => application.associationId,
    );
    expect(applicants.slice(0, 2)).toEqual(['assoc-sefrou-nour', 'assoc-taza-amal']);
    expect(applicants).toHaveLength(6);
    expect([...attached.keys()]).toEqual(['assoc-sefrou-nour', 'assoc-taza-amal']);
    // And each lodged its appeal while the player paused, before the selected were enrolled and trained
    const appellants = (await eventsOf(`committee-${CALL}`))
      .filter((event) => event.type === 'AppealLodged')
      .map((event) => event.data.associationId);
    expect(appellants).toEqual(['assoc-sefrou-nour', 'assoc-taza-amal']);
  }, 300_000);

  it("downloads a member's certificate once its members are trained, and not another association's", async () => {
    for (const [index, journey] of JOURNEYS.entries()) {
      const { language, associationId, text } = journey;
      const page = portalOf(journey);
      const training = (await send('GET', `/associations/${associationId}/training`, ministry)).json as {
        members: { memberId: string; certificate: { code: string; revoked: boolean } | null }[];
      };
      const member = training.members.find(
        (candidate) => candidate.certificate !== null && !candidate.certificate.revoked,
      );
      if (member?.certificate == null) throw new Error(`No certificate for ${associationId}`);
      const { code } = member.certificate;

      // Given its portal once axis 1 is completed: its own four members, each with the eight modules
      await page.reload();
      await page.getByRole('heading', { name: text.training }).waitFor(PATIENCE);
      const row = page.locator(`tr[data-member="${member.memberId}"]`);
      await row.waitFor(PATIENCE);
      expect(await page.locator('tr[data-member]').count()).toBe(4);
      expect(member.memberId.startsWith(`mem-fm-00${index + 1}-`)).toBe(true);
      expect(await row.locator('td').first().textContent()).toBe(text.modules);
      expect(await seriousViolations(page)).toEqual([]);

      // When it downloads the member's certificate
      const [download] = await Promise.all([
        page.waitForEvent('download', PATIENCE),
        row.getByRole('button', { name: `${text.download} ${code}` }).click(),
      ]);

      // Then it saves the certificate the history holds, in its language
      expect(download.suggestedFilename()).toBe(`certificate-${code}.html`);
      const html = await readFile((await download.path()) as string, 'utf8');
      expect(html).toContain(code);
      expect(html).toContain(`lang="${language}"`);

      // And another association's certificate is not its to download (as if it did not exist)
      const other = region.plan.beneficiaries[index + 2]?.associationId as string;
      const token = await runtime.auth.mint({
        subject: 'portal',
        roles: ['association'],
        association: other,
        expiresInSeconds: 3600,
      });
      const refused = await fetch(`${runtime.url}/associations/${other}/certificates/${code}`, {
        headers: { authorization: `Bearer ${token}` },
      });
      expect(refused.status).toBe(404);
    }
  }, 120_000);
});
