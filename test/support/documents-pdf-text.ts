import { PDFParse } from 'pdf-parse';

// Text out of a PDF, to check Arabic documents. pdf-parse gives each Arabic word's letters in
// logical order (so shaping and the font's cmap are right), but a right-to-left line's words in
// visual order, and it sometimes splits a word where a letter does not join the next (ر, ا, د…).
// So a phrase is looked for line by line: every word of it, spaces removed, within one line.

/** The PDF's lines, NFKC-normalised. */
export const pdfLines = async (bytes: ArrayBuffer | Uint8Array): Promise<string[]> => {
  const parser = new PDFParse({ data: new Uint8Array(bytes) });
  try {
    return (await parser.getText()).text.normalize('NFKC').split('\n');
  } finally {
    await parser.destroy();
  }
};

const compact = (text: string): string => text.normalize('NFKC').replace(/\s+/g, '');

/**
 * The index of the first line holding every word of `phrase` (-1 when none does). A hyphen
 * separates words too: `فاس-مكناس` comes out as `مكناس-فاس`, its two words in visual order.
 */
export const lineOfPhrase = (lines: readonly string[], phrase: string): number => {
  const words = phrase
    .normalize('NFKC')
    .split(/[\s-]+/)
    .filter(Boolean)
    .map(compact);
  return lines.findIndex((line) => {
    const joined = compact(line);
    return words.every((word) => joined.includes(word));
  });
};
