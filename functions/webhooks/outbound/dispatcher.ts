import { Webhook } from 'standardwebhooks';
import { type BackoffPolicy, backoffDelay, describeFailure, sleep as realSleep } from '../../bus/backoff.js';
import type { BusEvent } from '../../bus/event-shape.js';
import { compilePattern } from '../../bus/pattern.js';
import { parkedDeliveryNotFoundError, webhookSubscriptionNotFoundError } from './errors.js';
import { fetchWebhookSender, type WebhookSender } from './http-sender.js';
import type { OutboundWebhookStore, ParkedDelivery } from './store.js';
import { type WebhookSubscription, webhookIdFor, webhookPayload } from './subscription.js';

// The outbound partner-webhook dispatcher: for each event, every active subscription with a
// matching pattern gets one POST signed per Standard Webhooks (webhook-id, webhook-timestamp,
// webhook-signature = v1,HMAC-SHA256 of `id.timestamp.body`), retried with exponential backoff,
// and parked after the last attempt until someone replays it. The same code runs locally (called
// by the local bus) and on AWS (a Lambda fed by an SQS queue; see docs/adr/0020-publishing.md).

/** How many tries a delivery gets, and the waits between them. */
export interface DeliveryRetryPolicy extends BackoffPolicy {
  /** Counts the first try. */
  readonly maxAttempts: number;
}

/** Five tries over about 15 s: 1 s, 2 s, 4 s, 8 s between them. */
export const DEFAULT_DELIVERY_RETRY: DeliveryRetryPolicy = {
  maxAttempts: 5,
  baseDelayMs: 1_000,
  maxDelayMs: 8_000,
};

export interface WebhookDispatcherOptions {
  readonly store: OutboundWebhookStore;
  readonly send?: WebhookSender;
  readonly retry?: DeliveryRetryPolicy;
  /** Per request; defaults to 10 s. */
  readonly timeoutMs?: number;
  /** Stamps `webhook-timestamp`; partners refuse stamps more than 5 minutes away from their clock. */
  readonly clock?: () => Date;
  readonly sleep?: (milliseconds: number) => Promise<void>;
}

/** What became of one delivery (one event to one subscription). */
export interface DeliveryOutcome {
  readonly webhookId: string;
  readonly subscriptionId: string;
  readonly partnerId: string;
  readonly outcome: 'delivered' | 'parked';
  /** Attempts in this round. */
  readonly attempts: number;
  readonly lastStatus?: number;
  readonly lastError?: string;
}

/** Delivers bus events to the partners subscribed to them. */
export class WebhookDispatcher {
  readonly #store: OutboundWebhookStore;
  readonly #send: WebhookSender;
  readonly #retry: DeliveryRetryPolicy;
  readonly #timeoutMs: number;
  readonly #clock: () => Date;
  readonly #sleep: (milliseconds: number) => Promise<void>;

  constructor(options: WebhookDispatcherOptions) {
    this.#store = options.store;
    this.#send = options.send ?? fetchWebhookSender;
    this.#retry = options.retry ?? DEFAULT_DELIVERY_RETRY;
    this.#timeoutMs = options.timeoutMs ?? 10_000;
    this.#clock = options.clock ?? (() => new Date());
    this.#sleep = options.sleep ?? realSleep;
  }

  /** Delivers the event to every active subscription that matches it (in parallel). */
  async dispatch(event: BusEvent): Promise<readonly DeliveryOutcome[]> {
    return this.dispatchAll([event]);
  }

