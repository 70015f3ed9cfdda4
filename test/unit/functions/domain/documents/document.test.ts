import { describe, it } from 'vitest';
import type { DocumentEvent } from '../../../../../events/documents/index.js';
import { documentDecider } from '../../../../../functions/domain/documents/document.js';
import { given } from '../../../../support/given-when-then.js';

// One attached file: its upload is requested with a declared size and type, and the file that
// arrived is accepted with its SHA-256 only if it is what was declared (docs/adr/0100-documents.md).

const ATTACHED = {
  kind: 'application',
  callId: 'FM-2026-operator',
  applicationId: 'FM-2026-operator-file-01',
} as const;
const SHA = '68d3dbe223d4659eb030429ecc280a437eb6e9b042a59797cbbd9e16f56c1d56';

const requested: DocumentEvent = {
  type: 'DocumentUploadRequested',
  data: {
    documentId: 'doc-1',
    attachedTo: ATTACHED,
    ownerAssociationId: 'assoc-amsed',
    fileName: 'statuts.pdf',
    declaredContentType: 'application/pdf',
    declaredSizeBytes: 77,
    uploadExpiresAt: '2026-03-01T09:05:00.000Z',
    requestedAt: '2026-03-01T09:00:00.000Z',
  },
};
const accepted: DocumentEvent = {
  type: 'DocumentAccepted',
  data: {
    documentId: 'doc-1',
    attachedTo: ATTACHED,
    ownerAssociationId: 'assoc-amsed',
    sha256: SHA,
    sizeBytes: 77,
    contentType: 'application/pdf',
    acceptedAt: '2026-03-01T09:01:00.000Z',
  },
};
const accept = (arrival: { sha256: string; sizeBytes: number; detectedContentType: string | null }) => ({
  type: 'AcceptDocument' as const,
  data: { documentId: 'doc-1', arrival },
});

describe('a document', () => {
  it('is requested once, with its name, declared size and type and the end of its upload URL', () => {
    given(documentDecider, [])
      .when({
        type: 'RequestDocumentUpload',
        data: {
          documentId: 'doc-1',
          attachedTo: ATTACHED,
          ownerAssociationId: 'assoc-amsed',
          fileName: 'statuts.pdf',
          declaredContentType: 'application/pdf',
          declaredSizeBytes: 77,
          uploadExpiresAt: '2026-03-01T09:05:00.000Z',
        },
      })
      .then([{ ...requested, data: { ...requested.data, requestedAt: '2026-03-01T09:00:00.000Z' } }]);
  });

  it('refuses a second request of the same id, and a declared size over 10 MiB', () => {
    const request = (declaredSizeBytes: number) => ({
      type: 'RequestDocumentUpload' as const,
      data: {
        documentId: 'doc-1',
        attachedTo: ATTACHED,
        ownerAssociationId: null,
        declaredContentType: 'application/pdf' as const,
        declaredSizeBytes,
        uploadExpiresAt: '2026-03-01T09:05:00.000Z',
      },
    });
    given(documentDecider, [requested]).when(request(77)).thenRefuses('DOCUMENT_ID_TAKEN', 'conflict');
    given(documentDecider, []).when(request(10_485_761)).thenRefuses('DOCUMENT_TOO_LARGE', 'invalid');
  });

  it('is accepted with the SHA-256 of the file that arrived, at the time of acceptance', () => {
    given(documentDecider, [requested])
      .when(accept({ sha256: SHA, sizeBytes: 77, detectedContentType: 'application/pdf' }), {
        now: '2026-03-01T09:01:00.000Z',
      })
      .then([accepted]);
  });

  it('refuses a file larger than declared, or whose bytes are another type', () => {
    given(documentDecider, [requested])
      .when(accept({ sha256: SHA, sizeBytes: 78, detectedContentType: 'application/pdf' }))
      .thenRefuses('DOCUMENT_REFUSED_ON_ARRIVAL', 'invalid');
    given(documentDecider, [requested])
      .when(accept({ sha256: SHA, sizeBytes: 71, detectedContentType: 'image/png' }))
      .thenRefuses('DOCUMENT_REFUSED_ON_ARRIVAL', 'invalid');
    given(documentDecider, [requested])
      .when(accept({ sha256: SHA, sizeBytes: 70, detectedContentType: null }))
      .thenRefuses('DOCUMENT_REFUSED_ON_ARRIVAL', 'invalid');
  });

  it('records nothing when the same file is accepted again, and refuses other bytes for an accepted id', () => {
    given(documentDecider, [requested, accepted])
      .when(accept({ sha256: SHA, sizeBytes: 77, detectedContentType: 'application/pdf' }))
      .then([]);
    given(documentDecider, [requested, accepted])
      .when(accept({ sha256: 'f'.repeat(64), sizeBytes: 77, detectedContentType: 'application/pdf' }))
      .thenRefuses('DOCUMENT_ALREADY_ACCEPTED', 'conflict');
  });

  it('cannot be accepted before its upload was requested', () => {
    given(documentDecider, [])
      .when(accept({ sha256: SHA, sizeBytes: 77, detectedContentType: 'application/pdf' }))
      .thenRefuses('DOCUMENT_NOT_FOUND', 'not-found');
  });
});
