import type { DomainEventOf, EventFamily } from '../define.js';
import { eventFamily } from '../define.js';
import { DocumentAcceptedV1 } from './DocumentAccepted.v1.js';
import { DocumentUploadRequestedV1 } from './DocumentUploadRequested.v1.js';

/** The events of attached files (application files, appeal letters, agreements, tranche evidence). */
export const documentFamilies = [
  eventFamily(DocumentUploadRequestedV1),
  eventFamily(DocumentAcceptedV1),
] as const satisfies readonly EventFamily[];

/** The events of one document's stream (`document-<documentId>`). */
export type DocumentEvent = DomainEventOf<(typeof documentFamilies)[number]['latest']>;
