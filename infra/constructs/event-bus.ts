import type { Duration, RemovalPolicy } from 'aws-cdk-lib';
import { Archive, EventBus } from 'aws-cdk-lib/aws-events';
import { PolicyStatement, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import type { Queue } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { deadLetterQueue } from './dead-letter-queue.js';

/** The `source` of every event Naseej publishes on its bus. */
export const NASEEJ_EVENT_SOURCE = 'naseej';

export interface NaseejEventBusProps {
  /** `naseej` in prod; other stages add a suffix so they can share an account. */
  readonly busName: string;
  /** How long the archive keeps events for replay; `Duration.days(0)` keeps them forever. */
  readonly archiveRetention: Duration;
  /** Applied to the dead-letter queue and the archive. */
  readonly removalPolicy: RemovalPolicy;
}

/**
 * The custom EventBridge bus that domain events are published on, an archive of every Naseej
 * event (to replay them into a new or repaired consumer), and one dead-letter queue for whatever
 * could not be delivered: failed pipe batches and, later, failed rule targets
 * (`new targets.X(..., { deadLetterQueue: bus.deadLetterQueue })`).
 */
export class NaseejEventBus extends Construct {
  readonly bus: EventBus;
  readonly archive: Archive;
  readonly deadLetterQueue: Queue;

  constructor(scope: Construct, id: string, props: NaseejEventBusProps) {
    super(scope, id);

    this.deadLetterQueue = deadLetterQueue(this, 'DeadLetterQueue', {
      removalPolicy: props.removalPolicy,
      whose:
        'This queue is itself the dead-letter queue (of the bus, the pipe and later rule targets); ' +
        'cdk-nag only recognises queue redrive policies and Lambda DLQs as such, and a dead-letter ' +
        'queue of a dead-letter queue would only move the same messages once more.',
    });

    this.bus = new EventBus(this, 'Bus', {
      eventBusName: props.busName,
      description: 'Naseej domain events, published from the event store',
      deadLetterQueue: this.deadLetterQueue,
    });
    // The bus's own dead-letter config needs the queue to accept messages from this bus only.
    this.deadLetterQueue.addToResourcePolicy(
      new PolicyStatement({
        sid: 'AllowUndeliverableEventsFromTheBus',
        principals: [new ServicePrincipal('events.amazonaws.com')],
        actions: ['sqs:SendMessage'],
        resources: [this.deadLetterQueue.queueArn],
        conditions: { ArnEquals: { 'aws:SourceArn': this.bus.eventBusArn } },
      }),
    );

    this.archive = new Archive(this, 'Archive', {
      sourceEventBus: this.bus,
      description: 'Every Naseej event, for replay',
      eventPattern: { source: [NASEEJ_EVENT_SOURCE] },
      retention: props.archiveRetention,
    });
    this.archive.applyRemovalPolicy(props.removalPolicy);
  }
}
