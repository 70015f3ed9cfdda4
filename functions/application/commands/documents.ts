import { documentDecider, documentStreamId } from '../../domain/documents/document.js';
import { commandHandler } from '../command-handler.js';

// The handlers of an attached file's commands (docs/adr/0100-documents.md), each declared once (see
// command-handler.ts): the upload flow (application/attachments/uploads.ts) calls these around the
// storage port, once it has found what a file attaches to, who acts on it, and checked what arrived.

const document = commandHandler(documentDecider);

/** Every document command changes the document's stream. */
const stream = ({ documentId }: { readonly documentId: string }) => documentStreamId(documentId);

export const requestDocumentUpload = document('RequestDocumentUpload', { stream });
export const acceptDocument = document('AcceptDocument', { stream });
