import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '../../../events/envelope.js';
import fixtureApplication from '../../../events/fixtures/ApplicationSubmitted.v1.json' with { type: 'json' };
import fixtureCallOpened from '../../../events/fixtures/CallOpened.v1.json' with { type: 'json' };
import { type Runtime, startRuntime } from '../../../local/runtime.js';
import { ManualWorkflowClock } from '../../../local/workflow-clock.js';
import { SMALL_PDF, sendPresigned } from '../../support/document-storage-contract.js';
import { fetchAs } from '../../support/fetch-as.js';
import { withSharedGiven } from '../../support/shared-given.js';

// An association's uploaded files listed back to it (docs/adr/0124-own-documents-listed.md), over
// the local runtime's HTTP API: the file it uploaded and that passed its checks, with its name, what
// it is attached to, its type, size, SHA-256 and when; an upload that never arrived is no file; and
// another association gets nothing of it, neither through the owner's path nor through its own.

const CALL = 'FM-2026-operator';
const FILE_AMSED = `${CALL}-file-01`;
const MINISTRY: Actor = { id: 'ministry-office-1', role: 'ministry' };

let runtime: Runtime;
const clock = new ManualWorkflowClock('2026-01-25T09:00:00.000Z');
const tokens: Record<string, string> = {};

const api = (path: string, token: string, init: { method?: string; body?: unknown } = {}) =>
  fetchAs(`${runtime.url}${path}`, token, init.method, init.body);

const uploadRequest = (documentId: string, fileName?: string) => ({
  documentId,
  attachedTo: { kind: 'application', callId: CALL, applicationId: FILE_AMSED },
  contentType: 'application/pdf',
  sizeBytes: SMALL_PDF.byteLength,
  ...(fileName === undefined ? {} : { fileName }),
});

beforeAll(async () => {
  runtime = await startRuntime({ inMemory: true, port: 0, quiet: true, clock });
  await runtime.store.append({
    streamId: `call-${CALL}`,
    expectedVersion: 'any',
    events: [
      { type: 'CallOpened', data: fixtureCallOpened, schemaVersion: 1 },
      {
        type: 'ApplicationSubmitted',
        data: { ...fixtureApplication, applicationId: FILE_AMSED },
        schemaVersion: 1,
      },
    ],
    metadata: { actor: MINISTRY, correlationId: 'own-documents', causationId: null },
  });
  tokens.amsed = await runtime.auth.mint({
    subject: 'amsed',
    roles: ['association'],
    association: 'assoc-amsed',
  });
  tokens.atlas = await runtime.auth.mint({
    subject: 'atlas',
    roles: ['association'],
    association: 'assoc-atlas',
  });
  tokens.ministry = await runtime.auth.mint({ subject: 'minister-1', roles: ['ministry'] });
});

afterAll(async () => {
  await runtime?.stop();
});

/**
 * The given of the tests that read AMSED's file (docs/adr/0143-tests-stand-alone.md): its statutes
 * uploaded, sent and arrived a minute later, and an upload never sent, with the status of each
 * step. Built once per file: the document ids are taken once uploaded.
 */
const test = withSharedGiven(async () => {
  const ticket = await api('/documents/uploads', tokens.amsed as string, {
    method: 'POST',
    body: uploadRequest('doc-amsed-statutes', 'Statuts AMSED 2024.pdf'),
  });
  const { upload } = (await ticket.json()) as {
    upload: { url: string; method: 'PUT'; headers: Record<string, string>; expiresAt: string };
  };
  const sent = await sendPresigned(upload, SMALL_PDF);
  clock.setTime(Date.parse('2026-01-25T09:01:00.000Z'));
  const arrival = await api('/documents/doc-amsed-statutes/arrival', tokens.amsed as string, {
    method: 'POST',
  });
  const never = await api('/documents/uploads', tokens.amsed as string, {
    method: 'POST',
    body: uploadRequest('doc-amsed-never-sent', 'budget.pdf'),
  });
  await runtime.drainFeed();
  return { ticket: ticket.status, sent: sent.status, arrival: arrival.status, never: never.status };
});

describe("an association's uploaded files", () => {
  test('lists the file it uploaded, with its name, subject, type, size, SHA-256 and when; not an upload that never arrived', async ({
    given: uploaded,
  }) => {
    expect(uploaded).toEqual({ ticket: 201, sent: 200, arrival: 201, never: 201 });

    const listed = await api('/associations/assoc-amsed/documents', tokens.amsed as string);

    expect(listed.status).toBe(200);
    expect(((await listed.json()) as { documents: unknown }).documents).toEqual([
      {
        documentId: 'doc-amsed-statutes',
        fileName: 'Statuts AMSED 2024.pdf',
        attachedTo: { kind: 'application', callId: CALL, applicationId: FILE_AMSED },
        contentType: 'application/pdf',
        sizeBytes: 77,
        sha256: '68d3dbe223d4659eb030429ecc280a437eb6e9b042a59797cbbd9e16f56c1d56',
        acceptedAt: '2026-01-25T09:01:00.000Z',
      },
    ]);
  });

  test('gives another association nothing of it: 403 on the owner’s path, an empty list on its own', async ({
    given: _uploaded,
  }) => {
    const theirs = await api('/associations/assoc-amsed/documents', tokens.atlas as string);
    const own = await api('/associations/assoc-atlas/documents', tokens.atlas as string);

    expect([theirs.status, ((await theirs.json()) as { code: string }).code]).toEqual([403, 'OUT_OF_SCOPE']);
    expect(own.status).toBe(200);
    expect(await own.json()).toEqual({ asOf: null, associationId: 'assoc-atlas', documents: [] });
  });

  test('is read by the ministry too', async ({ given: _uploaded }) => {
    const answer = await api('/associations/assoc-amsed/documents', tokens.ministry as string);
    expect(
      ((await answer.json()) as { documents: { documentId: string }[] }).documents.map((d) => d.documentId),
    ).toEqual(['doc-amsed-statutes']);
  });

  it('refuses a file name with a folder in it, naming the field, and records nothing', async () => {
    const answer = await api('/documents/uploads', tokens.amsed as string, {
      method: 'POST',
      body: uploadRequest('doc-amsed-folder', '../etc/passwd'),
    });
    expect(answer.status).toBe(400);
    const problem = (await answer.json()) as { errors: { pointer: string }[] };
    expect(problem.errors.map((error) => error.pointer)).toEqual(['/body/fileName']);
    expect(await runtime.store.streamVersion('document-doc-amsed-folder')).toBe(0);
  });
});
