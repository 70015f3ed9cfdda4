import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { type Browser, chromium } from 'playwright-core';
import type { PdfRenderer } from '../functions/application/documents/service.js';

// PDFs of the documents with headless Chromium (playwright-core), with the Amiri font embedded
// from node_modules as data: URLs, so Arabic is shaped and nothing is downloaded at run time.
// One browser for the process, started on the first PDF; `close()` stops it.

/** Debian's Chromium, which `.ci/run` installs when it is missing (the end-to-end tests use it too). */
export const DOCUMENTS_CHROMIUM_PATH = process.env.NASEEJ_CHROMIUM ?? '/usr/bin/chromium';

/**
 * Flags for a quiet headless Chromium in a container: no sandbox, GPU, QUIC or background traffic
 * (the end-to-end tests launch it with them too: test/support/e2e-browser.ts).
 */
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

const FONT_FILES = fileURLToPath(new URL('../node_modules/@fontsource/amiri/files/', import.meta.url));

/** The Amiri faces embedded: Arabic and Latin subsets, regular and bold. */
const FACES = [
  {
    subset: 'arabic',
    weight: 400,
    range:
      'U+0600-06FF, U+0750-077F, U+0870-088E, U+0890-0891, U+0898-08E1, U+08E3-08FF, U+200C-200E, U+2010-2011, U+204F, U+2E41, U+FB50-FDFF, U+FE70-FE74, U+FE76-FEFC',
  },
  {
    subset: 'arabic',
    weight: 700,
    range:
      'U+0600-06FF, U+0750-077F, U+0870-088E, U+0890-0891, U+0898-08E1, U+08E3-08FF, U+200C-200E, U+2010-2011, U+204F, U+2E41, U+FB50-FDFF, U+FE70-FE74, U+FE76-FEFC',
  },
  {
    subset: 'latin',
    weight: 400,
    range:
      'U+0000-00FF, U+0131, U+0152-0153, U+02BB-02BC, U+02C6, U+02DA, U+02DC, U+2000-206F, U+20AC, U+2122, U+2191, U+2193, U+2212, U+2215, U+FEFF, U+FFFD',
  },
  {
    subset: 'latin',
    weight: 700,
    range:
      'U+0000-00FF, U+0131, U+0152-0153, U+02BB-02BC, U+02C6, U+02DA, U+02DC, U+2000-206F, U+20AC, U+2122, U+2191, U+2193, U+2212, U+2215, U+FEFF, U+FFFD',
  },
] as const;

/** The `@font-face` rules of Amiri with the font files inlined as data: URLs. */
export const amiriFontCss = async (): Promise<string> => {
  const rules = await Promise.all(
    FACES.map(async ({ subset, weight, range }) => {
      const file = await readFile(`${FONT_FILES}amiri-${subset}-${weight}-normal.woff2`);
      return `@font-face{font-family:'Amiri';font-style:normal;font-weight:${weight};font-display:block;src:url(data:font/woff2;base64,${file.toString('base64')}) format('woff2');unicode-range:${range};}`;
    }),
  );
  return rules.join('\n');
};

/** A PDF renderer over one headless Chromium, with Amiri embedded. */
export interface ChromiumPdfRenderer extends PdfRenderer {
  close(): Promise<void>;
}

/** Whether this machine has the Chromium the renderer needs. */
export const chromiumAvailable = (): boolean => existsSync(DOCUMENTS_CHROMIUM_PATH);

/** Starts nothing yet: Chromium is launched on the first `render`. */
export const createChromiumPdfRenderer = async (): Promise<ChromiumPdfRenderer> => {
  const fontCss = await amiriFontCss();
  let browser: Promise<Browser> | undefined;
  const browserOf = (): Promise<Browser> => {
    browser ??= chromium.launch({
      executablePath: DOCUMENTS_CHROMIUM_PATH,
      headless: true,
      args: CHROMIUM_ARGS,
      // Playwright's own handlers close the browser on a signal and then exit the process (130 on
      // Ctrl-C), cutting the runtime's clean stop short; the runtime's handler calls `close()`.
      handleSIGINT: false,
      handleSIGTERM: false,
      handleSIGHUP: false,
    });
    return browser;
  };
  return {
    fontCss,
    render: async (html) => {
      const context = await (await browserOf()).newContext({ offline: true });
      try {
        const page = await context.newPage();
        await page.setContent(html, { waitUntil: 'load' });
        // The pages carry no script of their own; this only waits for the embedded font to load.
        await page.evaluate('document.fonts.ready.then(() => true)');
        return new Uint8Array(
          await page.pdf({ format: 'A4', printBackground: true, preferCSSPageSize: true }),
        );
      } finally {
        await context.close();
      }
    },
    close: async () => {
      const started = browser;
      browser = undefined;
      if (started !== undefined) await (await started).close();
    },
  };
};
