import { describe, expect, it } from 'vitest';
import { BilingualInput, personText } from '../../../../../functions/domain/shared/text.js';

// Issue 22, defect 9: one rule for the text people write and read (names, titles, labels, reasons).

const name = personText({ max: 500 });
const reason = personText({ max: 500, multiline: true });
const why = (text: string, schema = name) =>
  schema.safeParse(text).error?.issues.map((issue) => issue.message);

describe('person-facing text that is accepted', () => {
  it.each([
    ['جمعية الأمل للتنمية بصفرو'],
    ['Association Fès-Avenir, Sefrou : éducation & santé'],
    ['ⵜⴰⵎⵓⵏⵜ ⵏ ⵜⵓⵎⵏⵉⵜ'],
    ['ⴰⵙⵉⵡⵏ 2026'],
    ['می\u200Cخواهم'],
  ])('%s, unchanged', (text) => {
    expect(name.parse(text)).toBe(text);
  });

  it('is trimmed of blanks, no-break and ideographic spaces included', () => {
    expect(name.parse('\u00A0 Association Sefrou\u3000\n')).toBe('Association Sefrou');
  });

  it('is composed (NFC): an accent typed as a combining mark becomes the accented letter', () => {
    expect(name.parse('Fe\u0300s')).toBe('F\u00E8s');
  });

  it('keeps its line feeds where it may span lines (a reason)', () => {
    expect(reason.parse('Dossier incomplet.\nPièces manquantes.')).toBe(
      'Dossier incomplet.\nPièces manquantes.',
    );
  });
});

describe('person-facing text that is refused, saying why', () => {
  it.each([
    ['Sefrou\u202Efdp.exe', 'holds a bidirectional control character (U+202E)'],
    ['\u202ASefrou', 'holds a bidirectional control character (U+202A)'],
    ['Sefrou\u2066x\u2069', 'holds a bidirectional control character (U+2066)'],
    ['Sefrou\u200F', 'holds a bidirectional control character (U+200F)'],
    ['\u200ESefrou', 'holds a bidirectional control character (U+200E)'],
    ['جمعية\u061C', 'holds a bidirectional control character (U+061C)'],
    ['Sef\u0000rou', 'holds a control character (U+0000)'],
    ['Sef\u0007rou', 'holds a control character (U+0007)'],
    ['Sef\u007Frou', 'holds a control character (U+007F)'],
    ['Sef\u0085rou', 'holds a control character (U+0085)'],
    ['Sefrou\nNord', 'holds a control character (U+000A)'],
    ['Sef\u200Brou', 'holds an invisible or unassigned character (U+200B)'],
    ['Sef\uFEFFrou', 'holds an invisible or unassigned character (U+FEFF)'],
    ['Sef\u2028rou', 'holds an invisible or unassigned character (U+2028)'],
    ['Sef\uE000rou', 'holds an invisible or unassigned character (U+E000)'],
    ['\u200B\u200B\u200B', 'holds an invisible or unassigned character (U+200B)'],
    ['\u200C\u200D', 'holds no letter or digit'],
    ['\u0301\u0301', 'holds no letter or digit'],
    ['- . -', 'holds no letter or digit'],
    ['   \t ', 'is empty'],
    ['', 'is empty'],
  ])('%j: %s', (text, reasonGiven) => {
    expect(why(text)).toEqual([reasonGiven]);
  });

  it('past its length once normalised', () => {
    expect(why('a'.repeat(501))).toEqual(['is longer than 500 characters']);
    expect(name.parse(` ${'a'.repeat(500)} `)).toBe('a'.repeat(500));
  });

  it('in a reason too, for every control character but the line feed', () => {
    expect(why('Motif\r\nsuite', reason)).toEqual(['holds a control character (U+000D)']);
  });
});

describe('a bilingual name', () => {
  it('names the language whose text is refused', () => {
    // Act
    const issues = BilingualInput.safeParse({ fr: 'Sefrou', ar: 'صفرو\u202E' }).error?.issues;
    // Assess
    expect(issues?.map((issue) => [issue.path, issue.message])).toEqual([
      [['ar'], 'holds a bidirectional control character (U+202E)'],
    ]);
  });
});
