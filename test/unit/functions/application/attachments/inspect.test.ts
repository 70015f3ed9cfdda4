import { fileTypeFromBuffer } from 'file-type';
import { describe, expect, it } from 'vitest';
import {
  detectContentType,
  inspectArrival,
} from '../../../../../functions/application/attachments/inspect.js';
import { SMALL_PDF, SMALL_PNG } from '../../../../support/document-storage-contract.js';

// The attachments function reads the three accepted types by their magic numbers (file-type would
// put it over its bundle limit); file-type 21 is the reference these lines must agree with.

const ACCEPTED = new Set(['application/pdf', 'image/png', 'image/jpeg']);

const SAMPLES: Readonly<Record<string, Uint8Array>> = {
  pdf: SMALL_PDF,
  png: SMALL_PNG,
  jpeg: Buffer.from('ffd8ffe000104a46494600010100000100010000ffd9', 'hex'),
  gif: Buffer.from('GIF89a\x01\x00\x01\x00\x00\x00\x00;', 'latin1'),
  zip: Buffer.from('504b0304140000000800', 'hex'),
  text: Buffer.from('Lettre de recours\n'),
  empty: new Uint8Array(0),
  'pdf-like text': Buffer.from('%PD not a pdf'),
};

describe('the type of an arrived file, by its content', () => {
  it.each(Object.entries(SAMPLES))('agrees with file-type on a %s sample', async (_name, bytes) => {
    const reference = (await fileTypeFromBuffer(bytes))?.mime;
    expect(detectContentType(bytes)).toBe(
      reference !== undefined && ACCEPTED.has(reference) ? reference : null,
    );
  });

  it('reads the literal types of the samples', () => {
    expect(
      Object.fromEntries(Object.entries(SAMPLES).map(([name, bytes]) => [name, detectContentType(bytes)])),
    ).toEqual({
      pdf: 'application/pdf',
      png: 'image/png',
      jpeg: 'image/jpeg',
      gif: null,
      zip: null,
      text: null,
      empty: null,
      'pdf-like text': null,
    });
  });

  it('hashes the bytes with SHA-256', async () => {
    expect(await inspectArrival(SMALL_PDF)).toEqual({
      sha256: '68d3dbe223d4659eb030429ecc280a437eb6e9b042a59797cbbd9e16f56c1d56',
      sizeBytes: 77,
      detectedContentType: 'application/pdf',
    });
  });
});
