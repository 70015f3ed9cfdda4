import type { OutboundWebhookStore, ParkedDelivery } from '../functions/adapters/webhooks/store.js';
import type { WebhookSubscription } from '../functions/adapters/webhooks/subscription.js';
import { LOCAL_SECRETS_MAX_AGE_SECONDS } from './partner-secret-cache.js';

// The outbound subscriptions as the local dispatcher sees them, neither fresher nor staler than the
// dispatcher's function on AWS (functions/handlers/webhook-dispatcher.ts, docs/parity.md):
//
// - The records (URL, patterns, active): on AWS a consistent query of the table for each event,
//   so a subscription created, changed or revoked reaches the next event delivered. Locally the
//   only writer of those records is the partner administration of this process, which writes
//   through this store: the list is kept in memory and dropped by each write, so the next event
//   delivered sees it too. (The dispatcher listed them once per page of the feed: 0.10–0.19
//   queries per event, docs/benchmarks.md.)
// - The signing secret: on AWS each active subscription's secret comes from Secrets Manager through
//   Powertools' `SecretsProvider`, kept `SIGNING_SECRETS_MAX_AGE_SECONDS` (300 s) from its read
//   (functions/adapters/secrets-manager.ts). A rotated secret therefore signs deliveries only once
//   the one read before has aged out. Locally the secret is in the record; it is kept as long.
//
// `getSubscription` reads through: on AWS the replay of a parked delivery runs in the partner
// administration's function, whose secrets are read uncached (`maxAgeSeconds: 0`).

export interface CachedSubscriptionStoreOptions {
  /** The records; every write of them goes through this store (the local runtime's only writer). */
  readonly store: OutboundWebhookStore;
  /** The runtime's clock. */
  readonly clock: () => Date;
  /** Seconds a subscription's secret is reused; defaults to the AWS side's 300 s. */
  readonly secretMaxAgeSeconds?: number;
}

/** Subscriptions listed from memory until a write, their secrets reused for the AWS lifetime. */
export class CachedSubscriptionStore implements OutboundWebhookStore {
  readonly #store: OutboundWebhookStore;
  readonly #clock: () => Date;
  readonly #secretMaxAgeMs: number;
  #records: readonly WebhookSubscription[] | undefined;
  /** Moves at the start and at the end of every write: a list that saw it move is not kept. */
  #writes = 0;
  readonly #secrets = new Map<string, { readonly secret: string; readonly readAt: number }>();

  constructor(options: CachedSubscriptionStoreOptions) {
    this.#store = options.store;
    this.#clock = options.clock;
    this.#secretMaxAgeMs = (options.secretMaxAgeSeconds ?? LOCAL_SECRETS_MAX_AGE_SECONDS) * 1000;
  }

  putSubscription(subscription: WebhookSubscription): Promise<void> {
    return this.#write(() => this.#store.putSubscription(subscription));
  }

  removeSubscription(id: string): Promise<void> {
    return this.#write(() => this.#store.removeSubscription(id));
  }

  getSubscription(id: string): Promise<WebhookSubscription | undefined> {
    return this.#store.getSubscription(id);
  }

  /** Active subscriptions with the secret the AWS dispatcher would sign with; inactive ones as stored. */
  async listSubscriptions(): Promise<readonly WebhookSubscription[]> {
    const records = await this.#currentRecords();
    const now = this.#clock().getTime();
    for (const id of this.#secrets.keys()) {
      if (!records.some((record) => record.id === id && record.active)) this.#secrets.delete(id);
    }
    return records.map((record) => {
      if (!record.active) return record;
      let kept = this.#secrets.get(record.id);
      if (kept === undefined || now - kept.readAt >= this.#secretMaxAgeMs) {
        kept = { secret: record.secret, readAt: now };
        this.#secrets.set(record.id, kept);
      }
      return kept.secret === record.secret ? record : { ...record, secret: kept.secret };
    });
  }

  park(delivery: ParkedDelivery): Promise<void> {
    return this.#store.park(delivery);
  }

  getParked(webhookId: string): Promise<ParkedDelivery | undefined> {
    return this.#store.getParked(webhookId);
  }

  listParked(): Promise<readonly ParkedDelivery[]> {
    return this.#store.listParked();
  }

  removeParked(webhookId: string): Promise<void> {
    return this.#store.removeParked(webhookId);
  }

  async #currentRecords(): Promise<readonly WebhookSubscription[]> {
    if (this.#records !== undefined) return this.#records;
    const mark = this.#writes;
    const records = await this.#store.listSubscriptions();
    // A write that started or ended meanwhile may be missing from what was read: not kept.
    if (mark === this.#writes) this.#records = records;
    return records;
  }

  async #write(write: () => Promise<void>): Promise<void> {
    this.#writes += 1;
    this.#records = undefined;
    try {
      await write();
    } finally {
      this.#writes += 1;
      this.#records = undefined;
    }
  }
}
