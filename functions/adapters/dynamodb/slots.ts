import {
  ConditionalCheckFailedException,
  DeleteItemCommand,
  type DynamoDBClient,
  PutItemCommand,
  QueryCommand,
  type QueryCommandOutput,
} from '@aws-sdk/client-dynamodb';

// A small keyed collection kept in ONE partition of the event store table (whose sort key is a
// number): each record is an item at sort key 1, 2, 3, … ("slots"), with its own key and a JSON
// payload. It lists with one strongly consistent Query and needs no index, which suits small
// collections written rarely (partner subscriptions, parked deliveries). A new record takes the
// slot after the last with a conditional put, so two writers never share a slot.

/** One record of a slotted partition. */
export interface SlotRecord {
  readonly slot: number;
  readonly key: string;
  readonly payload: string;
}

const MAX_SLOT_RACES = 20;

const isConditionalFailure = (error: unknown): boolean =>
  error instanceof ConditionalCheckFailedException ||
  (error as { name?: unknown }).name === 'ConditionalCheckFailedException';

/** A keyed collection in one partition (`partitionKey`) of a table keyed pk (S) / sk (N). */
export class SlottedPartition {
  constructor(
    private readonly client: DynamoDBClient,
    private readonly tableName: string,
    private readonly partitionKey: string,
  ) {}

  /**
   * Every record in slot order; when two concurrent first writes of one key took two slots, the
   * later slot wins (and `remove` deletes both).
   */
  async list(): Promise<readonly SlotRecord[]> {
    const records: SlotRecord[] = [];
    let startKey: QueryCommandOutput['LastEvaluatedKey'];
    do {
      const page: QueryCommandOutput = await this.client.send(
        new QueryCommand({
          TableName: this.tableName,
          KeyConditionExpression: 'pk = :pk',
          ExpressionAttributeValues: { ':pk': { S: this.partitionKey } },
          ConsistentRead: true,
          ExclusiveStartKey: startKey,
        }),
      );
      for (const item of page.Items ?? []) {
        records.push({
          slot: Number(item.sk?.N),
          key: item.itemKey?.S ?? '',
          payload: item.payload?.S ?? 'null',
        });
      }
      startKey = page.LastEvaluatedKey;
    } while (startKey);
    const latestSlot = new Map(records.map((record) => [record.key, record.slot]));
    return records.filter((record) => latestSlot.get(record.key) === record.slot);
  }

  async find(key: string): Promise<SlotRecord | undefined> {
    return (await this.list()).find((record) => record.key === key);
  }

  /** Replaces the record with this key in place, or adds it in a new slot after the last. */
  async upsert(key: string, payload: string): Promise<void> {
    const records = await this.list();
    const existing = records.find((record) => record.key === key);
    if (existing) {
      await this.#put(existing.slot, key, payload, 'itemKey = :key');
      return;
    }
    let slot = records.reduce((last, record) => Math.max(last, record.slot), 0) + 1;
    for (let race = 0; race < MAX_SLOT_RACES; race += 1) {
      try {
        await this.#put(slot, key, payload, 'attribute_not_exists(pk)');
        return;
      } catch (error) {
        if (!isConditionalFailure(error)) throw error;
        slot += 1;
      }
    }
    throw new Error(`Could not find a free slot in ${this.partitionKey} after ${MAX_SLOT_RACES} tries`);
  }

  /** Deletes every slot holding this key. */
  async remove(key: string): Promise<void> {
    const { Items = [] } = await this.client.send(
      new QueryCommand({
        TableName: this.tableName,
        KeyConditionExpression: 'pk = :pk',
        FilterExpression: 'itemKey = :key',
        ExpressionAttributeValues: { ':pk': { S: this.partitionKey }, ':key': { S: key } },
        ConsistentRead: true,
      }),
    );
    for (const item of Items) {
      await this.client.send(
        new DeleteItemCommand({
          TableName: this.tableName,
          Key: { pk: { S: this.partitionKey }, sk: { N: item.sk?.N ?? '0' } },
        }),
      );
    }
  }

  async #put(slot: number, key: string, payload: string, condition: string): Promise<void> {
    await this.client.send(
      new PutItemCommand({
        TableName: this.tableName,
        Item: {
          pk: { S: this.partitionKey },
          sk: { N: String(slot) },
          itemKey: { S: key },
          payload: { S: payload },
        },
        ConditionExpression: condition,
        ...(condition.includes(':key') ? { ExpressionAttributeValues: { ':key': { S: key } } } : {}),
      }),
    );
  }
}
