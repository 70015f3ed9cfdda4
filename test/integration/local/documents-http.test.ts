import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '../../../events/envelope.js';
import fixtureApplication from '../../../events/fixtures/ApplicationSubmitted.v1.json' with { type: 'json' };
import fixtureCallOpened from '../../../events/fixtures/CallOpened.v1.json' with { type: 'json' };
import fixtureCommittee from '../../../events/fixtures/CommitteeAppointed.v1.json' with { type: 'json' };
import { type Runtime, startRuntime } from '../../../local/runtime.js';
import { ManualWorkflowClock } from '../../../local/workflow-clock.js';
import { SMALL_PDF, SMALL_PNG, sendPresigned } from '../../support/document-storage-contract.js';
import { fetchAs } from '../../support/fetch-as.js';

// Issue 25, documents: a file is uploaded to an application through the local runtime's HTTP API
// (a presigned URL, then its checks on arrival), its SHA-256 is found in the event, a committee
// member opens it, a member who declared a conflict on that file and another association are
// refused it, and an oversized or mistyped file is refused. The call, its two files and its
// committee (five members, one conflict) are the history the test starts from.

const CALL = 'FM-2026-operator';
const FILE_AMSED = `${CALL}-file-01`;
const FILE_ATLAS = `${CALL}-file-02`;
const MINISTRY: Actor = { id: 'ministry-office-1', role: 'ministry' };

/** A runtime on its own data folder and manual clock, holding the history above. */
interface Documents {
  readonly runtime: Runtime;
  readonly folder: string;
  readonly clock: ManualWorkflowClock;
  readonly tokens: Readonly<Record<string, string>>;
}

let shared: Documents;

const api = (
  { runtime }: Documents,
  path: string,
  token: string,
  init: { method?: string; body?: unknown } = {},
) => fetchAs(`${runtime.url}${path}`, token, init.method, init.body);

const uploadRequest = (documentId: string, overrides: Record<string, unknown> = {}) => ({
  documentId,
  attachedTo: { kind: 'application', callId: CALL, applicationId: FILE_AMSED },
  contentType: 'application/pdf',
  sizeBytes: SMALL_PDF.byteLength,
  ...overrides,
});

const startDocuments = async (): Promise<Documents> => {
  const folder = await mkdtemp(join(tmpdir(), 'naseej-documents-http-'));
  const clock = new ManualWorkflowClock('2026-01-25T09:00:00.000Z');
  const runtime = await startRuntime({ dataDir: folder, port: 0, quiet: true, clock });
  const tokens: Record<string, string> = {};
  const append = (streamId: string, events: { type: string; data: unknown }[]) =>
    runtime.store.append({
      streamId,
      expectedVersion: 'any',
      events: events.map((event) => ({ ...event, schemaVersion: 1 })),
      metadata: { actor: MINISTRY, correlationId: 'documents-http', causationId: null },
    });
  await append(`call-${CALL}`, [
    { type: 'CallOpened', data: fixtureCallOpened },
    { type: 'ApplicationSubmitted', data: { ...fixtureApplication, applicationId: FILE_AMSED } },
    {
      type: 'ApplicationSubmitted',
      data: {
        ...fixtureApplication,
        applicationId: FILE_ATLAS,
        associationId: 'assoc-atlas',
        associationName: { fr: 'Association Atlas', ar: 'جمعية الأطلس' },
      },
    },
  ]);
  await append(`committee-${CALL}`, [
    { type: 'CommitteeAppointed', data: fixtureCommittee },
    {
      type: 'ConflictDeclared',
      data: { callId: CALL, memberId: 'committee-fm-2', applicationId: FILE_AMSED, voidsScore: false },
    },
  ]);
  const mint = async (name: string, request: Parameters<Runtime['auth']['mint']>[0]) => {
    tokens[name] = await runtime.auth.mint(request);
  };
  await mint('amsed', { subject: 'amsed-secretary', roles: ['association'], association: 'assoc-amsed' });
  await mint('atlas', { subject: 'atlas-secretary', roles: ['association'], association: 'assoc-atlas' });
  await mint('member1', { subject: 'committee-fm-1', roles: ['committee-member'] });
  await mint('member2', { subject: 'committee-fm-2', roles: ['committee-member'] });
  await mint('outsider', { subject: 'committee-cs-1', roles: ['committee-member'] });
  return { runtime, folder, clock, tokens };
};

const stopDocuments = async (documents: Documents | undefined): Promise<void> => {
  await documents?.runtime.stop();
  if (documents) await rm(documents.folder, { recursive: true, force: true });
};

