import { beforeAll, describe, expect, it } from 'vitest';
import { type ApiRequest, apiTestServerForTheFile } from '../../../../../support/api-server.js';
import { operatorCallRequest, regionalAgreementRequest } from '../../../../../support/rollout-requests.js';
import { signatureBody } from '../../../../../support/signer-capacity.js';

// True dates over HTTP (ADR 0080): a paper file received before the deadline and keyed in after
// it is accepted with its date; a date in the future is refused with a problem naming the field.

const ROLLOUT = 'rollout-FM-2026';
const CALL = 'FM-2026-operator';
const bilingual = (fr: string) => ({ fr, ar: `${fr} (ar)` });

const api = apiTestServerForTheFile();
const tokens: Record<string, string> = {};
const SIGNATURES = `/agreements/${ROLLOUT}-regional-partnership/signatures`;
const TEXT = { sha256: '5'.repeat(64), documentId: 'doc-convention-fm-2026' };
const COUNCIL_VP = {
  office: 'council-vice-president',
  title: bilingual('Vice-président du Conseil régional'),
};
/** What the API answered, while setting up, to signatures refused on their body. */
const refusedSignatures: { status: number; json: unknown; appended: number }[] = [];

const expectOk = async (method: string, path: string, request: ApiRequest) => {
  const answer = await api.call(method, path, request);
  if (answer.status >= 300) throw new Error(`${method} ${path} → ${answer.status} ${answer.text}`);
  return answer;
};
const application = (associationId: string, extra: Record<string, unknown>) => ({
  associationId,
  associationName: bilingual(associationId),
  province: 'Fès',
  declaredFacts: { 'final-receipt': true },
  ...extra,
});

beforeAll(async () => {
  tokens.ministry = await api.token({ subject: 'minister-1', roles: ['ministry'] });
  tokens.coordinator = await api.token({ subject: 'coord-fm', roles: ['coordinator'], regions: ['FM'] });
  tokens.wali = await api.token({ subject: 'wali-fm', roles: ['signatory'], regions: ['FM'] });
  tokens.council = await api.token({ subject: 'council-fm', roles: ['signatory'], regions: ['FM'] });
  const { ministry } = tokens as Record<string, string>;
  const advance = (to: string) =>
    expectOk('POST', `/rollouts/${ROLLOUT}/phase-advances`, { token: ministry, body: { to } });
  await expectOk('POST', '/rollouts', { token: ministry, body: { regionCode: 'FM', edition: '2026' } });
  await advance('regional-agreement');
  await expectOk('POST', `/rollouts/${ROLLOUT}/agreements`, {
    token: ministry,
    body: regionalAgreementRequest('Convention régionale'),
  });
  // Issue 20, item 7: refused signatures first (a capacity not the Wali's; a malformed text hash;
  // no capacity at all, ADR 0129)
  const WALI = { office: 'wali', title: bilingual('Wali de la région') };
  for (const body of [
    { capacity: { office: 'president', title: bilingual('Président') } },
    { capacity: WALI, text: { ...TEXT, sha256: 'not-a-hash' } },
    { text: TEXT },
  ]) {
    const before = await api.countAllEvents();
    const answer = await api.call('POST', SIGNATURES, { token: tokens.wali as string, body });
    refusedSignatures.push({
      status: answer.status,
      json: answer.json,
      appended: (await api.countAllEvents()) - before,
    });
  }
  await expectOk('POST', SIGNATURES, { token: tokens.ministry as string, body: signatureBody('ministry') });
  await expectOk('POST', SIGNATURES, {
    token: tokens.wali as string,
    body: { capacity: { office: 'wali', title: bilingual('Wali de la région') }, text: TEXT },
  });
  await expectOk('POST', SIGNATURES, {
    token: tokens.council as string,
    body: { capacity: COUNCIL_VP, text: TEXT, signedAt: '2026-02-20T10:00:00.000Z' },
  });
  await advance('call-for-interest');
  await expectOk('POST', `/rollouts/${ROLLOUT}/calls`, { token: ministry, body: operatorCallRequest });
}, 60_000);

