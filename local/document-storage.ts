import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { mkdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { join } from 'node:path';
import {
  type DocumentStorage,
  type PresignedRequest,
  type QuarantinedUpload,
  type UploadGrant,
  uploadChangedError,
} from '../functions/application/ports/document-storage.js';
import type { RequestHook } from './http-static.js';

// The local runtime's document storage: the same port as S3 (functions/adapters/s3/document-storage.ts), with
// files in the data folder (0700 folders, 0600 files, like the rest of it: see
// local/runtime-data-folder.ts) or in memory (--in-memory, tests). Uploads and downloads go
// through presigned-style URLs served by the runtime's HTTP server and signed with an HMAC key of
// the runtime, as strict as S3's presigned URLs (docs/parity.md, "Documents"): they expire, they
// cover the method, the path, the expiry and the headers they name (length and type of an
// upload), and any change to them is refused with S3's status and code.

/** Where the bytes live: two areas, `quarantine` and `accepted`, each holding files by document id. */
export interface DocumentBlobs {
  read(area: 'quarantine' | 'accepted', documentId: string): Promise<Uint8Array | undefined>;
  size(area: 'quarantine' | 'accepted', documentId: string): Promise<number | undefined>;
  write(area: 'quarantine' | 'accepted', documentId: string, bytes: Uint8Array): Promise<void>;
  remove(area: 'quarantine' | 'accepted', documentId: string): Promise<void>;
}

/** Files in memory (a throwaway runtime, unit tests). */
export const memoryBlobs = (): DocumentBlobs => {
  const areas = { quarantine: new Map<string, Uint8Array>(), accepted: new Map<string, Uint8Array>() };
  return {
    read: async (area, id) => {
      const bytes = areas[area].get(id);
      return bytes === undefined ? undefined : new Uint8Array(bytes);
    },
    size: async (area, id) => areas[area].get(id)?.byteLength,
    write: async (area, id, bytes) => {
      areas[area].set(id, new Uint8Array(bytes));
    },
    remove: async (area, id) => {
      areas[area].delete(id);
    },
  };
};

const isMissing = (error: unknown) => (error as NodeJS.ErrnoException).code === 'ENOENT';

/**
 * Files in a folder of the data directory: `<folder>/quarantine/<id>` and `<folder>/accepted/<id>`,
 * folders 0700 and files 0600 (written whole to a temporary name, then renamed: a reader never
 * sees half a file).
 */
export const folderBlobs = (folder: string): DocumentBlobs => {
  const pathOf = (area: string, id: string) => join(folder, area, id);
  return {
    read: async (area, id) => {
      try {
        return new Uint8Array(await readFile(pathOf(area, id)));
      } catch (error) {
        if (isMissing(error)) return undefined;
        throw error;
      }
    },
    size: async (area, id) => {
      try {
        return (await stat(pathOf(area, id))).size;
      } catch (error) {
        if (isMissing(error)) return undefined;
        throw error;
      }
    },
    write: async (area, id, bytes) => {
      await mkdir(join(folder, area), { recursive: true, mode: 0o700 });
      const partial = `${pathOf(area, id)}.${randomBytes(6).toString('hex')}.part`;
      await writeFile(partial, bytes, { mode: 0o600 });
      await rename(partial, pathOf(area, id));
    },
    remove: async (area, id) => {
      await rm(pathOf(area, id), { force: true });
    },
  };
};

/** S3's longest presigned URL (SigV4): 7 days. */
export const MAX_PRESIGNED_SECONDS = 604_800;

const UPLOAD_PATH = '/local-documents/quarantine/';
const DOWNLOAD_PATH = '/local-documents/accepted/';
const ID = /^[A-Za-z0-9][A-Za-z0-9._:-]{0,127}$/;

export interface LocalDocumentStorageOptions {
  readonly blobs: DocumentBlobs;
  /** The runtime's HTTP address (known once its server listens). */
  readonly baseUrl: () => string;
  /** The clock URLs expire on (the runtime's: a test moves it). */
  readonly now: () => Date;
  /** The HMAC key URLs are signed with; a new random one per runtime by default. */
  readonly signingKey?: Uint8Array;
}

const digestOf = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

/** An S3-style error answer (XML, as S3 answers a refused presigned request). */
const s3Error = (response: ServerResponse, status: number, code: string, message: string) => {
  response.writeHead(status, { 'content-type': 'application/xml' });
  response.end(
    `<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>${code}</Code><Message>${message}</Message></Error>`,
  );
};

/** Reads exactly `length` bytes of a request body, or fails (a shorter body, a dropped connection). */
const readExactly = (request: IncomingMessage, length: number): Promise<Buffer | undefined> =>
  new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let received = 0;
    request.on('data', (chunk: Buffer) => {
      received += chunk.byteLength;
      if (received <= length) chunks.push(chunk);
    });
    request.on('end', () => resolve(received === length ? Buffer.concat(chunks) : undefined));
    request.on('error', reject);
  });

