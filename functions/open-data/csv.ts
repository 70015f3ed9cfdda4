/** RFC 4180 CSV: comma-separated, CRLF line ends, fields quoted when they hold `"`, `,`, CR or LF. */

const needsQuotes = /[",\r\n]/;

const field = (value: string | number | null): string => {
  if (value === null) return '';
  const text = String(value);
  return needsQuotes.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
};

/** Writes a header and rows as CSV text (UTF-8; a spreadsheet opens it with its header). */
export const toCsv = (
  header: readonly string[],
  rows: readonly (readonly (string | number | null)[])[],
): string => [header, ...rows].map((row) => row.map(field).join(',')).join('\r\n') + '\r\n';

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
