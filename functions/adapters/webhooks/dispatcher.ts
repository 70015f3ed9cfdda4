import { Webhook } from 'standardwebhooks';
import {
  type BackoffPolicy,
  backoffDelay,
  describeFailure,
  sleep as realSleep,
} from '../../application/bus/backoff.js';
import type { BusEvent } from '../../application/bus/event-shape.js';
import { compilePattern } from '../../application/bus/pattern.js';
import type { EventStore, StoredEvent } from '../../application/ports/event-store.js';
import type { PartnerRegistry } from '../../application/ports/partner-reports.js';
import { needsHead } from '../../application/projections/projection.js';
import { CLAIM, type Principal, principalFromClaims } from '../http/claims.js';
import { eventScope, mayReadEvent } from '../http/event-access.js';
import { type DestinationPolicy, PUBLIC_DESTINATIONS_ONLY, refusedUrlReason } from './destination.js';
import {
  isWebhookDestinationRefusedError,
  parkedDeliveryNotFoundError,
  webhookDestinationRefusedError,
  webhookSubscriptionNotFoundError,
} from './errors.js';
import { guardedWebhookSender, type WebhookSender } from './http-sender.js';
import type { OutboundWebhookStore, ParkedDelivery } from './store.js';
import { type WebhookSubscription, webhookIdFor, webhookPayload } from './subscription.js';

// The outbound partner-webhook dispatcher: for each event, every active subscription with a
// matching pattern gets one POST signed per Standard Webhooks (webhook-id, webhook-timestamp,
// webhook-signature = v1,HMAC-SHA256 of `id.timestamp.body`), retried with exponential backoff,
// and parked after the last attempt until someone replays it. The same code runs locally (called
// by the local bus) and on AWS (a Lambda fed by an SQS queue; see docs/adr/0020-publishing.md).
// A partner receives only what the API lets it read (functions/adapters/http/event-access.ts): the events
// of its own rollout and the public types; its patterns choose among those, never beyond. It is
// sent only to a public https receiver (destination.ts); a refused destination is parked at once,
// with the reason, and not retried.

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

/** What deliveries are scoped by: who each partner is, and where each event belongs. */
export interface DeliveryScopeSources {
  /** Each partner's association and rollout: the claims a token of that partner would carry. */
  readonly partners: PartnerRegistry;
  /** The event store: the first event of a stream names the rollout of events that do not. */
  readonly events: Pick<EventStore, 'readStream'>;
}

/** Stream heads kept in memory (a head never changes); the oldest is forgotten first. */
const HEAD_CACHE_SIZE = 10_000;

export interface WebhookDispatcherOptions {
  readonly store: OutboundWebhookStore;
  readonly scope: DeliveryScopeSources;
  /** Public https receivers only unless local development or a test allows this machine. */
  readonly destinations?: DestinationPolicy;
  /** Defaults to `guardedWebhookSender(destinations)`; the URL is checked before it is called too. */
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
  readonly #destinations: DestinationPolicy;
  readonly #retry: DeliveryRetryPolicy;
  readonly #timeoutMs: number;
  readonly #clock: () => Date;
  readonly #sleep: (milliseconds: number) => Promise<void>;
  readonly #scope: DeliveryScopeSources;
  readonly #heads = new Map<string, StoredEvent>();

  constructor(options: WebhookDispatcherOptions) {
    this.#store = options.store;
    this.#scope = options.scope;
    this.#destinations = options.destinations ?? PUBLIC_DESTINATIONS_ONLY;
    this.#send = options.send ?? guardedWebhookSender(this.#destinations);
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
    const readers = new Map<string, Promise<Principal>>();
    const outcomes: DeliveryOutcome[] = [];
    for (const event of events) {
      const matching: WebhookSubscription[] = [];
      for (const subscription of active) {
        if (
          subscriptionMatches(subscription, event) &&
          (await this.#mayReceive(subscription, event, readers))
        )
          matching.push(subscription);
      }
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
    let attempts = 0;
    const refused = refusedUrlReason(subscription.url, this.#destinations);
    if (refused !== undefined) lastError = webhookDestinationRefusedError(subscription.url, refused).message;
    for (let attempt = 1; refused === undefined && attempt <= this.#retry.maxAttempts; attempt += 1) {
      attempts = attempt;
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
        // A refused destination stays refused: parked now, with the reason, not retried.
        if (isWebhookDestinationRefusedError(error)) {
          lastError = error.message;
          break;
        }
        lastError = describeFailure(error);
      }
    }
    await this.#store.park({
      ...base,
      event,
      attempts: (earlier?.attempts ?? 0) + attempts,
      ...(lastStatus === undefined ? {} : { lastStatus }),
      lastError,
      firstAttemptAt,
      parkedAt: this.#clock().toISOString(),
    });
    return {
      ...base,
      outcome: 'parked',
      attempts,
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
    if (!(await this.#mayReceive(subscription, parked.event, new Map()))) {
      // The partner may no longer read it (its scope changed): it stays parked, saying why.
      const lastError = `Refused: partner ${subscription.partnerId} may not read this event (not of its rollout, not a public type)`;
      await this.#store.park({ ...parked, lastError, parkedAt: this.#clock().toISOString() });
      return {
        webhookId,
        subscriptionId: subscription.id,
        partnerId: subscription.partnerId,
        outcome: 'parked',
        attempts: 0,
        lastError,
      };
    }
    const outcome = await this.deliver(subscription, parked.event, parked);
    if (outcome.outcome === 'delivered') await this.#store.removeParked(webhookId);
    return outcome;
  }

  /**
   * Whether the subscription's partner may read the event, by the API's rule: the partner acts with
   * the scope its registry record gives it (an unknown partner has none: the public types only).
   */
  async #mayReceive(
    subscription: WebhookSubscription,
    event: BusEvent,
    readers: Map<string, Promise<Principal>>,
  ): Promise<boolean> {
    const type = event.detail.type;
    // The public types need no scope; the rest needs the partner's and the event's rollouts.
    if (mayReadEvent('partner', undefined, type, {})) return true;
    let reader = readers.get(subscription.partnerId);
    if (reader === undefined) {
      reader = this.#partnerPrincipal(subscription.partnerId);
      readers.set(subscription.partnerId, reader);
    }
    const principal = await reader;
    if (principal.partner === undefined) return false;
    const stored = event.detail;
    const head = needsHead(stored) ? await this.#head(stored.streamId) : stored;
    return mayReadEvent('partner', principal, type, eventScope(stored, head));
  }

  /** A partner as the API would see its token: its role, association and rollout. */
  async #partnerPrincipal(partnerId: string): Promise<Principal> {
    const record = await this.#scope.partners.find(partnerId);
    return principalFromClaims({
      sub: partnerId,
      [CLAIM.roles]: ['partner'],
      ...(record === undefined
        ? {}
        : { [CLAIM.association]: record.associationId, [CLAIM.rollout]: record.rolloutId }),
    });
  }

  /** The first event of a stream, from the cache or the store. */
  async #head(streamId: string): Promise<StoredEvent | undefined> {
    const known = this.#heads.get(streamId);
    if (known !== undefined) return known;
    for await (const first of this.#scope.events.readStream(streamId, { fromVersion: 1 })) {
      if (this.#heads.size >= HEAD_CACHE_SIZE) {
        const oldest = this.#heads.keys().next().value;
        if (oldest !== undefined) this.#heads.delete(oldest);
      }
      this.#heads.set(streamId, first);
      return first;
    }
    return undefined;
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