/** The document storage of the local runtime (see the file's head). */
export class LocalDocumentStorage implements DocumentStorage {
  readonly #blobs: DocumentBlobs;
  readonly #baseUrl: () => string;
  readonly #now: () => Date;
  readonly #key: Uint8Array;

  constructor(options: LocalDocumentStorageOptions) {
    this.#blobs = options.blobs;
    this.#baseUrl = options.baseUrl;
    this.#now = options.now;
    this.#key = options.signingKey ?? randomBytes(32);
  }

  /** What the signature covers: method, path, expiry and the signed headers' values, one a line. */
  #sign(method: string, path: string, expires: number, signed: readonly string[]): string {
    return createHmac('sha256', this.#key)
      .update([method, path, String(expires), ...signed].join('\n'))
      .digest('hex');
  }

  /**
   * Why S3 would refuse a presigned request, checked as it checks them: a signature that does not
   * match what it covers, then an expired URL; `undefined` when the request may go on.
   */
  #refusal(
    method: string,
    path: string,
    expires: number,
    signed: readonly string[],
    given: string,
  ): readonly [status: number, code: string, message: string] | undefined {
    const expected = Buffer.from(this.#sign(method, path, expires, signed), 'hex');
    const actual = Buffer.from(given, 'hex');
    if (actual.length !== expected.length || !timingSafeEqual(actual, expected)) {
      return [
        403,
        'SignatureDoesNotMatch',
        'The request signature we calculated does not match the signature you provided.',
      ];
    }
    if (this.#now().getTime() >= expires * 1000) return [403, 'AccessDenied', 'Request has expired'];
    return undefined;
  }

  #expiry(expiresInSeconds: number): number {
    if (
      !Number.isInteger(expiresInSeconds) ||
      expiresInSeconds < 1 ||
      expiresInSeconds > MAX_PRESIGNED_SECONDS
    ) {
      throw new RangeError(
        `A presigned URL expires in 1 to ${MAX_PRESIGNED_SECONDS} seconds (S3's limit); ${expiresInSeconds} asked`,
      );
    }
    return Math.floor(this.#now().getTime() / 1000) + expiresInSeconds;
  }

  async presignUpload(grant: UploadGrant): Promise<PresignedRequest> {
    const expires = this.#expiry(grant.expiresInSeconds);
    const path = `${UPLOAD_PATH}${encodeURIComponent(grant.documentId)}`;
    const length = String(grant.sizeBytes);
    const signature = this.#sign('PUT', path, expires, [length, grant.contentType]);
    return {
      url: `${this.#baseUrl()}${path}?X-Naseej-Expires=${expires}&X-Naseej-SignedHeaders=content-length%3Bcontent-type&X-Naseej-Signature=${signature}`,
      method: 'PUT',
      headers: { 'content-length': length, 'content-type': grant.contentType },
      expiresAt: new Date(expires * 1000).toISOString(),
    };
  }

  async readUpload(documentId: string, maxBytes: number): Promise<QuarantinedUpload> {
    const size = await this.#blobs.size('quarantine', documentId);
    if (size === undefined) return { kind: 'missing' };
    if (size > maxBytes) return { kind: 'too-large', sizeBytes: size };
    const bytes = await this.#blobs.read('quarantine', documentId);
    if (bytes === undefined) return { kind: 'missing' };
    return { kind: 'arrived', bytes, version: digestOf(bytes) };
  }

  async acceptUpload(documentId: string, version: string): Promise<void> {
    const bytes = await this.#blobs.read('quarantine', documentId);
    if (bytes === undefined || digestOf(bytes) !== version) throw uploadChangedError(documentId);
    await this.#blobs.write('accepted', documentId, bytes);
    await this.#blobs.remove('quarantine', documentId);
  }

  async discardUpload(documentId: string): Promise<void> {
    await this.#blobs.remove('quarantine', documentId);
  }

  async presignDownload(
    documentId: string,
    options: { readonly expiresInSeconds: number; readonly contentType: string },
  ): Promise<PresignedRequest> {
    const expires = this.#expiry(options.expiresInSeconds);
    const path = `${DOWNLOAD_PATH}${encodeURIComponent(documentId)}`;
    const signature = this.#sign('GET', path, expires, [options.contentType]);
    return {
      url: `${this.#baseUrl()}${path}?X-Naseej-Expires=${expires}&response-content-type=${encodeURIComponent(options.contentType)}&X-Naseej-Signature=${signature}`,
      method: 'GET',
      headers: {},
      expiresAt: new Date(expires * 1000).toISOString(),
    };
  }

  readAccepted(documentId: string): Promise<Uint8Array | undefined> {
    return this.#blobs.read('accepted', documentId);
  }

  /**
   * The runtime's answer to a presigned request (a hook of its HTTP server): PUT into quarantine,
   * GET an accepted file. Refusals as S3's: 403 `AccessDenied` once expired, 403
   * `SignatureDoesNotMatch` for anything changed (path, expiry, a signed header such as the length
   * or the type), 411 `MissingContentLength` for an upload without a length, 400 `IncompleteBody`
   * for a body shorter than its length, 404 `NoSuchKey` for a file that is not there.
   */
  readonly handle: RequestHook = async (request, response) => {
    const url = new URL(request.url ?? '/', 'http://127.0.0.1');
    const method = (request.method ?? 'GET').toUpperCase();
    const upload = url.pathname.startsWith(UPLOAD_PATH);
    const download = url.pathname.startsWith(DOWNLOAD_PATH);
    if (!upload && !download) return false;
    const documentId = decodeURIComponent(url.pathname.slice((upload ? UPLOAD_PATH : DOWNLOAD_PATH).length));
    const expires = Number(url.searchParams.get('X-Naseej-Expires') ?? Number.NaN);
    const signature = url.searchParams.get('X-Naseej-Signature') ?? '';
    if (!ID.test(documentId) || !Number.isInteger(expires) || !/^[0-9a-f]{64}$/.test(signature)) {
      request.resume();
      s3Error(
        response,
        403,
        'AccessDenied',
        'Query-string authentication requires the signature and the expiry',
      );
      return true;
    }
    if ((upload && method !== 'PUT') || (download && method !== 'GET')) {
      request.resume();
      s3Error(
        response,
        405,
        'MethodNotAllowed',
        'The specified method is not allowed against this resource.',
      );
      return true;
    }
    if (upload) {
      const length = request.headers['content-length'];
      if (length === undefined) {
        request.resume();
        s3Error(response, 411, 'MissingContentLength', 'You must provide the Content-Length HTTP header.');
        return true;
      }
      const contentType = request.headers['content-type'] ?? '';
      const refused = this.#refusal('PUT', url.pathname, expires, [length, contentType], signature);
      if (refused !== undefined) {
        request.resume();
        s3Error(response, ...refused);
        return true;
      }
      const body = await readExactly(request, Number(length));
      if (body === undefined) {
        s3Error(
          response,
          400,
          'IncompleteBody',
          'You did not provide the number of bytes specified by the Content-Length HTTP header',
        );
        return true;
      }
      await this.#blobs.write('quarantine', documentId, body);
      response.writeHead(200, { etag: `"${digestOf(body).slice(0, 32)}"` });
      response.end();
      return true;
    }
    request.resume();
    const contentType = url.searchParams.get('response-content-type') ?? '';
    const refused = this.#refusal('GET', url.pathname, expires, [contentType], signature);
    if (refused !== undefined) {
      s3Error(response, ...refused);
      return true;
    }
    const bytes = await this.#blobs.read('accepted', documentId);
    if (bytes === undefined) {
      s3Error(response, 404, 'NoSuchKey', 'The specified key does not exist.');
      return true;
    }
    response.writeHead(200, {
      'content-type': contentType,
      'content-length': bytes.byteLength,
      'content-disposition': 'attachment',
      'x-content-type-options': 'nosniff',
    });
    response.end(bytes);
    return true;
  };
}
