import { afterAll, describe, expect, it } from 'vitest';
import { type ChromiumPdfRenderer, createChromiumPdfRenderer } from '../../../local/documents-pdf.js';

// Issue 22 (frictions): Ctrl-C after a PDF was rendered skipped the runtime's clean stop (no
// "Stopped.", exit code 130): Playwright's own signal handlers closed Chromium and ended the
// process before the runtime's handler had stopped the rest. The signals stay the runtime's.

const SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;
const handlerCounts = () => SIGNALS.map((signal) => `${signal} ${process.listenerCount(signal)}`);

let renderer: ChromiumPdfRenderer | undefined;

afterAll(async () => {
  await renderer?.close();
});

describe('the PDF renderer', () => {
  it('adds no handler of its own for SIGINT, SIGTERM or SIGHUP when it launches Chromium', async () => {
    // Prepare
    const before = handlerCounts();
    renderer = await createChromiumPdfRenderer();
    // Act
    const pdf = await renderer.render('<!doctype html><p>Naseej</p>');
    // Assess
    expect(Buffer.from(pdf.subarray(0, 5)).toString()).toBe('%PDF-');
    expect(handlerCounts()).toEqual(before);
  });
});
