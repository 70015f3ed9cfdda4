import { ScanCommand } from '@aws-sdk/client-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TRAINING_MODULES } from '../../../../../../events/reference.js';
import { DynamoDbCommitLog } from '../../../../../../functions/adapters/dynamodb/commit-log.js';
import { DynamoDbEventStore } from '../../../../../../functions/adapters/dynamodb/event-store.js';
import { DynamoDbIdempotencyStore } from '../../../../../../functions/adapters/dynamodb/idempotency.js';
import { DynamoDbPersonalDataVault } from '../../../../../../functions/adapters/dynamodb/personal-data.js';
import { routes } from '../../../../../../functions/adapters/http/routes/index.js';
import { certificateRegistryOf } from '../../../../../../functions/application/documents/service.js';
import type { StoredEvent } from '../../../../../../functions/application/ports/event-store.js';
import { enrolmentStreamId } from '../../../../../../functions/domain/enrolment/enrolment.js';
import { trainingStreamId } from '../../../../../../functions/domain/ids.js';
import { DevAuth, type DevTokenRequest } from '../../../../../../local/dev-auth.js';
import {
  type ChromiumPdfRenderer,
  createChromiumPdfRenderer,
} from '../../../../../../local/documents-pdf.js';
import type { DynaliteServer } from '../../../../../../local/dynalite/server.js';
import { type LocalHttpServer, startHttpServer } from '../../../../../../local/http-server.js';
import {
  ASSOCIATION_ID,
  CALL_ID,
  COMPLETED_MEMBER,
  documentsHistory,
  ROLLOUT_ID,
} from '../../../../../support/documents-history.js';
import { lineOfPhrase, pdfLines } from '../../../../../support/documents-pdf-text.js';
import { createFreshEventStoreTable, startDynalite } from '../../../../../support/dynalite.js';
import { fetchAs, type JsonAnswer, jsonAnswer } from '../../../../../support/fetch-as.js';
import { ManualClock } from '../../../../../support/integrity-history.js';

// People's names through the HTTP API of the local server on dynalite (docs/adr/0126-names-with-purpose-and-consent.md):
// recorded with purpose and consent into the vault (never into an event), read by role, printed on
// a certificate's PDF and on the minutes, then erased; the history still verifies, its sealed
// digests unchanged, and the documents print the name as erased.

const SETTLE_MS = 10_000;
const NOW = '2026-06-01T00:00:00.000Z';
const MEMBER_PATH = `/rollouts/${ROLLOUT_ID}/members/${COMPLETED_MEMBER}/name`;
const CHAIR = 'committee-fm-1';
const COMMITTEE_PATH = `/calls/${CALL_ID}/committee/members/${CHAIR}/name`;
const MEMBER_NAME = { fr: 'Hicham Berrada', ar: 'هشام برادة' };
const CHAIR_NAME = { fr: 'Samira Bennani', ar: 'سميرة بناني' };
const CONSENT = { given: true, givenOn: '2026-05-28', form: 'written' };

let dynalite: DynaliteServer;
let tableName: string;
let store: DynamoDbEventStore;
let commitLog: DynamoDbCommitLog;
let server: LocalHttpServer;
let renderer: ChromiumPdfRenderer;
let auth: DevAuth;
const clock = new ManualClock('2026-01-12T09:00:00.000Z');
const MINISTRY = { id: 'ministry-office-1', role: 'ministry' } as const;

/** Appends one event as `actor`, a minute after the one before. */
const append = async (
  streamId: string,
  type: string,
  schemaVersion: number,
  data: unknown,
  actor: StoredEvent['actor'],
) => {
  clock.advance(60_000);
  await store.append({
    streamId,
    expectedVersion: 'any',
    events: [{ type, data, schemaVersion }],
    metadata: { actor, correlationId: 'names-test', causationId: null },
  });
};

