import { type DynamoDBClient, GetItemCommand, PutItemCommand } from '@aws-sdk/client-dynamodb';
import { marshall, unmarshall } from '@aws-sdk/util-dynamodb';
import {
  DELIVERY_RETENTION_SECONDS,
  type PartnerRecord,
  type PartnerRegistry,
  partnerSecretKey,
  type WebhookDeliveryLog,
  webhookDeliveryKey,
} from '../../application/ports/partner-reports.js';
import { isConditionFailure } from './conditions.js';

/** Options of the DynamoDB adapters: the event store's table (items use sort key 0). */
export interface InboundWebhookTableOptions {
  readonly client: DynamoDBClient;
  readonly tableName: string;
}

const RECORD_SORT_KEY = 0;

/**
 * Received deliveries that recorded nothing (ADR 0145) in the event table under pk
 * `webhook#<partnerId>#<webhookId>`, sk 0, written with a conditional put (the first writer wins,
 * a replay finds the item). `expiresAt` (epoch
 * seconds, 7 days on) is for a TTL on AWS; dynalite keeps items.
 */
export class DynamoDbWebhookDeliveryLog implements WebhookDeliveryLog {
  constructor(readonly options: InboundWebhookTableOptions) {}

  async claim(partnerId: string, webhookId: string, now: string): Promise<boolean> {
    try {
      await this.options.client.send(
        new PutItemCommand({
          TableName: this.options.tableName,
          Item: marshall({
            pk: webhookDeliveryKey(partnerId, webhookId),
            sk: RECORD_SORT_KEY,
            receivedAt: now,
            expiresAt: Math.floor(Date.parse(now) / 1000) + DELIVERY_RETENTION_SECONDS,
          }),
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      );
      return true;
    } catch (error) {
      if (isConditionFailure(error)) return false;
      throw error;
    }
  }
}

/**
 * Partners in the event table under pk `partner-secret#<partnerId>`, sk 0 (the local stand-in for
 * Secrets Manager): the record as JSON in `partner`.
 */
export class DynamoDbPartnerRegistry implements PartnerRegistry {
  constructor(readonly options: InboundWebhookTableOptions) {}

  async find(partnerId: string): Promise<PartnerRecord | undefined> {
    const found = await this.options.client.send(
      new GetItemCommand({
        TableName: this.options.tableName,
        Key: marshall({ pk: partnerSecretKey(partnerId), sk: RECORD_SORT_KEY }),
        ConsistentRead: true,
      }),
    );
    if (found.Item === undefined) return undefined;
    return JSON.parse(String(unmarshall(found.Item).partner)) as PartnerRecord;
  }

  /** Adds or replaces a partner (a rotation writes its new list of secrets). */
  async put(partner: PartnerRecord): Promise<void> {
    await this.options.client.send(
      new PutItemCommand({
        TableName: this.options.tableName,
        Item: marshall({
          pk: partnerSecretKey(partner.partnerId),
          sk: RECORD_SORT_KEY,
          partner: JSON.stringify(partner),
        }),
      }),
    );
  }
}
