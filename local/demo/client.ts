import { createHash } from 'node:crypto';
import { Webhook } from 'standardwebhooks';
import { codedError, isErrorWithCode } from '../../functions/domain/shared/coded-error.js';

// The demo's HTTP client: commands with an Idempotency-Key derived from the step, partner reports
// signed per Standard Webhooks with a webhook id derived from the step, and reads. A rerun sends
// the same keys and ids, so the API answers what it answered before and appends nothing twice.

/** An answer as the demo reads it. */
export interface DemoAnswer {
  readonly status: number;
  readonly text: string;
  // biome-ignore lint/suspicious/noExplicitAny: the demo reads answers loosely; the API's schemas are checked by its routes
  readonly json: any;
}

/** An answer as fetched: its status, headers and text, and its JSON when it says it is JSON. */
export interface FetchedAnswer extends DemoAnswer {
  readonly headers: Headers;
}

/** One HTTP exchange by `fetch` (it throws when the server does not answer). */
export const fetchAnswer = async (
  url: string,
  method: string,
  headers: Record<string, string>,
  body?: string | Buffer,
): Promise<FetchedAnswer> => {
  const response = await fetch(url, { method, headers, ...(body === undefined ? {} : { body }) });
  const text = await response.text();
  const json =
    /json/.test(response.headers.get('content-type') ?? '') && text.length > 0 ? JSON.parse(text) : undefined;
  return { status: response.status, headers: response.headers, text, json };
};

/** The address partner `partnerId` posts its signed reports to. */
export const partnerWebhookPath = (partnerId: string): string => `/webhooks/partners/${partnerId}`;

/** The headers of a partner's JSON report per Standard Webhooks: its id, its time and its signature. */
export const partnerWebhookHeaders = (
  webhookId: string,
  timestamp: Date,
  signature: string,
): Record<string, string> => ({
  'content-type': 'application/json',
  'webhook-id': webhookId,
  'webhook-timestamp': String(Math.floor(timestamp.getTime() / 1000)),
  'webhook-signature': signature,
});

/** The code of a `DemoRequestError`. */
export const DEMO_REQUEST_FAILED = 'DEMO_REQUEST_FAILED';

/** A request the API refused (or a server that does not answer): the step, the status and the answer. */
export interface DemoRequestError extends Error {
  readonly code: typeof DEMO_REQUEST_FAILED;
  readonly step: string;
  /** 0 when the server did not answer. */
  readonly status: number;
  readonly problemCode: string | undefined;
}

/** Whether an error is a `DemoRequestError` (by its code). */
export const isDemoRequestError = isErrorWithCode<DemoRequestError>(DEMO_REQUEST_FAILED);

/** A refusal (or silence) of the server at `step`, as a `DemoRequestError`. */
export const requestError = (
  step: string,
  status: number,
  problemCode: string | undefined,
  detail: string,
  cause?: unknown,
): DemoRequestError =>
  codedError(
    'DemoRequestError',
    DEMO_REQUEST_FAILED,
    `${step}: ${status === 0 ? 'no answer' : status} ${detail}`,
    { step, status, problemCode },
    { cause },
  );

/** What a command may answer besides success and still count as done (e.g. `AGREEMENT_ALREADY_SIGNED`). */
export type AlreadyDone = readonly string[];

/** Where the server is, the prefix of every key, and how patient the client is. */
export interface DemoClientOptions {
  readonly url: string;
  /** Prefixes every Idempotency-Key and webhook id, so two demos on one server never collide. */
  readonly runKey: string;
  /** How long to keep retrying an answer that may change (a claim still held, a 5xx, no answer). */
  readonly patienceMs?: number;
  /** Called after every request, for the progress bar. */
  readonly onRequest?: () => void;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Keys hold 1 to 200 of `A-Za-z0-9._:+/=-`; a step name may hold anything else (a province's accent). */
const keyOf = (text: string): string => {
  const cleaned = text.normalize('NFD').replace(/[^A-Za-z0-9._:+/=-]/g, '-');
  return cleaned.length <= 200 ? cleaned : cleaned.slice(0, 200);
};

/** Answers worth another try: a claim still held by an attempt that died, a conflict, the server busy or gone. */
const isTransient = (status: number, problemCode: string | undefined): boolean =>
  status === 0 ||
  status >= 500 ||
  status === 429 ||
  problemCode === 'IDEMPOTENCY_KEY_IN_USE' ||
  problemCode === 'CONCURRENCY_CONFLICT';

/** The demo's HTTP client over one server. */
export class DemoClient {
  readonly url: string;
  readonly #runKey: string;
  readonly #patienceMs: number;
  readonly #onRequest: (() => void) | undefined;

  constructor(options: DemoClientOptions) {
    this.url = options.url.replace(/\/$/, '');
    this.#runKey = options.runKey;
    this.#patienceMs = options.patienceMs ?? 90_000;
    this.#onRequest = options.onRequest;
  }

  /** One HTTP exchange; status 0 when the server does not answer. */
  async #send(
    method: string,
    path: string,
    headers: Record<string, string>,
    body?: string,
  ): Promise<DemoAnswer> {
    try {
      const { status, text, json } = await fetchAnswer(`${this.url}${path}`, method, headers, body);
      return { status, text, json };
    } catch (error) {
      return { status: 0, text: (error as Error).message, json: undefined };
    } finally {
      this.#onRequest?.();
    }
  }

  /** Sends until the answer is final or patience runs out; no answer at all gives up sooner. */
  async #sendPatiently(step: string, exchange: () => Promise<DemoAnswer>): Promise<DemoAnswer> {
    const started = Date.now();
    let unanswered = 0;
    for (let attempt = 1; ; attempt += 1) {
      const answer = await exchange();
      const problemCode: string | undefined = answer.json?.code;
      if (!isTransient(answer.status, problemCode)) return answer;
      unanswered = answer.status === 0 ? unanswered + 1 : 0;
      // A server that is gone stays gone: a few tries, then the demo stops (and a rerun resumes).
      if (unanswered >= 5 || Date.now() - started > this.#patienceMs) {
        throw requestError(step, answer.status, problemCode, answer.text.slice(0, 300));
      }
      await sleep(Math.min(1_000, 50 * attempt));
    }
  }

