import {
  DeleteItemCommand,
  type DynamoDBClient,
  GetItemCommand,
  PutItemCommand,
  QueryCommand,
  UpdateItemCommand,
} from '@aws-sdk/client-dynamodb';
import { marshall, unmarshall } from '@aws-sdk/util-dynamodb';
import {
  InboxEntry,
  type NotificationClaim,
  type NotificationLedger,
} from '../../application/ports/notifications.js';
import { isConditionFailure } from './conditions.js';
import { toStoreError } from './event-store.js';

// What was notified to whom (docs/adr/0103-notifications.md), on the event store table:
// - `notification#<eventId>#<recipientId>` (sk 0): the idempotency record of one notification,
//   claimed with a conditional put before anything is sent, so a redelivered event sends nothing;
// - `inbox#<recipientId>` (sk: the event's time in ms, + 1 on a clash): the person's notifications,
//   newest first: the workspace's read model.

export const notificationKey = (eventId: string, recipientId: string): string =>
  `notification#${eventId}#${recipientId}`;
export const inboxKey = (recipientId: string): string => `inbox#${recipientId}`;

/** How long a record stays (a TTL on AWS): long past any redelivery (SQS keeps 14 days at most). */
export const NOTIFICATION_RECORD_DAYS = 90;

export class DynamoDbNotificationLedger implements NotificationLedger {
  readonly #client: DynamoDBClient;
  readonly #tableName: string;

  constructor(options: { readonly client: DynamoDBClient; readonly tableName: string }) {
    this.#client = options.client;
    this.#tableName = options.tableName;
  }

  /**
   * Claims the notification of `eventId` to `recipientId`: `acquired` (send it, then `complete`
   * or `release`), `done` (it was sent: do nothing) or `in-progress` (another delivery holds it
   * until `lockedUntil`). A claim whose holder died is taken over once its lease ran out.
   */
  async claim(
    eventId: string,
    recipientId: string,
    nowMs: number,
    leaseMs: number,
  ): Promise<NotificationClaim> {
    const Key = marshall({ pk: notificationKey(eventId, recipientId), sk: 0 });
    try {
      for (let round = 0; round < 3; round += 1) {
        try {
          await this.#client.send(
            new PutItemCommand({
              TableName: this.#tableName,
              Item: marshall({
                pk: notificationKey(eventId, recipientId),
                sk: 0,
                state: 'pending',
                lockedUntil: nowMs + leaseMs,
                expiresAt: Math.floor(nowMs / 1000) + NOTIFICATION_RECORD_DAYS * 86_400,
              }),
              ConditionExpression: 'attribute_not_exists(pk)',
            }),
          );
          return { kind: 'acquired' };
        } catch (error) {
          if (!isConditionFailure(error)) throw error;
        }
        const found = await this.#client.send(
          new GetItemCommand({ TableName: this.#tableName, Key, ConsistentRead: true }),
        );
        if (found.Item === undefined) continue; // released meanwhile
        const record = unmarshall(found.Item);
        if (record.state !== 'pending') return { kind: 'done' };
        const lockedUntil = Number(record.lockedUntil);
        if (lockedUntil > nowMs) return { kind: 'in-progress', lockedUntil };
        try {
          await this.#client.send(
            new UpdateItemCommand({
              TableName: this.#tableName,
              Key,
              UpdateExpression: 'SET lockedUntil = :lease',
              ConditionExpression: '#state = :pending AND lockedUntil = :old',
              ExpressionAttributeNames: { '#state': 'state' },
              ExpressionAttributeValues: marshall({
                ':lease': nowMs + leaseMs,
                ':pending': 'pending',
                ':old': lockedUntil,
              }),
            }),
          );
          return { kind: 'acquired' };
        } catch (error) {
          if (!isConditionFailure(error)) throw error;
        }
      }
      return { kind: 'in-progress', lockedUntil: nowMs + leaseMs };
    } catch (error) {
      throw toStoreError(error);
    }
  }

  /** Marks a claimed notification as done (`sent`, `no-address` or `rejected`), for good. */
  async complete(
    eventId: string,
    recipientId: string,
    outcome: InboxEntry['email'],
    at: string,
  ): Promise<void> {
    try {
      await this.#client.send(
        new UpdateItemCommand({
          TableName: this.#tableName,
          Key: marshall({ pk: notificationKey(eventId, recipientId), sk: 0 }),
          UpdateExpression: 'SET #state = :outcome, completedAt = :at REMOVE lockedUntil',
          ExpressionAttributeNames: { '#state': 'state' },
          ExpressionAttributeValues: marshall({ ':outcome': outcome, ':at': at }),
        }),
      );
    } catch (error) {
      throw toStoreError(error);
    }
  }

  /** Gives a claim up (the e-mail failed and will be retried). */
  async release(eventId: string, recipientId: string): Promise<void> {
    try {
      await this.#client.send(
        new DeleteItemCommand({
          TableName: this.#tableName,
          Key: marshall({ pk: notificationKey(eventId, recipientId), sk: 0 }),
          ConditionExpression: '#state = :pending',
          ExpressionAttributeNames: { '#state': 'state' },
          ExpressionAttributeValues: marshall({ ':pending': 'pending' }),
        }),
      );
    } catch (error) {
      if (!isConditionFailure(error)) throw toStoreError(error);
    }
  }

  /**
   * Puts the entry in the person's inbox, once: a second put of the same notification changes
   * nothing but its e-mail state; another notification of the same millisecond takes the next one.
   */
  async addToInbox(entry: InboxEntry): Promise<void> {
    let sk = Date.parse(entry.occurredAt);
    try {
      for (let clash = 0; clash < 100; clash += 1, sk += 1) {
        try {
          await this.#client.send(
            new PutItemCommand({
              TableName: this.#tableName,
              Item: marshall({
                pk: inboxKey(entry.recipientId),
                sk,
                notificationId: entry.notificationId,
                entry: JSON.stringify(entry),
              }),
              ConditionExpression: 'attribute_not_exists(pk) OR notificationId = :id',
              ExpressionAttributeValues: marshall({ ':id': entry.notificationId }),
            }),
          );
          return;
        } catch (error) {
          if (!isConditionFailure(error)) throw error;
        }
      }
      throw new Error(`No free place in the inbox of ${entry.recipientId} near ${entry.occurredAt}`);
    } catch (error) {
      throw toStoreError(error);
    }
  }

  /** The person's latest notifications, newest first. */
  async inbox(recipientId: string, limit: number): Promise<InboxEntry[]> {
    try {
      const page = await this.#client.send(
        new QueryCommand({
          TableName: this.#tableName,
          KeyConditionExpression: 'pk = :pk',
          ExpressionAttributeValues: marshall({ ':pk': inboxKey(recipientId) }),
          ScanIndexForward: false,
          Limit: limit,
        }),
      );
      return (page.Items ?? []).map((item) => InboxEntry.parse(JSON.parse(String(unmarshall(item).entry))));
    } catch (error) {
      throw toStoreError(error);
    }
  }
}
