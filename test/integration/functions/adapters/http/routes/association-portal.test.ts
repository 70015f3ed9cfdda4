import { beforeAll, describe, expect, it } from 'vitest';
import { apiTestServerForTheFile } from '../../../../../support/api-server.js';

// The associations' portal over real HTTP on dynalite (docs/adr/0106-association-registration.md,
// 0107-association-portal.md): what the association may do to its own records, what it is refused
// and why, and that a refusal appends nothing.

const api = apiTestServerForTheFile();
let ministry: string;
let nour: string;
let amal: string;

const CALL = 'FM-2026-beneficiaries';
const bilingual = (fr: string, ar: string) => ({ fr, ar });
const REGISTRATION = {
  registrationNumber: 'FM/SEF/2019-0142',
  name: bilingual('Association Nour Sefrou', 'جمعية نور صفرو'),
  seat: { street: '12, rue Al Massira, Sefrou', province: 'Sefrou', regionCode: 'FM' },
  legalRepresentative: {
    displayName: bilingual('Khadija Alaoui', 'خديجة العلوي'),
    function: bilingual('Présidente', 'الرئيسة'),
  },
};

beforeAll(async () => {
  ministry = await api.token({ subject: 'minister-1', roles: ['ministry'] });
  nour = await api.token({ subject: 'nour', roles: ['association'], association: 'assoc-sefrou-nour' });
  amal = await api.token({ subject: 'amal', roles: ['association'], association: 'assoc-taza-amal' });
  await api.call('POST', '/rollouts', { token: ministry, body: { regionCode: 'FM', edition: '2026' } });
  const opened = await api.call('POST', '/rollouts/rollout-FM-2026/calls', {
    token: ministry,
    body: {
      purpose: 'beneficiary-associations',
      seats: 2,
      title: bilingual('Appel : bénéficiaires', 'طلب: المستفيدون'),
      deadline: '2026-04-01T00:00:00.000Z',
      eligibilityRules: [
        {
          ruleId: 'final-receipt',
          label: bilingual('Récépissé', 'الوصل'),
          requirement: { kind: 'declared' },
        },
      ],
    },
  });
  expect(opened.status).toBe(201);
}, 60_000);

const eventTypes = async (streamId: string) => (await api.streamEvents(streamId)).map((event) => event.type);

describe("an association's registration", () => {
  it('is recorded for its own id; the names go to the vault, never into the event', async () => {
    const answer = await api.call('PUT', '/associations/assoc-sefrou-nour/registration', {
      token: nour,
      body: REGISTRATION,
    });

    expect(answer.status).toBe(201);
    const [registered] = await api.streamEvents('association-assoc-sefrou-nour');
    expect(registered?.type).toBe('AssociationRegistered');
    expect(JSON.stringify(registered)).not.toContain('Khadija');
    const own = await api.call('GET', '/associations/assoc-sefrou-nour', { token: nour });
    expect(own.status).toBe(200);
    expect(own.json).toMatchObject({
      status: 'pending',
      legalRepresentative: {
        personId: 'legal-representative-assoc-sefrou-nour',
        displayName: bilingual('Khadija Alaoui', 'خديجة العلوي'),
      },
    });
  });

  it('is out of reach of another association, registered or not, and writes nothing for it', async () => {
    const read = await api.call('GET', '/associations/assoc-sefrou-nour', { token: amal });
    const readUnknown = await api.call('GET', '/associations/assoc-nobody', { token: amal });
    const write = await api.call('PUT', '/associations/assoc-sefrou-nour/registration', {
      token: amal,
      body: {
        ...REGISTRATION,
        legalRepresentative: {
          ...REGISTRATION.legalRepresentative,
          displayName: bilingual('Intrus', 'دخيل'),
        },
      },
    });

    expect([read.status, read.json.code]).toEqual([403, 'OUT_OF_SCOPE']);
    expect([readUnknown.status, readUnknown.json.code]).toEqual([403, 'OUT_OF_SCOPE']);
    expect([write.status, write.json.code]).toEqual([403, 'OUT_OF_SCOPE']);
    expect(await eventTypes('association-assoc-sefrou-nour')).toEqual(['AssociationRegistered']);
    const own = await api.call('GET', '/associations/assoc-sefrou-nour', { token: nour });
    expect(own.json.legalRepresentative.displayName).toEqual(bilingual('Khadija Alaoui', 'خديجة العلوي'));
  });

  it('tells its own association that it has not registered yet (404)', async () => {
    const answer = await api.call('GET', '/associations/assoc-taza-amal', { token: amal });
    expect([answer.status, answer.json.code]).toEqual([404, 'ASSOCIATION_NOT_REGISTERED']);
  });

  it('refuses a seat outside the region, naming the province', async () => {
    const answer = await api.call('PUT', '/associations/assoc-taza-amal/registration', {
      token: amal,
      body: { ...REGISTRATION, seat: { ...REGISTRATION.seat, province: 'Agadir Ida-Outanane' } },
    });
    expect([answer.status, answer.json.code]).toEqual([422, 'PROVINCE_NOT_IN_REGION']);
    expect(await eventTypes('association-assoc-taza-amal')).toEqual([]);
  });
});

