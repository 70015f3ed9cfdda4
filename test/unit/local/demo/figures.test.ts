import { describe, expect, it } from 'vitest';
import { minutesPdfLine } from '../../../../local/demo/documents.js';
import { formatFigures } from '../../../../local/demo/figures.js';

// Issue 22 (frictions): a server without Chromium answers the minutes' PDF with 501, and the demo
// reported it as "ok". It is not held against the run, but it is a warning saying how to get PDFs.

describe("the demo's figures", () => {
  it('mark a PDF the server did not render (501) as a warning that says Chromium is needed', () => {
    // Prepare
    const lines = [
      { regionCode: 'FM', figure: 'member certificates', target: '120', reached: '120', matches: true },
      minutesPdfLine('FM', { status: 501, isPdf: false }),
    ];
    // Act
    const table = formatFigures(lines);
    // Assess
    expect(table).toBe(
      [
        'region | figure              |   target |            reached | ',
        '-------+---------------------+----------+--------------------+---',
        'FM     | member certificates |      120 |                120 | ok',
        'FM     | minutes PDF (ar)    | rendered | not rendered (501) | WARNING',
        '',
        'WARNING FM minutes PDF (ar): the server renders no PDF: it needs Chromium (apt-get install chromium on Debian, or NASEEJ_CHROMIUM=<its path>)',
      ].join('\n'),
    );
    expect(lines.every((line) => line.matches)).toBe(true);
  });

  it('mark a rendered PDF ok, and another answer a mismatch', () => {
    // Act
    const rendered = minutesPdfLine('FM', { status: 200, isPdf: true });
    const failed = minutesPdfLine('FM', { status: 500, isPdf: false });
    // Assess
    expect(rendered).toEqual({
      regionCode: 'FM',
      figure: 'minutes PDF (ar)',
      target: 'rendered',
      reached: 'rendered',
      matches: true,
    });
    expect(failed).toMatchObject({ reached: 'status 500', matches: false });
  });
});
