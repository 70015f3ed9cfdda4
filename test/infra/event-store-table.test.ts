import { RemovalPolicy, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  eventStoreTable,
  type IndexDefinition,
  type KeyAttribute,
  type TableDefinition,
} from '../../functions/adapters/dynamodb/table-definition.js';
import { EventStoreTable } from '../../infra/constructs/event-store-table.js';
import { constructTestApp, SYNTH_TIMEOUT_MS } from './support/cdk-app.js';

// What CloudFormation should declare for a key or an index of the shared definition.
const keySchema = (partitionKey: KeyAttribute, sortKey: KeyAttribute) => [
  { AttributeName: partitionKey.name, KeyType: 'HASH' },
  { AttributeName: sortKey.name, KeyType: 'RANGE' },
];

const projection = (index: IndexDefinition) =>
  index.projection === 'ALL' || index.projection === 'KEYS_ONLY'
    ? { ProjectionType: index.projection }
    : { ProjectionType: 'INCLUDE', NonKeyAttributes: [...index.projection] };

const expectedIndex = (index: IndexDefinition) => ({
  IndexName: index.indexName,
  KeySchema: keySchema(index.partitionKey, index.sortKey),
  Projection: projection(index),
});

const keyAttributesOf = (definition: TableDefinition): KeyAttribute[] => {
  const all = [
    definition.partitionKey,
    definition.sortKey,
    ...definition.globalSecondaryIndexes.flatMap((index) => [index.partitionKey, index.sortKey]),
    ...definition.localSecondaryIndexes.flatMap((index) => [index.partitionKey, index.sortKey]),
  ];
  return [...new Map(all.map((key) => [key.name, key])).values()];
};

const byName = <T extends { AttributeName?: string; IndexName?: string }>(items: readonly T[]): T[] =>
  [...items].sort((a, b) =>
    (a.AttributeName ?? a.IndexName ?? '').localeCompare(b.AttributeName ?? b.IndexName ?? ''),
  );

type TableResource = {
  Properties: {
    AttributeDefinitions: { AttributeName: string; AttributeType: string }[];
    GlobalSecondaryIndexes?: { IndexName: string }[];
    LocalSecondaryIndexes?: { IndexName: string }[];
  } & Record<string, unknown>;
  DeletionPolicy?: string;
  UpdateReplacePolicy?: string;
};

const onlyTable = (template: Template): TableResource => {
  const tables = Object.values(template.findResources('AWS::DynamoDB::Table')) as TableResource[];
  expect(tables).toHaveLength(1);
  return tables[0] as TableResource;
};

/** A definition with every projection kind, to check the mapping beyond today's shared indexes. */
const everyProjection: TableDefinition = {
  timeToLiveAttribute: 'expiresAt',
  partitionKey: { name: 'pk', type: 'S' },
  sortKey: { name: 'sk', type: 'N' },
  globalSecondaryIndexes: [
    {
      indexName: 'all',
      partitionKey: { name: 'a', type: 'S' },
      sortKey: { name: 'b', type: 'N' },
      projection: 'ALL',
    },
    {
      indexName: 'some',
      partitionKey: { name: 'c', type: 'S' },
      sortKey: { name: 'd', type: 'S' },
      projection: ['lastVersion', 'recordedAt'],
    },
  ],
  localSecondaryIndexes: [
    {
      indexName: 'keys',
      partitionKey: { name: 'pk', type: 'S' },
      sortKey: { name: 'e', type: 'S' },
      projection: 'KEYS_ONLY',
    },
  ],
};

