import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type {
  ClaimOutcome,
  IdempotencyClaim,
  IdempotencyStore,
  StoredResponse,
} from '../../../../../functions/application/ports/idempotency.js';
import type { DynaliteServer } from '../../../../../local/dynalite/server.js';
import { startDynalite } from '../../../../support/dynalite.js';
import { tallyRoutes, tallyStreamId } from '../../../../support/http-test-routes.js';
import { type HttpTestServer, startHttpTestServer } from '../../../../support/http-test-server.js';

// ADR 0144: a command whose answer follows from its commit writes its Idempotency-Key's claim and
// nothing more; a retry finds the answer in the commit that carries the key's command id, before
// anything is decided. Real HTTP, real JWTs, on dynalite and on the in-memory twin.

/** Counts what the HTTP layer asks of the records, passing every call on to the real store. */
class CountingIdempotency implements IdempotencyStore {
  inner: IdempotencyStore | undefined;
  readonly calls: string[] = [];

  #store(): IdempotencyStore {
    if (this.inner === undefined) throw new Error('No store yet');
    return this.inner;
  }
  async claim(claim: IdempotencyClaim, options: { now: string; leaseMs: number }): Promise<ClaimOutcome> {
    const outcome = await this.#store().claim(claim, options);
    this.calls.push(`claim:${outcome.kind}`);
    return outcome;
  }
  async complete(claim: IdempotencyClaim, response: StoredResponse, lockedUntil: number): Promise<void> {
    this.calls.push('complete');
    await this.#store().complete(claim, response, lockedUntil);
  }
  async release(claim: IdempotencyClaim, lockedUntil: number): Promise<void> {
    this.calls.push('release');
    await this.#store().release(claim, lockedUntil);
  }
}

const START = Date.parse('2026-03-01T09:00:00.000Z');

