import { GetItemCommand } from '@aws-sdk/client-dynamodb';
import { marshall } from '@aws-sdk/util-dynamodb';
import { Webhook } from 'standardwebhooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { webhookDeliveryKey } from '../../../../../../functions/application/ports/partner-reports.js';
import type { DynaliteServer } from '../../../../../../local/dynalite/server.js';
import {
  type ApiTestServer,
  partnerRecord,
  sendSignedWebhook,
  startApiTestServer,
  webhookSecret,
} from '../../../../../support/api-server.js';
import { startDynalite } from '../../../../../support/dynalite.js';

// Partners report through webhooks signed with the `standardwebhooks` package, over real HTTP to
// the local server, with partner records and deliveries on dynalite.

const FM = 'rollout-FM-2026';
const CS = 'rollout-CS-2026';
const SCHEDULE_FM = `session-schedule-${FM}`;
const amsedSecret = webhookSecret('amsed-current-secret');
const amsedNextSecret = webhookSecret('amsed-next-secret');
const amsedOldSecret = webhookSecret('amsed-old-secret');
const otherSecret = webhookSecret('other-partner-secret');

let dynalite: DynaliteServer;
let api: ApiTestServer;
let sessions = 0;

const sessionReport = (rolloutId = FM) => {
  sessions += 1;
  return {
    type: 'session.held',
    data: { rolloutId, sessionId: `s-${sessions}`, module: 'M1', date: '2026-02-20', province: 'Fès' },
  };
};

beforeAll(async () => {
  dynalite = await startDynalite();
  api = await startApiTestServer(dynalite);
  const ministry = await api.token({ subject: 'minister-1', roles: ['ministry'] });
  for (const regionCode of ['FM', 'CS']) {
    const launched = await api.call('POST', '/rollouts', {
      token: ministry,
      body: { regionCode, edition: '2026' },
    });
    expect(launched.status).toBe(201);
  }
  await api.partners.put(partnerRecord('amsed', FM, { active: [amsedSecret], retired: [amsedOldSecret] }));
  await api.partners.put(partnerRecord('other', CS, { active: [otherSecret] }));
});

afterAll(async () => {
  await api?.server.close();
  await dynalite?.stop();
});

/** Sends a delivery and checks that it was refused with `code`, appended nothing and left a trace. */
const expectRefused = async (
  send: () => Promise<{ status: number; json: { code?: string } }>,
  status: number,
  code: string,
) => {
  const before = await api.countAllEvents();
  const traces = api.security.refusals.length;
  const answer = await send();
  expect(answer.status).toBe(status);
  expect(answer.json.code).toBe(code);
  expect(await api.countAllEvents()).toBe(before);
  expect(api.security.refusals.slice(traces).map((refusal) => refusal.reason)).toEqual([code]);
};

