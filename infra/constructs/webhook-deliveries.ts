import { Arn, ArnFormat, Duration, type RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import type { ITable } from 'aws-cdk-lib/aws-dynamodb';
import { PolicyStatement } from 'aws-cdk-lib/aws-iam';
import { SqsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { TABLE_NAME_VARIABLE } from '../../functions/handlers/deps.js';
import { PARTNER_SECRETS_PREFIX_VARIABLE } from '../../functions/handlers/environment.js';
import { acknowledgeWildcard, type FunctionDefaults, NaseejFunction } from './naseej-function.js';

export interface WebhookDeliveriesProps {
  readonly table: ITable;
  readonly defaults: FunctionDefaults;
  readonly removalPolicy: RemovalPolicy;
  /** Secrets Manager name prefix of the partners' signing secrets, e.g. `naseej/prod/partners/`. */
  readonly secretsPrefix: string;
}

/**
 * Outbound partner deliveries (docs/adr/0020-publishing.md): the bus puts every event on a queue,
 * the dispatcher function reads it, signs each matching delivery (Standard Webhooks), retries and
 * parks. Messages the dispatcher could not process go back to the queue, then to its dead-letter
 * queue after 5 receives. Partner secrets live in Secrets Manager under `secretsPrefix`: the
 * template holds no secret, only the permission to read those.
 */
export class WebhookDeliveries extends Construct {
  readonly queue: Queue;
  readonly deadLetterQueue: Queue;
  readonly dispatcher: NaseejFunction;

  constructor(scope: Construct, id: string, props: WebhookDeliveriesProps) {
    super(scope, id);
    const timeout = Duration.seconds(90);
    this.deadLetterQueue = new Queue(this, 'DeadLetterQueue', {
      encryption: QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
      removalPolicy: props.removalPolicy,
    });
    Validations.of(this.deadLetterQueue).acknowledge({
      id: 'AwsSolutions-SQS3',
      reason: 'This queue is itself the dead-letter queue of the webhook delivery queue.',
    });
    this.queue = new Queue(this, 'Queue', {
      encryption: QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      // AWS advises six times the function timeout, so a message is not redelivered mid-run.
      visibilityTimeout: Duration.seconds(timeout.toSeconds() * 6),
      retentionPeriod: Duration.days(4),
      deadLetterQueue: { queue: this.deadLetterQueue, maxReceiveCount: 5 },
      removalPolicy: props.removalPolicy,
    });

    this.dispatcher = new NaseejFunction(this, 'Dispatcher', {
      entry: 'functions/handlers/webhook-dispatcher.ts',
      description: 'Naseej outbound partner webhooks: signs, delivers, retries, parks',
      defaults: props.defaults,
      timeout,
      environment: {
        [TABLE_NAME_VARIABLE]: props.table.tableName,
        [PARTNER_SECRETS_PREFIX_VARIABLE]: props.secretsPrefix,
      },
    });
    this.dispatcher.grantEventStore(props.table, 'readWrite');
    this.dispatcher.addEventSource(
      new SqsEventSource(this.queue, { batchSize: 10, reportBatchItemFailures: true }),
    );
    this.dispatcher.addToRolePolicy(
      new PolicyStatement({
        actions: ['secretsmanager:GetSecretValue', 'secretsmanager:DescribeSecret'],
        resources: [
          Arn.format(
            {
              service: 'secretsmanager',
              resource: 'secret',
              resourceName: `${props.secretsPrefix}*`,
              arnFormat: ArnFormat.COLON_RESOURCE_NAME,
            },
            Stack.of(this),
          ),
        ],
      }),
    );
    acknowledgeWildcard(
      this.dispatcher.role ?? this.dispatcher,
      `Resource::arn:<AWS::Partition>:secretsmanager:<AWS::Region>:<AWS::AccountId>:secret:${props.secretsPrefix}*`,
      'Partner secrets are data (one per subscription, added and rotated at run time), so their ' +
        'names cannot be listed in the template: reads are limited to the secrets under this ' +
        "deployment's partner prefix.",
    );
  }
}