const token = (request: DevTokenRequest) => auth.mint(request);
const ministry = () => token({ subject: 'ministry-office-1', roles: ['ministry'] });
const association = (associationId = ASSOCIATION_ID) =>
  token({ subject: associationId, roles: ['association'], association: associationId });

const call = async (method: string, path: string, bearer: string, body?: unknown): Promise<JsonAnswer> =>
  jsonAnswer(await fetchAs(`${server.url}${path}`, bearer, method, body));

const pdfOf = async (path: string): Promise<string[]> => {
  const response = await fetch(`${server.url}${path}`, {
    headers: { authorization: `Bearer ${await ministry()}` },
  });
  expect(response.status).toBe(200);
  return pdfLines(await response.arrayBuffer());
};

/** Every item of the table whose text holds `text`, by partition key. */
const itemsHolding = async (text: string): Promise<string[]> => {
  const found: string[] = [];
  let start: Record<string, unknown> | undefined;
  do {
    const page = await dynalite.client.send(
      new ScanCommand({ TableName: tableName, ...(start ? { ExclusiveStartKey: start as never } : {}) }),
    );
    for (const item of page.Items ?? []) {
      if (JSON.stringify(item).includes(text)) found.push(String(item.pk?.S));
    }
    start = page.LastEvaluatedKey;
  } while (start !== undefined);
  return found;
};

const countEvents = async (): Promise<number> => {
  let count = 0;
  let checkpoint = null as Parameters<DynamoDbEventStore['readGlobal']>[0];
  for (;;) {
    const page = await store.readGlobal(checkpoint, { limit: 1000 });
    count += page.events.length;
    if (page.events.length === 0 || page.checkpoint === checkpoint) return count;
    checkpoint = page.checkpoint;
  }
};

beforeAll(async () => {
  dynalite = await startDynalite();
  tableName = await createFreshEventStoreTable(dynalite);
  store = new DynamoDbEventStore({
    client: dynalite.client,
    tableName,
    clock: clock.read,
    settleMs: SETTLE_MS,
    requestTimeoutMs: 2_000,
  });
  commitLog = new DynamoDbCommitLog({ client: dynalite.client, tableName, settleMs: SETTLE_MS });
  // The documents' history (the operator call's committee, a member who completed the eight
  // modules), copied into the DynamoDB store, with the rollout launched and the member nominated.
  const source = await documentsHistory();
  const events: StoredEvent[] = [];
  let from = null as Parameters<DynamoDbEventStore['readGlobal']>[0];
  for (;;) {
    const page = await source.store.readGlobal(from, { limit: 1000 });
    events.push(...page.events);
    if (page.events.length === 0 || page.checkpoint === from) break;
    from = page.checkpoint;
  }
  await append(
    ROLLOUT_ID,
    'RolloutLaunched',
    2,
    {
      rolloutId: ROLLOUT_ID,
      regionCode: 'FM',
      edition: '2026',
      targets: { associations: 30, membersPerAssociation: 4, trainers: 15, horizon: 600 },
    },
    MINISTRY,
  );
  for (const event of events) {
    await append(event.streamId, event.type, event.schemaVersion, event.data, event.actor);
    if (event.type === 'BeneficiaryEnrolled') {
      await append(
        enrolmentStreamId(ROLLOUT_ID),
        'MemberNominated',
        1,
        {
          rolloutId: ROLLOUT_ID,
          associationId: ASSOCIATION_ID,
          memberId: COMPLETED_MEMBER,
          trainingTopic: 'M2',
        },
        { id: ASSOCIATION_ID, role: 'association' },
      );
    }
  }
  clock.set(NOW);
  renderer = await createChromiumPdfRenderer();
  auth = await DevAuth.create();
  let ids = 0;
  server = await startHttpServer({
    routes,
    deps: {
      store,
      commitLog,
      idempotency: new DynamoDbIdempotencyStore({ client: dynalite.client, tableName }),
      clock: () => clock.read().toISOString(),
      newId: () => {
        ids += 1;
        return `id-${ids}`;
      },
      personalData: new DynamoDbPersonalDataVault({ client: dynalite.client, tableName, clock: clock.read }),
      pdfRenderer: renderer,
      publicBaseUrl: () => server.url,
    } as never,
    auth,
    port: 0,
  });
}, 120_000);

