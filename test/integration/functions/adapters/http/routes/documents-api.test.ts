import { describe, expect, it } from 'vitest';
import { TRAINING_MODULES } from '../../../../../../events/reference.js';
import {
  ASSOCIATION_AR,
  CALL_ID,
  COMPLETED_MEMBER,
  INCOMPLETE_MEMBER,
  MEMBER_NAMES,
  ROLLOUT_ID,
} from '../../../../../support/documents-history.js';
import { lineOfPhrase, pdfLines } from '../../../../../support/documents-pdf-text.js';
import { documentsServerForTheFile } from '../../../../../support/documents-server.js';

// The documents through the HTTP API of the local server: HTML and PDF (headless Chromium with the
// embedded Amiri font), the text extracted back out of the Arabic PDF.

const documents = documentsServerForTheFile({ pdf: true });

const ministryToken = () => documents.auth.mint({ subject: 'ministry-office-1', roles: ['ministry'] });

describe('documents over HTTP', () => {
  it('serve the minutes publicly as a web page in French and Arabic', async () => {
    // Act
    const fr = await fetch(`${documents.url}/documents/calls/${CALL_ID}/minutes?lang=fr`);
    const ar = await fetch(`${documents.url}/documents/calls/${CALL_ID}/minutes`);

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
      `${documents.url}/documents/rollouts/${ROLLOUT_ID}/members/${COMPLETED_MEMBER}/training-certificate?lang=ar&format=pdf`,
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
      `${documents.url}/documents/rollouts/${ROLLOUT_ID}/members/${INCOMPLETE_MEMBER}/training-certificate`,
      { headers: { authorization: `Bearer ${await ministryToken()}` } },
    );

    // Assess
    expect(response.status).toBe(404);
    expect(((await response.json()) as { code: string }).code).toBe('NO_CERTIFICATE');
  });

  it('publish the verification page of a certificate without a token', async () => {
    // Prepare
    const certificate = await documents.certificateOfCompletedMember('trainer');

    // Act
    const response = await fetch(`${documents.url}/certificates/${certificate?.code}?lang=fr`);
    const unknown = await fetch(`${documents.url}/certificates/AAAAA-AAAAA`);

    // Assess
    expect(response.status).toBe(200);
    const page = await response.text();
    expect(page).toContain('Certificat de formateur');
    expect(page).toContain(MEMBER_NAMES[COMPLETED_MEMBER]?.fr);
    expect(unknown.status).toBe(404);
  });
});
