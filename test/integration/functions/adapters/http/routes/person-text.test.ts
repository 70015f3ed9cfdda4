import { beforeAll, describe, expect, it } from 'vitest';
import {
  apiTestServerForTheFile,
  partnerRecord,
  sendSignedWebhook,
  webhookSecret,
} from '../../../../../support/api-server.js';

// Issue 22, defect 9: names with invisible and control characters, over real HTTP on dynalite,
// through a ministry route and a partner's signed webhook.

const ROLLOUT = 'rollout-FM-2026';
const partnerSecret = webhookSecret('amsed-person-text');
const api = apiTestServerForTheFile();
let ministry: string;

const commit = (coFunderId: string, name: { fr: string; ar: string }) =>
  api.call('POST', `/rollouts/${ROLLOUT}/co-funders/${coFunderId}/commitments`, {
    token: ministry,
    body: { name, amount: 100_000 },
  });

beforeAll(async () => {
  ministry = await api.token({ subject: 'minister', roles: ['ministry'] });
  await api.call('POST', '/rollouts', { token: ministry, body: { regionCode: 'FM', edition: '2026' } });
  await api.partners.put(partnerRecord('amsed', ROLLOUT, { active: [partnerSecret] }));
}, 60_000);

describe('a name as the API takes it', () => {
  it('refuses a right-to-left override, naming the field and why, and appends nothing', async () => {
    // Prepare
    const before = await api.countAllEvents();
    // Act
    const answer = await commit('cofunder-rlo', { fr: 'Conseil\u202Elanoigér', ar: 'مجلس الجهة' });
    // Assess
    expect([answer.status, answer.json.code]).toEqual([400, 'VALIDATION_FAILED']);
    expect(answer.json.errors).toEqual([
      {
        field: 'body.name.fr',
        pointer: '/body/name/fr',
        reason: 'holds a bidirectional control character (U+202E)',
      },
    ]);
    expect(await api.countAllEvents()).toBe(before);
  });

  it('refuses a name of zero-width spaces and one of blanks, and a NUL', async () => {
    // Act
    const zeroWidth = await commit('cofunder-zw', { fr: '\u200B\u200B', ar: 'مجلس' });
    const blank = await commit('cofunder-blank', { fr: 'Conseil', ar: ' \u00A0 ' });
    const nul = await commit('cofunder-nul', { fr: 'Con\u0000seil', ar: 'مجلس' });
    // Assess
    expect([zeroWidth, blank, nul].map((answer) => [answer.status, answer.json.errors])).toEqual([
      [
        400,
        [
          {
            field: 'body.name.fr',
            pointer: '/body/name/fr',
            reason: 'holds an invisible or unassigned character (U+200B)',
          },
        ],
      ],
      [400, [{ field: 'body.name.ar', pointer: '/body/name/ar', reason: 'is empty' }]],
      [
        400,
        [{ field: 'body.name.fr', pointer: '/body/name/fr', reason: 'holds a control character (U+0000)' }],
      ],
    ]);
  });

  it('stores an Arabic name and a French one with accents unchanged, composed and trimmed', async () => {
    // Act: the French name typed with a combining grave accent and surrounding blanks.
    const answer = await commit('cofunder-region', {
      fr: '  Conseil de la Re\u0301gion Fe\u0300s-Mekne\u0300s ',
      ar: 'مجلس جهة فاس-مكناس',
    });
    // Assess
    expect(answer.status).toBe(201);
    const events = await api.streamEvents(`grants-${ROLLOUT}`);
    expect(events.map((event) => (event.data as { name: unknown }).name)).toEqual([
      { fr: 'Conseil de la R\u00E9gion F\u00E8s-Mekn\u00E8s', ar: 'مجلس جهة فاس-مكناس' },
    ]);
  });
});

describe("a partner's signed report", () => {
  it('refuses a province holding a bidirectional isolate, naming the field', async () => {
    // Act
    const answer = await sendSignedWebhook(api, 'amsed', partnerSecret, {
      type: 'session.held',
      data: {
        rolloutId: ROLLOUT,
        sessionId: 's-1',
        module: 'M1',
        date: '2026-02-20',
        province: '\u2067Fès\u2069',
      },
    });
    // Assess
    expect([answer.status, answer.json.code]).toEqual([400, 'VALIDATION_FAILED']);
    expect(answer.json.errors).toEqual([
      {
        field: 'body.data.province',
        pointer: '/body/data/province',
        reason: 'holds a bidirectional control character (U+2067)',
      },
    ]);
  });
});