describe('EventStoreTable', () => {
  let prod: Template;
  let dev: Template;
  let custom: Template;
  let cleanup: () => void;

  beforeAll(() => {
    // Prepare: one app, three stacks, synthesized once (Template.fromStack reuses the assembly).
    const test = constructTestApp();
    cleanup = test.cleanup;
    const prodStack = new Stack(test.app, 'Prod');
    new EventStoreTable(prodStack, 'EventStore', {
      removalPolicy: RemovalPolicy.RETAIN,
      deletionProtection: true,
    });
    const devStack = new Stack(test.app, 'Dev');
    new EventStoreTable(devStack, 'EventStore', {
      removalPolicy: RemovalPolicy.DESTROY,
      deletionProtection: false,
    });
    const customStack = new Stack(test.app, 'Custom');
    new EventStoreTable(customStack, 'EventStore', {
      removalPolicy: RemovalPolicy.DESTROY,
      deletionProtection: false,
      definition: everyProjection,
    });

    // Act
    prod = Template.fromStack(prodStack);
    dev = Template.fromStack(devStack);
    custom = Template.fromStack(customStack);
  }, SYNTH_TIMEOUT_MS);

  afterAll(() => cleanup());

  it('declares the keys of the shared table definition', () => {
    // Assess
    prod.hasResourceProperties('AWS::DynamoDB::Table', {
      KeySchema: keySchema(eventStoreTable.partitionKey, eventStoreTable.sortKey),
    });
    expect(byName(onlyTable(prod).Properties.AttributeDefinitions)).toEqual(
      byName(
        keyAttributesOf(eventStoreTable).map((key) => ({ AttributeName: key.name, AttributeType: key.type })),
      ),
    );
  });

  it('declares every index of the shared definition, and no other', () => {
    // Assess
    const { GlobalSecondaryIndexes = [], LocalSecondaryIndexes = [] } = onlyTable(prod).Properties;
    expect(byName(GlobalSecondaryIndexes)).toEqual(
      byName(eventStoreTable.globalSecondaryIndexes.map(expectedIndex)),
    );
    expect(byName(LocalSecondaryIndexes)).toEqual(
      byName(eventStoreTable.localSecondaryIndexes.map(expectedIndex)),
    );
  });

  it('maps ALL, KEYS_ONLY and a list of attributes to their CloudFormation projections', () => {
    // Assess
    const { GlobalSecondaryIndexes = [], LocalSecondaryIndexes = [] } = onlyTable(custom).Properties;
    expect(byName(GlobalSecondaryIndexes)).toEqual(
      byName(everyProjection.globalSecondaryIndexes.map(expectedIndex)),
    );
    expect(byName(LocalSecondaryIndexes)).toEqual(
      byName(everyProjection.localSecondaryIndexes.map(expectedIndex)),
    );
  });

  it('is on-demand, encrypted, with point-in-time recovery, a NEW_IMAGE stream and a TTL on expiresAt', () => {
    // Assess
    for (const template of [prod, dev]) {
      template.hasResourceProperties('AWS::DynamoDB::Table', {
        TimeToLiveSpecification: { AttributeName: 'expiresAt', Enabled: true },
        BillingMode: 'PAY_PER_REQUEST',
        PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
        SSESpecification: { SSEEnabled: true },
        StreamSpecification: { StreamViewType: 'NEW_IMAGE' },
      });
    }
  });

  it('is retained and deletion-protected in prod', () => {
    // Assess
    const table = onlyTable(prod);
    expect(table.Properties.DeletionProtectionEnabled).toBe(true);
    expect(table.DeletionPolicy).toBe('Retain');
    expect(table.UpdateReplacePolicy).toBe('Retain');
  });

  it('is deleted with a throwaway stack', () => {
    // Assess
    const table = onlyTable(dev);
    expect(table.Properties.DeletionProtectionEnabled).toBe(false);
    expect(table.DeletionPolicy).toBe('Delete');
  });

  it('refuses a local index whose partition key is not the table partition key, naming it', () => {
    // Prepare
    const test = constructTestApp();
    const stack = new Stack(test.app, 'Broken');
    const broken: TableDefinition = {
      ...everyProjection,
      localSecondaryIndexes: [
        {
          indexName: 'wrong',
          partitionKey: { name: 'other', type: 'S' },
          sortKey: { name: 'e', type: 'S' },
          projection: 'ALL',
        },
      ],
    };

    // Act
    const build = () =>
      new EventStoreTable(stack, 'EventStore', {
        removalPolicy: RemovalPolicy.DESTROY,
        deletionProtection: false,
        definition: broken,
      });

    // Assess
    expect(build).toThrow(/Local index wrong has partition key other \(S\)/);
    test.cleanup();
  });
});
