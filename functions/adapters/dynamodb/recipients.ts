import { createHash } from 'node:crypto';
import {
  DeleteItemCommand,
  type DynamoDBClient,
  GetItemCommand,
  PutItemCommand,
  QueryCommand,
} from '@aws-sdk/client-dynamodb';
import { marshall, unmarshall } from '@aws-sdk/util-dynamodb';
import type { Audience } from '../../application/notifications/plan.js';
import { Recipient, type RecipientDirectory } from '../../application/ports/notifications.js';
import { toStoreError } from './event-store.js';

// The recipient directory (docs/adr/0104-notification-recipients.md): who holds which role, for
// which region or association, and the language they read. No address: a person's e-mail lives
// in the personal-data vault (functions/personal-data), so that erasing the person forgets it, and
// events never carry it. The recipient id is the id the person signs in with (the token's `sub`).

/** Partition keys of the directory's items in the event store table. */
export const recipientKey = (recipientId: string): string => `recipient#${recipientId}`;
export const roleMembersKey = (role: string): string => `recipients#role#${role}`;
export const associationMembersKey = (associationId: string): string =>
  `recipients#association#${associationId}`;

/** A member's sort key in a membership partition: 48 bits of the id's SHA-256 (the table's sk is a number). */
const memberSortKey = (recipientId: string): number =>
  Number.parseInt(createHash('sha256').update(recipientId).digest('hex').slice(0, 12), 16);

const membershipsOf = (recipient: Recipient): string[] => [
  ...recipient.roles.map(roleMembersKey),
  ...(recipient.associationId === null ? [] : [associationMembersKey(recipient.associationId)]),
];

const byId = (a: Recipient, b: Recipient) => (a.recipientId < b.recipientId ? -1 : 1);

/**
 * The directory on the event store table: `recipient#<id>` (sk 0) holds the recipient; each
 * role and association it belongs to holds a copy under `recipients#role#<role>` or
 * `recipients#association#<id>` (sk from the id), so an audience is one query.
 */
export class DynamoDbRecipientDirectory implements RecipientDirectory {
  readonly #client: DynamoDBClient;
  readonly #tableName: string;

  constructor(options: { readonly client: DynamoDBClient; readonly tableName: string }) {
    this.#client = options.client;
    this.#tableName = options.tableName;
  }

  async record(input: Recipient): Promise<void> {
    const recipient = Recipient.parse(input);
    const previous = await this.get(recipient.recipientId);
    const json = JSON.stringify(recipient);
    const sk = memberSortKey(recipient.recipientId);
    try {
      await this.#client.send(
        new PutItemCommand({
          TableName: this.#tableName,
          Item: marshall({ pk: recipientKey(recipient.recipientId), sk: 0, recipient: json }),
        }),
      );
      const current = membershipsOf(recipient);
      for (const pk of current) {
        await this.#client.send(
          new PutItemCommand({
            TableName: this.#tableName,
            Item: marshall({ pk, sk, recipientId: recipient.recipientId, recipient: json }),
            // Two ids with the same 48 bits would overwrite each other: refused instead.
            ConditionExpression: 'attribute_not_exists(pk) OR recipientId = :id',
            ExpressionAttributeValues: marshall({ ':id': recipient.recipientId }),
          }),
        );
      }
      const stale =
        previous === undefined ? [] : membershipsOf(previous).filter((pk) => !current.includes(pk));
      for (const pk of stale) {
        await this.#client.send(
          new DeleteItemCommand({ TableName: this.#tableName, Key: marshall({ pk, sk }) }),
        );
      }
    } catch (error) {
      throw toStoreError(error);
    }
  }

  async get(recipientId: string): Promise<Recipient | undefined> {
    try {
      const found = await this.#client.send(
        new GetItemCommand({
          TableName: this.#tableName,
          Key: marshall({ pk: recipientKey(recipientId), sk: 0 }),
          ConsistentRead: true,
        }),
      );
      if (found.Item === undefined) return undefined;
      return Recipient.parse(JSON.parse(String(unmarshall(found.Item).recipient)));
    } catch (error) {
      throw toStoreError(error);
    }
  }

  async resolve(audience: Audience): Promise<readonly Recipient[]> {
    switch (audience.kind) {
      case 'person': {
        const recipient = await this.get(audience.personId);
        return recipient === undefined ? [] : [recipient];
      }
      case 'association':
        return (await this.#members(associationMembersKey(audience.associationId))).filter(
          (recipient) => recipient.associationId === audience.associationId,
        );
      case 'role':
        return (await this.#members(roleMembersKey(audience.role))).filter(
          (recipient) =>
            recipient.roles.includes(audience.role) &&
            (audience.region === null ||
              audience.role !== 'coordinator' ||
              recipient.regions.includes(audience.region)),
        );
      default:
        return audience satisfies never;
    }
  }

  async #members(pk: string): Promise<Recipient[]> {
    const members: Recipient[] = [];
    let startKey: Record<string, unknown> | undefined;
    try {
      do {
        const page = await this.#client.send(
          new QueryCommand({
            TableName: this.#tableName,
            KeyConditionExpression: 'pk = :pk',
            ExpressionAttributeValues: marshall({ ':pk': pk }),
            ConsistentRead: true,
            ...(startKey === undefined ? {} : { ExclusiveStartKey: startKey as never }),
          }),
        );
        for (const item of page.Items ?? []) {
          members.push(Recipient.parse(JSON.parse(String(unmarshall(item).recipient))));
        }
        startKey = page.LastEvaluatedKey;
      } while (startKey !== undefined);
    } catch (error) {
      throw toStoreError(error);
    }
    return members.sort(byId);
  }
}
