import type { ProjectedEvent, Projection } from './projection.js';

// The files an association uploaded (docs/adr/0124-own-documents-listed.md): one document per
// owning association, one entry per file (its name, what it is attached to, its size and type, and
// once it arrived and passed its checks its SHA-256). Each file's entry changes only with its own
// stream's events, so the view does not depend on how files' events interleave.

/** What a file is attached to, as the history says it. */
export type AttachedTo =
  | { readonly kind: 'application'; readonly callId: string; readonly applicationId: string }
  | { readonly kind: 'appeal'; readonly callId: string; readonly appealId: string }
  | { readonly kind: 'agreement'; readonly agreementId: string }
  | {
      readonly kind: 'tranche-evidence';
      readonly rolloutId: string;
      readonly associationId: string;
      readonly tranche: number;
    };

export interface OwnDocument {
  readonly documentId: string;
  /** As the uploader's device named it; null when it gave none. */
  readonly fileName: string | null;
  readonly attachedTo: AttachedTo;
  /** Declared at the request; once accepted, the length and type its bytes showed. */
  readonly contentType: string;
  readonly sizeBytes: number;
  readonly requestedAt: string;
  /** `requested`: the upload URL was issued, no accepted file yet (it may never come). */
  readonly status: 'requested' | 'accepted';
  readonly sha256: string | null;
  readonly acceptedAt: string | null;
}

export interface AssociationDocumentsView {
  readonly associationId: string;
  /** By document id. */
  readonly documents: Readonly<Record<string, OwnDocument>>;
}

const ownerOf = (event: ProjectedEvent): string | null => {
  if (event.type !== 'DocumentUploadRequested' && event.type !== 'DocumentAccepted') return null;
  return event.data.ownerAssociationId;
};

const evolveDocuments = (view: AssociationDocumentsView, event: ProjectedEvent): AssociationDocumentsView => {
  if (event.type === 'DocumentUploadRequested') {
    const { documentId, fileName, attachedTo, declaredContentType, declaredSizeBytes, requestedAt } =
      event.data;
    const entry: OwnDocument = {
      documentId,
      fileName,
      attachedTo,
      contentType: declaredContentType,
      sizeBytes: declaredSizeBytes,
      requestedAt,
      status: 'requested',
      sha256: null,
      acceptedAt: null,
    };
    return { ...view, documents: { ...view.documents, [documentId]: entry } };
  }
  if (event.type === 'DocumentAccepted') {
    const { documentId, sha256, sizeBytes, contentType, acceptedAt } = event.data;
    const requested = Object.hasOwn(view.documents, documentId) ? view.documents[documentId] : undefined;
    if (requested === undefined) return view;
    const entry: OwnDocument = {
      ...requested,
      status: 'accepted',
      sha256,
      sizeBytes,
      contentType,
      acceptedAt,
    };
    return { ...view, documents: { ...view.documents, [documentId]: entry } };
  }
  return view;
};

/** An association's uploads: one document per owning association (its id). */
export const associationDocumentsProjection: Projection<AssociationDocumentsView> = {
  name: 'association-documents',
  revision: 1,
  keysOf: (event) => {
    const owner = ownerOf(event);
    return owner === null ? [] : [owner];
  },
  initialView: (associationId) => ({ associationId, documents: {} }),
  evolve: (view, event) => evolveDocuments(view, event),
};

/** The accepted files, newest first (the upload URLs never used are not files). */
export const acceptedDocuments = (view: AssociationDocumentsView): OwnDocument[] =>
  Object.values(view.documents)
    .filter((entry) => entry.status === 'accepted')
    .sort(
      (a, b) =>
        (b.acceptedAt ?? '').localeCompare(a.acceptedAt ?? '') || a.documentId.localeCompare(b.documentId),
    );
