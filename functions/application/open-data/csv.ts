/**
 * RFC 4180 CSV: comma-separated, CRLF line ends, fields quoted when they hold `"`, `,`, CR or LF.
 *
 * Every text field is also neutralised against formula injection, as OWASP's "CSV Injection"
 * page recommends (and ASVS 5.0, requirement 1.2.10): a spreadsheet evaluates a cell that starts
 * with `=`, `+`, `-`, `@`, a tab or a carriage return (a NUL too, for some), so such a field is
 * written with a single quote before it, and quoted. A spreadsheet then shows the text; a program
 * that reads the file gets the text with its leading quote. Numbers are written as numbers: they
 * come from the code, never from a person, and `-5` is no formula.
 *
 * OWASP also warns of a separator inside a field that starts a new cell. Commas are quoted, but a
 * spreadsheet in a French locale splits a line on `;`, quotes or not: a `;` directly followed by
 * one of those characters gets the single quote after it too.
 */

const needsQuotes = /[",\r\n]/;

/** The first characters that make a spreadsheet read a cell as a formula (OWASP, ASVS 1.2.10). */
const FORMULA_TRIGGER = /^[=+\-@\t\r\0]/;

/** A semicolon that would start a formula cell where `;` separates cells. */
const TRIGGER_AFTER_SEMICOLON = /;(?=[=+\-@\t\r\0])/g;

/** A cell's text, neutralised and quoted as needed; the one escaping every CSV of the project uses. */
export const csvField = (value: string | number | null): string => {
  if (value === null) return '';
  if (typeof value === 'number') return String(value);
  const text = value.replace(TRIGGER_AFTER_SEMICOLON, ";'");
  if (FORMULA_TRIGGER.test(text)) return `"'${text.replaceAll('"', '""')}"`;
  return needsQuotes.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
};

/** Writes a header and rows as CSV text (UTF-8; a spreadsheet opens it with its header). */
export const toCsv = (
  header: readonly string[],
  rows: readonly (readonly (string | number | null)[])[],
): string => `${[header, ...rows].map((row) => row.map(csvField).join(',')).join('\r\n')}\r\n`;

/** Reads CSV text written by `toCsv` (or any RFC 4180 text) into rows of fields. */
export const parseCsv = (text: string): string[][] => {
  const rows: string[][] = [];
  let row: string[] = [];
  let current = '';
  let quoted = false;
  for (let index = 0; index < text.length; index += 1) {
    const char = text[index];
    if (quoted) {
      if (char === '"' && text[index + 1] === '"') {
        current += '"';
        index += 1;
      } else if (char === '"') quoted = false;
      else current += char;
    } else if (char === '"') quoted = true;
    else if (char === ',') {
      row.push(current);
      current = '';
    } else if (char === '\r' && text[index + 1] === '\n') {
      row.push(current);
      rows.push(row);
      row = [];
      current = '';
      index += 1;
    } else current += char;
  }
  if (current !== '' || row.length > 0) rows.push([...row, current]);
  return rows;
};