describe('applying to a call', () => {
  it('is refused before the ministry verified the association, and nothing is appended', async () => {
    const answer = await api.call('POST', `/associations/assoc-sefrou-nour/calls/${CALL}/application`, {
      token: nour,
      body: { declaredFacts: { 'final-receipt': true } },
    });
    expect([answer.status, answer.json.code]).toEqual([403, 'ASSOCIATION_NOT_VERIFIED']);
    expect(await eventTypes(`call-${CALL}`)).toEqual(['CallOpened']);
  });

  it('is not the association’s to verify; the ministry refuses with a reason, then verifies the corrected one', async () => {
    const itself = await api.call('POST', '/associations/assoc-sefrou-nour/verification', { token: nour });
    expect([itself.status, itself.json.code]).toEqual([403, 'ROLE_NOT_ALLOWED']);

    const refused = await api.call('POST', '/associations/assoc-sefrou-nour/verification-refusal', {
      token: ministry,
      body: { reason: bilingual('Numéro inconnu du registre.', 'رقم غير معروف في السجل.') },
    });
    expect(refused.status).toBe(200);
    const seen = await api.call('GET', '/associations/assoc-sefrou-nour', { token: nour });
    expect(seen.json).toMatchObject({
      status: 'refused',
      refusal: bilingual('Numéro inconnu du registre.', 'رقم غير معروف في السجل.'),
    });

    const again = await api.call('PUT', '/associations/assoc-sefrou-nour/registration', {
      token: nour,
      body: { ...REGISTRATION, registrationNumber: 'FM/SEF/2019-0143' },
    });
    expect(again.status).toBe(200);
    const verified = await api.call('POST', '/associations/assoc-sefrou-nour/verification', {
      token: ministry,
    });
    expect(verified.status).toBe(200);
    expect(await eventTypes('association-assoc-sefrou-nour')).toEqual([
      'AssociationRegistered',
      'AssociationVerificationRefused',
      'AssociationRegistered',
      'AssociationVerified',
    ]);
  });

  it('records the verified association’s file under its registered names and province', async () => {
    const answer = await api.call('POST', `/associations/assoc-sefrou-nour/calls/${CALL}/application`, {
      token: nour,
      body: { declaredFacts: { 'final-receipt': true } },
    });
    expect(answer.status).toBe(200);
    const call = await api.call('GET', `/calls/${CALL}`, { token: ministry });
    expect(call.json.applications).toMatchObject([
      {
        associationId: 'assoc-sefrou-nour',
        associationName: bilingual('Association Nour Sefrou', 'جمعية نور صفرو'),
        province: 'Sefrou',
        refusal: null,
      },
    ]);
    const followed = await api.call('GET', `/associations/assoc-sefrou-nour/calls/${CALL}`, { token: nour });
    expect(followed.json.application).toMatchObject({ stage: 'received', rank: null });
    const other = await api.call('GET', `/associations/assoc-sefrou-nour/calls/${CALL}`, { token: amal });
    expect([other.status, other.json.code]).toEqual([403, 'OUT_OF_SCOPE']);
  });

  it('takes an appeal only with a letter this association uploaded and the API accepted', async () => {
    const ticket = await api.call('POST', '/documents/uploads', {
      token: nour,
      body: {
        documentId: 'doc-letter-not-arrived',
        attachedTo: { kind: 'appeal', callId: CALL, appealId: 'appeal-assoc-sefrou-nour' },
        contentType: 'application/pdf',
        sizeBytes: 1200,
      },
    });
    expect(ticket.status).toBe(201);
    const before = await api.countAllEvents();
    for (const groundsDocumentId of ['doc-letter-not-arrived', 'doc-never-uploaded']) {
      const answer = await api.call('POST', `/associations/assoc-sefrou-nour/calls/${CALL}/appeal`, {
        token: nour,
        body: { groundsDocumentId },
      });
      expect([answer.status, answer.json.code, answer.json.errors?.[0]?.pointer]).toEqual([
        422,
        'APPEAL_LETTER_NOT_ACCEPTED',
        '/body/groundsDocumentId',
      ]);
    }
    expect(await api.countAllEvents()).toBe(before);
  });
});
