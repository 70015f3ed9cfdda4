import * as z from 'zod';
import { defineEvent } from '../define.js';
import { Instant } from '../envelope.js';
import { Id } from '../reference.js';
import { DocumentUploadRequestedV1 } from './DocumentUploadRequested.v1.js';
import { DocumentAttachment, DocumentContentType, DocumentFileName } from './parts.js';

/**
 * v2 adds the file's name as the uploader chose it (`fileName`), so that an association finds its
 * uploads by the names it knows them by (docs/adr/0124-own-documents-listed.md); null when the
 * uploader gave none, and for every v1 event.
 */
export const DocumentUploadRequestedV2 = defineEvent({
  type: 'DocumentUploadRequested',
  version: 2,
  get data() {
    return z.strictObject({
      documentId: Id,
      attachedTo: DocumentAttachment,
      /** The association whose file it is (it may open it); null for the ministry's own papers. */
      ownerAssociationId: Id.nullable(),
      /** The file's name on the uploader's device; null when none was given. */
      fileName: DocumentFileName.nullable(),
      declaredContentType: DocumentContentType,
      /** The exact length the upload URL is signed for (at most the purpose's limit). */
      declaredSizeBytes: z.number().int().positive(),
      uploadExpiresAt: Instant,
      requestedAt: Instant,
    });
  },
});

/** A v1 upload named no file: its name is unknown. */
export const upcastDocumentUploadRequestedV1 = (stored: unknown): unknown => ({
  ...DocumentUploadRequestedV1.data.parse(stored),
  fileName: null,
});
