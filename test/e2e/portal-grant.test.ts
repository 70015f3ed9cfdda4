import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { VIEWPORTS } from '../support/e2e-browser.js';
import {
  demoRegionInChromium,
  type Language,
  openGrants,
  PATIENCE,
  seriousViolations,
} from '../support/e2e-workspace.js';

// A beneficiary association signs its grant's partnership convention and reports on its grant with
// a PDF, in its portal, in real headless Chromium, in French (laptop) and Arabic (phone): the
// rollout up to its grants phase is the demo's people; the ministry draws up the convention,
// shares its text (a PDF uploaded by presigned URL) and signs it, and awards a grant above
// 50,000 MAD through the API; finance pays the first tranche once the convention is in force
// (docs/adr/0120, 0121, 0122). The hashes the screens show are the ones the history keeps.

const ROLLOUT = 'rollout-FM-2026';
const demo = demoRegionInChromium('hub-established', async (played) => {
  ministry = await played.runtime.auth.mint({
    subject: 'minister-1',
    roles: ['ministry'],
    expiresInSeconds: 3600,
  });
  await openGrants(played, ministry);
});
let ministry: string;

/** A minimal PDF with a line of its own, so each file has its own hash. */
const pdf = (line: string) =>
  Buffer.from(
    `%PDF-1.4\n% ${line}\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n`,
  );
const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

const TEXT = {
  fr: {
    awaiting: 'La convention attend ses signatures.',
    inForce: 'La convention est en vigueur : toutes les parties l’ont signée.',
    sign: 'Signer la convention',
    titleFr: 'Titre imprimé sous la signature (français)',
    titleAr: 'Titre imprimé sous la signature (arabe)',
    summaryLabel: 'Ce qui a été réalisé',
    files: 'Pièces justificatives (PDF, une ou plusieurs)',
    send: 'Envoyer le rapport',
    summary: 'Douze séances de formation à la gestion tenues ; manuel des procédures rédigé.',
    paid: 'versée',
  },
  ar: {
    awaiting: 'الاتفاقية في انتظار توقيعاتها.',
    inForce: 'الاتفاقية سارية: وقعتها جميع الأطراف.',
    sign: 'توقيع الاتفاقية',
    titleFr: 'الصفة المطبوعة تحت التوقيع (بالفرنسية)',
    titleAr: 'الصفة المطبوعة تحت التوقيع (بالعربية)',
    summaryLabel: 'ما تم إنجازه',
    files: 'وثائق الإثبات (PDF، واحدة أو أكثر)',
    send: 'إرسال التقرير',
    summary: 'عقدت اثنتا عشرة دورة تكوينية في التدبير وأعد دليل المساطر.',
    paid: 'مصروف',
  },
} as const;

/** The ministry's upload of the convention's text, as the portal uploads (presigned PUT, then arrival). */
const uploadText = async (agreementId: string, bytes: Buffer) => {
  const documentId = `doc-text-${agreementId}`;
  const ticket = await demo.api('POST', '/documents/uploads', ministry, {
    documentId,
    attachedTo: { kind: 'agreement', agreementId },
    contentType: 'application/pdf',
    sizeBytes: bytes.length,
  });
  const put = await fetch(new URL(ticket.upload.url, demo.runtime.url), {
    method: 'PUT',
    headers: ticket.upload.headers,
    body: bytes,
  });
  expect(put.status).toBe(200);
  const accepted = await demo.api('POST', `/documents/${documentId}/arrival`, ministry);
  return { documentId, sha256: accepted.sha256 as string };
};

/** The ministry draws up, shares and signs the convention, and awards the grant above the threshold. */
const conventionAndGrant = async (associationId: string) => {
  const agreementId = `${ROLLOUT}-grant-convention-${associationId}`;
  await demo.api('POST', `/rollouts/${ROLLOUT}/agreements`, ministry, {
    kind: 'grant-convention',
    coFunderId: associationId,
    title: { fr: 'Convention de subvention', ar: 'اتفاقية الدعم' },
    parties: [
      { partyId: 'minister-1', role: 'ministry' },
      { partyId: associationId, role: 'beneficiary-association' },
    ],
  });
  const text = await uploadText(agreementId, pdf(`convention ${associationId}`));
  expect(text.sha256).toBe(sha256(pdf(`convention ${associationId}`)));
  await demo.api('POST', `/agreements/${agreementId}/signatures`, ministry, {
    capacity: {
      office: 'ministry-delegate',
      title: { fr: 'Directeur de l’économie sociale', ar: 'مدير الاقتصاد الاجتماعي' },
    },
    text,
  });
  const [first, second] = demo.region.plan.coFunders;
  if (first === undefined || second === undefined) throw new Error('the plan has two co-funders');
  await demo.api('POST', `/rollouts/${ROLLOUT}/grants`, ministry, {
    associationId,
    amount: 6_000_000,
    purpose: { fr: 'Renforcer la gestion de l’association', ar: 'تعزيز تدبير الجمعية' },
    deliverables: [
      {
        deliverable: 'procedures-manual',
        label: { fr: 'Manuel des procédures', ar: 'دليل المساطر' },
        dueBy: '2027-06-30',
      },
    ],
    funding: [
      { coFunderId: first.coFunderId, amount: 3_600_000 },
      { coFunderId: second.coFunderId, amount: 2_400_000 },
    ],
    tranches: [
      { amount: 3_000_000, releaseConditions: [] },
      { amount: 3_000_000, releaseConditions: [] },
    ],
    conventionAgreementId: agreementId,
  });
  const grants = await demo.api('GET', `/rollouts/${ROLLOUT}/grants`, ministry);
  const grantId = grants.grants.find(
    (grant: { associationId: string }) => grant.associationId === associationId,
  ).grantId as string;
  return { agreementId, grantId, text };
};

