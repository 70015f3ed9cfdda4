import * as z from 'zod';
import { DocumentAttachment, Sha256Hex } from '../../../../events/documents/parts.js';
import { Id } from '../../../../events/reference.js';
import {
  type ActingOn,
  completeUpload,
  openDocument,
  requestUpload,
} from '../../../application/attachments/uploads.js';
import type { DocumentStorageDependencies } from '../../../application/ports/document-storage.js';
import { FileNameInput } from '../../../domain/documents/commands.js';
import { type Access, actingRole } from '../access.js';
import type { HttpRole, Principal } from '../claims.js';
import { httpError } from '../problem.js';
import { checkRouteDeclaration, type HttpRoute, type RouteDependencies } from '../route.js';

// Attached files: the upload of a file to an application, an appeal, an agreement or a tranche's
// evidence (a presigned URL, then its checks on arrival), and opening an accepted file. The flow
// and its rules are in functions/application/attachments/uploads.ts (docs/adr/0100-documents.md,
// docs/adr/0141-upload-flow-in-the-application.md); these routes translate the request into it
// and say who the caller may act as.

/** What the attachments' routes need: the store and the storage of the files. */
export type AttachmentRouteDependencies = RouteDependencies & DocumentStorageDependencies;

/** Who may upload (and complete an upload): staff for anyone in their reach, an association for itself. */
export const UPLOADERS: Access = { roles: ['ministry', 'coordinator', 'association'] };
/** Who may open an accepted file (each further limited by the flow). */
export const OPENERS: Access = { roles: ['ministry', 'coordinator', 'committee-member', 'association'] };

/**
 * The caller as the flow sees it: the role of `access` it holds that reaches the subject (403
 * otherwise). An association is told 404 for another's existing file: nothing tells it the file exists.
 */
const actingOn =
  (access: Access, principal: Principal): ActingOn =>
  (subject) => {
    try {
      const role = actingRole(access, principal, {
        region: subject.region,
        associationId: subject.ownerAssociationId ?? undefined,
      }) as HttpRole;
      return { id: principal.subject, role };
    } catch (error) {
      const associationOnly = principal.roles.length === 1 && principal.roles[0] === 'association';
      if (subject.documentId !== undefined && associationOnly) {
        throw httpError(404, 'NOT_FOUND', `No document ${subject.documentId}`);
      }
      throw error;
    }
  };

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
  /** Checked by the flow (415 when it is not PDF, JPEG or PNG), not by the schema (which would say 422). */
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
  // Scopes are checked against the history (the document's subject, found by the flow), not by a rule here.
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
      const principal = request.principal as Principal;
      // An association token uploads for its own association; staff name one for an appeal letter.
      const tokenAssociation = principal.roles.includes('association') ? principal.association : undefined;
      const ticket = await requestUpload(
        deps,
        actingOn(UPLOADERS, principal),
        { ...body, associationId: tokenAssociation ?? body.associationId },
        { correlationId: request.correlationId, commandId: request.commandId },
      );
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
      const accepted = await completeUpload(
        deps,
        actingOn(UPLOADERS, request.principal as Principal),
        documentId,
        { correlationId: request.correlationId, commandId: request.commandId },
      );
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
      const opened = await openDocument(deps, actingOn(OPENERS, request.principal as Principal), documentId);
      return { status: 200, body: OpenedDocumentView.parse(opened) };
    },
  }),
];
