import type { DomainEventOf, EventFamily } from '../define.js';
import { eventFamily } from '../define.js';
import { DocumentAcceptedV1 } from './DocumentAccepted.v1.js';
import { DocumentUploadRequestedV1 } from './DocumentUploadRequested.v1.js';
import { DocumentUploadRequestedV2, upcastDocumentUploadRequestedV1 } from './DocumentUploadRequested.v2.js';

/** The events of attached files (application files, appeal letters, agreements, tranche evidence). */
export const documentFamilies = [
  eventFamily(DocumentUploadRequestedV2, {
    previous: [DocumentUploadRequestedV1],
    upcasters: [{ from: 1, upcast: upcastDocumentUploadRequestedV1 }],
  }),
  eventFamily(DocumentAcceptedV1),
] as const satisfies readonly EventFamily[];

/** The events of one document's stream (`document-<documentId>`). */
export type DocumentEvent = DomainEventOf<(typeof documentFamilies)[number]['latest']>;
