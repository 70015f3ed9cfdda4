import { Duration, type RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import type { IEventBus } from 'aws-cdk-lib/aws-events';
import { Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { LogGroup, type RetentionDays } from 'aws-cdk-lib/aws-logs';
import { CfnPipe } from 'aws-cdk-lib/aws-pipes';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import {
  GLOBAL_ORDER_INDEX,
  type KeyAttribute,
  type TableDefinition,
} from '../../functions/adapters/dynamodb/table-definition.js';
import { NASEEJ_EVENT_SOURCE } from './event-bus.js';
import type { EventStoreTable } from './event-store-table.js';
import { nagArnOf } from './naseej-function.js';

/** The detail-type of what the pipe publishes without a splitter: one whole commit, not one event. */
export const COMMIT_DETAIL_TYPE = 'naseej.commit';

/** The largest batch a pipe can hand an event bus target (PutEvents takes 10 entries). */
export const EVENT_BUS_MAX_BATCH = 10;

export interface EventStorePipeProps {
  /** The event store whose stream is published. */
  readonly eventStore: EventStoreTable;
  readonly bus: IEventBus;
  /** Receives a record of every stream batch the pipe gave up on. */
  readonly deadLetterQueue: IQueue;
  readonly logRetention: RetentionDays;
  /** Applied to the pipe's log group. */
  readonly removalPolicy: RemovalPolicy;
  /**
   * Records per batch read from the stream; default 10. At most 10 when the pipe puts on the bus
   * itself (no splitter): an event bus takes 10 entries a batch.
   */
  readonly batchSize?: number;
  /** Attempts before a failing batch goes to the dead-letter queue; default 10. */
  readonly maximumRetryAttempts?: number;
  /**
   * The pipe's target that splits commits into domain events and publishes them on the bus with
   * PutEvents, at most 10 entries and 256 KB a request (functions/handlers/commit-splitter.ts,
   * docs/adr/0051-publishing-with-put-events.md). With it the bus carries one event per domain
   * event, detail-type = event type, detail = the envelope, as locally; without it, the pipe puts
   * whole commits on the bus with detail-type `naseej.commit` (one entry per record).
   */
  readonly commitSplitter?: IFunction;
}

/**
 * The EventBridge Pipe that publishes the event store: DynamoDB stream → custom bus.
 *
 * The stream carries **commits** (one table item holds every event of one decision). With a
 * `commitSplitter` (the pipe's Lambda target) each commit becomes one bus event per domain event,
 * detail-type = the event type, detail = the envelope, so the shared rules match on AWS as on the
 * local bus; the splitter puts them on the bus itself. Without it the pipe publishes whole commits
 * as `naseej.commit` (tests of the pipe).
 */
export class EventStorePipe extends Construct {
  readonly pipe: CfnPipe;
  readonly role: Role;
  readonly logGroup: LogGroup;

  constructor(scope: Construct, id: string, props: EventStorePipeProps) {
    super(scope, id);
    const { table, definition } = props.eventStore;
    const batchSize = props.batchSize ?? 10;
    if (props.commitSplitter === undefined && batchSize > EVENT_BUS_MAX_BATCH) {
      // https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-pipes-batching-concurrency.html:
      // a pipe's batch cannot be larger than its target takes, and an event bus takes 10.
      throw new Error(
        `A pipe that puts on an event bus reads at most ${EVENT_BUS_MAX_BATCH} records a batch, not ${batchSize}`,
      );
    }

    this.role = new Role(this, 'Role', {
      description: 'Lets the event store pipe read the table stream and hand it to its publisher',
      assumedBy: new ServicePrincipal('pipes.amazonaws.com', {
        // Confused-deputy guard: only pipes of this account may assume the role.
        conditions: { StringEquals: { 'aws:SourceAccount': Stack.of(this).account } },
      }),
    });
    table.grantStreamRead(this.role);
    if (props.commitSplitter === undefined) props.bus.grantPutEventsTo(this.role);
    else props.bus.grantPutEventsTo(props.commitSplitter);
    props.deadLetterQueue.grantSendMessages(this.role);

    this.logGroup = new LogGroup(this, 'Logs', {
      retention: props.logRetention,
      removalPolicy: props.removalPolicy,
    });
    this.logGroup.grantWrite(this.role);
    if (props.commitSplitter !== undefined) {
      props.commitSplitter.grantInvoke(this.role);
      Validations.of(this.role).acknowledge({
        id: `AwsSolutions-IAM5[Resource::${nagArnOf(props.commitSplitter)}:*]`,
        reason:
          'lambda:InvokeFunction on "<splitter ARN>:*" covers the versions and aliases of the commit ' +
          'splitter only (Function.grantInvoke); the pipe can invoke no other function.',
      });
    }

    this.pipe = new CfnPipe(this, 'Pipe', {
      description: 'Publishes every commit of the event store on the Naseej bus',
      roleArn: this.role.roleArn,
      source: props.eventStore.streamArn,
      sourceParameters: {
        dynamoDbStreamParameters: {
          startingPosition: 'TRIM_HORIZON',
          batchSize,
          maximumBatchingWindowInSeconds: 1,
          maximumRetryAttempts: props.maximumRetryAttempts ?? 10,
          // A stream keeps records 24 h; give up one hour before, so failures reach the DLQ.
          maximumRecordAgeInSeconds: Duration.hours(23).toSeconds(),
          // Retrying half a batch keeps one poison commit from blocking the whole shard.
          onPartialBatchItemFailure: 'AUTOMATIC_BISECT',
          // One batch per shard at a time: a stream's commits reach the bus in version order.
          parallelizationFactor: 1,
          deadLetterConfig: { arn: props.deadLetterQueue.queueArn },
        },
        filterCriteria: { filters: [{ pattern: JSON.stringify(commitInsertedPattern(definition)) }] },
      },
      // The splitter publishes itself: an enrichment's array goes to the target as one batch, and
      // an event bus takes at most 10 entries a batch (a commit can hold more events than that).
      ...(props.commitSplitter === undefined
        ? {
            target: props.bus.eventBusArn,
            targetParameters: {
              eventBridgeEventBusParameters: { source: NASEEJ_EVENT_SOURCE, detailType: COMMIT_DETAIL_TYPE },
              // Honest about its content: a commit of one stream, located by its keys, and the raw
              // item (still in DynamoDB's typed JSON).
              inputTemplate:
                `{"kind": "commit", "streamId": "<${keyPath(definition.partitionKey)}>", ` +
                `"firstVersion": "<${keyPath(definition.sortKey)}>", "item": <$.dynamodb.NewImage>}`,
            },
          }
        : {
            target: props.commitSplitter.functionArn,
            // Synchronous: the batch fails (and is retried, bisected, parked) when publishing fails.
            targetParameters: { lambdaFunctionParameters: { invocationType: 'REQUEST_RESPONSE' } },
          }),
      logConfiguration: {
        level: 'ERROR',
        cloudwatchLogsLogDestination: { logGroupArn: this.logGroup.logGroupArn },
      },
    });
    // The pipe checks its permissions when it is created: the role's policy must exist first.
    this.pipe.node.addDependency(this.role);

    Validations.of(this.role).acknowledge({
      id: 'AwsSolutions-IAM5[Resource::*]',
      reason:
        'Only dynamodb:ListStreams is granted on "*" (Table.grantStreamRead, as in the AWS managed ' +
        'Lambda DynamoDB execution role): it lists stream ARNs and reads no item; every action that ' +
        'reads records is scoped to this table stream ARN.',
    });
  }
}

/** Where a key attribute sits in a DynamoDB stream record, as a pipe's JSONPath. */
const keyPath = (key: KeyAttribute): string => `$.dynamodb.Keys.${key.name}.${key.type}`;

/**
 * Matches stream records of new commits only. Commits are written once and never updated, and
 * only commits carry the global-order index key (the index is sparse, ADR 0002); snapshots,
 * checkpoints and the day registry share the table but are not publications.
 */
const commitInsertedPattern = (definition: TableDefinition): object => {
  const globalOrder = definition.globalSecondaryIndexes.find(
    (index) => index.indexName === GLOBAL_ORDER_INDEX,
  );
  if (globalOrder === undefined) {
    throw new Error(
      `The table definition has no ${GLOBAL_ORDER_INDEX} index: the pipe cannot tell commits apart`,
    );
  }
  const { name, type } = globalOrder.partitionKey;
  return { eventName: ['INSERT'], dynamodb: { NewImage: { [name]: { [type]: [{ exists: true }] } } } };
};
