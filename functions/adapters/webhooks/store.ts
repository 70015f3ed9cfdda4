import type { BusEvent } from '../../application/bus/event-shape.js';
import type { WebhookSubscription } from './subscription.js';

/** A delivery that failed every attempt, kept until someone replays it. */
export interface ParkedDelivery {
  /** The Standard Webhooks `webhook-id`: stable per (subscription, event), reused by replays. */
  readonly webhookId: string;
  readonly subscriptionId: string;
  readonly partnerId: string;
  readonly event: BusEvent;
  /** Attempts made over every round (first delivery and replays). */
  readonly attempts: number;
  /** The receiver's last HTTP status, absent when it could not be reached. */
  readonly lastStatus?: number;
  readonly lastError: string;
  readonly firstAttemptAt: string;
  readonly parkedAt: string;
}

/**
 * Subscriptions and parked deliveries. Every adapter passes one contract suite
 * (test/support/bus-webhook-store-contract.ts).
 */
export interface OutboundWebhookStore {
  /** Creates or replaces a subscription (by id). */
  putSubscription(subscription: WebhookSubscription): Promise<void>;
  getSubscription(id: string): Promise<WebhookSubscription | undefined>;
  listSubscriptions(): Promise<readonly WebhookSubscription[]>;
  removeSubscription(id: string): Promise<void>;
  /** Parks a delivery; parking the same webhook id again replaces the earlier record. */
  park(delivery: ParkedDelivery): Promise<void>;
  getParked(webhookId: string): Promise<ParkedDelivery | undefined>;
  /** Parked deliveries, oldest first. */
  listParked(): Promise<readonly ParkedDelivery[]>;
  removeParked(webhookId: string): Promise<void>;
}

/** Subscriptions and parked deliveries in memory (unit tests, throwaway local runs). */
export class InMemoryOutboundWebhookStore implements OutboundWebhookStore {
  readonly #subscriptions = new Map<string, WebhookSubscription>();
  readonly #parked = new Map<string, ParkedDelivery>();

  async putSubscription(subscription: WebhookSubscription): Promise<void> {
    this.#subscriptions.set(subscription.id, structuredClone(subscription));
  }

  async getSubscription(id: string): Promise<WebhookSubscription | undefined> {
    const found = this.#subscriptions.get(id);
    return found && structuredClone(found);
  }

  async listSubscriptions(): Promise<readonly WebhookSubscription[]> {
    return [...this.#subscriptions.values()].map((subscription) => structuredClone(subscription));
  }

  async removeSubscription(id: string): Promise<void> {
    this.#subscriptions.delete(id);
  }

  async park(delivery: ParkedDelivery): Promise<void> {
    // Map keeps first-insertion order, so a re-parked delivery keeps its place in the list.
    this.#parked.set(delivery.webhookId, structuredClone(delivery));
  }

  async getParked(webhookId: string): Promise<ParkedDelivery | undefined> {
    const found = this.#parked.get(webhookId);
    return found && structuredClone(found);
  }

  async listParked(): Promise<readonly ParkedDelivery[]> {
    return [...this.#parked.values()].map((delivery) => structuredClone(delivery));
  }

  async removeParked(webhookId: string): Promise<void> {
    this.#parked.delete(webhookId);
  }
}
