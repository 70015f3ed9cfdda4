import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Browser, chromium } from 'playwright-core';

/** Debian's Chromium, which `.ci/run` installs when it is missing. */
export const CHROMIUM_PATH = process.env.NASEEJ_CHROMIUM ?? '/usr/bin/chromium';

/** Flags for a quiet headless Chromium in a container: no sandbox, GPU, QUIC or background traffic. */
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
] as const;

/** Screen sizes the dashboard is checked at. */
export const VIEWPORTS = {
  laptop: { width: 1366, height: 900 },
  phone: { width: 390, height: 844 },
} as const;

/** Launches headless Chromium, or explains in one line what to install. */
export const launchChromium = async (): Promise<Browser> => {
  if (!existsSync(CHROMIUM_PATH)) {
    throw new Error(
      `Chromium is not at ${CHROMIUM_PATH}: install it (apt-get install -y chromium) or set NASEEJ_CHROMIUM`,
    );
  }
  return chromium.launch({ executablePath: CHROMIUM_PATH, headless: true, args: [...CHROMIUM_ARGS] });
};

/** A folder outside the repository for the screenshots of this run (never committed). */
export const screenshotFolder = async (): Promise<string> => {
  const folder = process.env.NASEEJ_SCREENSHOTS ?? join(tmpdir(), 'naseej-dashboard-screenshots');
  await mkdir(folder, { recursive: true });
  return folder;
};
