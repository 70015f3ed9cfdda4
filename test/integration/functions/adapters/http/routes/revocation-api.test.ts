import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { routes } from '../../../../../../functions/adapters/http/routes/index.js';
import { InMemoryIdempotencyStore } from '../../../../../../functions/adapters/in-memory/idempotency.js';
import { certificateRegistryOf } from '../../../../../../functions/application/documents/service.js';
import { DevAuth } from '../../../../../../local/dev-auth.js';
import { type LocalHttpServer, startHttpServer } from '../../../../../../local/http-server.js';
import {
  ASSOCIATION_ID,
  COMPLETED_MEMBER,
  documentsHistory,
  ROLLOUT_ID,
} from '../../../../../support/documents-history.js';

// A completion withdrawn over HTTP revokes the certificate resting on it; the public verification
// page, reached by the certificate's code, says so (ADR 0082, 0083).

let server: LocalHttpServer;
let history: Awaited<ReturnType<typeof documentsHistory>>;
let auth: DevAuth;
const withdrawals = `/rollouts/${ROLLOUT_ID}/beneficiaries/${ASSOCIATION_ID}/completion-withdrawals`;
const body = {
  memberId: COMPLETED_MEMBER,
  module: 'M3',
  reason: { fr: 'Module M3 saisi pour le mauvais membre', ar: 'الوحدة 3 أدخلت لعضو آخر' },
};
const post = async (token: string) =>
  fetch(`${server.url}${withdrawals}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });

beforeAll(async () => {
  history = await documentsHistory();
  auth = await DevAuth.create();
  server = await startHttpServer({
    routes,
    deps: {
      store: history.store,
      idempotency: new InMemoryIdempotencyStore(),
      clock: () => '2026-06-01T00:00:00.000Z',
      newId: () => 'id-1',
      personalData: history.vault,
      publicBaseUrl: () => server.url,
    } as never,
    auth,
    port: 0,
  });
}, 60_000);

afterAll(async () => {
  await server?.close();
});

describe('a completion withdrawn over HTTP', () => {
  it('is refused to a coordinator of another region, and revokes the certificate for the region’s own', async () => {
    // Prepare
    const code = (await certificateRegistryOf(history.store)).ofMember(
      ROLLOUT_ID,
      COMPLETED_MEMBER,
      'training',
    )?.code;
    const otherRegion = await auth.mint({ subject: 'coord-cs', roles: ['coordinator'], regions: ['CS'] });
    const ownRegion = await auth.mint({ subject: 'coord-fm', roles: ['coordinator'], regions: ['FM'] });

    // Act
    const refused = await post(otherRegion);
    const accepted = await post(ownRegion);
    const page = await fetch(`${server.url}/certificates/${code}?lang=fr`);

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
    const again = await post(await auth.mint({ subject: 'minister', roles: ['ministry'] }));
    // Assess
    expect(again.status).toBe(404);
    expect(((await again.json()) as { code: string }).code).toBe('MODULE_NOT_COMPLETED');
  });
});
