// The port through which the application stores attached files (application files, appeal
// letters, agreement texts, tranche evidence). Two adapters pass the same contract suite
// (test/support/document-storage-contract.ts): S3 on AWS (./s3.ts) and the local runtime's data
// folder, or memory (local/document-storage.ts). See docs/adr/0100-documents.md.
//
// A file goes: presigned upload → quarantine (never served) → checked by the application (size,
// type by content, SHA-256) → accepted (immutable, served only through a short presigned
// download) or discarded.

/** A request a client makes itself, without our credentials: the URL, its method and the headers it must send. */
export interface PresignedRequest {
  readonly url: string;
  readonly method: 'PUT' | 'GET';
  /** Headers the signature covers; the client sends them exactly (else 403). */
  readonly headers: Readonly<Record<string, string>>;
  readonly expiresAt: string;
}

/** What an upload URL allows: one file, of exactly this length and this declared type, until it expires. */
export interface UploadGrant {
  readonly documentId: string;
  readonly contentType: string;
  readonly sizeBytes: number;
  readonly expiresInSeconds: number;
}

/** The quarantined upload as read for its checks. */
export type QuarantinedUpload =
  | { readonly kind: 'missing' }
  /** Larger than the bytes the caller is willing to read: not read at all. */
  | { readonly kind: 'too-large'; readonly sizeBytes: number }
  | {
      readonly kind: 'arrived';
      readonly bytes: Uint8Array;
      /** Names these exact bytes (S3's ETag; locally a digest): accepting moves them only if unchanged. */
      readonly version: string;
    };

export const UPLOAD_CHANGED_ERROR = 'UPLOAD_CHANGED';

/** The quarantined file changed between its checks and its acceptance (uploaded again meanwhile). */
export interface UploadChangedError extends Error {
  readonly code: typeof UPLOAD_CHANGED_ERROR;
}

export const isUploadChangedError = (error: unknown): error is UploadChangedError =>
  error instanceof Error && (error as { code?: unknown }).code === UPLOAD_CHANGED_ERROR;

/** Builds the error an adapter throws when the quarantined bytes are no longer the checked ones. */
export const uploadChangedError = (documentId: string, options?: { cause?: unknown }): UploadChangedError =>
  Object.assign(new Error(`The upload of document ${documentId} changed while it was checked`, options), {
    name: 'UploadChangedError',
    code: UPLOAD_CHANGED_ERROR,
  }) as UploadChangedError;

export interface DocumentStorage {
  /** A URL to PUT one file into quarantine: bounded to the grant's exact length and type, expiring. */
  presignUpload(grant: UploadGrant): Promise<PresignedRequest>;
  /** Reads the quarantined file, unless it is missing or longer than `maxBytes`. */
  readUpload(documentId: string, maxBytes: number): Promise<QuarantinedUpload>;
  /**
   * Moves the quarantined file to the accepted files, if it is still `version` (else throws
   * `UploadChangedError` and moves nothing); the quarantined copy is then gone.
   */
  acceptUpload(documentId: string, version: string): Promise<void>;
  /** Deletes the quarantined file (refused on arrival); nothing when there is none. */
  discardUpload(documentId: string): Promise<void>;
  /** A URL to GET an accepted file, expiring; served as an attachment of its type. */
  presignDownload(
    documentId: string,
    options: { readonly expiresInSeconds: number; readonly contentType: string },
  ): Promise<PresignedRequest>;
  /** The accepted file's bytes, or undefined (checks, tests). */
  readAccepted(documentId: string): Promise<Uint8Array | undefined>;
}

/** Route dependencies of the attached files. */
export interface DocumentStorageDependencies {
  readonly documentStorage: DocumentStorage;
}
