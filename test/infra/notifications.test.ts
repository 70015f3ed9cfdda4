import { RemovalPolicy, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { AttributeType, Table } from 'aws-cdk-lib/aws-dynamodb';
import { EventBus } from 'aws-cdk-lib/aws-events';
import { RetentionDays } from 'aws-cdk-lib/aws-logs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NOTIFICATIONS_TARGET, rules } from '../../functions/application/bus/rules.js';
import { BusRules } from '../../infra/constructs/bus-rules.js';
import { Notifications } from '../../infra/constructs/notifications.js';
import { constructTestApp, SYNTH_TIMEOUT_MS } from './support/cdk-app.js';

// SES sending and the notifications consumer as CDK builds them: the identity and configuration
// set, the function behind the rule's queue and its dead-letter queue, and a role that may send
// only from that identity with that configuration set.

type Statement = { Effect: string; Action: string | string[]; Resource: unknown };

describe('Notifications', () => {
  let template: Template;
  let cleanup: () => void;

  beforeAll(() => {
    // Prepare
    const test = constructTestApp();
    cleanup = test.cleanup;
    const stack = new Stack(test.app, 'NotificationsTest', {
      env: { account: '111122223333', region: 'eu-west-3' },
    });
    const table = new Table(stack, 'Table', {
      partitionKey: { name: 'pk', type: AttributeType.STRING },
      sortKey: { name: 'sk', type: AttributeType.NUMBER },
    });
    const notifications = new Notifications(stack, 'Notifications', {
      table,
      defaults: { logRetention: RetentionDays.ONE_WEEK, removalPolicy: RemovalPolicy.DESTROY },
      mailDomain: 'naseej.example.org',
      configurationSetName: 'naseej-notifications',
    });
    new BusRules(stack, 'Rules', {
      bus: new EventBus(stack, 'Bus'),
      removalPolicy: RemovalPolicy.DESTROY,
      ruleSet: rules.filter((rule) => rule.targets.some((target) => target.id === NOTIFICATIONS_TARGET)),
      targets: { [NOTIFICATIONS_TARGET]: { function: notifications.consumer } },
    });
    template = Template.fromStack(stack);
  }, SYNTH_TIMEOUT_MS);

  afterAll(() => cleanup?.());

  it('sends from a domain identity with a configuration set that requires TLS and suppresses bounces and complaints', () => {
    template.hasResourceProperties('AWS::SES::ConfigurationSet', {
      Name: 'naseej-notifications',
      DeliveryOptions: { TlsPolicy: 'REQUIRE' },
      ReputationOptions: { ReputationMetricsEnabled: true },
      SendingOptions: { SendingEnabled: true },
      SuppressionOptions: { SuppressedReasons: ['BOUNCE', 'COMPLAINT'] },
    });
    template.hasResourceProperties('AWS::SES::EmailIdentity', {
      EmailIdentity: 'naseej.example.org',
      ConfigurationSetAttributes: {
        ConfigurationSetName: { Ref: Match.stringLikeRegexp('ConfigurationSet') },
      },
    });
  });

  it('lets the consumer call ses:SendEmail on that identity and configuration set only', () => {
    const statements = Object.values(template.findResources('AWS::IAM::Policy'))
      .flatMap((policy) => (policy.Properties.PolicyDocument as { Statement: Statement[] }).Statement)
      .filter((statement) => [statement.Action].flat().some((action) => action.startsWith('ses:')));
    expect(statements).toEqual([
      {
        Effect: 'Allow',
        Action: 'ses:SendEmail',
        Resource: [
          {
            'Fn::Join': [
              '',
              [
                'arn:aws:ses:eu-west-3:111122223333:configuration-set/',
                { Ref: 'NotificationsConfigurationSet428CEBEB' },
              ],
            ],
          },
          {
            'Fn::Join': [
              '',
              ['arn:aws:ses:eu-west-3:111122223333:identity/', { Ref: 'NotificationsIdentityA49D18D4' }],
            ],
          },
        ],
      },
    ]);
  });

  it('feeds the consumer from the rule through a queue with a dead-letter queue, 10 receives 120 s apart, partial batch failures', () => {
    template.hasResourceProperties('AWS::Events::Rule', {
      Name: 'naseej-events-to-notifications',
      EventPattern: {
        source: ['naseej'],
        'detail-type': [
          'CommitteeAppointed',
          'TrancheRequested',
          'AssociationSelected',
          'ApplicationRefused',
          'AppealDecided',
          'AppealWindowClosingReminded',
        ],
      },
      Targets: [
        Match.objectLike({
          RetryPolicy: { MaximumRetryAttempts: 19, MaximumEventAgeInSeconds: 86_400 },
          DeadLetterConfig: { Arn: Match.anyValue() },
        }),
      ],
    });
    template.hasResourceProperties('AWS::SQS::Queue', {
      VisibilityTimeout: 120,
      MessageRetentionPeriod: 345_600,
      SqsManagedSseEnabled: true,
      RedrivePolicy: { maxReceiveCount: 10, deadLetterTargetArn: Match.anyValue() },
    });
    template.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
      BatchSize: 10,
      FunctionResponseTypes: ['ReportBatchItemFailures'],
    });
    template.hasResourceProperties('AWS::Lambda::Function', {
      Description:
        'Naseej bus target notifications: tells each recipient once, in the workspace and by e-mail (SES)',
      Timeout: 30,
      Environment: {
        Variables: Match.objectLike({
          NASEEJ_MAIL_FROM: 'Naseej <notifications@naseej.example.org>',
          NASEEJ_MAIL_CONFIGURATION_SET: { Ref: Match.stringLikeRegexp('^NotificationsConfigurationSet') },
        }),
      },
    });
  });
});
