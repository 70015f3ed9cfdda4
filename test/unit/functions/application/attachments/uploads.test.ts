import { describe, expect, it } from 'vitest';
import type { Actor } from '../../../../../events/envelope.js';
import fixtureApplication from '../../../../../events/fixtures/ApplicationSubmitted.v1.json' with {
  type: 'json',
};
import fixtureCallOpened from '../../../../../events/fixtures/CallOpened.v1.json' with { type: 'json' };
import { InMemoryEventStore } from '../../../../../functions/adapters/in-memory/event-store.js';
import {
  type ActingOn,
  type AttachmentSubject,
  completeUpload,
  openDocument,
  requestUpload,
} from '../../../../../functions/application/attachments/uploads.js';
import { domainError } from '../../../../../functions/domain/shared/errors.js';
import { LocalDocumentStorage, memoryBlobs } from '../../../../../local/document-storage.js';
import { SMALL_PDF, SMALL_PNG } from '../../../../support/document-storage-contract.js';

// The upload flow as an application service (docs/adr/0141-upload-flow-in-the-application.md): it
// finds what a file attaches to in the history, asks the entry point's `ActingOn` who acts on it,
// and refuses with domain errors (413 and 415 are the kinds `too-large` and `unsupported-type`).
// Over the in-memory store and the local document storage in memory; no network.

const CALL = 'FM-2026-operator';
const FILE = `${CALL}-file-01`;
const NOW = '2026-01-25T09:00:00.000Z';
const SECRETARY: Actor = { id: 'amsed-secretary', role: 'association' };

/** A call of Fès-Meknès with AMSED's file, and the storage of its documents. */
const world = async () => {
  const store = new InMemoryEventStore();
  await store.append({
    streamId: `call-${CALL}`,
    expectedVersion: 'any',
    events: [
      { type: 'CallOpened', schemaVersion: 1, data: fixtureCallOpened },
      {
        type: 'ApplicationSubmitted',
        schemaVersion: 1,
        data: { ...fixtureApplication, applicationId: FILE },
      },
    ],
    metadata: { actor: { id: 'ministry-office-1', role: 'ministry' }, correlationId: 'c', causationId: null },
  });
  const blobs = memoryBlobs();
  const documentStorage = new LocalDocumentStorage({
    blobs,
    baseUrl: () => 'http://127.0.0.1:1',
    now: () => new Date(NOW),
  });
  let id = 0;
  const services = {
    store,
    documentStorage,
    clock: () => NOW,
    newId: () => {
      id += 1;
      return `id-${id}`;
    },
  };
  return { services, blobs, store };
};

/** The events of a stream, in order. */
const eventsOf = async (store: InMemoryEventStore, streamId: string) => {
  const events = [];
  for await (const event of store.readStream(streamId)) events.push(event);
  return events;
};

/** An `ActingOn` that lets `actor` act and keeps the subjects it was asked about. */
const recording = (actor: Actor) => {
  const subjects: AttachmentSubject[] = [];
  const actingOn: ActingOn = (subject) => {
    subjects.push(subject);
    return actor;
  };
  return { actingOn, subjects };
};

const upload = (documentId: string, overrides: Record<string, unknown> = {}) => ({
  documentId,
  attachedTo: { kind: 'application' as const, callId: CALL, applicationId: FILE },
  contentType: 'application/pdf',
  sizeBytes: SMALL_PDF.byteLength,
  ...overrides,
});

const CALL_IDS = { correlationId: 'uploads-test' };