describe('inbound partner webhooks', () => {
  it('records a report signed with the partner’s secret, once, remembering its webhook id in the commit alone', async () => {
    // Prepare
    const before = (await api.streamEvents(SCHEDULE_FM)).length;

    // Act
    const answer = await sendSignedWebhook(api, 'amsed', amsedSecret, sessionReport());

    // Assess
    expect(answer.status).toBeLessThan(300);
    expect(answer.json.events.map((event: { type: string }) => event.type)).toEqual(['SessionHeld']);
    const events = await api.streamEvents(SCHEDULE_FM);
    expect(events).toHaveLength(before + 1);
    expect(events.at(-1)?.actor).toEqual({ id: 'amsed', role: 'partner' });
    const item = await dynalite.client.send(
      new GetItemCommand({
        TableName: (api.store as unknown as { tableName: string }).tableName,
        Key: marshall({ pk: webhookDeliveryKey('amsed', answer.webhookId), sk: 0 }),
      }),
    );
    // ADR 0145: the commit carries the delivery's id as its command id; no guard item is written.
    expect(item.Item).toBeUndefined();
    expect(await api.store.commandResult(SCHEDULE_FM, `webhook:amsed:${answer.webhookId}`)).toMatchObject({
      lastVersion: before + 1,
    });
  });

  it('refuses a replay of a delivery a rule refused, and of one that recorded nothing new, by their guards', async () => {
    // Prepare: a session held tomorrow is refused; a session reported again records nothing
    const tomorrow = new Date(Date.now() + 86_400_000).toISOString().slice(0, 10);
    const future = sessionReport();
    const refusedReport = { ...future, data: { ...future.data, date: tomorrow } };
    const held = sessionReport();
    const timestamp = new Date();
    await sendSignedWebhook(api, 'amsed', amsedSecret, held, { webhookId: 'msg_held', timestamp });
    const refused = await sendSignedWebhook(api, 'amsed', amsedSecret, refusedReport, {
      webhookId: 'msg_refused',
      timestamp,
    });
    const nothingNew = await sendSignedWebhook(api, 'amsed', amsedSecret, held, {
      webhookId: 'msg_nothing_new',
      timestamp,
    });

    // Act and assess
    expect([refused.status, refused.json.code]).toEqual([422, 'FACT_DATE_IN_FUTURE']);
    expect([nothingNew.status, nothingNew.json.events]).toEqual([200, []]);
    for (const [webhookId, report] of [
      ['msg_refused', refusedReport],
      ['msg_nothing_new', held],
    ] as const) {
      await expectRefused(
        () => sendSignedWebhook(api, 'amsed', amsedSecret, report, { webhookId, timestamp }),
        409,
        'REPLAYED_DELIVERY',
      );
    }
  });

  it('refuses a forged signature (another secret)', async () => {
    await expectRefused(
      () => sendSignedWebhook(api, 'amsed', otherSecret, sessionReport()),
      401,
      'FORGED_SIGNATURE',
    );
  });

  it('refuses a body changed after signing', async () => {
    const signedBody = JSON.stringify(sessionReport());
    const signature = new Webhook(amsedSecret).sign('msg_tampered', new Date(), signedBody);
    await expectRefused(
      () =>
        sendSignedWebhook(api, 'amsed', amsedSecret, undefined, {
          webhookId: 'msg_tampered',
          rawBody: signedBody.replace('"M1"', '"M2"'),
          signature,
        }),
      401,
      'FORGED_SIGNATURE',
    );
  });

  it('refuses a stale delivery (timestamp more than 5 minutes old) and one from the future', async () => {
    const old = new Date(Date.now() - 10 * 60 * 1000);
    const future = new Date(Date.now() + 10 * 60 * 1000);
    await expectRefused(
      () => sendSignedWebhook(api, 'amsed', amsedSecret, sessionReport(), { timestamp: old }),
      401,
      'STALE_TIMESTAMP',
    );
    await expectRefused(
      () => sendSignedWebhook(api, 'amsed', amsedSecret, sessionReport(), { timestamp: future }),
      401,
      'STALE_TIMESTAMP',
    );
  });

  it('refuses a replayed delivery (same webhook id, same signature)', async () => {
    // Prepare
    const report = sessionReport();
    const timestamp = new Date();
    const first = await sendSignedWebhook(api, 'amsed', amsedSecret, report, {
      webhookId: 'msg_replay',
      timestamp,
    });
    expect(first.status).toBeLessThan(300);

    // Act and assess
    await expectRefused(
      () => sendSignedWebhook(api, 'amsed', amsedSecret, report, { webhookId: 'msg_replay', timestamp }),
      409,
      'REPLAYED_DELIVERY',
    );
  });

  it('refuses a partner reporting for a rollout that is not its own', async () => {
    await expectRefused(
      () => sendSignedWebhook(api, 'amsed', amsedSecret, sessionReport(CS)),
      403,
      'CROSS_PARTNER_REPORT',
    );
  });

  it('refuses a delivery to another partner’s endpoint signed with one’s own secret', async () => {
    await expectRefused(
      () => sendSignedWebhook(api, 'other', amsedSecret, sessionReport(CS)),
      401,
      'FORGED_SIGNATURE',
    );
  });

  it('accepts both secrets during a rotation, then refuses the rotated-out one', async () => {
    // Prepare: the new secret joins the current one.
    await api.partners.put(
      partnerRecord('amsed', FM, { active: [amsedSecret, amsedNextSecret], retired: [amsedOldSecret] }),
    );
    expect((await sendSignedWebhook(api, 'amsed', amsedSecret, sessionReport())).status).toBeLessThan(300);
    expect((await sendSignedWebhook(api, 'amsed', amsedNextSecret, sessionReport())).status).toBeLessThan(
      300,
    );

    // Act: the rotation ends, the current secret is retired.
    await api.partners.put(
      partnerRecord('amsed', FM, { active: [amsedNextSecret], retired: [amsedSecret, amsedOldSecret] }),
    );

    // Assess
    await expectRefused(
      () => sendSignedWebhook(api, 'amsed', amsedSecret, sessionReport()),
      401,
      'ROTATED_OUT_SECRET',
    );
    await expectRefused(
      () => sendSignedWebhook(api, 'amsed', amsedOldSecret, sessionReport()),
      401,
      'ROTATED_OUT_SECRET',
    );
    expect((await sendSignedWebhook(api, 'amsed', amsedNextSecret, sessionReport())).status).toBeLessThan(
      300,
    );
  });

  it.each([
    ['signed now', {}, 'FORGED_SIGNATURE'],
    ['with a stale timestamp', { timestamp: new Date(Date.now() - 10 * 60 * 1000) }, 'STALE_TIMESTAMP'],
  ])(
    'answers an unknown partner id as a known partner with a wrong secret, %s, recording the truth',
    async (_name, options, knownReason) => {
      // Prepare
      const traces = api.security.refusals.length;
      const before = await api.countAllEvents();

      // Act
      const unknown = await sendSignedWebhook(api, 'nobody', amsedSecret, sessionReport(), options);
      const known = await sendSignedWebhook(api, 'amsed', otherSecret, sessionReport(), options);

      // Assess
      const outside = (answer: typeof unknown) => {
        const { correlationId: _correlation, ...problem } = answer.json as Record<string, unknown>;
        return { status: answer.status, type: answer.headers.get('content-type'), problem };
      };
      expect(outside(unknown)).toEqual(outside(known));
      expect(unknown.status).toBe(401);
      expect(await api.countAllEvents()).toBe(before);
      expect(
        api.security.refusals.slice(traces).map((refusal) => [refusal.partnerId, refusal.reason]),
      ).toEqual([
        ['nobody', 'UNKNOWN_PARTNER'],
        ['amsed', knownReason],
      ]);
    },
  );

  it('refuses a delivery without signature headers', async () => {
    await expectRefused(
      () => api.call('POST', '/webhooks/partners/amsed', { body: sessionReport() }),
      401,
      'MISSING_SIGNATURE_HEADERS',
    );
  });

  it('answers 400 to a signed delivery whose body is not a report, appending nothing', async () => {
    const before = await api.countAllEvents();
    const wrong = await sendSignedWebhook(api, 'amsed', amsedNextSecret, {
      type: 'session.held',
      data: { rolloutId: FM },
    });
    const malformed = await sendSignedWebhook(api, 'amsed', amsedNextSecret, undefined, {
      rawBody: '{"type":',
    });
    expect([wrong.status, wrong.json.code]).toEqual([400, 'VALIDATION_FAILED']);
    expect([malformed.status, malformed.json.code]).toEqual([400, 'MALFORMED_JSON']);
    expect(await api.countAllEvents()).toBe(before);
  });

  it('reads a signed body as any other: too deep or naming a field twice is 400, appending nothing', async () => {
    // Prepare
    const before = await api.countAllEvents();
    const report = JSON.stringify(sessionReport());

    // Act
    const deep = await sendSignedWebhook(api, 'amsed', amsedNextSecret, undefined, {
      rawBody: `{"type":"session.held","data":${'['.repeat(5000)}${']'.repeat(5000)}}`,
    });
    const twice = await sendSignedWebhook(api, 'amsed', amsedNextSecret, undefined, {
      rawBody: report.replace(
        '"rolloutId":"rollout-FM-2026"',
        '"rolloutId":"rollout-FM-2026","rolloutId":"rollout-CS-2026"',
      ),
    });

    // Assess
    expect([deep.status, deep.json.code]).toEqual([400, 'JSON_TOO_DEEP']);
    expect([twice.status, twice.json.code, twice.json.errors[0].field]).toEqual([
      400,
      'DUPLICATE_JSON_KEY',
      'body.data.rolloutId',
    ]);
    expect(await api.countAllEvents()).toBe(before);
  });

  it('is reached without a bearer token and documents its signature in the OpenAPI document', async () => {
    const document = await api.call('GET', '/openapi.json');
    const operation = document.json.paths['/webhooks/partners/{partnerId}'].post;
    expect(operation.security).toEqual([]);
    expect(operation['x-naseej-signature']).toBe('standard-webhooks');
  });
});
