import { describe, expect, it } from 'vitest';
import {
  type DocumentStorage,
  isUploadChangedError,
  type PresignedRequest,
} from '../../functions/application/ports/document-storage.js';

// The contract every DocumentStorage adapter keeps (functions/application/ports/document-storage.ts): what a
// presigned upload lets in (exactly its length and type, until it expires), what it refuses, the
// quarantine → accepted move (only of the bytes that were checked), and presigned downloads. Run
// on the local adapter over memory and over the data folder (test/integration/local/); the
// S3 adapter has no honest local S3 to run on, so its requests are checked by unit tests
// (test/unit/functions/adapters/s3/s3-document-storage.test.ts) and this suite does not pretend otherwise.

/** A file of 77 bytes that file-type reads as application/pdf; SHA-256 68d3dbe2…1d56. */
export const SMALL_PDF = Buffer.from(
  '%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n',
);
/** A 1×1 PNG of 71 bytes. */
export const SMALL_PNG = Buffer.from(
  '89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d4944415478da63f8cfc0f01f0005000201ff8d6b1b0a0000000049454e44ae426082',
  'hex',
);

export interface DocumentStorageHarness {
  readonly storage: DocumentStorage;
  /** Moves the storage's clock on (presigned URLs expire on it). */
  advanceSeconds(seconds: number): void;
  close(): Promise<void>;
}

/** Sends a presigned request as a client would, with its headers, or with `override` changed. */
export const sendPresigned = (
  request: PresignedRequest,
  body?: Uint8Array,
  override: { url?: string; headers?: Record<string, string> } = {},
): Promise<Response> => {
  const { 'content-length': _length, ...headers } = { ...request.headers, ...override.headers };
  return fetch(override.url ?? request.url, {
    method: request.method,
    headers,
    ...(body === undefined ? {} : { body }),
  });
};

const codeOf = async (response: Response) => /<Code>([^<]+)<\/Code>/.exec(await response.text())?.[1];

