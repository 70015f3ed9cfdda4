import { Webhook } from 'standardwebhooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Runtime, startRuntime } from '../../../local/runtime.js';
import { type Answer, readAllEvents, send } from '../../support/fuzz-run.js';

// Duplicate storms over real HTTP against the whole runtime in memory: the same command (same
// Idempotency-Key) and the same partner webhook (same webhook-id) sent 1,000 times, all at once.
// A client whose duplicate meets the first still running (409 IDEMPOTENCY_KEY_IN_USE) retries, as
// the answer's Retry-After asks; every duplicate must end with the same answer, and the store must
// hold the command's events once.

const DUPLICATES = 1_000;
const PARTNER_ID = 'partner-storm';

let runtime: Runtime;
let partnerSecret: string;

const jsonRequest = (method: string, path: string, token: string, body: unknown, headers = {}) =>
  send(runtime.url, {
    method,
    path,
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', ...headers },
    body: Buffer.from(JSON.stringify(body)),
  });

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Sends until the answer is not "still running" (409 IDEMPOTENCY_KEY_IN_USE). */
const sendUntilSettled = async (attempt: () => Promise<Answer>): Promise<Answer> => {
  for (;;) {
    const answer = await attempt();
    if (answer.status !== 409 || !answer.body.includes('IDEMPOTENCY_KEY_IN_USE')) return answer;
    await sleep(25);
  }
};

beforeAll(async () => {
  runtime = await startRuntime({ inMemory: true, port: 0, quiet: true });
  const launched = await jsonRequest('POST', '/rollouts', runtime.tokens.ministry, {
    regionCode: 'FM',
    edition: '2026',
  });
  expect(launched.status).toBe(201);
  const registered = await jsonRequest(
    'POST',
    `/partners/${PARTNER_ID}/webhook-secrets`,
    runtime.tokens.ministry,
    {
      associationId: 'assoc-storm',
      rolloutId: 'rollout-FM-2026',
    },
  );
  expect(registered.status).toBe(201);
  partnerSecret = (JSON.parse(registered.body) as { secret: string }).secret;
}, 60_000);

afterAll(async () => {
  await runtime?.stop();
});

describe('duplicate storms', () => {
  it(`${DUPLICATES} concurrent duplicates of a command (one Idempotency-Key) append once and all get the same answer`, async () => {
    // Prepare
    const command = { regionCode: 'CS', edition: '2026' };
    const idempotencyKey = 'storm-launch-CS-2026';

    // Act
    const answers = await Promise.all(
      Array.from({ length: DUPLICATES }, () =>
        sendUntilSettled(() =>
          jsonRequest('POST', '/rollouts', runtime.tokens.ministry, command, {
            'idempotency-key': idempotencyKey,
          }),
        ),
      ),
    );
    await runtime.drainFeed();

    // Assess
    const [first] = answers;
    expect(first?.status).toBe(201);
    expect(new Set(answers.map((answer) => `${answer.status} ${answer.body}`)).size).toBe(1);
    const launches = (await readAllEvents(runtime)).filter(
      (event) => event.type === 'RolloutLaunched' && event.streamId === 'rollout-CS-2026',
    );
    expect(launches).toHaveLength(1);
    const accepted = JSON.parse(first?.body ?? '{}') as { events: { eventId: string }[] };
    expect(launches.map((event) => event.eventId)).toEqual(accepted.events.map((event) => event.eventId));
  }, 120_000);

  it(`${DUPLICATES} concurrent deliveries of one partner webhook (one webhook-id) record the report once`, async () => {
    // Prepare: one delivery, signed once, sent 1,000 times byte for byte
    const at = new Date();
    const report = {
      type: 'session.held',
      data: {
        rolloutId: 'rollout-FM-2026',
        sessionId: 'storm-session',
        module: 'M1',
        // The runtime runs on the real clock: a session held today is on time for the operator.
        date: at.toISOString().slice(0, 10),
        province: 'Fès',
      },
    };
    const body = JSON.stringify(report);
    const webhookId = 'msg_storm_1';
    const headers = {
      'content-type': 'application/json',
      'webhook-id': webhookId,
      'webhook-timestamp': String(Math.floor(at.getTime() / 1000)),
      'webhook-signature': new Webhook(partnerSecret).sign(webhookId, at, body),
    };

    // Act
    const answers = await Promise.all(
      Array.from({ length: DUPLICATES }, () =>
        send(runtime.url, {
          method: 'POST',
          path: `/webhooks/partners/${PARTNER_ID}`,
          headers,
          body: Buffer.from(body),
        }),
      ),
    );
    await runtime.drainFeed();

    // Assess
    const statuses = answers.map((answer) => answer.status);
    expect(statuses.filter((status) => status < 300)).toHaveLength(1);
    expect(statuses.filter((status) => status === 409)).toHaveLength(DUPLICATES - 1);
    for (const answer of answers.filter((candidate) => candidate.status === 409))
      expect(JSON.parse(answer.body)).toMatchObject({ status: 409, code: 'REPLAYED_DELIVERY' });
    const sessions = (await readAllEvents(runtime)).filter(
      (event) =>
        event.type === 'SessionHeld' && (event.data as { sessionId?: string }).sessionId === 'storm-session',
    );
    expect(sessions).toHaveLength(1);
  }, 120_000);
});
