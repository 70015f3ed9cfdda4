import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { DynaliteServer } from '../../../../../../local/dynalite/server.js';
import { API_TEST_START, type ApiTestServer, startApiTestServer } from '../../../../../support/api-server.js';
import { startDynalite } from '../../../../../support/dynalite.js';

// The ministry's verification queue over real HTTP on dynalite (docs/adr/0123-verification-queue.md):
// the ministry reads the declarations awaiting it and decides with the existing commands; nobody
// else reads the queue, not even the association whose declaration it lists.

let dynalite: DynaliteServer;
let api: ApiTestServer;
let ministry: string;

const bilingual = (fr: string, ar: string) => ({ fr, ar });
const declaration = (registrationNumber: string, name: string, province: string, regionCode: string) => ({
  registrationNumber,
  name: bilingual(name, `${name} (ar)`),
  seat: { street: '1, rue de la Poste', province, regionCode },
  legalRepresentative: {
    displayName: bilingual('Khadija Alaoui', 'خديجة العلوي'),
    function: bilingual('Présidente', 'الرئيسة'),
  },
});

const register = async (associationId: string, body: ReturnType<typeof declaration>) => {
  const token = await api.token({
    subject: associationId,
    roles: ['association'],
    association: associationId,
  });
  const answer = await api.call('PUT', `/associations/${associationId}/registration`, { token, body });
  expect(answer.status).toBe(201);
  return token;
};

/** The given of most tests: two declarations awaiting verification, Nour's (FM) an hour before Amal's (CS). */
const registerNourThenAmal = async () => {
  const nour = await register('assoc-sefrou-nour', declaration('FM/SEF/2019-0142', 'Nour', 'Sefrou', 'FM'));
  api.setNow('2026-03-01T10:00:00.000Z');
  await register('assoc-anfa-amal', declaration('CS/CAS/2020-0009', 'Amal Anfa', 'Casablanca', 'CS'));
  return nour;
};

const queue = async (query = '') =>
  api.call('GET', `/views/association-verifications${query}`, { token: ministry });
const idsOf = (entries: { associationId: string }[]) => entries.map((entry) => entry.associationId);

beforeAll(async () => {
  dynalite = await startDynalite();
}, 60_000);

afterAll(async () => {
  await dynalite?.stop();
});

// Each test on a fresh table: none reads what another registered or decided.
beforeEach(async () => {
  api = await startApiTestServer(dynalite);
  ministry = await api.token({ subject: 'minister-1', roles: ['ministry'] });
});

afterEach(async () => {
  await api?.server.close();
});

describe("the ministry's verification queue", () => {
  it('lists the declarations awaiting verification, oldest first, in every region or one', async () => {
    await registerNourThenAmal();

    const all = await queue();
    const fm = await queue('?region=FM');

    expect(all.status).toBe(200);
    expect(idsOf(all.json.pending)).toEqual(['assoc-sefrou-nour', 'assoc-anfa-amal']);
    expect(all.json.pending[0]).toEqual({
      associationId: 'assoc-sefrou-nour',
      registrationNumber: 'FM/SEF/2019-0142',
      name: bilingual('Nour', 'Nour (ar)'),
      seat: { street: '1, rue de la Poste', province: 'Sefrou', regionCode: 'FM' },
      registeredAt: API_TEST_START,
      status: 'pending',
      decidedAt: null,
      refusal: null,
      version: 1,
    });
    expect(all.json.decided).toEqual([]);
    expect(idsOf(fm.json.pending)).toEqual(['assoc-sefrou-nour']);
  });

  it('is the ministry’s alone: the association itself, staff of the region, readers are refused', async () => {
    const nour = await registerNourThenAmal();
    const coordinator = await api.token({ subject: 'coord-fm', roles: ['coordinator'], regions: ['FM'] });
    const reader = await api.token({ subject: 'reader-1', roles: ['reader'] });
    const member = await api.token({ subject: 'committee-fm-1', roles: ['committee-member'] });

    for (const token of [nour, coordinator, reader, member]) {
      const answer = await api.call('GET', '/views/association-verifications', { token });
      expect([answer.status, answer.json.code]).toEqual([403, 'ROLE_NOT_ALLOWED']);
    }
    const anonymous = await api.call('GET', '/views/association-verifications');
    expect(anonymous.status).toBe(401);
  });

  it('refuses a region that is not one, naming the parameter', async () => {
    const answer = await queue('?region=XX');
    expect(answer.status).toBe(400);
    expect(answer.json.errors.map((error: { pointer: string }) => error.pointer)).toEqual(['/query/region']);
  });

  it('shows the ministry’s decisions, newest first, with the reason of a refusal', async () => {
    await registerNourThenAmal();
    const verified = await api.call('POST', '/associations/assoc-sefrou-nour/verification', {
      token: ministry,
    });
    const refused = await api.call('POST', '/associations/assoc-anfa-amal/verification-refusal', {
      token: ministry,
      body: { reason: bilingual('Numéro inconnu du registre.', 'رقم غير معروف.') },
    });
    expect([verified.status, refused.status]).toEqual([200, 200]);

    const after = await queue();

    expect(after.json.pending).toEqual([]);
    expect(
      after.json.decided.map((entry: { associationId: string; status: string; refusal: unknown }) => [
        entry.associationId,
        entry.status,
        entry.refusal,
      ]),
    ).toEqual([
      ['assoc-anfa-amal', 'refused', bilingual('Numéro inconnu du registre.', 'رقم غير معروف.')],
      ['assoc-sefrou-nour', 'verified', null],
    ]);
  });
});