afterAll(async () => {
  await server?.close();
  await renderer?.close();
  await dynalite?.stop();
});

describe("a member's name", () => {
  it('is refused without consent or with consent refused, naming the field, and nothing is kept', async () => {
    // Act
    const without = await call('PUT', MEMBER_PATH, await association(), {
      displayName: MEMBER_NAME,
      purpose: 'certificates',
    });
    const refused = await call('PUT', MEMBER_PATH, await association(), {
      displayName: MEMBER_NAME,
      purpose: 'certificates',
      consent: { ...CONSENT, given: false },
    });
    const wrongPurpose = await call('PUT', MEMBER_PATH, await association(), {
      displayName: MEMBER_NAME,
      purpose: 'committee-minutes',
      consent: CONSENT,
    });
    const future = await call('PUT', MEMBER_PATH, await association(), {
      displayName: MEMBER_NAME,
      purpose: 'certificates',
      consent: { ...CONSENT, givenOn: '2026-06-02' },
    });

    // Assess
    expect([without.status, without.json.errors.map((error: { field: string }) => error.field)]).toEqual([
      400,
      ['body.consent'],
    ]);
    expect([refused.status, refused.json.errors.map((error: { field: string }) => error.field)]).toEqual([
      400,
      ['body.consent.given'],
    ]);
    expect([wrongPurpose.status, wrongPurpose.json.code, wrongPurpose.json.errors[0].field]).toEqual([
      422,
      'PURPOSE_NOT_OF_SUBJECT',
      'body.purpose',
    ]);
    expect([future.status, future.json.code, future.json.errors[0].field]).toEqual([
      422,
      'CONSENT_IN_THE_FUTURE',
      'body.consent.givenOn',
    ]);
    expect((await call('GET', MEMBER_PATH, await ministry())).json.code).toBe('NO_NAME_RECORDED');
    expect(await itemsHolding('Berrada')).toEqual([]);
  });

  it("is recorded by the member's association with purpose and consent, into the vault and no event", async () => {
    // Prepare
    const before = await countEvents();

    // Act
    const recorded = await call('PUT', MEMBER_PATH, await association(), {
      displayName: MEMBER_NAME,
      contact: { phone: '+212 600 000 001' },
      purpose: 'certificates',
      consent: CONSENT,
    });

    // Assess
    expect([recorded.status, recorded.headers.get('cache-control')]).toEqual([201, 'no-store']);
    expect(recorded.json).toEqual({
      personId: COMPLETED_MEMBER,
      status: 'recorded',
      displayName: MEMBER_NAME,
      contact: { phone: '+212 600 000 001' },
      processing: {
        purpose: 'certificates',
        consent: CONSENT,
        recordedAt: NOW,
        recordedBy: { role: 'association', subject: ASSOCIATION_ID },
      },
      erasedAt: null,
      erasure: null,
    });
    expect(await countEvents()).toBe(before);
    expect(await itemsHolding('Berrada')).toEqual([`person#${COMPLETED_MEMBER}`]);
  });

  it("is read by the ministry, the region's coordinator and the association, and refused to the others", async () => {
    // Act
    const status = async (bearer: string) => {
      const answer = await call('GET', MEMBER_PATH, bearer);
      return answer.status === 200 ? 200 : `${answer.status} ${answer.json.code}`;
    };

    // Assess
    expect({
      ministry: await status(await ministry()),
      coordinatorFM: await status(
        await token({ subject: 'coord-fm', roles: ['coordinator'], regions: ['FM'] }),
      ),
      association: await status(await association()),
      coordinatorCS: await status(
        await token({ subject: 'coord-cs', roles: ['coordinator'], regions: ['CS'] }),
      ),
      otherAssociation: await status(await association('assoc-other')),
      partner: await status(
        await token({
          subject: 'partner-amsed',
          roles: ['partner'],
          partner: { associationId: 'assoc-amsed', rolloutId: ROLLOUT_ID },
        }),
      ),
      reader: await status(await token({ subject: 'reader-1', roles: ['reader'] })),
      committeeMember: await status(await token({ subject: CHAIR, roles: ['committee-member'] })),
    }).toEqual({
      ministry: 200,
      coordinatorFM: 200,
      association: 200,
      coordinatorCS: '403 OUT_OF_SCOPE',
      otherAssociation: '403 OUT_OF_SCOPE',
      partner: '403 ROLE_NOT_ALLOWED',
      reader: '403 ROLE_NOT_ALLOWED',
      committeeMember: '403 ROLE_NOT_ALLOWED',
    });
  });

  it('is printed on the certificate, then erased on request: the history verifies as before, the PDF and the verification page say erased', async () => {
    // Prepare
    const certificate = (await certificateRegistryOf(store)).ofMember(
      ROLLOUT_ID,
      COMPLETED_MEMBER,
      'training',
    );
    const pdfPath = `/documents/certificates/${certificate?.code}?lang=fr&format=pdf`;
    const printed = await pdfOf(pdfPath);
    const sealed = await call('POST', '/integrity/seals', await ministry());
    const digests = await fetch(`${server.url}/integrity/digests`).then((response) => response.json());
    const otherAssociation = await call('POST', `${MEMBER_PATH}/erasure`, await association('assoc-other'), {
      reason: 'consent-withdrawn',
    });
    const coordinator = await call(
      'POST',
      `${MEMBER_PATH}/erasure`,
      await token({ subject: 'coord-fm', roles: ['coordinator'], regions: ['FM'] }),
      { reason: 'consent-withdrawn' },
    );

    // Act
    const erased = await call('POST', `${MEMBER_PATH}/erasure`, await association(), {
      reason: 'consent-withdrawn',
    });

    // Assess
    expect(lineOfPhrase(printed, MEMBER_NAME.fr)).toBeGreaterThanOrEqual(0);
    expect(sealed.json.sealed.length).toBeGreaterThan(0);
    expect([otherAssociation.status, otherAssociation.json.code]).toEqual([403, 'OUT_OF_SCOPE']);
    expect([coordinator.status, coordinator.json.code]).toEqual([403, 'ROLE_NOT_ALLOWED']);
    expect(erased.status).toBe(200);
    expect(erased.json).toEqual({
      personId: COMPLETED_MEMBER,
      status: 'erased',
      displayName: null,
      contact: null,
      processing: null,
      erasedAt: NOW,
      erasure: { reason: 'consent-withdrawn', erasedBy: { role: 'association', subject: ASSOCIATION_ID } },
    });
    expect(await itemsHolding('Berrada')).toEqual([]);
    const verification = await call('GET', '/integrity/verification', await ministry());
    expect(verification.json.ok).toBe(true);
    expect(await fetch(`${server.url}/integrity/digests`).then((response) => response.json())).toEqual(
      digests,
    );
    const reprinted = await pdfOf(pdfPath);
    expect(lineOfPhrase(reprinted, MEMBER_NAME.fr)).toBe(-1);
    expect(lineOfPhrase(reprinted, 'nom effacé')).toBeGreaterThanOrEqual(0);
    const page = await fetch(`${server.url}/certificates/${certificate?.code}?lang=fr`).then((response) =>
      response.text(),
    );
    expect([page.includes('Berrada'), page.includes('nom effacé')]).toEqual([false, true]);
    const again = await call('PUT', MEMBER_PATH, await ministry(), {
      displayName: MEMBER_NAME,
      purpose: 'certificates',
      consent: CONSENT,
    });
    expect([again.status, again.json.code]).toEqual([409, 'PERSON_ERASED']);
  }, 60_000);
});

