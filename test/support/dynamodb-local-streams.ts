import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import { UpdateTableCommand } from '@aws-sdk/client-dynamodb';
import type { DynamoDbLocal } from './reliability-dynamodb-local.js';

// DynamoDB Local serves the DynamoDB Streams API on its own endpoint. The project has no Streams
// client package, so these helpers speak the API's JSON protocol (the `DynamoDBStreams_20120810`
// target) directly; DynamoDB Local does not check signatures.

/** A stream record as DynamoDB Streams (and so the Pipe) gives it. */
export interface StreamRecord {
  readonly eventID: string;
  readonly eventName: 'INSERT' | 'MODIFY' | 'REMOVE';
  readonly dynamodb: {
    readonly Keys: Record<string, AttributeValue>;
    readonly NewImage?: Record<string, AttributeValue>;
    readonly SequenceNumber: string;
  };
}

const call = async (local: DynamoDbLocal, operation: string, body: unknown): Promise<unknown> => {
  const response = await fetch(local.endpoint, {
    method: 'POST',
    headers: {
      'content-type': 'application/x-amz-json-1.0',
      'x-amz-target': `DynamoDBStreams_20120810.${operation}`,
      authorization:
        'AWS4-HMAC-SHA256 Credential=local/20260101/us-east-1/dynamodb/aws4_request, SignedHeaders=host, Signature=0',
    },
    body: JSON.stringify(body),
  });
  const answer = (await response.json()) as unknown;
  if (!response.ok) throw new Error(`DynamoDB Streams ${operation} failed: ${JSON.stringify(answer)}`);
  return answer;
};

/** Turns on the table's stream (new images, as the CDK table has) and answers its ARN. */
export const enableStream = async (local: DynamoDbLocal, tableName: string): Promise<string> => {
  const updated = await local.client.send(
    new UpdateTableCommand({
      TableName: tableName,
      StreamSpecification: { StreamEnabled: true, StreamViewType: 'NEW_AND_OLD_IMAGES' },
    }),
  );
  const arn = updated.TableDescription?.LatestStreamArn;
  if (arn === undefined) throw new Error(`The table ${tableName} has no stream`);
  return arn;
};

/** Every record of every shard of a stream, from its oldest, in shard then sequence order. */
export const readStreamRecords = async (local: DynamoDbLocal, streamArn: string): Promise<StreamRecord[]> => {
  const described = (await call(local, 'DescribeStream', { StreamArn: streamArn })) as {
    StreamDescription: { Shards: { ShardId: string }[] };
  };
  const records: StreamRecord[] = [];
  for (const { ShardId } of described.StreamDescription.Shards) {
    let iterator = (
      (await call(local, 'GetShardIterator', {
        StreamArn: streamArn,
        ShardId,
        ShardIteratorType: 'TRIM_HORIZON',
      })) as { ShardIterator?: string }
    ).ShardIterator;
    while (iterator !== undefined) {
      const page = (await call(local, 'GetRecords', { ShardIterator: iterator })) as {
        Records: StreamRecord[];
        NextShardIterator?: string;
      };
      records.push(...page.Records);
      // An open shard always answers a next iterator: stop once it has nothing more.
      if (page.Records.length === 0) break;
      iterator = page.NextShardIterator;
    }
  }
  return records;
};
