import * as z from 'zod';
import { defineEvent } from '../define.js';
import { Instant } from '../envelope.js';
import { Id } from '../reference.js';
import { DocumentAttachment, DocumentContentType } from './parts.js';

/** Someone was handed a presigned URL to upload one file, bounded in size and type, until a deadline. */
export const DocumentUploadRequestedV1 = defineEvent({
  type: 'DocumentUploadRequested',
  version: 1,
  get data() {
    return z.strictObject({
      documentId: Id,
      attachedTo: DocumentAttachment,
      /** The association whose file it is (it may open it); null for the ministry's own papers. */
      ownerAssociationId: Id.nullable(),
      declaredContentType: DocumentContentType,
      /** The exact length the upload URL is signed for (at most the purpose's limit). */
      declaredSizeBytes: z.number().int().positive(),
      uploadExpiresAt: Instant,
      requestedAt: Instant,
    });
  },
});