describe("a committee member's name", () => {
  it('is recorded by the ministry only, printed on the minutes, read by the person, and erased by them', async () => {
    // Prepare
    const chair = await token({ subject: CHAIR, roles: ['committee-member'] });
    const colleague = await token({ subject: 'committee-fm-2', roles: ['committee-member'] });
    const body = { displayName: CHAIR_NAME, purpose: 'committee-minutes', consent: CONSENT };
    const byCoordinator = await call(
      'PUT',
      COMMITTEE_PATH,
      await token({ subject: 'coord-fm', roles: ['coordinator'], regions: ['FM'] }),
      body,
    );
    const notAppointed = await call(
      'PUT',
      `/calls/${CALL_ID}/committee/members/committee-fm-9/name`,
      await ministry(),
      body,
    );

    // Act
    const recorded = await call('PUT', COMMITTEE_PATH, await ministry(), body);
    const minutes = await fetch(`${server.url}/documents/calls/${CALL_ID}/minutes?lang=fr`).then((response) =>
      response.text(),
    );
    const ownRead = await call('GET', COMMITTEE_PATH, chair);
    const colleagueRead = await call('GET', COMMITTEE_PATH, colleague);
    const colleagueErase = await call('POST', `${COMMITTEE_PATH}/erasure`, colleague, {
      reason: 'objection',
    });
    const erased = await call('POST', `${COMMITTEE_PATH}/erasure`, chair, { reason: 'objection' });
    const minutesAfter = await fetch(`${server.url}/documents/calls/${CALL_ID}/minutes?lang=fr`).then(
      (response) => response.text(),
    );

    // Assess
    expect([byCoordinator.status, byCoordinator.json.code]).toEqual([403, 'ROLE_NOT_ALLOWED']);
    expect([notAppointed.status, notAppointed.json.code]).toEqual([404, 'NOT_A_COMMITTEE_MEMBER']);
    expect([recorded.status, recorded.json.processing.purpose]).toEqual([201, 'committee-minutes']);
    expect(minutes).toContain(CHAIR_NAME.fr);
    expect([ownRead.status, ownRead.json.displayName]).toEqual([200, CHAIR_NAME]);
    expect([colleagueRead.status, colleagueRead.json.code]).toEqual([403, 'NOT_THE_PERSON']);
    expect([colleagueErase.status, colleagueErase.json.code]).toEqual([403, 'NOT_THE_PERSON']);
    expect([erased.status, erased.json.erasure]).toEqual([
      200,
      { reason: 'objection', erasedBy: { role: 'committee-member', subject: CHAIR } },
    ]);
    expect([minutesAfter.includes(CHAIR_NAME.fr), minutesAfter.includes('nom effacé')]).toEqual([
      false,
      true,
    ]);
    expect((await call('GET', '/integrity/verification', await ministry())).json.ok).toBe(true);
  }, 60_000);
});

