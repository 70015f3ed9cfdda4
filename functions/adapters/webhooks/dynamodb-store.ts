import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { SlottedPartition } from '../dynamodb/slots.js';
import type { OutboundWebhookStore, ParkedDelivery } from './store.js';
import type { WebhookSubscription } from './subscription.js';

/** The partition of the event store table holding partner subscriptions. */
export const SUBSCRIPTIONS_PARTITION = 'subscription#all';
/** The partition of the event store table holding parked deliveries. */
export const PARKED_DELIVERIES_PARTITION = 'delivery#parked';

export interface DynamoDbOutboundWebhookStoreOptions {
  readonly client: DynamoDBClient;
  /** The event store table; these records live under `subscription#` and `delivery#` keys. */
  readonly tableName: string;
}

/**
 * Subscriptions and parked deliveries as items of the event store table, each collection in one
 * partition (see functions/adapters/dynamodb/slots.ts). Secrets are stored with the subscription:
 * this adapter is for the embedded runtime; on AWS the secret lives in Secrets Manager.
 */
export class DynamoDbOutboundWebhookStore implements OutboundWebhookStore {
  readonly #subscriptions: SlottedPartition;
  readonly #parked: SlottedPartition;

  constructor(options: DynamoDbOutboundWebhookStoreOptions) {
    this.#subscriptions = new SlottedPartition(options.client, options.tableName, SUBSCRIPTIONS_PARTITION);
    this.#parked = new SlottedPartition(options.client, options.tableName, PARKED_DELIVERIES_PARTITION);
  }

  putSubscription(subscription: WebhookSubscription): Promise<void> {
    return this.#subscriptions.upsert(subscription.id, JSON.stringify(subscription));
  }

  async getSubscription(id: string): Promise<WebhookSubscription | undefined> {
    const record = await this.#subscriptions.find(id);
    return record && (JSON.parse(record.payload) as WebhookSubscription);
  }

  async listSubscriptions(): Promise<readonly WebhookSubscription[]> {
    return (await this.#subscriptions.list()).map(
      (record) => JSON.parse(record.payload) as WebhookSubscription,
    );
  }

  removeSubscription(id: string): Promise<void> {
    return this.#subscriptions.remove(id);
  }

  park(delivery: ParkedDelivery): Promise<void> {
    return this.#parked.upsert(delivery.webhookId, JSON.stringify(delivery));
  }

  async getParked(webhookId: string): Promise<ParkedDelivery | undefined> {
    const record = await this.#parked.find(webhookId);
    return record && (JSON.parse(record.payload) as ParkedDelivery);
  }

  async listParked(): Promise<readonly ParkedDelivery[]> {
    return (await this.#parked.list()).map((record) => JSON.parse(record.payload) as ParkedDelivery);
  }

  removeParked(webhookId: string): Promise<void> {
    return this.#parked.remove(webhookId);
  }
}
