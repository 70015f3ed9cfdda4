import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TRAINING_MODULES } from '../../events/reference.js';
import { ASSOCIATION_AR, COMPLETED_MEMBER, MEMBER_NAMES } from '../support/documents-history.js';
import { documentsServerForTheFile } from '../support/documents-server.js';
import { launchChromium } from '../support/e2e-browser.js';

// The public verification page of a certificate, opened in real Chromium as a person would after
// scanning the QR code: it shows the whole certified content, from the history.

const documents = documentsServerForTheFile();
let browser: Browser;

beforeAll(async () => {
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
});

describe('the verification page of a certificate', () => {
  it('opens in Chromium and shows who, which association, which modules, when and by whom', async () => {
    // Prepare
    const certificate = await documents.certificateOfCompletedMember('training');
    const page = await browser.newPage();

    // Act
    const response = await page.goto(`${documents.url}/certificates/${certificate?.code}`);
    const text = (await page.locator('body').textContent()) ?? '';

    // Assess
    expect(response?.status()).toBe(200);
    expect(await page.locator('html').getAttribute('dir')).toBe('rtl');
    await expect.poll(() => page.getByTestId('genuine').isVisible()).toBe(true);
    expect(text).toContain(MEMBER_NAMES[COMPLETED_MEMBER]?.ar);
    expect(text).toContain(ASSOCIATION_AR);
    for (const module of TRAINING_MODULES) expect(text).toContain(module.ar);
    expect(text).toContain(certificate?.issuedAt.slice(0, 10));
    expect(text).toContain(certificate?.code);
    await page.close();
  }, 60_000);

  it('keeps its text off the edges of a phone screen', async () => {
    // Given a phone, as a person scanning the QR code holds it
    const certificate = await documents.certificateOfCompletedMember('training');
    const context = await browser.newContext({
      viewport: { width: 390, height: 844 },
      deviceScaleFactor: 2,
      isMobile: true,
    });
    const page = await context.newPage();
    // When the verification page opens
    await page.goto(`${documents.url}/certificates/${certificate?.code}`);
    await page.getByTestId('genuine').waitFor();
    // Then the title and the genuine notice stand at least 12 px from either side
    for (const selector of ['h1', '[data-testid="genuine"]']) {
      const box = await page.locator(selector).boundingBox();
      expect(box?.x, selector).toBeGreaterThanOrEqual(12);
      expect(390 - ((box?.x ?? 0) + (box?.width ?? 0)), selector).toBeGreaterThanOrEqual(12);
    }
    await page.screenshot({ path: join(tmpdir(), 'naseej-verification-phone.png'), fullPage: false });
    await context.close();
  }, 60_000);
});