describe('the date a file was received, over HTTP', () => {
  it('refuses a date in the future with a 422 naming body.receivedAt, and records nothing', async () => {
    const before = await api.countAllEvents();
    const answer = await api.call('POST', `/calls/${CALL}/applications`, {
      token: tokens.coordinator as string,
      body: application('assoc-future', { receivedAt: '2026-03-01T09:00:00.001Z' }),
    });
    expect(answer.status).toBe(422);
    expect(answer.headers.get('content-type')).toContain('application/problem+json');
    expect(answer.json).toMatchObject({
      code: 'FACT_DATE_IN_FUTURE',
      errors: [
        {
          pointer: '/body/receivedAt',
          field: 'body.receivedAt',
          reason: 'receivedAt is after the moment it is recorded',
        },
      ],
    });
    expect(await api.countAllEvents()).toBe(before);
  });

  it('accepts a paper file received before the deadline and keyed in after it, with both dates', async () => {
    api.setNow('2026-03-17T10:00:00.000Z');
    await expectOk('POST', `/calls/${CALL}/applications`, {
      token: tokens.coordinator as string,
      body: application('assoc-paper', { receivedAt: '2026-03-14T11:30:00.000Z' }),
    });
    const events = await api.streamEvents(`call-${CALL}`);
    const submitted = events.filter((event) => event.type === 'ApplicationSubmitted');
    // The envelope's occurredAt is the fact's date; recordedAt is the store's own stamp (its clock).
    expect(submitted.map((event) => event.occurredAt)).toEqual(['2026-03-14T11:30:00.000Z']);
    expect(submitted[0]?.recordedAt).not.toBe('2026-03-14T11:30:00.000Z');
    expect(events.some((event) => event.type === 'ApplicationRefused')).toBe(false);
    const stream = await expectOk('GET', `/streams/call-${CALL}/events`, {
      token: tokens.ministry as string,
    });
    const shown = stream.json.events.find((event: { type: string }) => event.type === 'ApplicationSubmitted');
    expect([shown.occurredAt, shown.recordedAt, shown.data.receivedAt, shown.data.submittedAt]).toEqual([
      '2026-03-14T11:30:00.000Z',
      submitted[0]?.recordedAt,
      '2026-03-14T11:30:00.000Z',
      '2026-03-17T10:00:00.000Z',
    ]);
  });
});

describe('a signature with its capacity, its date and its text, over HTTP (issue 20, item 7)', () => {
  it('records the Council’s vice-president, the day signed as the fact’s date, and the text', async () => {
    const events = await api.streamEvents(`agreement-${ROLLOUT}-regional-partnership`);
    const council = events.find(
      (event) =>
        event.type === 'AgreementSigned' && (event.data as { partyId: string }).partyId === 'council-fm',
    );
    expect(council?.occurredAt).toBe('2026-02-20T10:00:00.000Z');
    expect(council?.data).toMatchObject({
      capacity: COUNCIL_VP,
      text: TEXT,
      signedAt: '2026-02-20T10:00:00.000Z',
    });
  });

  it('refuses a capacity that is not the party’s (422), a malformed hash and no capacity (400), naming the field, appending nothing', () => {
    expect(refusedSignatures.map(({ status, appended }) => [status, appended])).toEqual([
      [422, 0],
      [400, 0],
      [400, 0],
    ]);
    expect(refusedSignatures[0]?.json).toMatchObject({ code: 'SIGNER_CAPACITY_NOT_FOR_PARTY' });
    expect(JSON.stringify(refusedSignatures[0]?.json)).toContain('capacity.office');
    expect(JSON.stringify(refusedSignatures[1]?.json)).toContain('body.text.sha256');
    expect(JSON.stringify(refusedSignatures[2]?.json)).toContain('body.capacity');
  });
});
