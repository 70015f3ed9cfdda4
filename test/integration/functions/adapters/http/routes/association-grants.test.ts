import { beforeAll, describe, expect, it } from 'vitest';
import { encodeEvent } from '../../../../../../events/catalog.js';
import { apiTestServerForTheFile } from '../../../../../support/api-server.js';
import { budgetCommitted } from '../../../../../support/co-funder-budgets.js';

// An association's grant in its portal over real HTTP on dynalite (docs/adr/0120, 0121): it reads
// its grant, signs its partnership convention as the beneficiary party (which puts it in force, so
// finance can pay), and reports on a paid tranche with its evidence; another association is
// refused every route and nothing is appended. The grant's award and the accepted files are given
// as recorded events (their own routes are tested in grants' and documents' tests).

const api = apiTestServerForTheFile();
const tokens = { ministry: '', nour: '', amal: '', preparer: '', approver: '', payer: '' };

const ROLLOUT = 'rollout-FM-2026';
const NOUR = 'assoc-sefrou-nour';
const AMAL = 'assoc-taza-amal';
const CONVENTION = `${ROLLOUT}-grant-convention-${NOUR}`;
const TEXT_SHA = '1'.repeat(64);
const EVIDENCE_SHA = '2'.repeat(64);
const bilingual = (fr: string, ar: string) => ({ fr, ar });
const president = { office: 'president', title: bilingual('Présidente', 'الرئيسة') };
const text = { sha256: TEXT_SHA, documentId: 'doc-convention-nour' };

const given = async (streamId: string, events: { type: string; data: unknown }[]) => {
  await api.store.append({
    streamId,
    expectedVersion: 'any',
    events: events.map(encodeEvent),
    metadata: { actor: { id: 'minister-1', role: 'ministry' }, correlationId: 'given', causationId: null },
  });
};

const acceptedDocument = async (
  documentId: string,
  owner: string,
  attachedTo: Record<string, unknown>,
  sha256: string,
) => {
  const common = { documentId, attachedTo, ownerAssociationId: owner };
  await given(`document-${documentId}`, [
    {
      type: 'DocumentUploadRequested',
      data: {
        ...common,
        declaredContentType: 'application/pdf',
        declaredSizeBytes: 4096,
        fileName: null,
        uploadExpiresAt: '2026-03-01T09:05:00.000Z',
        requestedAt: '2026-03-01T09:00:00.000Z',
      },
    },
    {
      type: 'DocumentAccepted',
      data: {
        ...common,
        sha256,
        sizeBytes: 4096,
        contentType: 'application/pdf',
        acceptedAt: '2026-03-01T09:01:00.000Z',
      },
    },
  ]);
};

const evidenceOf = (owner: string, tranche: number) => ({
  kind: 'tranche-evidence',
  rolloutId: ROLLOUT,
  associationId: owner,
  tranche,
});

beforeAll(async () => {
  tokens.ministry = await api.token({ subject: 'minister-1', roles: ['ministry'] });
  tokens.nour = await api.token({ subject: 'nour-president', roles: ['association'], association: NOUR });
  tokens.amal = await api.token({ subject: 'amal-president', roles: ['association'], association: AMAL });
  tokens.preparer = await api.token({ subject: 'finance-1', roles: ['finance-preparer'] });
  tokens.approver = await api.token({ subject: 'finance-2', roles: ['finance-approver'] });
  tokens.payer = await api.token({ subject: 'finance-3', roles: ['finance-payer'] });
  const launched = await api.call('POST', '/rollouts', {
    token: tokens.ministry,
    body: { regionCode: 'FM', edition: '2026' },
  });
  expect(launched.status).toBe(201);
  const drafted = await api.call('POST', `/rollouts/${ROLLOUT}/agreements`, {
    token: tokens.ministry,
    body: {
      kind: 'grant-convention',
      coFunderId: NOUR,
      title: bilingual('Convention de subvention Nour', 'اتفاقية دعم جمعية نور'),
      parties: [
        { partyId: 'minister-1', role: 'ministry' },
        { partyId: NOUR, role: 'beneficiary-association' },
      ],
    },
  });
  expect(drafted.status).toBe(201);
  await given(`grants-${ROLLOUT}`, [
    budgetCommitted(ROLLOUT, 'ministry', bilingual('Ministère', 'الوزارة'), 10_000_000),
    {
      type: 'GrantAwarded',
      data: {
        rolloutId: ROLLOUT,
        grantId: 'grant-nour',
        associationId: NOUR,
        amount: 6_000_000,
        purpose: bilingual('Alphabétisation des femmes', 'محو أمية النساء'),
        deliverables: [
          { deliverable: 'literacy-classes', label: bilingual('Cours', 'دروس'), dueBy: '2026-12-31' },
        ],
        instrument: { kind: 'convention', agreementId: CONVENTION },
        conventionThreshold: 5_000_000,
        awardedAt: null,
        lateEntry: null,
        funding: [{ coFunderId: 'ministry', amount: 6_000_000 }],
        tranches: [1, 2].map((trancheNumber) => ({
          trancheNumber,
          amount: 3_000_000,
          releaseConditions: [],
          funding: [{ coFunderId: 'ministry', amount: 3_000_000 }],
        })),
      },
    },
  ]);
  await acceptedDocument(
    'doc-convention-nour',
    NOUR,
    { kind: 'agreement', agreementId: CONVENTION },
    TEXT_SHA,
  );
  await acceptedDocument('doc-evidence-nour', NOUR, evidenceOf(NOUR, 1), EVIDENCE_SHA);
  await acceptedDocument('doc-evidence-amal', AMAL, evidenceOf(AMAL, 1), EVIDENCE_SHA);
  const ministrySigned = await api.call('POST', `/agreements/${CONVENTION}/signatures`, {
    token: tokens.ministry,
    body: {
      capacity: { office: 'ministry-delegate', title: bilingual('Directeur', 'المدير') },
      text,
    },
  });
  expect(ministrySigned.status).toBe(200);
}, 60_000);