describe('the names of a member who left and of the member who took their place', () => {
  const LEAVER = 'member-fm-007-3';
  const REPLACEMENT = 'member-fm-007-5';
  const LEAVER_NAME = { fr: 'Karim Alaoui', ar: 'كريم العلوي' };
  const REPLACEMENT_NAME = { fr: 'Nadia Tazi', ar: 'نادية التازي' };
  const pathOf = (memberId: string) => `/rollouts/${ROLLOUT_ID}/members/${memberId}/name`;
  const completesAxisOne = async (memberId: string) => {
    for (const module of TRAINING_MODULES) {
      await append(
        trainingStreamId(ROLLOUT_ID, ASSOCIATION_ID),
        'ModuleCompleted',
        1,
        {
          rolloutId: ROLLOUT_ID,
          associationId: ASSOCIATION_ID,
          memberId,
          module: module.code,
          sessionsHeld: 4,
          sessionsAttended: 4,
          attendanceRatePercent: 100,
          thresholdPercent: 75,
          evaluationScore: 80,
        },
        { id: 'partner-amsed', role: 'partner' },
      );
    }
  };
  const certificatePage = async (memberId: string) => {
    const certificate = (await certificateRegistryOf(store)).ofMember(ROLLOUT_ID, memberId, 'training');
    return fetch(`${server.url}/certificates/${certificate?.code}?lang=fr`).then((response) =>
      response.text(),
    );
  };

  it('are recorded, read, printed on their certificates and erased, by the association they belong or belonged to', async () => {
    // Prepare: the leaver completed axis 1, then left; their replacement completed it after them
    await append(
      enrolmentStreamId(ROLLOUT_ID),
      'MemberNominated',
      1,
      { rolloutId: ROLLOUT_ID, associationId: ASSOCIATION_ID, memberId: LEAVER, trainingTopic: 'M2' },
      { id: ASSOCIATION_ID, role: 'association' },
    );
    await completesAxisOne(LEAVER);
    await append(
      enrolmentStreamId(ROLLOUT_ID),
      'MemberReplaced',
      1,
      {
        rolloutId: ROLLOUT_ID,
        associationId: ASSOCIATION_ID,
        leavingMemberId: LEAVER,
        replacementMemberId: REPLACEMENT,
        trainingTopic: 'M2',
        reason: { fr: 'Départ de la région.', ar: 'مغادرة الجهة.' },
      },
      MINISTRY,
    );
    await completesAxisOne(REPLACEMENT);
    const before = await countEvents();
    const consented = (displayName: { fr: string; ar: string }) => ({
      displayName,
      purpose: 'certificates',
      consent: CONSENT,
    });

    // Act
    const leaverRecorded = await call('PUT', pathOf(LEAVER), await association(), consented(LEAVER_NAME));
    const replacementRecorded = await call(
      'PUT',
      pathOf(REPLACEMENT),
      await association(),
      consented(REPLACEMENT_NAME),
    );
    const coordinator = await token({ subject: 'coord-fm', roles: ['coordinator'], regions: ['FM'] });
    const leaverRead = await call('GET', pathOf(LEAVER), coordinator);
    const otherAssociation = await call('GET', pathOf(LEAVER), await association('assoc-other'));
    const leaverPage = await certificatePage(LEAVER);
    const replacementPage = await certificatePage(REPLACEMENT);
    const leaverErased = await call('POST', `${pathOf(LEAVER)}/erasure`, await association(), {
      reason: 'consent-withdrawn',
    });
    const leaverPageAfter = await certificatePage(LEAVER);

    // Assess
    expect([leaverRecorded.status, replacementRecorded.status]).toEqual([201, 201]);
    expect([leaverRead.status, leaverRead.json.displayName]).toEqual([200, LEAVER_NAME]);
    expect([otherAssociation.status, otherAssociation.json.code]).toEqual([403, 'OUT_OF_SCOPE']);
    expect([leaverPage.includes(LEAVER_NAME.fr), replacementPage.includes(REPLACEMENT_NAME.fr)]).toEqual([
      true,
      true,
    ]);
    expect([leaverErased.status, leaverErased.json.status, leaverErased.json.erasure]).toEqual([
      200,
      'erased',
      { reason: 'consent-withdrawn', erasedBy: { role: 'association', subject: ASSOCIATION_ID } },
    ]);
    expect([leaverPageAfter.includes(LEAVER_NAME.fr), leaverPageAfter.includes('nom effacé')]).toEqual([
      false,
      true,
    ]);
    expect((await call('GET', pathOf(REPLACEMENT), await ministry())).json.displayName).toEqual(
      REPLACEMENT_NAME,
    );
    expect(await countEvents()).toBe(before);
    expect((await call('GET', '/integrity/verification', await ministry())).json.ok).toBe(true);
  }, 60_000);
});
