import {
  CopyObjectCommand,
  DeleteObjectCommand,
  GetObjectCommand,
  HeadObjectCommand,
  PutObjectCommand,
  S3Client,
  S3ServiceException,
} from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import {
  type DocumentStorage,
  type PresignedRequest,
  type QuarantinedUpload,
  type UploadGrant,
  uploadChangedError,
} from '../../application/ports/document-storage.js';

// The document storage on AWS: one private bucket (infra/constructs/documents-bucket.ts), keys
// `quarantine/<id>` for uploads not yet checked and `accepted/<id>` for accepted files. Uploads go
// straight to S3 with a presigned PUT whose signature covers the exact Content-Length and the
// Content-Type: S3 refuses (403 SignatureDoesNotMatch) a body of another length or type, so the
// declared size (at most the limit) bounds what can land in quarantine. The SDK's presigner has no
// POST policy (`content-length-range` needs @aws-sdk/s3-presigned-post, not installed); a signed
// length is as tight (docs/adr/0100-documents.md). Expiry is S3's own (X-Amz-Expires, at most 7
// days). Accepted files get the bucket's default encryption (SSE-KMS); the copy is conditional on
// the ETag that was checked, so a file uploaded again meanwhile is never accepted unchecked.

/** The S3 prefixes of the two areas. */
export const QUARANTINE_PREFIX = 'quarantine/';
export const ACCEPTED_PREFIX = 'accepted/';

export interface S3DocumentStorageOptions {
  readonly client: S3Client;
  readonly bucketName: string;
}

const statusOf = (error: unknown): number | undefined =>
  error instanceof S3ServiceException ? error.$metadata.httpStatusCode : undefined;

const isNotFound = (error: unknown): boolean =>
  statusOf(error) === 404 ||
  (error instanceof Error && (error.name === 'NoSuchKey' || error.name === 'NotFound'));

/** S3's answer when a condition (`x-amz-copy-source-if-match`) does not hold. */
const isPreconditionFailed = (error: unknown): boolean =>
  statusOf(error) === 412 || (error instanceof Error && error.name === 'PreconditionFailed');

const expiresAtOf = (now: Date, seconds: number) => new Date(now.getTime() + seconds * 1000).toISOString();

export class S3DocumentStorage implements DocumentStorage {
  readonly #client: S3Client;
  readonly #bucket: string;

  constructor(options: S3DocumentStorageOptions) {
    this.#client = options.client;
    this.#bucket = options.bucketName;
  }

  /**
   * A presigned PUT to `quarantine/<id>`: `content-length` and `content-type` are signed headers
   * (hoisting them into the query string would let any length through).
   */
  async presignUpload(grant: UploadGrant): Promise<PresignedRequest> {
    const command = new PutObjectCommand({
      Bucket: this.#bucket,
      Key: `${QUARANTINE_PREFIX}${grant.documentId}`,
      ContentLength: grant.sizeBytes,
      ContentType: grant.contentType,
    });
    const url = await getSignedUrl(this.#client, command, {
      expiresIn: grant.expiresInSeconds,
      signableHeaders: new Set(['content-length', 'content-type']),
      unhoistableHeaders: new Set(['content-length', 'content-type']),
    });
    return {
      url,
      method: 'PUT',
      headers: { 'content-length': String(grant.sizeBytes), 'content-type': grant.contentType },
      expiresAt: expiresAtOf(new Date(), grant.expiresInSeconds),
    };
  }

  async readUpload(documentId: string, maxBytes: number): Promise<QuarantinedUpload> {
    const Key = `${QUARANTINE_PREFIX}${documentId}`;
    let head: { ContentLength?: number | undefined; ETag?: string | undefined };
    try {
      head = await this.#client.send(new HeadObjectCommand({ Bucket: this.#bucket, Key }));
    } catch (error) {
      if (isNotFound(error)) return { kind: 'missing' };
      throw error;
    }
    const size = head.ContentLength ?? 0;
    if (size > maxBytes) return { kind: 'too-large', sizeBytes: size };
    try {
      const object = await this.#client.send(
        new GetObjectCommand({ Bucket: this.#bucket, Key, ...(head.ETag ? { IfMatch: head.ETag } : {}) }),
      );
      const bytes = await object.Body?.transformToByteArray();
      if (bytes === undefined || object.ETag === undefined) return { kind: 'missing' };
      // The object's length is checked again on what was read: HEAD and GET are two requests.
      if (bytes.byteLength > maxBytes) return { kind: 'too-large', sizeBytes: bytes.byteLength };
      return { kind: 'arrived', bytes, version: object.ETag };
    } catch (error) {
      if (isNotFound(error)) return { kind: 'missing' };
      if (isPreconditionFailed(error)) throw uploadChangedError(documentId, { cause: error });
      throw error;
    }
  }

  async acceptUpload(documentId: string, version: string): Promise<void> {
    try {
      await this.#client.send(
        new CopyObjectCommand({
          Bucket: this.#bucket,
          Key: `${ACCEPTED_PREFIX}${documentId}`,
          CopySource: `${this.#bucket}/${QUARANTINE_PREFIX}${encodeURIComponent(documentId)}`,
          CopySourceIfMatch: version,
          MetadataDirective: 'COPY',
        }),
      );
    } catch (error) {
      if (isPreconditionFailed(error) || isNotFound(error))
        throw uploadChangedError(documentId, { cause: error });
      throw error;
    }
    await this.discardUpload(documentId);
  }

  async discardUpload(documentId: string): Promise<void> {
    await this.#client.send(
      new DeleteObjectCommand({ Bucket: this.#bucket, Key: `${QUARANTINE_PREFIX}${documentId}` }),
    );
  }

  async presignDownload(
    documentId: string,
    options: { readonly expiresInSeconds: number; readonly contentType: string },
  ): Promise<PresignedRequest> {
    const url = await getSignedUrl(
      this.#client,
      new GetObjectCommand({
        Bucket: this.#bucket,
        Key: `${ACCEPTED_PREFIX}${documentId}`,
        ResponseContentType: options.contentType,
        ResponseContentDisposition: 'attachment',
      }),
      { expiresIn: options.expiresInSeconds },
    );
    return { url, method: 'GET', headers: {}, expiresAt: expiresAtOf(new Date(), options.expiresInSeconds) };
  }

  async readAccepted(documentId: string): Promise<Uint8Array | undefined> {
    try {
      const object = await this.#client.send(
        new GetObjectCommand({ Bucket: this.#bucket, Key: `${ACCEPTED_PREFIX}${documentId}` }),
      );
      return await object.Body?.transformToByteArray();
    } catch (error) {
      if (isNotFound(error)) return undefined;
      throw error;
    }
  }
}

/** The client the documents' Lambda uses: checksums only where S3 requires them, so presigned PUTs name none. */
export const documentsS3Client = (): S3Client =>
  new S3Client({ requestChecksumCalculation: 'WHEN_REQUIRED', responseChecksumValidation: 'WHEN_REQUIRED' });
