import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkTokenTimes, principalFromClaims } from '../../../functions/adapters/http/claims.js';
import { DevAuth } from '../../../local/dev-auth.js';
import { devSignIn } from '../../../local/dev-sign-in.js';

// The local runtime's dev sign-in page (local/dev-sign-in.ts) on a bare node:http server: what it
// mints for each persona is what the API reads, a bad form names its field and mints nothing, and
// another site's page cannot sign a visitor in.

let auth: DevAuth;
let server: Server;
let url: string;

beforeAll(async () => {
  auth = await DevAuth.create();
  const hook = devSignIn(auth);
  server = createServer((request, response) => {
    void hook(request, response).then((handled) => {
      if (!handled) response.writeHead(404).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await new Promise((resolve) => server?.close(resolve));
});

const post = (fields: Record<string, string>, headers: Record<string, string> = {}) =>
  fetch(`${url}/dev/sign-in`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
    body: new URLSearchParams(fields).toString(),
  });

const EMPTY = { subject: '', region: '', associationId: '', rolloutId: '', lang: 'fr' };

const tokenOf = (response: Response): string => {
  const location = response.headers.get('location') ?? '';
  expect(location.startsWith('/workspace/#token=')).toBe(true);
  return location.slice('/workspace/#token='.length);
};

describe('the dev sign-in page', () => {
  it('serves its form in French and in Arabic, with no script', async () => {
    // Act
    const french = await fetch(`${url}/dev/sign-in`);
    const arabic = await fetch(`${url}/dev/sign-in?lang=ar`);
    const frenchPage = await french.text();
    const arabicPage = await arabic.text();

    // Assess
    expect([french.status, arabic.status]).toEqual([200, 200]);
    expect(frenchPage).toContain('<html lang="fr" dir="ltr">');
    expect(arabicPage).toContain('<html lang="ar" dir="rtl">');
    expect(french.headers.get('content-security-policy')).toContain("default-src 'none'");
    expect(frenchPage).not.toContain('<script');
  });

  it('mints a 12-hour token for a coordinator of the region picked, which the API reads as such', async () => {
    // Act
    const response = await post({ ...EMPTY, persona: 'coordinator', region: 'FM' });
    const claims = await auth.verify(tokenOf(response));

    // Assess
    expect(response.status).toBe(303);
    expect(principalFromClaims(claims)).toEqual({
      subject: 'dev-coordinator-fm',
      roles: ['coordinator'],
      regions: ['FM'],
      partner: undefined,
    });
    expect((claims.exp as number) - (claims.iat as number)).toBe(43_200);
    expect(() => checkTokenTimes(claims, claims.iat as number)).not.toThrow();
  });

  it('signs the Wali in as a signatory of the region, named after the office, with no operating role', async () => {
    // Act
    const claims = await auth.verify(tokenOf(await post({ ...EMPTY, persona: 'wali', region: 'MS' })));
    const council = await auth.verify(
      tokenOf(await post({ ...EMPTY, persona: 'regional-council', region: 'FM' })),
    );

    // Assess
    expect(principalFromClaims(claims)).toEqual({
      subject: 'wali-ms',
      roles: ['signatory'],
      regions: ['MS'],
      partner: undefined,
    });
    expect(principalFromClaims(council)).toEqual({
      subject: 'council-fm',
      roles: ['signatory'],
      regions: ['FM'],
      partner: undefined,
    });
    expect((claims.exp as number) - (claims.iat as number)).toBe(43_200);
  });

  it('binds a partner to its association and rollout, and a committee member to the member id typed', async () => {
    // Act
    const partner = await auth.verify(
      tokenOf(
        await post({
          ...EMPTY,
          persona: 'partner',
          subject: 'amsed',
          associationId: 'assoc-amsed',
          rolloutId: 'rollout-FM-2026',
        }),
      ),
    );
    const member = await auth.verify(
      tokenOf(await post({ ...EMPTY, persona: 'committee-member', subject: 'committee-fm-2' })),
    );

    // Assess
    expect(principalFromClaims(partner)).toEqual({
      subject: 'amsed',
      roles: ['partner'],
      regions: [],
      partner: { associationId: 'assoc-amsed', rolloutId: 'rollout-FM-2026' },
    });
    expect(principalFromClaims(member)).toMatchObject({
      subject: 'committee-fm-2',
      roles: ['committee-member'],
    });
  });

  it('signs an association in to its portal, acting for the association typed, and refuses one with none', async () => {
    // Act
    const response = await post({ ...EMPTY, persona: 'association', associationId: 'assoc-sefrou-nour' });
    const claims = await auth.verify(tokenOf(response));
    const none = await post({ ...EMPTY, persona: 'association' });

    // Assess
    expect(principalFromClaims(claims)).toEqual({
      subject: 'dev-association-assoc-sefrou-nour',
      roles: ['association'],
      regions: [],
      partner: undefined,
      association: 'assoc-sefrou-nour',
    });
    expect(none.status).toBe(400);
    expect(none.headers.get('location')).toBeNull();
  });

  it('refuses a form that misses or invents a field, naming it, and mints nothing', async () => {
    // Act
    const noRegion = await post({ ...EMPTY, persona: 'regional-council' });
    const noRollout = await post({ ...EMPTY, persona: 'partner', associationId: 'assoc-amsed' });
    const unknownRole = await post({ ...EMPTY, persona: 'system' });
    const extra = await post({ ...EMPTY, persona: 'ministry', roles: 'ministry reader' });

    // Assess
    for (const response of [noRegion, noRollout, unknownRole, extra]) {
      expect(response.status).toBe(400);
      expect(response.headers.get('location')).toBeNull();
    }
    expect(await noRegion.text()).toContain('Champ manquant ou invalide : region');
    expect(await noRollout.text()).toContain('Champ manquant ou invalide : rolloutId');
    expect(await unknownRole.text()).toContain('Champ manquant ou invalide : persona');
    expect(await extra.text()).toContain('Champ manquant ou invalide : roles');
  });

  it('refuses a sign-in posted from another site', async () => {
    // Act
    const response = await post({ ...EMPTY, persona: 'ministry' }, { origin: 'https://elsewhere.example' });

    // Assess
    expect(response.status).toBe(403);
    expect(response.headers.get('location')).toBeNull();
  });
});
