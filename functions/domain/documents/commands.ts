import * as z from 'zod';
import { DocumentAttachment, DocumentContentType, Sha256Hex } from '../../../events/documents/parts.js';
import { Instant } from '../../../events/envelope.js';
import { Id } from '../../../events/reference.js';
import type { CommandOf } from '../shared/decider.js';
import { personText } from '../shared/text.js';

/**
 * A file's name as the uploader gives it: person-facing text (no control or bidirectional
 * characters: a name must not print other than it reads) of at most 255 characters, without a folder.
 */
export const FileNameInput = personText({ max: 255 }).refine(
  (name) => !/[\\/]/.test(name),
  'names a folder (a file name has no / or \\)',
);

/** Issue an upload URL for one file: what it attaches to, whose it is, its exact size and type. */
export const RequestDocumentUploadInput = z.strictObject({
  documentId: Id,
  attachedTo: DocumentAttachment,
  ownerAssociationId: Id.nullable(),
  /** The file's name on the uploader's device, when given. */
  fileName: FileNameInput.optional(),
  declaredContentType: DocumentContentType,
  declaredSizeBytes: z.number().int().positive(),
  uploadExpiresAt: Instant,
});
export type RequestDocumentUpload = CommandOf<'RequestDocumentUpload', typeof RequestDocumentUploadInput>;

/** What the storage found when the file arrived: its digest, its length and the type its bytes show. */
export const DocumentArrival = z.strictObject({
  sha256: Sha256Hex,
  sizeBytes: z.number().int().nonnegative(),
  /** The type file-type detected from the first bytes; null when they match no known type. */
  detectedContentType: z.string().nullable(),
});
export type DocumentArrival = z.infer<typeof DocumentArrival>;

/** Accept the arrived file (its checks passed): records its hash. */
export type AcceptDocument = {
  type: 'AcceptDocument';
  data: { documentId: string; arrival: DocumentArrival };
};

export type DocumentCommand = RequestDocumentUpload | AcceptDocument;