  /**
   * Delivers events in their order, each to every active subscription that matches it (in
   * parallel), reading the subscriptions once for all of them (a page of the local change feed).
   */
  async dispatchAll(events: readonly BusEvent[]): Promise<readonly DeliveryOutcome[]> {
    const active = (await this.#store.listSubscriptions()).filter((subscription) => subscription.active);
    const outcomes: DeliveryOutcome[] = [];
    for (const event of events) {
      const matching = active.filter((subscription) => subscriptionMatches(subscription, event));
      outcomes.push(
        ...(await Promise.all(matching.map((subscription) => this.deliver(subscription, event)))),
      );
    }
    return outcomes;
  }

  /** Delivers one event to one subscription, retrying, and parks it after the last attempt. */
  async deliver(
    subscription: WebhookSubscription,
    event: BusEvent,
    earlier?: ParkedDelivery,
  ): Promise<DeliveryOutcome> {
    const webhookId = webhookIdFor(subscription.id, event.detail.eventId);
    const body = JSON.stringify(webhookPayload(event));
    const signer = new Webhook(subscription.secret);
    const firstAttemptAt = earlier?.firstAttemptAt ?? this.#clock().toISOString();
    const base = { webhookId, subscriptionId: subscription.id, partnerId: subscription.partnerId };
    let lastStatus: number | undefined;
    let lastError = '';
    for (let attempt = 1; attempt <= this.#retry.maxAttempts; attempt += 1) {
      const wait = backoffDelay(this.#retry, attempt);
      if (wait > 0) await this.#sleep(wait);
      // Each attempt is stamped and signed anew: the timestamp says when it was sent.
      const sentAt = this.#clock();
      const headers = {
        'content-type': 'application/json',
        'webhook-id': webhookId,
        'webhook-timestamp': String(Math.floor(sentAt.getTime() / 1_000)),
        'webhook-signature': signer.sign(webhookId, sentAt, body),
      };
      try {
        const { status } = await this.#send({
          url: subscription.url,
          headers,
          body,
          timeoutMs: this.#timeoutMs,
        });
        lastStatus = status;
        if (status >= 200 && status < 300)
          return { ...base, outcome: 'delivered', attempts: attempt, lastStatus };
        lastError = `HTTP ${status}`;
      } catch (error) {
        lastStatus = undefined;
        lastError = describeFailure(error);
      }
    }
    await this.#store.park({
      ...base,
      event,
      attempts: (earlier?.attempts ?? 0) + this.#retry.maxAttempts,
      ...(lastStatus === undefined ? {} : { lastStatus }),
      lastError,
      firstAttemptAt,
      parkedAt: this.#clock().toISOString(),
    });
    return {
      ...base,
      outcome: 'parked',
      attempts: this.#retry.maxAttempts,
      ...(lastStatus === undefined ? {} : { lastStatus }),
      lastError,
    };
  }

  /** Parked deliveries, oldest first. */
  listParked(): Promise<readonly ParkedDelivery[]> {
    return this.#store.listParked();
  }

  /**
   * Delivers a parked delivery again with the subscription as it is now (a fixed URL, a rotated
   * secret), the same webhook-id and a fresh round of retries; unparks it when delivered.
   */
  async replay(webhookId: string): Promise<DeliveryOutcome> {
    const parked = await this.#store.getParked(webhookId);
    if (!parked) throw parkedDeliveryNotFoundError(webhookId);
    const subscription = await this.#store.getSubscription(parked.subscriptionId);
    if (!subscription) throw webhookSubscriptionNotFoundError(parked.subscriptionId);
    const outcome = await this.deliver(subscription, parked.event, parked);
    if (outcome.outcome === 'delivered') await this.#store.removeParked(webhookId);
    return outcome;
  }

  /** Replays every parked delivery, one after the other. */
  async replayAll(): Promise<readonly DeliveryOutcome[]> {
    const outcomes: DeliveryOutcome[] = [];
    for (const parked of await this.#store.listParked()) outcomes.push(await this.replay(parked.webhookId));
    return outcomes;
  }
}

const compiled = new WeakMap<object, (event: unknown) => boolean>();

/** Whether any of the subscription's patterns matches the event. */
export const subscriptionMatches = (subscription: WebhookSubscription, event: BusEvent): boolean =>
  subscription.eventPatterns.some((pattern) => {
    let matches = compiled.get(pattern);
    if (!matches) {
      matches = compilePattern(pattern);
      compiled.set(pattern, matches);
    }
    return matches(event);
  });