describe.each(['dynalite', 'in memory'] as const)('idempotency answered by the commit (%s)', (adapter) => {
  let dynalite: DynaliteServer | undefined;
  let api: HttpTestServer;
  let token: string;
  let now = START;
  const records = new CountingIdempotency();
  let tallyNumber = 0;

  beforeAll(async () => {
    if (adapter === 'dynalite') dynalite = await startDynalite();
    api = await startHttpTestServer(tallyRoutes, {
      ...(dynalite === undefined ? {} : { dynalite }),
      deps: { idempotency: records, clock: () => new Date(now).toISOString() },
    });
    records.inner = api.idempotency;
    token = await api.auth.mint({ subject: 'minister-1', roles: ['ministry'] });
  });

  afterAll(async () => {
    await api?.server.close();
    await dynalite?.stop();
  });

  const newTallyId = () => {
    tallyNumber += 1;
    return `c${tallyNumber}`;
  };

  const post = async (path: string, body: unknown, key: string) => {
    const response = await fetch(`${api.url}${path}`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${token}`,
        'content-type': 'application/json',
        'idempotency-key': key,
      },
      body: JSON.stringify(body),
    });
    return {
      status: response.status,
      etag: response.headers.get('etag'),
      replayed: response.headers.get('idempotent-replayed'),
      body: JSON.parse(await response.text()) as Record<string, unknown>,
    };
  };

  const open = (tallyId: string, key: string, label = 'Sessions') =>
    post(`/tallies/${tallyId}`, { region: 'FM', associationId: 'assoc-amsed', label }, key);

  it('writes the claim only, and answers a retry from the commit though the decider would now refuse', async () => {
    // Prepare
    const tallyId = newTallyId();
    records.calls.length = 0;
    const first = await open(tallyId, `open-${tallyId}`);
    const writesOfTheFirst = [...records.calls];

    // Act: the same request again, at once (the claim is pending, its lease running)
    const retry = await open(tallyId, `open-${tallyId}`);

    // Assess
    expect(first.status).toBe(201);
    expect(writesOfTheFirst).toEqual(['claim:acquired']);
    expect(retry).toEqual({ ...first, replayed: 'true' });
    expect(first.body).toMatchObject({ streamId: `tally-${tallyId}`, version: 1 });
    expect(records.calls).toEqual(['claim:acquired', 'claim:in-progress']);
    expect(await api.streamEvents(tallyStreamId(tallyId))).toHaveLength(1);
  });

  it('answers from the commit after the lease ran out, taking the claim over and writing nothing more', async () => {
    // Prepare
    const tallyId = newTallyId();
    const first = await open(tallyId, `late-${tallyId}`);
    now += 5 * 60_000;
    records.calls.length = 0;

    // Act
    const retry = await open(tallyId, `late-${tallyId}`);

    // Assess
    expect(retry).toEqual({ ...first, replayed: 'true' });
    expect(records.calls).toEqual(['claim:taken-over']);
    expect(await api.streamEvents(tallyStreamId(tallyId))).toHaveLength(1);
  });

  it('refuses the key with another body (or another route) with 422, appending nothing', async () => {
    // Prepare
    const tallyId = newTallyId();
    const other = newTallyId();
    await open(tallyId, `reuse-${tallyId}`);

    // Act
    const reusedBody = await open(tallyId, `reuse-${tallyId}`, 'Another label');
    const reusedElsewhere = await open(other, `reuse-${tallyId}`);

    // Assess
    expect(reusedBody.status).toBe(422);
    expect(reusedBody.body).toMatchObject({ code: 'IDEMPOTENCY_KEY_REUSED' });
    expect(reusedElsewhere.status).toBe(422);
    expect(await api.streamEvents(tallyStreamId(tallyId))).toHaveLength(1);
    expect(await api.streamEvents(tallyStreamId(other))).toHaveLength(0);
  });

  it('keeps a refusal in the record, which answers its retry (a refusal has no commit)', async () => {
    // Prepare: 995 + 10 is over the limit of 1000; once the tally is lower it would pass
    const tallyId = newTallyId();
    await open(tallyId, `open-${tallyId}`);
    for (const [index, amount] of [100, 100, 100, 100, 100, 100, 100, 100, 100, 95].entries())
      expect(
        (await post(`/tallies/${tallyId}/additions`, { amount }, `fill-${tallyId}-${index}`)).status,
      ).toBe(200);
    records.calls.length = 0;

    // Act
    const refused = await post(`/tallies/${tallyId}/additions`, { amount: 10 }, `over-${tallyId}`);
    const retry = await post(`/tallies/${tallyId}/additions`, { amount: 10 }, `over-${tallyId}`);

    // Assess
    expect(refused.status).toBe(422);
    expect(refused.body).toMatchObject({ code: 'TALLY_LIMIT' });
    expect(retry).toMatchObject({ status: 422, replayed: 'true' });
    expect(records.calls).toEqual(['claim:acquired', 'complete', 'claim:completed']);
  });

  it('gives concurrent duplicates one effect and one answer (409 only while the first has not committed)', async () => {
    // Prepare
    const tallyId = newTallyId();
    const settle = async () => {
      for (;;) {
        const answer = await open(tallyId, `storm-${tallyId}`);
        if (answer.status !== 409) return answer;
        expect(answer.body).toMatchObject({ code: 'IDEMPOTENCY_KEY_IN_USE' });
      }
    };

    // Act
    const answers = await Promise.all(Array.from({ length: 8 }, settle));

    // Assess
    expect(
      new Set(answers.map((answer) => JSON.stringify([answer.status, answer.etag, answer.body]))).size,
    ).toBe(1);
    expect(answers[0]?.status).toBe(201);
    expect(await api.streamEvents(tallyStreamId(tallyId))).toHaveLength(1);
  });

  it('answers a retry from the commit after a 5xx that followed the append, and keeps the key bound', async () => {
    // Prepare: the append lands, then the attempt fails (500): its claim is released
    const tallyId = newTallyId();
    api.store.landNextAppendThen(async () => {
      throw new Error('lost after the write');
    });
    const lost = await open(tallyId, `lost-${tallyId}`);

    // Act
    const retry = await open(tallyId, `lost-${tallyId}`);
    const another = await open(tallyId, `lost-${tallyId}`, 'Another label');

    // Assess
    expect(lost.status).toBe(500);
    expect(retry).toMatchObject({ status: 201, replayed: 'true', body: { version: 1 } });
    expect([another.status, another.body.code]).toEqual([422, 'IDEMPOTENCY_KEY_REUSED']);
    expect(await api.streamEvents(tallyStreamId(tallyId))).toHaveLength(1);
  });

  it('answers a retry from the commit when the first attempt stopped after its append, without a second effect', async () => {
    // Prepare: the first attempt appends, then its process stops before it answers or writes
    // anything more (its claim stays pending, as a Lambda timed out leaves it)
    const tallyId = newTallyId();
    api.store.landNextAppendThen(() => new Promise(() => undefined));
    // Never answered: the server closes its socket at the end.
    open(tallyId, `crash-${tallyId}`).catch(() => undefined);
    while ((await api.streamEvents(tallyStreamId(tallyId))).length === 0)
      await new Promise((r) => setImmediate(r));

    // Act: within the lease, then after it
    const during = await open(tallyId, `crash-${tallyId}`);
    now += 5 * 60_000;
    const after = await open(tallyId, `crash-${tallyId}`);

    // Assess
    expect(during).toMatchObject({ status: 201, replayed: 'true', body: { version: 1 } });
    expect(after).toEqual(during);
    expect(await api.streamEvents(tallyStreamId(tallyId))).toHaveLength(1);
  });
});
