import * as z from 'zod';
import { DocumentAttachment, Sha256Hex } from '../../../../events/documents/parts.js';
import { Id } from '../../../../events/reference.js';
import { FileNameInput } from '../../../domain/documents/commands.js';
import type { Principal } from '../claims.js';
import { checkRouteDeclaration, type HttpRoute } from '../route.js';
import type { AttachmentRouteDependencies } from './attachments-service.js';
import { completeUpload, OPENERS, openDocument, requestUpload, UPLOADERS } from './attachments-service.js';

// Attached files: the upload of a file to an application, an appeal, an agreement or a tranche's
// evidence (a presigned URL, then its checks on arrival), and opening an accepted file. The rules
// are in functions/adapters/http/routes/attachments-service.ts; docs/adr/0100-documents.md explains the flow.

const Presigned = z.strictObject({
  url: z.string(),
  method: z.enum(['PUT', 'GET']),
  headers: z.record(z.string(), z.string()),
  expiresAt: z.string(),
});

export const UploadTicketView = z
  .strictObject({
    documentId: Id,
    streamId: z.string(),
    version: z.number().int(),
    maxSizeBytes: z.number().int(),
    upload: Presigned,
  })
  .meta({ id: 'DocumentUploadTicket' });

export const AcceptedDocumentView = z
  .strictObject({
    documentId: Id,
    sha256: Sha256Hex,
    sizeBytes: z.number().int(),
    contentType: z.string(),
    streamId: z.string(),
    version: z.number().int(),
    eventId: z.string().nullable(),
  })
  .meta({ id: 'AcceptedDocument' });

export const OpenedDocumentView = z
  .strictObject({
    documentId: Id,
    attachedTo: DocumentAttachment,
    sha256: Sha256Hex,
    sizeBytes: z.number().int(),
    contentType: z.string(),
    download: Presigned,
  })
  .meta({ id: 'OpenedDocument' });

const UploadBody = z.strictObject({
  documentId: Id,
  attachedTo: DocumentAttachment,
  /** Checked by the route (415 when it is not PDF, JPEG or PNG), not by the schema (which would say 422). */
  contentType: z
    .string()
    .max(200)
    .regex(/^[!-~]+$/, 'a media type such as application/pdf (printable ASCII, no spaces)'),
  sizeBytes: z.number().int().positive(),
  associationId: Id.optional(),
  /** The file's name on the uploader's device, shown back to its association (no folder). */
  fileName: FileNameInput.optional(),
});
const DocumentParams = z.strictObject({ documentId: Id });

const declared = (route: HttpRoute<AttachmentRouteDependencies>): HttpRoute<AttachmentRouteDependencies> => {
  // Scopes are checked by the service against the history (the document's subject), not by a rule here.
  checkRouteDeclaration(route, true);
  return route;
};

export const attachmentRoutes: readonly HttpRoute<AttachmentRouteDependencies>[] = [
  declared({
    kind: 'command',
    method: 'POST',
    path: '/documents/uploads',
    operationId: 'requestDocumentUpload',
    summary:
      'Get a presigned URL to upload one file for an application, appeal, agreement or tranche evidence',
    description:
      'PUT the file to `upload.url` with exactly `upload.headers` (its length and type are signed) before ' +
      '`upload.expiresAt`, then `POST /documents/{documentId}/arrival`. At most 10 MiB; PDF, JPEG or PNG (415 otherwise).',
    tags: ['documents'],
    access: UPLOADERS,
    request: { body: UploadBody },
    responses: {
      201: { description: 'The upload URL', schema: UploadTicketView },
      413: { description: 'The declared size is over the limit' },
      415: { description: 'The declared type is not accepted' },
    },
    handle: async (request, deps) => {
      const body = request.body as z.output<typeof UploadBody>;
      const ticket = await requestUpload(deps, request.principal as Principal, body, {
        correlationId: request.correlationId,
        commandId: request.commandId,
      });
      return { status: 201, body: UploadTicketView.parse(ticket), etag: ticket.version };
    },
  }),
  declared({
    kind: 'command',
    method: 'POST',
    path: '/documents/{documentId}/arrival',
    operationId: 'completeDocumentUpload',
    summary: 'Check the uploaded file by its content and accept it (records its SHA-256)',
    tags: ['documents'],
    access: UPLOADERS,
    request: { params: DocumentParams },
    responses: {
      201: { description: 'Accepted: `DocumentAccepted` records its hash', schema: AcceptedDocumentView },
      200: { description: 'Already accepted', schema: AcceptedDocumentView },
      409: { description: 'Nothing was uploaded yet' },
      413: { description: 'The file is larger than declared (deleted)' },
      415: { description: "The file's content is not its declared type (deleted)" },
    },
    handle: async (request, deps) => {
      const { documentId } = request.params as z.output<typeof DocumentParams>;
      const accepted = await completeUpload(deps, request.principal as Principal, documentId, {
        correlationId: request.correlationId,
        commandId: request.commandId,
      });
      return {
        status: accepted.eventId === null ? 200 : 201,
        body: AcceptedDocumentView.parse(accepted),
        etag: accepted.version,
      };
    },
  }),
  declared({
    kind: 'query',
    method: 'GET',
    path: '/documents/{documentId}',
    operationId: 'openDocument',
    summary: 'Open an accepted file: its hash and a download URL valid one minute',
    description:
      'A committee member opens the files of the applications its committee scores, never one it declared a ' +
      "conflict on (403 CONFLICT_OF_INTEREST); an association its own (another's: 404).",
    tags: ['documents'],
    access: OPENERS,
    request: { params: DocumentParams },
    responses: { 200: { description: 'The file', schema: OpenedDocumentView } },
    handle: async (request, deps) => {
      const { documentId } = request.params as z.output<typeof DocumentParams>;
      const opened = await openDocument(deps, request.principal as Principal, documentId);
      return { status: 200, body: OpenedDocumentView.parse(opened) };
    },
  }),
];