/** Finance pays the first tranche, three people (refused while the convention is not in force). */
const payFirstTranche = async (grantId: string) => {
  const path = `/rollouts/${ROLLOUT}/grants/${grantId}/tranches/1`;
  await demo.api('POST', `${path}/request`, demo.region.tokens.preparer, { evidence: [] });
  await demo.api('POST', `${path}/approval`, demo.region.tokens.approver);
  await demo.api('POST', `${path}/payment`, demo.region.tokens.payer, { paymentReference: `TRF-${grantId}` });
};

describe('an association signs its grant convention and reports on its grant in its portal', () => {
  for (const [index, language] of (['fr', 'ar'] as const satisfies readonly Language[]).entries()) {
    it(`signs the convention and reports with a PDF, in ${language}`, async () => {
      const associationId = demo.region.plan.grants[index]?.associationId;
      if (associationId === undefined) throw new Error(`the plan has no grant ${index}`);
      const { agreementId, grantId, text } = await conventionAndGrant(associationId);
      const words = TEXT[language];
      const context = await demo.browser.newContext({
        viewport: language === 'fr' ? VIEWPORTS.laptop : VIEWPORTS.phone,
        bypassCSP: true,
      });
      const page = await context.newPage();
      try {
        // Given the association signed in to its portal, its grant's convention awaiting its signature
        await demo.signIn(page, language, { persona: 'association', associationId });
        const card = page.locator(`[data-grant="${grantId}"]`);
        await card.waitFor(PATIENCE);
        const status = card.getByTestId('convention-status');
        expect(await status.textContent()).toBe(words.awaiting);
        expect(await card.textContent()).toContain(text.sha256);
        expect(await seriousViolations(page)).toEqual([]);

        // When it signs in its president's capacity
        await card.getByLabel(words.titleFr).fill('Présidente de l’association');
        await card.getByLabel(words.titleAr).fill('رئيسة الجمعية');
        await card.getByRole('button', { name: words.sign }).click();

        // Then the convention is in force, and its signature names the association and the text
        await status.getByText(words.inForce, { exact: true }).waitFor(PATIENCE);
        const agreement = await demo.api(
          'GET',
          `/associations/${associationId}/rollouts/${ROLLOUT}/grant`,
          ministry,
        );
        expect(agreement.convention).toMatchObject({
          agreementId,
          status: 'in-force',
          signedByAssociation: true,
          text,
        });

        // When finance pays the first tranche, and the association reports on it with a PDF
        await payFirstTranche(grantId);
        await page.reload();
        await card.locator('[data-tranche="1"]').getByText(words.paid).waitFor(PATIENCE);
        await card.getByLabel(words.summaryLabel).fill(words.summary);
        const evidence = pdf(`evidence ${associationId}`);
        await card
          .getByLabel(words.files)
          .setInputFiles({ name: 'rapport.pdf', mimeType: 'application/pdf', buffer: evidence });
        await card.getByRole('button', { name: words.send }).click();

        // Then its report is listed with the file's hash, the one the history keeps
        const listed = card.getByTestId('grant-reports');
        await listed.waitFor(PATIENCE);
        expect(await listed.textContent()).toContain(sha256(evidence));
        expect(await listed.textContent()).toContain(words.summary);
        expect(await seriousViolations(page)).toEqual([]);
        const seen = await demo.api('GET', `/rollouts/${ROLLOUT}/grants`, demo.region.tokens.approver);
        const reports = seen.grants.find((grant: { grantId: string }) => grant.grantId === grantId).reports;
        expect(reports).toMatchObject([
          {
            trancheNumber: 1,
            deliverable: null,
            summary: { language, text: words.summary },
            evidence: [{ sha256: sha256(evidence), contentType: 'application/pdf' }],
          },
        ]);
      } finally {
        await context.close();
      }

      // And the finance approver sees the report, with the file's hash, beside the next tranche's request
      await demo.api(
        'POST',
        `/rollouts/${ROLLOUT}/grants/${grantId}/tranches/2/request`,
        demo.region.tokens.preparer,
        {
          evidence: [],
        },
      );
      const finance = await demo.browser.newContext({ viewport: VIEWPORTS.laptop, bypassCSP: true });
      try {
        const approver = await finance.newPage();
        await demo.signIn(approver, language, { persona: 'finance-approver' });
        const beside = approver.locator(
          `li:has(article[data-tranche="${grantId}/2"]) [data-testid="grant-reports"]`,
        );
        await beside.waitFor(PATIENCE);
        expect(await beside.textContent()).toContain(sha256(pdf(`evidence ${associationId}`)));
        expect(await seriousViolations(approver)).toEqual([]);
      } finally {
        await finance.close();
      }
    }, 120_000);
  }
});
