import { readFile } from 'node:fs/promises';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Runtime, startRuntime } from '../../local/runtime.js';
import { launchChromium, VIEWPORTS } from '../support/e2e-browser.js';
import {
  PATIENCE,
  type PlayedRegion,
  playDemoUpTo,
  seriousViolations,
  signIn,
} from '../support/e2e-workspace.js';

// After the program's training (the demo's Fès-Meknès rollout, played through the API up to the
// end of axis 1), a beneficiary association sees its members' training in its portal and downloads
// a member's certificate, in French and in Arabic, in real headless Chromium; the certificate it
// saves is the one the history holds (its short code), and another association's is not offered.

let runtime: Runtime;
let browser: Browser;
let region: PlayedRegion;

const TEXT = {
  fr: { heading: 'La formation de vos membres', modules: '8 sur 8', download: 'Télécharger le certificat' },
  ar: { heading: 'تكوين أعضائكم', modules: '8 من 8', download: 'تحميل الشهادة' },
} as const;

beforeAll(async () => {
  runtime = await startRuntime({ inMemory: true, port: 0, quiet: true });
  region = await playDemoUpTo(runtime, 'axis-one-completed');
  browser = await launchChromium();
}, 240_000);

afterAll(async () => {
  await browser?.close();
  await runtime?.stop();
});

describe("an association's members' certificates in its portal", () => {
  for (const [index, language] of (['fr', 'ar'] as const).entries()) {
    it(`lists its members' training and downloads a member's certificate, in ${language}`, async () => {
      const association = region.plan.beneficiaries[index];
      if (association === undefined) throw new Error('The demo selected too few associations');
      const ministry = await runtime.auth.mint({
        subject: 'minister-1',
        roles: ['ministry'],
        expiresInSeconds: 3600,
      });
      const training = (await (
        await fetch(`${runtime.url}/associations/${association.associationId}/training`, {
          headers: { authorization: `Bearer ${ministry}` },
        })
      ).json()) as {
        members: { memberId: string; certificate: { code: string; revoked: boolean } | null }[];
      };
      const member = training.members.find(
        (candidate) => candidate.certificate !== null && !candidate.certificate.revoked,
      );
      if (member?.certificate == null) throw new Error(`No certificate for ${association.associationId}`);
      const { code } = member.certificate;

      const context = await browser.newContext({
        viewport: language === 'fr' ? VIEWPORTS.laptop : VIEWPORTS.phone,
        bypassCSP: true,
        acceptDownloads: true,
      });
      const page = await context.newPage();
      try {
        // Given the association signed in to its portal (staff keyed it in: it never registered)
        await signIn(page, runtime.url, language, {
          persona: 'association',
          associationId: association.associationId,
        });
        await page.getByRole('heading', { name: TEXT[language].heading }).waitFor(PATIENCE);
        const row = page.locator(`tr[data-member="${member.memberId}"]`);
        await row.waitFor(PATIENCE);

        // Then it sees its own members only, each with the eight modules completed
        expect(await page.locator('tr[data-member]').count()).toBe(training.members.length);
        expect(await row.locator('td').first().textContent()).toBe(TEXT[language].modules);
        expect(await seriousViolations(page)).toEqual([]);

        // When it downloads the member's certificate
        const [download] = await Promise.all([
          page.waitForEvent('download', PATIENCE),
          row.getByRole('button', { name: `${TEXT[language].download} ${code}` }).click(),
        ]);

        // Then it saves the certificate the history holds, in its language
        expect(download.suggestedFilename()).toBe(`certificate-${code}.html`);
        const html = await readFile((await download.path()) as string, 'utf8');
        expect(html).toContain(code);
        expect(html).toContain(`lang="${language}"`);
      } finally {
        await context.close();
      }

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
    }, 60_000);
  }
});
