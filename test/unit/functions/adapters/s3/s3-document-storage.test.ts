import {
  CopyObjectCommand,
  DeleteObjectCommand,
  GetObjectCommand,
  HeadObjectCommand,
  NoSuchKey,
  NotFound,
  S3Client,
  S3ServiceException,
} from '@aws-sdk/client-s3';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it } from 'vitest';
import { S3DocumentStorage } from '../../../../../functions/adapters/s3/document-storage.js';
import { isUploadChangedError } from '../../../../../functions/application/ports/document-storage.js';

// The S3 adapter's requests and error mapping. There is no honest S3 on this machine, so these are
// unit tests on the requests it builds (presigned URLs are computed locally by SigV4, no network)
// and on how it reads S3's answers (aws-sdk-client-mock); the storage contract runs on the local
// adapter only (test/integration/local/local-document-storage.test.ts).

const client = new S3Client({
  region: 'eu-west-3',
  credentials: {
    accessKeyId: 'AKIAIOSFODNN7EXAMPLE',
    secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
  },
  requestChecksumCalculation: 'WHEN_REQUIRED',
});
const storage = new S3DocumentStorage({ client, bucketName: 'naseej-documents' });
const s3 = mockClient(client);
afterEach(() => s3.reset());

/** The part of a GetObject body the adapter reads (the SDK's stream mixin is not hoisted here). */
const bodyOf = (bytes: Uint8Array) => ({ transformToByteArray: async () => bytes }) as never;
const serviceError = (name: string, status: number) =>
  new S3ServiceException({ name, $fault: 'client', $metadata: { httpStatusCode: status }, message: name });

describe('the S3 document storage', () => {
  it('presigns a PUT to quarantine/<id> whose signature covers its exact length and type, for 300 s', async () => {
    const upload = await storage.presignUpload({
      documentId: 'doc-1',
      contentType: 'application/pdf',
      sizeBytes: 77,
      expiresInSeconds: 300,
    });
    const url = new URL(upload.url);
    expect(url.host).toBe('naseej-documents.s3.eu-west-3.amazonaws.com');
    expect(url.pathname).toBe('/quarantine/doc-1');
    expect(url.searchParams.get('X-Amz-Expires')).toBe('300');
    expect(url.searchParams.get('X-Amz-SignedHeaders')).toBe('content-length;content-type;host');
    // Neither hoisted into the query (where they would bind nothing) nor a checksum the client cannot know.
    expect([...url.searchParams.keys()].filter((key) => !key.startsWith('X-Amz-'))).toEqual(['x-id']);
    expect(upload.headers).toEqual({ 'content-length': '77', 'content-type': 'application/pdf' });
  });

  it('presigns a GET of accepted/<id> served as an attachment of its type', async () => {
    const download = await storage.presignDownload('doc-1', {
      expiresInSeconds: 60,
      contentType: 'image/png',
    });
    const url = new URL(download.url);
    expect(url.pathname).toBe('/accepted/doc-1');
    expect(url.searchParams.get('X-Amz-Expires')).toBe('60');
    expect(url.searchParams.get('response-content-type')).toBe('image/png');
    expect(url.searchParams.get('response-content-disposition')).toBe('attachment');
  });

  it('refuses to presign beyond the 7 days SigV4 allows', async () => {
    await expect(
      storage.presignUpload({
        documentId: 'doc-1',
        contentType: 'application/pdf',
        sizeBytes: 1,
        expiresInSeconds: 604_801,
      }),
    ).rejects.toThrow(/one week/);
  });

  it('reads a missing upload (HEAD 404) as missing', async () => {
    s3.on(HeadObjectCommand).rejects(
      new NotFound({ $metadata: { httpStatusCode: 404 }, message: 'Not Found' }),
    );
    expect(await storage.readUpload('doc-1', 100)).toEqual({ kind: 'missing' });
  });

  it('does not read an upload longer than asked: too large, from its HEAD', async () => {
    s3.on(HeadObjectCommand).resolves({ ContentLength: 10_485_761, ETag: '"e1"' });
    expect(await storage.readUpload('doc-1', 10_485_760)).toEqual({
      kind: 'too-large',
      sizeBytes: 10_485_761,
    });
    expect(s3.commandCalls(GetObjectCommand)).toHaveLength(0);
  });

  it('reads the bytes of the version its HEAD saw (If-Match), and names them by their ETag', async () => {
    s3.on(HeadObjectCommand).resolves({ ContentLength: 3, ETag: '"e1"' });
    s3.on(GetObjectCommand).resolves({ Body: bodyOf(new Uint8Array([1, 2, 3])), ETag: '"e1"' });
    const read = await storage.readUpload('doc-1', 100);
    expect(read).toEqual({ kind: 'arrived', bytes: new Uint8Array([1, 2, 3]), version: '"e1"' });
    expect(s3.commandCalls(GetObjectCommand)[0]?.args[0].input).toEqual({
      Bucket: 'naseej-documents',
      Key: 'quarantine/doc-1',
      IfMatch: '"e1"',
    });
  });

  it('reads an upload replaced between HEAD and GET (412) as changed', async () => {
    s3.on(HeadObjectCommand).resolves({ ContentLength: 3, ETag: '"e1"' });
    s3.on(GetObjectCommand).rejects(serviceError('PreconditionFailed', 412));
    await expect(storage.readUpload('doc-1', 100)).rejects.toSatisfy(isUploadChangedError);
  });

  it('accepts by a copy conditional on the checked ETag, then deletes the quarantined copy', async () => {
    s3.on(CopyObjectCommand).resolves({});
    s3.on(DeleteObjectCommand).resolves({});
    await storage.acceptUpload('doc-1', '"e1"');
    expect(s3.commandCalls(CopyObjectCommand)[0]?.args[0].input).toEqual({
      Bucket: 'naseej-documents',
      Key: 'accepted/doc-1',
      CopySource: 'naseej-documents/quarantine/doc-1',
      CopySourceIfMatch: '"e1"',
      MetadataDirective: 'COPY',
    });
    expect(s3.commandCalls(DeleteObjectCommand)[0]?.args[0].input).toEqual({
      Bucket: 'naseej-documents',
      Key: 'quarantine/doc-1',
    });
  });

  it('moves nothing when the quarantined file changed since its checks (copy 412)', async () => {
    s3.on(CopyObjectCommand).rejects(serviceError('PreconditionFailed', 412));
    await expect(storage.acceptUpload('doc-1', '"e1"')).rejects.toSatisfy(isUploadChangedError);
    expect(s3.commandCalls(DeleteObjectCommand)).toHaveLength(0);
  });

  it('reads a missing accepted file as undefined, and lets any other failure through', async () => {
    s3.on(GetObjectCommand).rejects(
      new NoSuchKey({ $metadata: { httpStatusCode: 404 }, message: 'No such key' }),
    );
    expect(await storage.readAccepted('doc-1')).toBeUndefined();
    s3.reset();
    s3.on(GetObjectCommand).rejects(serviceError('AccessDenied', 403));
    await expect(storage.readAccepted('doc-1')).rejects.toThrow('AccessDenied');
  });
});
