import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { routes } from '../../../functions/adapters/http/routes/index.js';
import type { InMemoryEventStore } from '../../../functions/adapters/in-memory/event-store.js';
import { InMemoryIdempotencyStore } from '../../../functions/adapters/in-memory/idempotency.js';
import { minutesHtml } from '../../../functions/application/documents/html.js';
import { loadMinutes, namesOf, peopleOfMinutes } from '../../../functions/application/documents/service.js';
import { DevAuth } from '../../../local/dev-auth.js';
import { type ChromiumPdfRenderer, createChromiumPdfRenderer } from '../../../local/documents-pdf.js';
import { type LocalHttpServer, startHttpServer } from '../../../local/http-server.js';
import { lineOfPhrase, pdfLines } from '../../support/documents-pdf-text.js';
import {
  RANKED_ASSOCIATIONS,
  RANKED_CALL_ID,
  rankedCallHistory,
} from '../../support/documents-ranked-call.js';

// The Arabic minutes as a PDF, read back as text: the ranking reads from rank 1 down, and the
// headings and association names come out with their letters in logical order. The extractor
// (pdf.js) gives a right-to-left line's words in visual order (see documents-pdf-text.ts), so
// words are looked for within a line; what it cannot hide is glyphs laid out in reversed order,
// which the last test shows it catches.

/** The section headings of the Arabic minutes, in the order of the document. */
const HEADINGS = [
  'محضر لجنة الانتقاء',
  'أعضاء اللجنة',
  'الملفات المتوصل بها',
  'حالات تضارب المصالح المصرح بها والتجريح',
  'شبكة التنقيط',
  'نقط كل ملف',
  'الترتيب',
  'القرار',
];

/** The scoring grid's criteria (the CommitteeAppointed fixture), in the grid's order. */
const CRITERIA = [
  'التجربة في مجال تقوية قدرات الجمعيات',
  'جودة العرض المنهجي',
  'كفاءة فريق المكونين',
  'الحضور الميداني بجهة فاس-مكناس',
];

/** The first line at or after `from` holding every word of `phrase` (-1 when none does). */
const lineFrom = (lines: readonly string[], phrase: string, from: number): number => {
  const found = lineOfPhrase(lines.slice(from), phrase);
  return found < 0 ? -1 : from + found;
};

/** Each phrase's line, each searched after the previous one's (-1 once one is missing). */
const linesInOrder = (lines: readonly string[], phrases: readonly string[], from = 0): number[] => {
  const found: number[] = [];
  let next = from;
  for (const phrase of phrases) {
    const line = next < 0 ? -1 : lineFrom(lines, phrase, next);
    found.push(line);
    next = line < 0 ? -1 : line + 1;
  }
  return found;
};

/** The same word with its letters reversed: what a PDF whose glyphs run backwards extracts to. */
const reversed = (word: string): string => [...word].reverse().join('');

let store: InMemoryEventStore;
let renderer: ChromiumPdfRenderer;
let server: LocalHttpServer;
let lines: string[];

beforeAll(async () => {
  store = await rankedCallHistory();
  renderer = await createChromiumPdfRenderer();
  server = await startHttpServer({
    routes,
    deps: {
      store,
      idempotency: new InMemoryIdempotencyStore(),
      clock: () => '2026-06-01T00:00:00.000Z',
      newId: () => 'id-1',
      pdfRenderer: renderer,
    } as never,
    auth: await DevAuth.create(),
    port: 0,
  });
  const response = await fetch(`${server.url}/documents/calls/${RANKED_CALL_ID}/minutes?lang=ar&format=pdf`);
  expect(response.status).toBe(200);
  lines = await pdfLines(await response.arrayBuffer());
}, 60_000);

afterAll(async () => {
  await server?.close();
  await renderer?.close();
});

describe('the Arabic minutes as a PDF', () => {
  it('rank the associations by their Arabic names from rank 1 down, each with its average', () => {
    // Act
    const [ranking = -1, decision = -1] = linesInOrder(lines, ['الترتيب', 'القرار']);
    const ranked = linesInOrder(
      lines,
      RANKED_ASSOCIATIONS.map((association) => association.name.ar),
      ranking + 1,
    );

    // Assess
    expect(ranking, lines.join('\n')).toBeGreaterThan(0);
    expect(
      ranked.every((line) => line > ranking && line < decision),
      JSON.stringify(ranked),
    ).toBe(true);
    // The files were received in another order: the ranking table is not the files table.
    const received = RANKED_ASSOCIATIONS.map((association) => lineOfPhrase(lines, association.name.ar));
    expect(received).not.toEqual([...received].sort((a, b) => a - b));
    for (const [index, association] of RANKED_ASSOCIATIONS.entries()) {
      const cells = (lines[ranked[index] as number] ?? '').split('\t').map((cell) => cell.trim());
      expect(cells).toContain(String(index + 1));
      expect(cells).toContain(association.score.toFixed(2));
    }
  });

  it('give the headings and the grid in reading order, their letters in logical order', () => {
    // Act
    const headings = linesInOrder(lines, HEADINGS);
    const gridAt = headings[HEADINGS.indexOf('شبكة التنقيط')] ?? -1;
    const criteria = linesInOrder(lines, CRITERIA, gridAt + 1);

    // Assess
    expect(
      headings.every((line) => line >= 0),
      `${JSON.stringify(headings)}\n${lines.join('\n')}`,
    ).toBe(true);
    expect(
      criteria.every((line) => line > gridAt),
      JSON.stringify(criteria),
    ).toBe(true);
    expect(criteria.at(-1)).toBeLessThan(headings[HEADINGS.indexOf('نقط كل ملف')] as number);
    const text = lines.join('\n');
    for (const word of HEADINGS.flatMap((heading) => heading.split(' ')).filter((word) => word.length > 3)) {
      expect(text, word).not.toContain(reversed(word));
    }
  });

  it('would be caught with its glyphs laid out backwards (a page forced left to right)', async () => {
    // Prepare
    const minutes = await loadMinutes(store, RANKED_CALL_ID);
    const nameOf = await namesOf(undefined, peopleOfMinutes(minutes as NonNullable<typeof minutes>));
    const forcedLeftToRight = `${renderer.fontCss} body * { unicode-bidi: bidi-override; direction: ltr; }`;

    // Act
    const pdf = await renderer.render(
      minutesHtml(minutes as NonNullable<typeof minutes>, nameOf, 'ar', { fontCss: forcedLeftToRight }),
    );
    const backwards = await pdfLines(pdf);

    // Assess
    expect(lineOfPhrase(backwards, HEADINGS[0] as string)).toBe(-1);
    expect(backwards.join('\n')).toContain(reversed('الانتقاء'));
  }, 60_000);
});
