import { createHash } from 'node:crypto';
import { fileTypeFromBuffer } from 'file-type';
import type { DocumentArrival } from '../domain/documents/commands.js';

/**
 * What an arrived file is, from its bytes alone: its SHA-256, its length, and the type its first
 * bytes show (file-type reads magic numbers; the name and the declared type play no part).
 */
export const inspectArrival = async (bytes: Uint8Array): Promise<DocumentArrival> => ({
  sha256: createHash('sha256').update(bytes).digest('hex'),
  sizeBytes: bytes.byteLength,
  detectedContentType: (await fileTypeFromBuffer(bytes))?.mime ?? null,
});