export const documentStorageContract = (name: string, create: () => Promise<DocumentStorageHarness>) =>
  describe(`DocumentStorage contract: ${name}`, () => {
    const withHarness = (test: (harness: DocumentStorageHarness) => Promise<void>) => async () => {
      const harness = await create();
      try {
        await test(harness);
      } finally {
        await harness.close();
      }
    };
    const grant = (documentId: string, body: Uint8Array, contentType = 'application/pdf') => ({
      documentId,
      contentType,
      sizeBytes: body.byteLength,
      expiresInSeconds: 300,
    });

    it(
      'takes an upload of exactly the signed length and type into quarantine, and accepts it unchanged',
      withHarness(async ({ storage }) => {
        const upload = await storage.presignUpload(grant('doc-1', SMALL_PDF));
        expect(upload.method).toBe('PUT');
        expect(upload.headers).toEqual({ 'content-length': '77', 'content-type': 'application/pdf' });
        expect((await sendPresigned(upload, SMALL_PDF)).status).toBe(200);
        const arrived = await storage.readUpload('doc-1', 77);
        expect(arrived.kind).toBe('arrived');
        if (arrived.kind !== 'arrived') return;
        expect(Buffer.from(arrived.bytes)).toEqual(SMALL_PDF);
        expect(await storage.readAccepted('doc-1')).toBeUndefined();
        await storage.acceptUpload('doc-1', arrived.version);
        expect(Buffer.from((await storage.readAccepted('doc-1')) ?? [])).toEqual(SMALL_PDF);
        expect(await storage.readUpload('doc-1', 77)).toEqual({ kind: 'missing' });
      }),
    );

    it(
      'refuses a body of another length than the signed one (403 SignatureDoesNotMatch), keeping nothing',
      withHarness(async ({ storage }) => {
        const upload = await storage.presignUpload(grant('doc-2', SMALL_PDF));
        const longer = Buffer.concat([SMALL_PDF, Buffer.alloc(1000)]);
        const response = await sendPresigned(upload, longer);
        expect(response.status).toBe(403);
        expect(await codeOf(response)).toBe('SignatureDoesNotMatch');
        expect(await storage.readUpload('doc-2', 10_000)).toEqual({ kind: 'missing' });
      }),
    );

    it(
      'refuses another content type than the signed one, and a tampered expiry',
      withHarness(async ({ storage }) => {
        const upload = await storage.presignUpload(grant('doc-3', SMALL_PDF));
        const retyped = await sendPresigned(upload, SMALL_PDF, { headers: { 'content-type': 'image/png' } });
        expect(retyped.status).toBe(403);
        expect(await codeOf(retyped)).toBe('SignatureDoesNotMatch');
        const url = new URL(upload.url);
        url.searchParams.set(
          'X-Naseej-Expires',
          String(Number(url.searchParams.get('X-Naseej-Expires')) + 86_400),
        );
        const extended = await sendPresigned(upload, SMALL_PDF, { url: url.toString() });
        expect(extended.status).toBe(403);
        expect(await storage.readUpload('doc-3', 10_000)).toEqual({ kind: 'missing' });
      }),
    );

    it(
      'refuses an upload once its URL expired (403 AccessDenied), and takes it a second before',
      withHarness(async ({ storage, advanceSeconds }) => {
        const late = await storage.presignUpload(grant('doc-4', SMALL_PDF));
        const onTime = await storage.presignUpload(grant('doc-5', SMALL_PDF));
        advanceSeconds(299);
        expect((await sendPresigned(onTime, SMALL_PDF)).status).toBe(200);
        advanceSeconds(1);
        const response = await sendPresigned(late, SMALL_PDF);
        expect(response.status).toBe(403);
        expect(await codeOf(response)).toBe('AccessDenied');
        expect(await storage.readUpload('doc-4', 10_000)).toEqual({ kind: 'missing' });
      }),
    );

    it(
      'refuses to presign for longer than S3 allows (7 days)',
      withHarness(async ({ storage }) => {
        await expect(
          storage.presignUpload({ ...grant('doc-6', SMALL_PDF), expiresInSeconds: 604_801 }),
        ).rejects.toThrow(/604800/);
      }),
    );

    it(
      'reports an upload longer than the caller reads as too large, without reading it',
      withHarness(async ({ storage }) => {
        const upload = await storage.presignUpload(grant('doc-7', SMALL_PDF));
        await sendPresigned(upload, SMALL_PDF);
        expect(await storage.readUpload('doc-7', 76)).toEqual({ kind: 'too-large', sizeBytes: 77 });
        await storage.discardUpload('doc-7');
        expect(await storage.readUpload('doc-7', 77)).toEqual({ kind: 'missing' });
      }),
    );

    it(
      'accepts only the bytes that were checked: a file uploaded again meanwhile is not moved',
      withHarness(async ({ storage }) => {
        const upload = await storage.presignUpload(grant('doc-8', SMALL_PDF));
        await sendPresigned(upload, SMALL_PDF);
        const checked = await storage.readUpload('doc-8', 77);
        const swapped = Buffer.from(SMALL_PDF);
        swapped[10] = 0x41;
        await sendPresigned(upload, swapped);
        if (checked.kind !== 'arrived') throw new Error('expected an arrived upload');
        let thrown: unknown;
        try {
          await storage.acceptUpload('doc-8', checked.version);
        } catch (error) {
          thrown = error;
        }
        expect(isUploadChangedError(thrown)).toBe(true);
        expect(await storage.readAccepted('doc-8')).toBeUndefined();
      }),
    );

    it(
      'serves an accepted file by a presigned GET of its type, as an attachment, until it expires',
      withHarness(async ({ storage, advanceSeconds }) => {
        const upload = await storage.presignUpload(grant('doc-9', SMALL_PNG, 'image/png'));
        await sendPresigned(upload, SMALL_PNG);
        const arrived = await storage.readUpload('doc-9', 71);
        if (arrived.kind !== 'arrived') throw new Error('expected an arrived upload');
        await storage.acceptUpload('doc-9', arrived.version);
        const download = await storage.presignDownload('doc-9', {
          expiresInSeconds: 60,
          contentType: 'image/png',
        });
        const response = await sendPresigned(download);
        expect(response.status).toBe(200);
        expect(response.headers.get('content-type')).toBe('image/png');
        expect(response.headers.get('content-disposition')).toBe('attachment');
        expect(Buffer.from(await response.arrayBuffer())).toEqual(SMALL_PNG);
        const url = new URL(download.url);
        url.searchParams.set('response-content-type', 'text/html');
        expect((await sendPresigned(download, undefined, { url: url.toString() })).status).toBe(403);
        advanceSeconds(60);
        const expired = await sendPresigned(download);
        expect(expired.status).toBe(403);
        expect(await codeOf(expired)).toBe('AccessDenied');
      }),
    );

    it(
      'serves nothing from quarantine: a download URL names accepted files only',
      withHarness(async ({ storage }) => {
        const upload = await storage.presignUpload(grant('doc-10', SMALL_PDF));
        await sendPresigned(upload, SMALL_PDF);
        const download = await storage.presignDownload('doc-10', {
          expiresInSeconds: 60,
          contentType: 'application/pdf',
        });
        const response = await sendPresigned(download);
        expect(response.status).toBe(404);
        expect(await codeOf(response)).toBe('NoSuchKey');
      }),
    );
  });
