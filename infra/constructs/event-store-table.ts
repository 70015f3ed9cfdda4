import type { RemovalPolicy } from 'aws-cdk-lib';
import {
  type Attribute,
  AttributeType,
  BillingMode,
  ProjectionType,
  StreamViewType,
  Table,
  TableEncryption,
} from 'aws-cdk-lib/aws-dynamodb';
import { Construct } from 'constructs';
import {
  eventStoreTable,
  type IndexDefinition,
  type KeyAttribute,
  type TableDefinition,
} from '../../functions/adapters/dynamodb/table-definition.js';

export interface EventStoreTableProps {
  /** RETAIN in prod (with deletion protection), DESTROY for throwaway stacks. */
  readonly removalPolicy: RemovalPolicy;
  readonly deletionProtection: boolean;
  /** Keys and indexes; defaults to the one shared definition the local store also creates. */
  readonly definition?: TableDefinition;
}

/**
 * The event store's DynamoDB table, declared from the shared table definition so the deployed
 * table and the embedded one cannot drift apart. On-demand, point-in-time recovery, encrypted
 * with the AWS managed key (aws/dynamodb), and a NEW_IMAGE stream that publishing reads.
 */
export class EventStoreTable extends Construct {
  readonly table: Table;
  /** The keys and indexes the table was declared from. */
  readonly definition: TableDefinition;

  constructor(scope: Construct, id: string, props: EventStoreTableProps) {
    super(scope, id);
    const definition = props.definition ?? eventStoreTable;
    this.definition = definition;

    this.table = new Table(this, 'Table', {
      partitionKey: toAttribute(definition.partitionKey),
      sortKey: toAttribute(definition.sortKey),
      billingMode: BillingMode.PAY_PER_REQUEST,
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      deletionProtection: props.deletionProtection,
      removalPolicy: props.removalPolicy,
      // The AWS managed key costs nothing to hold and shows each use in CloudTrail; readers of the
      // stream (the pipe) need no KMS grant for it. A customer managed key can replace it later.
      encryption: TableEncryption.AWS_MANAGED,
      // NEW_IMAGE: commits are immutable, so the new image is the whole commit and old images
      // would only double the stream's size.
      stream: StreamViewType.NEW_IMAGE,
      timeToLiveAttribute: definition.timeToLiveAttribute,
    });

    for (const index of definition.globalSecondaryIndexes) {
      this.table.addGlobalSecondaryIndex({
        indexName: index.indexName,
        partitionKey: toAttribute(index.partitionKey),
        sortKey: toAttribute(index.sortKey),
        ...toProjection(index),
      });
    }
    for (const index of definition.localSecondaryIndexes) {
      assertSharesPartitionKey(index, definition.partitionKey);
      this.table.addLocalSecondaryIndex({
        indexName: index.indexName,
        sortKey: toAttribute(index.sortKey),
        ...toProjection(index),
      });
    }
  }

  /** The ARN of the table's stream (always present: the stream is enabled above). */
  get streamArn(): string {
    const arn = this.table.tableStreamArn;
    if (arn === undefined) throw new Error(`The table ${this.node.path} has no stream`);
    return arn;
  }
}

const toAttribute = (key: KeyAttribute): Attribute => ({
  name: key.name,
  type: key.type === 'S' ? AttributeType.STRING : AttributeType.NUMBER,
});

const toProjection = (
  index: IndexDefinition,
): { projectionType: ProjectionType; nonKeyAttributes?: string[] } => {
  if (index.projection === 'ALL') return { projectionType: ProjectionType.ALL };
  if (index.projection === 'KEYS_ONLY') return { projectionType: ProjectionType.KEYS_ONLY };
  return { projectionType: ProjectionType.INCLUDE, nonKeyAttributes: [...index.projection] };
};

const assertSharesPartitionKey = (index: IndexDefinition, tablePartitionKey: KeyAttribute): void => {
  const { name, type } = index.partitionKey;
  if (name !== tablePartitionKey.name || type !== tablePartitionKey.type) {
    throw new Error(
      `Local index ${index.indexName} has partition key ${name} (${type}); a local index must use the ` +
        `table's partition key ${tablePartitionKey.name} (${tablePartitionKey.type})`,
    );
  }
};
