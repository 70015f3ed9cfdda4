import { Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { RetentionDays } from 'aws-cdk-lib/aws-logs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventStoreTable, GLOBAL_ORDER_INDEX } from '../../functions/adapters/dynamodb/table-definition.js';
import { NASEEJ_EVENT_SOURCE, NaseejEventBus } from '../../infra/constructs/event-bus.js';
import { COMMIT_DETAIL_TYPE, EventStorePipe } from '../../infra/constructs/event-store-pipe.js';
import { EventStoreTable } from '../../infra/constructs/event-store-table.js';
import { constructTestApp, SYNTH_TIMEOUT_MS } from './support/cdk-app.js';

type Statement = {
  Effect: string;
  Action: string | string[];
  Resource: unknown;
  Principal?: unknown;
  Condition?: unknown;
};

const actionsOf = (statement: Statement): string[] =>
  Array.isArray(statement.Action) ? statement.Action : [statement.Action];

const resourcesOf = (statement: Statement): unknown[] =>
  Array.isArray(statement.Resource) ? statement.Resource : [statement.Resource];

const logicalIdOf = (template: Template, type: string): string => {
  const ids = Object.keys(template.findResources(type));
  expect(ids).toHaveLength(1);
  return ids[0] as string;
};

const getAtt = (logicalId: string, attribute: string) => ({ 'Fn::GetAtt': [logicalId, attribute] });

describe('NaseejEventBus and EventStorePipe', () => {
  let template: Template;
  let ids: { table: string; bus: string; queue: string; logs: string; role: string };
  let cleanup: () => void;

  beforeAll(() => {
    // Prepare
    const test = constructTestApp();
    cleanup = test.cleanup;
    const stack = new Stack(test.app, 'Publishing');
    const eventStore = new EventStoreTable(stack, 'EventStore', {
      removalPolicy: RemovalPolicy.DESTROY,
      deletionProtection: false,
    });
    const eventBus = new NaseejEventBus(stack, 'EventBus', {
      busName: 'naseej',
      archiveRetention: Duration.days(30),
      removalPolicy: RemovalPolicy.DESTROY,
    });
    new EventStorePipe(stack, 'Publisher', {
      eventStore,
      bus: eventBus.bus,
      deadLetterQueue: eventBus.deadLetterQueue,
      logRetention: RetentionDays.ONE_WEEK,
      removalPolicy: RemovalPolicy.DESTROY,
      batchSize: 10,
      maximumRetryAttempts: 7,
    });

    // Act
    template = Template.fromStack(stack);
    ids = {
      table: logicalIdOf(template, 'AWS::DynamoDB::Table'),
      bus: logicalIdOf(template, 'AWS::Events::EventBus'),
      queue: logicalIdOf(template, 'AWS::SQS::Queue'),
      logs: logicalIdOf(template, 'AWS::Logs::LogGroup'),
      role: logicalIdOf(template, 'AWS::IAM::Role'),
    };
  }, SYNTH_TIMEOUT_MS);

  afterAll(() => cleanup());

  describe('the bus', () => {
    it('is the custom bus named naseej, sending what it cannot deliver to the dead-letter queue', () => {
      // Assess
      template.hasResourceProperties('AWS::Events::EventBus', {
        Name: 'naseej',
        DeadLetterConfig: { Arn: getAtt(ids.queue, 'Arn') },
      });
    });

    it('archives every event whose source is naseej, for the configured retention', () => {
      // Assess
      template.resourceCountIs('AWS::Events::Archive', 1);
      template.hasResourceProperties('AWS::Events::Archive', {
        SourceArn: getAtt(ids.bus, 'Arn'),
        EventPattern: { source: [NASEEJ_EVENT_SOURCE] },
        RetentionDays: 30,
      });
    });

    it('has an encrypted dead-letter queue that refuses requests without TLS', () => {
      // Assess
      template.hasResourceProperties('AWS::SQS::Queue', { SqsManagedSseEnabled: true });
      template.hasResourceProperties('AWS::SQS::QueuePolicy', {
        PolicyDocument: {
          Statement: Match.arrayWith([
            Match.objectLike({
              Effect: 'Deny',
              Action: 'sqs:*',
              Condition: { Bool: { 'aws:SecureTransport': 'false' } },
            }),
          ]),
        },
      });
    });

    it('lets only this bus put undeliverable events on the dead-letter queue', () => {
      // Assess
      template.hasResourceProperties('AWS::SQS::QueuePolicy', {
        PolicyDocument: {
          Statement: Match.arrayWith([
            {
              Sid: 'AllowUndeliverableEventsFromTheBus',
              Effect: 'Allow',
              Principal: { Service: 'events.amazonaws.com' },
              Action: 'sqs:SendMessage',
              Resource: getAtt(ids.queue, 'Arn'),
              Condition: { ArnEquals: { 'aws:SourceArn': getAtt(ids.bus, 'Arn') } },
            },
          ]),
        },
      });
    });
  });

  describe('the pipe', () => {
    it('reads the table stream from its oldest record and puts on the bus', () => {
      // Assess
      template.resourceCountIs('AWS::Pipes::Pipe', 1);
      template.hasResourceProperties('AWS::Pipes::Pipe', {
        Source: getAtt(ids.table, 'StreamArn'),
        Target: getAtt(ids.bus, 'Arn'),
        RoleArn: getAtt(ids.role, 'Arn'),
        SourceParameters: {
          DynamoDBStreamParameters: {
            StartingPosition: 'TRIM_HORIZON',
            BatchSize: 10,
            MaximumRetryAttempts: 7,
            ParallelizationFactor: 1,
            DeadLetterConfig: { Arn: getAtt(ids.queue, 'Arn') },
          },
        },
      });
    });

    it('publishes with source naseej, as commits, saying so in detail-type and detail', () => {
      // Assess
      const [pipe] = Object.values(template.findResources('AWS::Pipes::Pipe'));
      const targetParameters = pipe?.Properties.TargetParameters;
      expect(targetParameters.EventBridgeEventBusParameters).toEqual({
        Source: NASEEJ_EVENT_SOURCE,
        DetailType: COMMIT_DETAIL_TYPE,
      });
      const { partitionKey, sortKey } = eventStoreTable;
      expect(targetParameters.InputTemplate).toContain('"kind": "commit"');
      expect(targetParameters.InputTemplate).toContain(
        `<$.dynamodb.Keys.${partitionKey.name}.${partitionKey.type}>`,
      );
      expect(targetParameters.InputTemplate).toContain(`<$.dynamodb.Keys.${sortKey.name}.${sortKey.type}>`);
      expect(targetParameters.InputTemplate).toContain('<$.dynamodb.NewImage>');
    });

    it('lets through only inserted commits: items that carry the global-order key', () => {
      // Assess
      const [pipe] = Object.values(template.findResources('AWS::Pipes::Pipe'));
      const filters = pipe?.Properties.SourceParameters.FilterCriteria.Filters as { Pattern: string }[];
      const globalOrderKey = eventStoreTable.globalSecondaryIndexes.find(
        (index) => index.indexName === GLOBAL_ORDER_INDEX,
      )?.partitionKey;
      expect(globalOrderKey).toBeDefined();
      expect(filters.map((filter) => JSON.parse(filter.Pattern))).toEqual([
        {
          eventName: ['INSERT'],
          dynamodb: {
            NewImage: { [globalOrderKey?.name ?? '']: { [globalOrderKey?.type ?? '']: [{ exists: true }] } },
          },
        },
      ]);
    });

    it('logs its errors to a log group with a retention', () => {
      // Assess
      template.hasResourceProperties('AWS::Logs::LogGroup', { RetentionInDays: 7 });
      template.hasResourceProperties('AWS::Pipes::Pipe', {
        LogConfiguration: {
          Level: 'ERROR',
          CloudwatchLogsLogDestination: { LogGroupArn: getAtt(ids.logs, 'Arn') },
        },
      });
    });

    it('is created after its role policy, since a pipe checks its permissions when created', () => {
      // Assess
      const policyId = logicalIdOf(template, 'AWS::IAM::Policy');
      template.hasResource('AWS::Pipes::Pipe', { DependsOn: Match.arrayWith([policyId]) });
    });
  });

  describe('the pipe role (least privilege)', () => {
    const policyStatements = (): Statement[] => {
      const [policy] = Object.values(template.findResources('AWS::IAM::Policy'));
      return policy?.Properties.PolicyDocument.Statement as Statement[];
    };

    it('may be assumed only by EventBridge Pipes of this account', () => {
      // Assess
      template.hasResourceProperties('AWS::IAM::Role', {
        AssumeRolePolicyDocument: {
          Statement: [
            {
              Effect: 'Allow',
              Action: 'sts:AssumeRole',
              Principal: { Service: 'pipes.amazonaws.com' },
              Condition: { StringEquals: { 'aws:SourceAccount': { Ref: 'AWS::AccountId' } } },
            },
          ],
        },
      });
    });

    it('grants exactly: stream read, PutEvents on the bus, send to the DLQ, write its logs', () => {
      // Assess
      const grants = policyStatements().map((statement) => ({
        actions: actionsOf(statement).sort(),
        resources: resourcesOf(statement),
      }));
      expect(grants).toEqual(
        expect.arrayContaining([
          {
            actions: ['dynamodb:DescribeStream', 'dynamodb:GetRecords', 'dynamodb:GetShardIterator'],
            resources: [getAtt(ids.table, 'StreamArn')],
          },
          { actions: ['events:PutEvents'], resources: [getAtt(ids.bus, 'Arn')] },
          {
            actions: ['sqs:GetQueueAttributes', 'sqs:GetQueueUrl', 'sqs:SendMessage'],
            resources: [getAtt(ids.queue, 'Arn')],
          },
          { actions: ['logs:CreateLogStream', 'logs:PutLogEvents'], resources: [getAtt(ids.logs, 'Arn')] },
        ]),
      );
      expect(grants).toHaveLength(5);
    });

    it('uses "*" only for dynamodb:ListStreams, which names no resource, and no wildcard actions', () => {
      // Assess
      const statements = policyStatements();
      expect(statements.every((statement) => statement.Effect === 'Allow')).toBe(true);
      const unscoped = statements.filter((statement) => resourcesOf(statement).includes('*'));
      expect(unscoped.map(actionsOf)).toEqual([['dynamodb:ListStreams']]);
      const actions = statements.flatMap(actionsOf);
      expect(actions.filter((action) => action.includes('*'))).toEqual([]);
    });
  });
});
