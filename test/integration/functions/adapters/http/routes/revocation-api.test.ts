import { describe, expect, it } from 'vitest';
import { ASSOCIATION_ID, COMPLETED_MEMBER, ROLLOUT_ID } from '../../../../../support/documents-history.js';
import { documentsServerForTheFile } from '../../../../../support/documents-server.js';

// A completion withdrawn over HTTP revokes the certificate resting on it; the public verification
// page, reached by the certificate's code, says so (ADR 0082, 0083).

const documents = documentsServerForTheFile();
const withdrawals = `/rollouts/${ROLLOUT_ID}/beneficiaries/${ASSOCIATION_ID}/completion-withdrawals`;
const body = {
  memberId: COMPLETED_MEMBER,
  module: 'M3',
  reason: { fr: 'Module M3 saisi pour le mauvais membre', ar: 'الوحدة 3 أدخلت لعضو آخر' },
};
const post = async (token: string) =>
  fetch(`${documents.url}${withdrawals}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });

describe('a completion withdrawn over HTTP', () => {
  it('is refused to a coordinator of another region, and revokes the certificate for the region’s own', async () => {
    // Prepare
    const code = (await documents.certificateOfCompletedMember('training'))?.code;
    const otherRegion = await documents.auth.mint({
      subject: 'coord-cs',
      roles: ['coordinator'],
      regions: ['CS'],
    });
    const ownRegion = await documents.auth.mint({
      subject: 'coord-fm',
      roles: ['coordinator'],
      regions: ['FM'],
    });

    // Act
    const refused = await post(otherRegion);
    const accepted = await post(ownRegion);
    const page = await fetch(`${documents.url}/certificates/${code}?lang=fr`);

    // Assess
    expect(refused.status).toBe(403);
    expect(accepted.status).toBe(200);
    expect(
      ((await accepted.json()) as { events: { type: string }[] }).events.map((event) => event.type),
    ).toEqual(['ModuleCompletionWithdrawn']);
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain('Ce certificat a été RÉVOQUÉ');
    expect(html).toContain('Module M3 saisi pour le mauvais membre');
    expect(html).not.toContain('data-testid="genuine"');
  });

  it('is refused a second time: the module is no longer completed', async () => {
    // Act
    const again = await post(await documents.auth.mint({ subject: 'minister', roles: ['ministry'] }));
    // Assess
    expect(again.status).toBe(404);
    expect(((await again.json()) as { code: string }).code).toBe('MODULE_NOT_COMPLETED');
  });
});