/** Uploads a small PDF to AMSED's file as its secretary, and has it accepted on arrival. */
const accepted = async (documents: Documents, documentId: string): Promise<void> => {
  const ticket = await api(documents, '/documents/uploads', documents.tokens.amsed as string, {
    method: 'POST',
    body: uploadRequest(documentId),
  });
  const { upload } = (await ticket.json()) as {
    upload: { url: string; method: 'PUT'; headers: Record<string, string>; expiresAt: string };
  };
  expect((await sendPresigned(upload, SMALL_PDF)).status).toBe(200);
  const arrival = await api(documents, `/documents/${documentId}/arrival`, documents.tokens.amsed as string, {
    method: 'POST',
  });
  expect(arrival.status).toBe(201);
};

beforeAll(async () => {
  shared = await startDocuments();
});

afterAll(async () => {
  await stopDocuments(shared);
});

describe('documents attached to an application, over the local runtime', () => {
  it('uploads a PDF to its application, checks it on arrival and records its SHA-256 in DocumentAccepted', async () => {
    const ticket = await api(shared, '/documents/uploads', shared.tokens.amsed as string, {
      method: 'POST',
      body: uploadRequest('doc-amsed-statutes'),
    });
    expect(ticket.status).toBe(201);
    const { upload } = (await ticket.json()) as {
      upload: { url: string; method: 'PUT'; headers: Record<string, string>; expiresAt: string };
    };
    expect(upload.expiresAt).toBe('2026-01-25T09:05:00.000Z');
    expect((await sendPresigned(upload, SMALL_PDF)).status).toBe(200);

    const arrival = await api(
      shared,
      '/documents/doc-amsed-statutes/arrival',
      shared.tokens.amsed as string,
      {
        method: 'POST',
      },
    );
    expect(arrival.status).toBe(201);
    expect(await arrival.json()).toMatchObject({
      sha256: '68d3dbe223d4659eb030429ecc280a437eb6e9b042a59797cbbd9e16f56c1d56',
      sizeBytes: 77,
      contentType: 'application/pdf',
    });

    const events = (await (
      await api(shared, '/streams/document-doc-amsed-statutes/events', shared.runtime.tokens.ministry)
    ).json()) as {
      events: { type: string; data: Record<string, unknown>; actor: Actor }[];
    };
    const accepted = events.events.find((event) => event.type === 'DocumentAccepted');
    expect(accepted?.data).toEqual({
      documentId: 'doc-amsed-statutes',
      attachedTo: { kind: 'application', callId: CALL, applicationId: FILE_AMSED },
      ownerAssociationId: 'assoc-amsed',
      sha256: '68d3dbe223d4659eb030429ecc280a437eb6e9b042a59797cbbd9e16f56c1d56',
      sizeBytes: 77,
      contentType: 'application/pdf',
      acceptedAt: '2026-01-25T09:00:00.000Z',
    });
    expect(accepted?.actor).toEqual({ id: 'amsed-secretary', role: 'association' });
    const onDisk = await stat(join(shared.folder, 'documents', 'accepted', 'doc-amsed-statutes'));
    expect(onDisk.mode & 0o777).toBe(0o600);
  });

  it('opens the file to a committee member who scores it, with the hash the event recorded', async () => {
    // Prepare
    await accepted(shared, 'doc-amsed-accounts');
    // Act
    const response = await api(shared, '/documents/doc-amsed-accounts', shared.tokens.member1 as string);
    // Assess
    expect(response.status).toBe(200);
    const opened = (await response.json()) as {
      sha256: string;
      download: { url: string; method: 'GET'; headers: Record<string, string>; expiresAt: string };
    };
    expect(opened.sha256).toBe('68d3dbe223d4659eb030429ecc280a437eb6e9b042a59797cbbd9e16f56c1d56');
    const file = await sendPresigned(opened.download);
    expect(file.status).toBe(200);
    expect(file.headers.get('content-type')).toBe('application/pdf');
    expect(Buffer.from(await file.arrayBuffer())).toEqual(SMALL_PDF);
  });

  it('opens it to the association that owns it', async () => {
    await accepted(shared, 'doc-amsed-report');
    expect((await api(shared, '/documents/doc-amsed-report', shared.tokens.amsed as string)).status).toBe(
      200,
    );
  });

  it('refuses it to the member who declared a conflict on that file (403 CONFLICT_OF_INTEREST)', async () => {
    await accepted(shared, 'doc-amsed-budget');
    const response = await api(shared, '/documents/doc-amsed-budget', shared.tokens.member2 as string);
    expect(response.status).toBe(403);
    expect(response.headers.get('content-type')).toMatch(/application\/problem\+json/);
    expect(await response.json()).toMatchObject({ status: 403, code: 'CONFLICT_OF_INTEREST' });
  });

  it('refuses it to a member of no committee of the call (403 NOT_ON_THE_COMMITTEE)', async () => {
    await accepted(shared, 'doc-amsed-minutes');
    const response = await api(shared, '/documents/doc-amsed-minutes', shared.tokens.outsider as string);
    expect(response.status).toBe(403);
    expect(await response.json()).toMatchObject({ code: 'NOT_ON_THE_COMMITTEE' });
  });

  it("refuses it to another association as if it did not exist (404), and refuses it an upload to another's file", async () => {
    await accepted(shared, 'doc-amsed-members');
    const response = await api(shared, '/documents/doc-amsed-members', shared.tokens.atlas as string);
    expect(response.status).toBe(404);
    expect(await response.json()).toMatchObject({ status: 404, code: 'NOT_FOUND' });
    const foreign = await api(shared, '/documents/uploads', shared.tokens.atlas as string, {
      method: 'POST',
      body: uploadRequest('doc-atlas-into-amsed'),
    });
    expect(foreign.status).toBe(403);
    expect(await foreign.json()).toMatchObject({ code: 'OUT_OF_SCOPE' });
  });

  it('refuses a declared size over 10 MiB (413 naming sizeBytes) and records nothing', async () => {
    const response = await api(shared, '/documents/uploads', shared.tokens.amsed as string, {
      method: 'POST',
      body: uploadRequest('doc-too-large', { sizeBytes: 10 * 1024 * 1024 + 1 }),
    });
    expect(response.status).toBe(413);
    expect(await response.json()).toMatchObject({
      code: 'DOCUMENT_TOO_LARGE',
      errors: [{ field: 'body.sizeBytes' }],
    });
    const stream = await api(
      shared,
      '/streams/document-doc-too-large/events',
      shared.runtime.tokens.ministry,
    );
    expect(((await stream.json()) as { events: unknown[] }).events).toEqual([]);
  });

  it('refuses a declared type that is not PDF, JPEG or PNG (415 naming contentType)', async () => {
    const response = await api(shared, '/documents/uploads', shared.tokens.amsed as string, {
      method: 'POST',
      body: uploadRequest('doc-word', { contentType: 'application/msword' }),
    });
    expect(response.status).toBe(415);
    expect(await response.json()).toMatchObject({
      code: 'UNSUPPORTED_DOCUMENT_TYPE',
      errors: [{ field: 'body.contentType' }],
    });
  });

  it('refuses a file whose bytes are not its declared type (415), deletes it, and records no DocumentAccepted', async () => {
    const ticket = await api(shared, '/documents/uploads', shared.tokens.amsed as string, {
      method: 'POST',
      body: uploadRequest('doc-png-as-pdf', { sizeBytes: SMALL_PNG.byteLength }),
    });
    const { upload } = (await ticket.json()) as {
      upload: { url: string; method: 'PUT'; headers: Record<string, string>; expiresAt: string };
    };
    expect((await sendPresigned(upload, SMALL_PNG)).status).toBe(200);
    const arrival = await api(shared, '/documents/doc-png-as-pdf/arrival', shared.tokens.amsed as string, {
      method: 'POST',
    });
    expect(arrival.status).toBe(415);
    expect(await arrival.json()).toMatchObject({ code: 'DOCUMENT_TYPE_MISMATCH' });
    const again = await api(shared, '/documents/doc-png-as-pdf/arrival', shared.tokens.amsed as string, {
      method: 'POST',
    });
    expect(again.status).toBe(409);
    const stream = (await (
      await api(shared, '/streams/document-doc-png-as-pdf/events', shared.runtime.tokens.ministry)
    ).json()) as {
      events: { type: string }[];
    };
    expect(stream.events.map((event) => event.type)).toEqual(['DocumentUploadRequested']);
  });

  it('refuses a body longer than declared at the upload URL, and an upload once the URL expired', async () => {
    // Prepare: a runtime of its own, whose clock this test moves
    const own = await startDocuments();
    try {
      const ticket = await api(own, '/documents/uploads', own.tokens.amsed as string, {
        method: 'POST',
        body: uploadRequest('doc-late'),
      });
      const { upload } = (await ticket.json()) as {
        upload: { url: string; method: 'PUT'; headers: Record<string, string>; expiresAt: string };
      };
      const longer = await sendPresigned(upload, Buffer.concat([SMALL_PDF, Buffer.alloc(64)]));
      expect(longer.status).toBe(403);
      own.clock.setTime(Date.parse('2026-01-25T09:05:00.000Z'));
      const late = await sendPresigned(upload, SMALL_PDF);
      expect(late.status).toBe(403);
      expect(await late.text()).toContain('<Code>AccessDenied</Code>');
      const arrival = await api(own, '/documents/doc-late/arrival', own.tokens.amsed as string, {
        method: 'POST',
      });
      expect(arrival.status).toBe(409);
    } finally {
      await stopDocuments(own);
    }
  });
});
