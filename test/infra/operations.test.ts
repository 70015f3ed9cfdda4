import { Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { Queue } from 'aws-cdk-lib/aws-sqs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Operations } from '../../infra/constructs/operations.js';
import { constructTestApp } from './support/cdk-app.js';

describe('Operations with an alarm email', () => {
  let template: Template;
  let topicId: string;
  let cleanup: () => void;

  beforeAll(() => {
    // Prepare: the construct alone, one queue to watch (no function to bundle).
    const test = constructTestApp();
    cleanup = test.cleanup;
    const stack = new Stack(test.app, 'Operations');
    const operations = new Operations(stack, 'Operations', {
      dashboardName: 'naseej-test',
      deadLetterQueues: { Bus: new Queue(stack, 'DeadLetters') },
      stateMachines: {},
      functions: {},
      alarmEmail: 'ops@naseej.example',
    });

    // Act
    template = Template.fromStack(stack);
    topicId = stack.getLogicalId(operations.alarmTopic.node.defaultChild as never);
  });

  afterAll(() => cleanup());

  it('subscribes the address to the alarm topic', () => {
    // Assess
    template.resourceCountIs('AWS::SNS::Subscription', 1);
    template.hasResourceProperties('AWS::SNS::Subscription', {
      Protocol: 'email',
      Endpoint: 'ops@naseej.example',
      TopicArn: { Ref: topicId },
    });
  });

  it('alarms on dead letters, parked deliveries, missing subscription secrets, late global commits and projection lag, each to the topic', () => {
    // Assess
    const alarms = Object.values(template.findResources('AWS::CloudWatch::Alarm')) as {
      Properties: { MetricName: string; AlarmActions: unknown[] };
    }[];
    expect(alarms.map((alarm) => alarm.Properties.MetricName).sort()).toEqual([
      'ApproximateNumberOfMessagesVisible',
      'LateGlobalCommits',
      'OutboundDeliveryParked',
      'OutboundSubscriptionSecretMissing',
      'ProjectionLag',
    ]);
    for (const alarm of alarms) expect(alarm.Properties.AlarmActions).toEqual([{ Ref: topicId }]);
  });
});