const types = async (streamId: string) => (await api.streamEvents(streamId)).map((event) => event.type);
const problemOf = (answer: { status: number; json: { code?: string; errors?: { pointer: string }[] } }) => [
  answer.status,
  answer.json.code,
  answer.json.errors?.[0]?.pointer,
];

describe('an association’s grant', () => {
  it('is shown to its association: purpose, deliverables, tranches, convention awaiting its signature', async () => {
    const answer = await api.call('GET', `/associations/${NOUR}/rollouts/${ROLLOUT}/grant`, {
      token: tokens.nour,
    });
    expect(answer.status).toBe(200);
    expect(answer.json).toMatchObject({
      grantId: 'grant-nour',
      amount: 6_000_000,
      status: 'active',
      purpose: bilingual('Alphabétisation des femmes', 'محو أمية النساء'),
      deliverables: [{ deliverable: 'literacy-classes', dueBy: '2026-12-31' }],
      tranches: [
        { trancheNumber: 1, amount: 3_000_000, status: 'planned' },
        { trancheNumber: 2, amount: 3_000_000, status: 'planned' },
      ],
      convention: {
        agreementId: CONVENTION,
        status: 'awaiting-signatures',
        signedByAssociation: false,
        text,
      },
      reports: [],
    });
  });

  it('is out of reach of another association; its own path has no grant (404)', async () => {
    const other = await api.call('GET', `/associations/${NOUR}/rollouts/${ROLLOUT}/grant`, {
      token: tokens.amal,
    });
    const own = await api.call('GET', `/associations/${AMAL}/rollouts/${ROLLOUT}/grant`, {
      token: tokens.amal,
    });
    expect([other.status, other.json.code]).toEqual([403, 'OUT_OF_SCOPE']);
    expect([own.status, own.json.code]).toEqual([404, 'GRANT_NOT_FOUND']);
  });
});

describe('signing the convention', () => {
  it('is refused to another association, by either path, and nothing is appended', async () => {
    const before = await api.countAllEvents();
    const byPath = await api.call('POST', `/associations/${NOUR}/agreements/${CONVENTION}/signature`, {
      token: tokens.amal,
      body: { capacity: president, text },
    });
    const byOwnPath = await api.call('POST', `/associations/${AMAL}/agreements/${CONVENTION}/signature`, {
      token: tokens.amal,
      body: { capacity: president, text },
    });
    expect([byPath.status, byPath.json.code]).toEqual([403, 'OUT_OF_SCOPE']);
    expect([byOwnPath.status, byOwnPath.json.code]).toEqual([404, 'NOT_FOUND']);
    expect(await api.countAllEvents()).toBe(before);
  });

  it('refuses a text that is not the convention’s accepted document, or an office not an association’s', async () => {
    const before = await api.countAllEvents();
    const path = `/associations/${NOUR}/agreements/${CONVENTION}/signature`;
    const otherHash = await api.call('POST', path, {
      token: tokens.nour,
      body: { capacity: president, text: { ...text, sha256: '3'.repeat(64) } },
    });
    const evidenceAsText = await api.call('POST', path, {
      token: tokens.nour,
      body: { capacity: president, text: { sha256: EVIDENCE_SHA, documentId: 'doc-evidence-nour' } },
    });
    const office = await api.call('POST', path, {
      token: tokens.nour,
      body: { capacity: { ...president, office: 'minister' }, text },
    });
    expect(problemOf(otherHash)).toEqual([422, 'AGREEMENT_TEXT_NOT_ACCEPTED', '/body/text/documentId']);
    expect(problemOf(evidenceAsText)).toEqual([422, 'AGREEMENT_TEXT_NOT_ACCEPTED', '/body/text/documentId']);
    expect(problemOf(office)).toEqual([422, 'SIGNER_CAPACITY_NOT_FOR_PARTY', '/body/capacity/office']);
    expect(await api.countAllEvents()).toBe(before);
  });

  it('records the association’s signature as the beneficiary party and puts the convention in force', async () => {
    const answer = await api.call('POST', `/associations/${NOUR}/agreements/${CONVENTION}/signature`, {
      token: tokens.nour,
      body: { capacity: president, text },
    });
    expect(answer.status).toBe(200);
    const events = await api.streamEvents(`agreement-${CONVENTION}`);
    expect(events.map((event) => event.type)).toEqual([
      'AgreementDrafted',
      'AgreementSigned',
      'AgreementSigned',
      'AgreementInForceRecorded',
    ]);
    expect(events[2]).toMatchObject({
      actor: { id: 'nour-president', role: 'association' },
      data: {
        partyId: NOUR,
        role: 'beneficiary-association',
        capacity: president,
        text,
        signedAt: '2026-03-01T09:00:00.000Z',
      },
    });
    const grant = await api.call('GET', `/associations/${NOUR}/rollouts/${ROLLOUT}/grant`, {
      token: tokens.nour,
    });
    expect(grant.json.convention).toMatchObject({ status: 'in-force', signedByAssociation: true });
  });
});