  /** A read (GET) with a token; undefined on 404. */
  // biome-ignore lint/suspicious/noExplicitAny: see DemoAnswer
  async read(path: string, token: string): Promise<any> {
    const answer = await this.#sendPatiently(`GET ${path}`, () =>
      this.#send('GET', path, { authorization: `Bearer ${token}` }),
    );
    if (answer.status === 404) return undefined;
    if (answer.status >= 300)
      throw requestError(`GET ${path}`, answer.status, answer.json?.code, answer.text);
    return answer.json;
  }

  /** A stream's events in version order (type and data), read page by page with a token. */
  async streamEvents(streamId: string, token: string): Promise<{ type: string; data: unknown }[]> {
    const events: { type: string; data: unknown }[] = [];
    for (let from: number | null = 1; from !== null; ) {
      const page = await this.read(`/streams/${streamId}/events?fromVersion=${from}&limit=500`, token);
      events.push(...((page?.events ?? []) as { type: string; data: unknown }[]));
      from = page?.nextVersion ?? null;
    }
    return events;
  }

  /**
   * A command as `step`: its Idempotency-Key is derived from the step, so a rerun re-sends it
   * safely. An answer coded as one of `alreadyDone` counts as done (the rules refuse a repeat).
   */
  async command(
    step: string,
    method: 'POST' | 'PUT',
    path: string,
    token: string,
    body?: unknown,
    alreadyDone: AlreadyDone = [],
  ): Promise<DemoAnswer> {
    const headers: Record<string, string> = {
      authorization: `Bearer ${token}`,
      'idempotency-key': keyOf(`${this.#runKey}:${step}`),
    };
    const text = body === undefined ? undefined : JSON.stringify(body);
    if (text !== undefined) headers['content-type'] = 'application/json';
    const answer = await this.#sendPatiently(step, () => this.#send(method, path, headers, text));
    if (answer.status < 300 || alreadyDone.includes(answer.json?.code)) return answer;
    throw requestError(step, answer.status, answer.json?.code, answer.text.slice(0, 500));
  }

  /**
   * A partner's report, signed with its secret, as `step`: the webhook id is derived from the step.
   * A delivery already received is done, unless it was received and then lost (the server died
   * between recording the delivery and appending): it is sent once more under a second id, which
   * the rules turn into nothing when the report was in fact recorded.
   */
  async report(step: string, partnerId: string, secret: string, payload: unknown): Promise<DemoAnswer> {
    const body = JSON.stringify(payload);
    const signer = new Webhook(secret);
    const deliver = (webhookId: string) =>
      this.#sendPatiently(step, () => {
        const timestamp = new Date();
        return this.#send(
          'POST',
          partnerWebhookPath(partnerId),
          partnerWebhookHeaders(webhookId, timestamp, signer.sign(webhookId, timestamp, body)),
          body,
        );
      });
    // Webhook ids hold at most 128 characters: a digest of the step keeps them short and stable.
    const digest = createHash('sha256').update(`${this.#runKey}:${step}`).digest('base64url').slice(0, 32);
    const webhookId = `msg_${digest}`;
    let answer = await deliver(webhookId);
    if (answer.json?.code === 'REPLAYED_DELIVERY') answer = await deliver(`${webhookId}_again`);
    if (answer.status < 300 || answer.json?.code === 'REPLAYED_DELIVERY') return answer;
    throw requestError(step, answer.status, answer.json?.code, answer.text.slice(0, 500));
  }

  /** Whether a Naseej server answers at this url. */
  async answers(): Promise<boolean> {
    const answer = await this.#send('GET', '/openapi.json', {});
    return answer.status === 200;
  }
}