describe('the upload flow', () => {
  it('asks who acts on the file’s subject, found in the history, and records the request as that actor', async () => {
    // Prepare
    const { services, store } = await world();
    const { actingOn, subjects } = recording(SECRETARY);

    // Act
    const ticket = await requestUpload(services, actingOn, upload('doc-1'), CALL_IDS);

    // Assess
    expect(subjects).toEqual([{ region: 'FM', ownerAssociationId: 'assoc-amsed' }]);
    expect(ticket).toMatchObject({ documentId: 'doc-1', streamId: 'document-doc-1', version: 1 });
    expect(ticket.upload.expiresAt).toBe('2026-01-25T09:05:00.000Z');
    const recorded = await eventsOf(store, 'document-doc-1');
    expect(recorded.map((event) => [event.type, event.actor])).toEqual([
      ['DocumentUploadRequested', SECRETARY],
    ]);
  });

  it('refuses a declared type it does not take as unsupported-type, naming the field, before anything is read', async () => {
    // Prepare
    const { services, store } = await world();
    const { actingOn, subjects } = recording(SECRETARY);

    // Act
    const refused = requestUpload(
      services,
      actingOn,
      upload('doc-2', { contentType: 'application/msword' }),
      CALL_IDS,
    );

    // Assess
    await expect(refused).rejects.toMatchObject({
      kind: 'unsupported-type',
      code: 'UNSUPPORTED_DOCUMENT_TYPE',
      refusedFields: [
        {
          field: 'contentType',
          reason: '"application/msword" is not accepted; send one of application/pdf, image/jpeg, image/png',
        },
      ],
    });
    expect(subjects).toEqual([]);
    expect(await eventsOf(store, 'document-doc-2')).toEqual([]);
  });

  it('refuses a declared size over 10 MiB as too-large, naming the field', async () => {
    const { services } = await world();
    await expect(
      requestUpload(
        services,
        recording(SECRETARY).actingOn,
        upload('doc-3', { sizeBytes: 10_485_761 }),
        CALL_IDS,
      ),
    ).rejects.toMatchObject({
      kind: 'too-large',
      code: 'DOCUMENT_TOO_LARGE',
      refusedFields: [{ field: 'sizeBytes', reason: '10485761 bytes is over the limit of 10485760 bytes' }],
    });
  });

  it('records nothing when the entry point says the caller may not act on the subject', async () => {
    // Prepare
    const { services, store } = await world();
    const refuse: ActingOn = () => {
      throw domainError('forbidden', 'OUT_OF_SCOPE', 'Not yours');
    };

    // Act
    const refused = requestUpload(services, refuse, upload('doc-4'), CALL_IDS);

    // Assess
    await expect(refused).rejects.toMatchObject({ code: 'OUT_OF_SCOPE' });
    expect(await eventsOf(store, 'document-doc-4')).toEqual([]);
  });

  it('refuses bytes of another type than declared as unsupported-type, deletes them and accepts nothing', async () => {
    // Prepare: a PDF declared, a PNG of that length in quarantine.
    const { services, blobs, store } = await world();
    const { actingOn, subjects } = recording(SECRETARY);
    await requestUpload(services, actingOn, upload('doc-5', { sizeBytes: SMALL_PNG.byteLength }), CALL_IDS);
    await blobs.write('quarantine', 'doc-5', SMALL_PNG);

    // Act
    const refused = completeUpload(services, actingOn, 'doc-5', CALL_IDS);

    // Assess
    await expect(refused).rejects.toMatchObject({
      kind: 'unsupported-type',
      code: 'DOCUMENT_TYPE_MISMATCH',
      message: "The file's content is image/png, not the declared application/pdf; it was deleted",
    });
    expect(subjects.at(-1)).toEqual({ region: 'FM', ownerAssociationId: 'assoc-amsed', documentId: 'doc-5' });
    expect(await blobs.read('quarantine', 'doc-5')).toBeUndefined();
    expect((await eventsOf(store, 'document-doc-5')).map((event) => event.type)).toEqual([
      'DocumentUploadRequested',
    ]);
  });

  it('accepts the bytes it was promised and records their SHA-256', async () => {
    // Prepare
    const { services, blobs } = await world();
    const { actingOn } = recording(SECRETARY);
    await requestUpload(services, actingOn, upload('doc-6'), CALL_IDS);
    await blobs.write('quarantine', 'doc-6', SMALL_PDF);

    // Act
    const accepted = await completeUpload(services, actingOn, 'doc-6', CALL_IDS);

    // Assess
    expect(accepted).toMatchObject({
      documentId: 'doc-6',
      sha256: '68d3dbe223d4659eb030429ecc280a437eb6e9b042a59797cbbd9e16f56c1d56',
      sizeBytes: 77,
      contentType: 'application/pdf',
      version: 2,
    });
    expect(await blobs.read('accepted', 'doc-6')).toEqual(new Uint8Array(SMALL_PDF));
  });

  it('opens an accepted file to no committee member when no committee scores its call', async () => {
    // Prepare
    const { services, blobs } = await world();
    const { actingOn } = recording(SECRETARY);
    await requestUpload(services, actingOn, upload('doc-7'), CALL_IDS);
    await blobs.write('quarantine', 'doc-7', SMALL_PDF);
    await completeUpload(services, actingOn, 'doc-7', CALL_IDS);

    // Act
    const member = recording({ id: 'committee-fm-1', role: 'committee-member' }).actingOn;
    const refused = openDocument(services, member, 'doc-7');

    // Assess
    await expect(refused).rejects.toMatchObject({ kind: 'forbidden', code: 'NOT_ON_THE_COMMITTEE' });
  });
});