describe('reporting on the grant', () => {
  const reportPath = `/associations/${NOUR}/rollouts/${ROLLOUT}/grant/reports`;
  const report = {
    trancheNumber: 1,
    deliverable: 'literacy-classes',
    summary: { language: 'fr', text: 'Douze séances tenues, 43 participantes.' },
    evidence: [{ documentId: 'doc-evidence-nour' }],
  };

  it('waits for the tranche to be paid', async () => {
    const answer = await api.call('POST', reportPath, { token: tokens.nour, body: report });
    expect(problemOf(answer)).toEqual([409, 'TRANCHE_NOT_PAID', '/body/trancheNumber']);
  });

  it('follows the payment the convention in force allowed', async () => {
    const tranche = `/rollouts/${ROLLOUT}/grants/grant-nour/tranches/1`;
    expect(
      (await api.call('POST', `${tranche}/request`, { token: tokens.preparer, body: { evidence: [] } }))
        .status,
    ).toBe(200);
    expect((await api.call('POST', `${tranche}/approval`, { token: tokens.approver })).status).toBe(200);
    const paid = await api.call('POST', `${tranche}/payment`, {
      token: tokens.payer,
      body: { paymentReference: 'TRF-2026-0001' },
    });
    expect(paid.status).toBe(200);
  });

  it('is refused to another association and with another association’s file; nothing is appended', async () => {
    const before = await api.countAllEvents();
    const byPath = await api.call('POST', reportPath, { token: tokens.amal, body: report });
    const ownPath = await api.call('POST', `/associations/${AMAL}/rollouts/${ROLLOUT}/grant/reports`, {
      token: tokens.amal,
      body: { ...report, evidence: [{ documentId: 'doc-evidence-amal' }] },
    });
    const othersFile = await api.call('POST', reportPath, {
      token: tokens.nour,
      body: {
        ...report,
        evidence: [{ documentId: 'doc-evidence-nour' }, { documentId: 'doc-evidence-amal' }],
      },
    });
    const textAsEvidence = await api.call('POST', reportPath, {
      token: tokens.nour,
      body: { ...report, evidence: [{ documentId: 'doc-convention-nour' }] },
    });
    const noFile = await api.call('POST', reportPath, {
      token: tokens.nour,
      body: { ...report, evidence: [] },
    });
    expect([byPath.status, byPath.json.code]).toEqual([403, 'OUT_OF_SCOPE']);
    expect([ownPath.status, ownPath.json.code]).toEqual([404, 'GRANT_NOT_FOUND']);
    expect(problemOf(othersFile)).toEqual([422, 'EVIDENCE_NOT_ACCEPTED', '/body/evidence/1/documentId']);
    expect(problemOf(textAsEvidence)).toEqual([422, 'EVIDENCE_NOT_ACCEPTED', '/body/evidence/0/documentId']);
    expect([noFile.status, noFile.json.errors?.[0]?.pointer]).toEqual([400, '/body/evidence']);
    expect(await api.countAllEvents()).toBe(before);
  });

  it('records the report with each file’s hash; finance sees it on the grant before the next tranche', async () => {
    const answer = await api.call('POST', reportPath, { token: tokens.nour, body: report });
    expect(answer.status).toBe(200);
    expect((await types(`grants-${ROLLOUT}`)).at(-1)).toBe('GrantReportSubmitted');
    const expected = {
      trancheNumber: 1,
      deliverable: 'literacy-classes',
      summary: { language: 'fr', text: 'Douze séances tenues, 43 participantes.' },
      evidence: [
        {
          documentId: 'doc-evidence-nour',
          sha256: EVIDENCE_SHA,
          sizeBytes: 4096,
          contentType: 'application/pdf',
        },
      ],
    };
    const grants = await api.call('GET', `/rollouts/${ROLLOUT}/grants`, { token: tokens.approver });
    expect(grants.json.grants[0].reports).toMatchObject([expected]);
    const own = await api.call('GET', `/associations/${NOUR}/rollouts/${ROLLOUT}/grant`, {
      token: tokens.nour,
    });
    expect(own.json.reports).toMatchObject([expected]);
    const reader = await api.token({ subject: 'reader-1', roles: ['reader'] });
    const publicView = await api.call('GET', `/rollouts/${ROLLOUT}/grants`, { token: reader });
    expect(publicView.json.grants[0].reports).toBeUndefined();
  });
});
