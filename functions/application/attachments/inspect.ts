import { createHash } from 'node:crypto';
import type { DocumentArrival } from '../../domain/documents/commands.js';

// Why not file-type here: bundled with its tokenizer it weighs about 55 KB, which puts the
// attachments function over the 300 KB bundle limit (docs/adr/0062-lambda-bundles.md). The three
// accepted types have fixed signatures at offset 0, so a few lines read them; a unit test checks
// that these lines and file-type 21 agree on every sample (test/unit/functions/application/attachments/inspect.test.ts).

/** The magic numbers of the accepted types, as file-type reads them. */
const SIGNATURES: readonly { readonly mime: string; readonly bytes: readonly number[] }[] = [
  { mime: 'application/pdf', bytes: [0x25, 0x50, 0x44, 0x46] }, // %PDF
  { mime: 'image/png', bytes: [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a] },
  { mime: 'image/jpeg', bytes: [0xff, 0xd8, 0xff] },
];

/** The accepted type the first bytes show, or null (another type, or none known). */
export const detectContentType = (bytes: Uint8Array): string | null =>
  SIGNATURES.find(({ bytes: signature }) => signature.every((byte, index) => bytes[index] === byte))?.mime ??
  null;

/**
 * What an arrived file is, from its bytes alone: its SHA-256, its length, and the type its first
 * bytes show (the name and the declared type play no part).
 */
export const inspectArrival = async (bytes: Uint8Array): Promise<DocumentArrival> => ({
  sha256: createHash('sha256').update(bytes).digest('hex'),
  sizeBytes: bytes.byteLength,
  detectedContentType: detectContentType(bytes),
});
