import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TRAINING_MODULES } from '../../../../../../events/reference.js';
import { routes } from '../../../../../../functions/adapters/http/routes/index.js';
import { InMemoryIdempotencyStore } from '../../../../../../functions/adapters/in-memory/idempotency.js';
import { certificateRegistryOf } from '../../../../../../functions/application/documents/service.js';
import { DevAuth } from '../../../../../../local/dev-auth.js';
import {
  type ChromiumPdfRenderer,
  createChromiumPdfRenderer,
} from '../../../../../../local/documents-pdf.js';
import { type LocalHttpServer, startHttpServer } from '../../../../../../local/http-server.js';
import {
  ASSOCIATION_AR,
  CALL_ID,
  COMPLETED_MEMBER,
  documentsHistory,
  INCOMPLETE_MEMBER,
  MEMBER_NAMES,
  ROLLOUT_ID,
} from '../../../../../support/documents-history.js';
import { lineOfPhrase, pdfLines } from '../../../../../support/documents-pdf-text.js';

// The documents through the HTTP API of the local server: HTML and PDF (headless Chromium with the
// embedded Amiri font), the text extracted back out of the Arabic PDF.

let server: LocalHttpServer;
let renderer: ChromiumPdfRenderer;
let history: Awaited<ReturnType<typeof documentsHistory>>;
let auth: DevAuth;

const ministryToken = () => auth.mint({ subject: 'ministry-office-1', roles: ['ministry'] });

beforeAll(async () => {
  history = await documentsHistory();
  renderer = await createChromiumPdfRenderer();
  auth = await DevAuth.create();
  server = await startHttpServer({
    routes,
    deps: {
      store: history.store,
      idempotency: new InMemoryIdempotencyStore(),
      clock: () => '2026-06-01T00:00:00.000Z',
      newId: () => 'id-1',
      personalData: history.vault,
      pdfRenderer: renderer,
      publicBaseUrl: () => server.url,
    } as never,
    auth,
    port: 0,
  });
}, 60_000);

afterAll(async () => {
  await server?.close();
  await renderer?.close();
});

describe('documents over HTTP', () => {
  it('serve the minutes publicly as a web page in French and Arabic', async () => {
    // Act
    const fr = await fetch(`${server.url}/documents/calls/${CALL_ID}/minutes?lang=fr`);
    const ar = await fetch(`${server.url}/documents/calls/${CALL_ID}/minutes`);

    // Assess
    expect(fr.status).toBe(200);
    expect(fr.headers.get('content-type')).toContain('text/html');
    const frText = await fr.text();
    expect(frText).toContain('Procès-verbal');
    expect(frText).toContain(MEMBER_NAMES['committee-fm-3']?.fr);
    expect(await ar.text()).toContain('محضر لجنة الانتقاء');
  });

  it('render an Arabic certificate as a PDF whose text has the association and the modules in order', async () => {
    // Act
    const response = await fetch(
      `${server.url}/documents/rollouts/${ROLLOUT_ID}/members/${COMPLETED_MEMBER}/training-certificate?lang=ar&format=pdf`,
      { headers: { authorization: `Bearer ${await ministryToken()}` } },
    );

    // Assess
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/pdf');
    const lines = await pdfLines(await response.arrayBuffer());
    expect(lineOfPhrase(lines, ASSOCIATION_AR)).toBeGreaterThanOrEqual(0);
    const modules = TRAINING_MODULES.map((module) => lineOfPhrase(lines, module.ar));
    expect(
      modules.every((line) => line >= 0),
      JSON.stringify(modules),
    ).toBe(true);
    // One line per module, in the order of the program (the reading order, top to bottom).
    expect([...new Set(modules)].sort((a, b) => a - b)).toEqual(modules);
  }, 60_000);

  it('refuse the certificate of a member who did not complete the eight modules (404)', async () => {
    // Act
    const response = await fetch(
      `${server.url}/documents/rollouts/${ROLLOUT_ID}/members/${INCOMPLETE_MEMBER}/training-certificate`,
      { headers: { authorization: `Bearer ${await ministryToken()}` } },
    );

    // Assess
    expect(response.status).toBe(404);
    expect(((await response.json()) as { code: string }).code).toBe('NO_CERTIFICATE');
  });

  it('publish the verification page of a certificate without a token', async () => {
    // Prepare
    const certificate = (await certificateRegistryOf(history.store)).ofMember(
      ROLLOUT_ID,
      COMPLETED_MEMBER,
      'trainer',
    );

    // Act
    const response = await fetch(`${server.url}/certificates/${certificate?.code}?lang=fr`);
    const unknown = await fetch(`${server.url}/certificates/AAAAA-AAAAA`);

    // Assess
    expect(response.status).toBe(200);
    const page = await response.text();
    expect(page).toContain('Certificat de formateur');
    expect(page).toContain(MEMBER_NAMES[COMPLETED_MEMBER]?.fr);
    expect(unknown.status).toBe(404);
  });
});
