import type { DocumentEvent } from '../../../events/documents/index.js';
import type { DocumentAttachment, DocumentContentType } from '../../../events/documents/parts.js';
import { assertNever, type CommandContext, type Decider, type Fold } from '../shared/decider.js';
import { domainError } from '../shared/errors.js';
import type { AcceptDocument, DocumentArrival, DocumentCommand, RequestDocumentUpload } from './commands.js';

// One attached file (an application's file, an appeal letter, an agreement text, a tranche's
// evidence): an upload is requested with a declared size and type, then the file that arrived is
// accepted with its SHA-256 once its checks pass. Nothing else ever changes it: a corrected file
// is another document. See docs/adr/0100-documents.md.

/**
 * The limits of an attached file. 10 MiB holds a scanned application file or an appeal letter; the
 * upload URL lives 5 minutes (S3 allows up to 7 days; short keeps a leaked URL nearly useless), a
 * download URL 1 minute (it is fetched at once by the client that asked).
 */
export const DOCUMENT_LIMITS = {
  maxSizeBytes: 10 * 1024 * 1024,
  uploadUrlSeconds: 300,
  downloadUrlSeconds: 60,
} as const;

/** The stream of one document. */
export const documentStreamId = (documentId: string): string => `document-${documentId}`;

export interface RequestedDocument {
  readonly status: 'upload-requested' | 'accepted';
  readonly documentId: string;
  readonly attachedTo: DocumentAttachment;
  readonly ownerAssociationId: string | null;
  readonly declaredContentType: DocumentContentType;
  readonly declaredSizeBytes: number;
  readonly uploadExpiresAt: string;
  /** Once accepted. */
  readonly sha256: string | null;
  readonly sizeBytes: number | null;
}

export type DocumentState = { readonly status: 'none' } | RequestedDocument;

export const initialState = (): DocumentState => ({ status: 'none' });

export const evolve = (state: DocumentState, event: DocumentEvent): DocumentState => {
  switch (event.type) {
    case 'DocumentUploadRequested':
      return {
        status: 'upload-requested',
        documentId: event.data.documentId,
        attachedTo: event.data.attachedTo,
        ownerAssociationId: event.data.ownerAssociationId,
        declaredContentType: event.data.declaredContentType,
        declaredSizeBytes: event.data.declaredSizeBytes,
        uploadExpiresAt: event.data.uploadExpiresAt,
        sha256: null,
        sizeBytes: null,
      };
    case 'DocumentAccepted':
      return state.status === 'none'
        ? state
        : { ...state, status: 'accepted', sha256: event.data.sha256, sizeBytes: event.data.sizeBytes };
    default:
      return assertNever(event);
  }
};

/** Why an arrived file is refused: too large (413), or its bytes are not its declared type (415). */
export type ArrivalRefusal =
  | { readonly reason: 'too-large'; readonly sizeBytes: number; readonly limitBytes: number }
  | {
      readonly reason: 'type-mismatch';
      readonly declared: DocumentContentType;
      readonly detected: string | null;
    };

/**
 * The checks on arrival, by content: at most the declared size (the URL is signed for exactly
 * that length, and the declared size is at most the limit), and the type detected from the bytes
 * is the declared one. Undefined when the file passes.
 */
export const arrivalRefusal = (
  requested: Pick<RequestedDocument, 'declaredContentType' | 'declaredSizeBytes'>,
  arrival: DocumentArrival,
): ArrivalRefusal | undefined => {
  const limitBytes = Math.min(requested.declaredSizeBytes, DOCUMENT_LIMITS.maxSizeBytes);
  if (arrival.sizeBytes > limitBytes)
    return { reason: 'too-large', sizeBytes: arrival.sizeBytes, limitBytes };
  if (arrival.detectedContentType !== requested.declaredContentType) {
    return {
      reason: 'type-mismatch',
      declared: requested.declaredContentType,
      detected: arrival.detectedContentType,
    };
  }
  return undefined;
};

export const requestDocumentUpload = (
  { data }: RequestDocumentUpload,
  state: DocumentState,
  context: CommandContext,
): DocumentEvent[] => {
  if (state.status !== 'none') {
    throw domainError('conflict', 'DOCUMENT_ID_TAKEN', `Document ${data.documentId} already exists`, {
      documentId: data.documentId,
    });
  }
  if (data.declaredSizeBytes > DOCUMENT_LIMITS.maxSizeBytes) {
    throw domainError(
      'invalid',
      'DOCUMENT_TOO_LARGE',
      `A document is at most ${DOCUMENT_LIMITS.maxSizeBytes} bytes; ${data.declaredSizeBytes} declared`,
      { declaredSizeBytes: data.declaredSizeBytes, limitBytes: DOCUMENT_LIMITS.maxSizeBytes },
    );
  }
  if (data.uploadExpiresAt <= context.now) {
    throw domainError('invalid', 'UPLOAD_ALREADY_EXPIRED', 'The upload must end after it is requested');
  }
  const { fileName, ...requested } = data;
  return [
    {
      type: 'DocumentUploadRequested',
      data: { ...requested, fileName: fileName ?? null, requestedAt: context.now },
    },
  ];
};

export const acceptDocument = (
  { data }: AcceptDocument,
  state: DocumentState,
  context: CommandContext,
): DocumentEvent[] => {
  if (state.status === 'none') {
    throw domainError(
      'not-found',
      'DOCUMENT_NOT_FOUND',
      `No upload of document ${data.documentId} was requested`,
    );
  }
  if (state.status === 'accepted') {
    if (state.sha256 === data.arrival.sha256) return [];
    throw domainError(
      'conflict',
      'DOCUMENT_ALREADY_ACCEPTED',
      `Document ${data.documentId} was already accepted`,
    );
  }
  const refusal = arrivalRefusal(state, data.arrival);
  if (refusal !== undefined) {
    throw domainError('invalid', 'DOCUMENT_REFUSED_ON_ARRIVAL', `The file was refused: ${refusal.reason}`, {
      ...refusal,
    });
  }
  return [
    {
      type: 'DocumentAccepted',
      data: {
        documentId: state.documentId,
        attachedTo: state.attachedTo,
        ownerAssociationId: state.ownerAssociationId,
        sha256: data.arrival.sha256,
        sizeBytes: data.arrival.sizeBytes,
        contentType: state.declaredContentType,
        acceptedAt: context.now,
      },
    },
  ];
};

export const decide = (
  command: DocumentCommand,
  state: DocumentState,
  context: CommandContext,
): DocumentEvent[] => {
  switch (command.type) {
    case 'RequestDocumentUpload':
      return requestDocumentUpload(command, state, context);
    case 'AcceptDocument':
      return acceptDocument(command, state, context);
    default:
      return assertNever(command);
  }
};

export const documentDecider: Decider<DocumentCommand, DocumentState, DocumentEvent> = {
  initialState,
  evolve,
  decide,
};

/**
 * The fold alone (no `decide`): what readers of this stream load it with, so that a bundle that
 * only reads it does not carry its rules (docs/adr/0066-bundles-within-300-kb.md).
 */
export const documentFold: Fold<DocumentState, DocumentEvent> = { initialState, evolve };
