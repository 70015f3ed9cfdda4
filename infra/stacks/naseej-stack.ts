import { CfnOutput, Stack, type StackProps } from 'aws-cdk-lib';
import type { Construct } from 'constructs';
import { NaseejEventBus } from '../constructs/event-bus.js';
import { EventStorePipe } from '../constructs/event-store-pipe.js';
import { EventStoreTable } from '../constructs/event-store-table.js';
import type { StageSettings } from '../stage.js';

export interface NaseejStackProps extends StackProps {
  readonly settings: StageSettings;
}

/**
 * One Naseej deployment: the event store, the bus it is published on, and the pipe between them.
 * Later concerns (handlers, HTTP API, workflows, rules) are constructs composed here too.
 */
export class NaseejStack extends Stack {
  readonly eventStore: EventStoreTable;
  readonly eventBus: NaseejEventBus;
  readonly publisher: EventStorePipe;

  constructor(scope: Construct, id: string, props: NaseejStackProps) {
    const { settings, ...stackProps } = props;
    super(scope, id, {
      description: `Naseej (${settings.stage}): event store, event bus and publishing pipe`,
      terminationProtection: settings.terminationProtection,
      ...stackProps,
    });

    this.eventStore = new EventStoreTable(this, 'EventStore', {
      removalPolicy: settings.removalPolicy,
      deletionProtection: settings.deletionProtection,
    });
    this.eventBus = new NaseejEventBus(this, 'EventBus', {
      busName: settings.stage === 'prod' ? 'naseej' : `naseej-${settings.stage}`,
      archiveRetention: settings.archiveRetention,
      removalPolicy: settings.removalPolicy,
    });
    this.publisher = new EventStorePipe(this, 'Publisher', {
      eventStore: this.eventStore,
      bus: this.eventBus.bus,
      deadLetterQueue: this.eventBus.deadLetterQueue,
      logRetention: settings.logRetention,
      removalPolicy: settings.removalPolicy,
    });

    new CfnOutput(this, 'EventStoreTableName', {
      description: 'The event store table (NASEEJ_TABLE_NAME for the handlers)',
      value: this.eventStore.table.tableName,
    });
    new CfnOutput(this, 'EventBusName', {
      description: 'The bus domain events are published on',
      value: this.eventBus.bus.eventBusName,
    });
    new CfnOutput(this, 'DeadLetterQueueUrl', {
      description: 'Undeliverable events and failed pipe batches land here',
      value: this.eventBus.deadLetterQueue.queueUrl,
    });
  }
}
