import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Browser, chromium } from 'playwright-core';
import { CHROMIUM_ARGS, DOCUMENTS_CHROMIUM_PATH } from '../../local/documents-pdf.js';

/** Screen sizes the dashboard is checked at. */
export const VIEWPORTS = {
  laptop: { width: 1366, height: 900 },
  phone: { width: 390, height: 844 },
} as const;

/**
 * Launches headless Chromium (the documents' path and flags: local/documents-pdf.ts), or explains
 * in one line what to install.
 */
export const launchChromium = async (): Promise<Browser> => {
  if (!existsSync(DOCUMENTS_CHROMIUM_PATH)) {
    throw new Error(
      `Chromium is not at ${DOCUMENTS_CHROMIUM_PATH}: install it (apt-get install -y chromium) or set NASEEJ_CHROMIUM`,
    );
  }
  return chromium.launch({
    executablePath: DOCUMENTS_CHROMIUM_PATH,
    headless: true,
    args: [...CHROMIUM_ARGS],
  });
};

/** A folder outside the repository for the screenshots of this run (never committed). */
export const screenshotFolder = async (): Promise<string> => {
  const folder = process.env.NASEEJ_SCREENSHOTS ?? join(tmpdir(), 'naseej-dashboard-screenshots');
  await mkdir(folder, { recursive: true });
  return folder;
};
