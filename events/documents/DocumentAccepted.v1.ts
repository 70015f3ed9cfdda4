import * as z from 'zod';
import { defineEvent } from '../define.js';
import { Instant } from '../envelope.js';
import { Id } from '../reference.js';
import { DocumentAttachment, DocumentContentType, Sha256Hex } from './parts.js';

/**
 * An uploaded file passed its checks on arrival (size, type by its content) and was moved out of
 * quarantine. Its SHA-256 is the proof of which bytes were decided on: the stored file is
 * immutable, and anyone holding a copy can check it against this hash.
 */
export const DocumentAcceptedV1 = defineEvent({
  type: 'DocumentAccepted',
  version: 1,
  get data() {
    return z.strictObject({
      documentId: Id,
      attachedTo: DocumentAttachment,
      ownerAssociationId: Id.nullable(),
      sha256: Sha256Hex,
      sizeBytes: z.number().int().positive(),
      /** The type detected from the file's bytes (it matched the declared one). */
      contentType: DocumentContentType,
      acceptedAt: Instant,
    });
  },
});
