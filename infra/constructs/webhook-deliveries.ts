import { Duration, type RemovalPolicy, Validations } from 'aws-cdk-lib';
import type { ITable } from 'aws-cdk-lib/aws-dynamodb';
import { SqsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { TABLE_NAME_VARIABLE } from '../../functions/handlers/environment.js';
import { type FunctionDefaults, NaseejFunction } from './naseej-function.js';
import type { PartnerSecrets } from './partner-secrets.js';

export interface WebhookDeliveriesProps {
  readonly table: ITable;
  readonly defaults: FunctionDefaults;
  readonly removalPolicy: RemovalPolicy;
  /** Where the subscriptions' signing secrets live; the dispatcher may read them, nothing more. */
  readonly secrets: PartnerSecrets;
}

/**
 * Outbound partner deliveries (docs/adr/0020-publishing.md): the bus puts every event on a queue,
 * the dispatcher function reads it, signs each matching delivery (Standard Webhooks), retries and
 * parks. Messages the dispatcher could not process go back to the queue, then to its dead-letter
 * queue after 5 receives. Subscriptions' signing secrets live in Secrets Manager (`PartnerSecrets`):
 * the template holds no secret, only the permission to read those.
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
      environment: { [TABLE_NAME_VARIABLE]: props.table.tableName },
    });
    // It reads subscriptions and parks the deliveries that still fail.
    this.dispatcher.grantEventStore(props.table, { PutItem: ['parkedDelivery'] });
    this.dispatcher.addEventSource(
      new SqsEventSource(this.queue, { batchSize: 10, reportBatchItemFailures: true }),
    );
    props.secrets.grantRead(this.dispatcher, 'subscriptions');
  }
}
