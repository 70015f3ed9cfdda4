import { describe, expect, it } from 'vitest';
import { encodeEvent } from '../../../../../events/catalog.js';
import { InMemoryEventStore } from '../../../../../functions/adapters/in-memory/event-store.js';
import {
  acceptedDocuments,
  associationDocumentsProjection,
} from '../../../../../functions/application/projections/association-documents.js';
import { foldAll, toProjectedEvent } from '../../../../../functions/application/projections/projection.js';
import { countingIds, readAllGlobal, steppingClock } from '../../../../support/projection-scenario.js';

// An association's uploads (docs/adr/0124-own-documents-listed.md): given the documents' events,
// each owning association's document lists its files; a v1 request (before names were recorded)
// reads with no name; the ministry's own papers (no owner) are nobody's list.

const APPLICATION = {
  kind: 'application',
  callId: 'FM-2026-operator',
  applicationId: 'FM-2026-operator-file-01',
};
const APPEAL = { kind: 'appeal', callId: 'FM-2026-beneficiaries', appealId: 'appeal-assoc-amsed' };
const SHA_A = '68d3dbe223d4659eb030429ecc280a437eb6e9b042a59797cbbd9e16f56c1d56';

const requested = (
  documentId: string,
  owner: string | null,
  attachedTo: object,
  fileName?: string | null,
) => ({
  type: 'DocumentUploadRequested',
  data: {
    documentId,
    attachedTo,
    ownerAssociationId: owner,
    ...(fileName === undefined ? {} : { fileName }),
    declaredContentType: 'application/pdf',
    declaredSizeBytes: 120,
    uploadExpiresAt: '2026-03-01T09:05:00.000Z',
    requestedAt: '2026-03-01T09:00:00.000Z',
  },
});

const eventsOf = async () => {
  const store = new InMemoryEventStore({ clock: steppingClock(), newId: countingIds() });
  const append = async (streamId: string, schemaVersion: number, event: { type: string; data: unknown }) => {
    await store.append({
      streamId,
      expectedVersion: 'any',
      events: [{ ...event, schemaVersion }],
      metadata: { actor: { id: 'amsed', role: 'association' }, correlationId: 'c', causationId: null },
    });
  };
  // A v1 request, recorded before names were: no fileName.
  await append('document-doc-statutes', 1, requested('doc-statutes', 'assoc-amsed', APPLICATION));
  await append('document-doc-statutes', 1, {
    type: 'DocumentAccepted',
    data: {
      documentId: 'doc-statutes',
      attachedTo: APPLICATION,
      ownerAssociationId: 'assoc-amsed',
      sha256: SHA_A,
      sizeBytes: 77,
      contentType: 'application/pdf',
      acceptedAt: '2026-03-01T09:01:00.000Z',
    },
  });
  await store.append({
    streamId: 'document-doc-letter',
    expectedVersion: 'any',
    events: [encodeEvent(requested('doc-letter', 'assoc-amsed', APPEAL, 'recours.pdf') as never)],
    metadata: { actor: { id: 'amsed', role: 'association' }, correlationId: 'c', causationId: null },
  });
  await store.append({
    streamId: 'document-doc-minutes',
    expectedVersion: 'any',
    events: [encodeEvent(requested('doc-minutes', null, APPLICATION, 'pv.pdf') as never)],
    metadata: { actor: { id: 'minister-1', role: 'ministry' }, correlationId: 'c', causationId: null },
  });
  return (await readAllGlobal(store)).map(toProjectedEvent);
};

describe("an association's uploaded files", () => {
  it('are listed under their owner, each with its name, subject, type, size and, once accepted, its hash', async () => {
    // Act
    const documents = foldAll(associationDocumentsProjection, await eventsOf());
    // Assess
    expect([...documents.keys()]).toEqual(['assoc-amsed']);
    expect(documents.get('assoc-amsed')?.view).toEqual({
      associationId: 'assoc-amsed',
      documents: {
        'doc-statutes': {
          documentId: 'doc-statutes',
          fileName: null,
          attachedTo: APPLICATION,
          contentType: 'application/pdf',
          sizeBytes: 77,
          requestedAt: '2026-03-01T09:00:00.000Z',
          status: 'accepted',
          sha256: SHA_A,
          acceptedAt: '2026-03-01T09:01:00.000Z',
        },
        'doc-letter': {
          documentId: 'doc-letter',
          fileName: 'recours.pdf',
          attachedTo: APPEAL,
          contentType: 'application/pdf',
          sizeBytes: 120,
          requestedAt: '2026-03-01T09:00:00.000Z',
          status: 'requested',
          sha256: null,
          acceptedAt: null,
        },
      },
    });
  });

  it('shows the accepted files only: an upload that never arrived is no file', async () => {
    const view = foldAll(associationDocumentsProjection, await eventsOf()).get('assoc-amsed')?.view;
    if (view === undefined) throw new Error('no document for assoc-amsed');
    expect(acceptedDocuments(view).map((entry) => entry.documentId)).toEqual(['doc-statutes']);
  });
});
