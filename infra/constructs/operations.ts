import { Duration, Validations } from 'aws-cdk-lib';
import {
  type Alarm,
  ComparisonOperator,
  Dashboard,
  GraphWidget,
  Metric,
  TextWidget,
  TreatMissingData,
} from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { Topic } from 'aws-cdk-lib/aws-sns';
import { EmailSubscription } from 'aws-cdk-lib/aws-sns-subscriptions';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import type { StateMachine } from 'aws-cdk-lib/aws-stepfunctions';
import { Construct } from 'constructs';
import { SERVICE_NAME } from '../../functions/observability.js';
import { PROJECTION_LAG_METRIC } from '../../functions/projections/lag.js';
import { LATE_GLOBAL_COMMIT_METRIC } from '../../functions/store/global-order.js';
import { SUBSCRIPTION_SECRET_MISSING_METRIC } from '../../functions/webhooks/secrets-manager.js';
import { METRICS_NAMESPACE } from './naseej-function.js';

export interface OperationsProps {
  readonly dashboardName: string;
  readonly deadLetterQueues: Readonly<Record<string, IQueue>>;
  readonly stateMachines: Readonly<Record<string, StateMachine>>;
  readonly functions: Readonly<Record<string, IFunction>>;
  /** p99 projection lag (ms) above which the read models are called late; default 60 s. */
  readonly projectionLagThresholdMs?: number;
  /** Subscribed by email to the alarm topic when given (`-c alarmEmail=…`); confirm the first mail. */
  readonly alarmEmail?: string;
}

/**
 * The alarms on what matters and a small CloudWatch dashboard: anything in a dead-letter queue,
 * failed or timed-out executions, throttled or failing functions, the read models lagging and
 * subscriptions whose signing secret is missing. Every alarm notifies the alarm topic when it
 * fires and when it clears; operators subscribe to the topic (`alarmEmail`, or any SNS endpoint).
 */
export class Operations extends Construct {
  readonly alarms: Alarm[] = [];
  readonly dashboard: Dashboard;
  /** Where every alarm sends its state changes. */
  readonly alarmTopic: Topic;

  constructor(scope: Construct, id: string, props: OperationsProps) {
    super(scope, id);
    this.alarmTopic = new Topic(this, 'AlarmTopic', {
      displayName: `${props.dashboardName} alarms`,
      enforceSSL: true,
    });
    Validations.of(this.alarmTopic).acknowledge({
      id: 'AwsSolutions-SNS2',
      reason:
        'The topic carries only alarm state changes (alarm name, metric, threshold), no event data ' +
        "and no personal data. CloudWatch cannot publish to a topic under SNS's AWS managed key, so " +
        'encryption would need a customer managed key (a monthly fee) for nothing confidential.',
    });
    if (props.alarmEmail !== undefined) {
      this.alarmTopic.addSubscription(new EmailSubscription(props.alarmEmail));
    }
    const notify = new SnsAction(this.alarmTopic);

    const period = Duration.minutes(5);
    const alarm = (alarmId: string, description: string, metric: Metric, threshold = 0) => {
      const created = metric.createAlarm(this, alarmId, {
        alarmDescription: description,
        threshold,
        evaluationPeriods: 1,
        comparisonOperator: ComparisonOperator.GREATER_THAN_THRESHOLD,
        treatMissingData: TreatMissingData.NOT_BREACHING,
      });
      created.addAlarmAction(notify);
      created.addOkAction(notify);
      this.alarms.push(created);
      return created;
    };

    for (const [name, queue] of Object.entries(props.deadLetterQueues)) {
      alarm(
        `${name}DeadLetters`,
        `Messages wait in the dead-letter queue ${name}: undelivered events to look at and replay`,
        queue.metricApproximateNumberOfMessagesVisible({ period, statistic: 'Maximum' }),
      );
    }
    for (const [name, machine] of Object.entries(props.stateMachines)) {
      alarm(`${name}Failed`, `Executions of ${name} failed`, machine.metricFailed({ period }));
      alarm(`${name}TimedOut`, `Executions of ${name} timed out`, machine.metricTimedOut({ period }));
    }
    for (const [name, fn] of Object.entries(props.functions)) {
      alarm(`${name}Errors`, `The function ${name} failed`, fn.metricErrors({ period }));
      alarm(`${name}Throttles`, `The function ${name} was throttled`, fn.metricThrottles({ period }));
    }
    const projectionLag = new Metric({
      namespace: METRICS_NAMESPACE,
      metricName: PROJECTION_LAG_METRIC,
      dimensionsMap: { service: SERVICE_NAME },
      statistic: 'p99',
      period,
    });
    alarm(
      'SubscriptionSecretMissing',
      'An active partner subscription has no signing secret in Secrets Manager: its deliveries stop',
      new Metric({
        namespace: METRICS_NAMESPACE,
        metricName: SUBSCRIPTION_SECRET_MISSING_METRIC,
        dimensionsMap: { service: SERVICE_NAME },
        statistic: 'Sum',
        period,
      }),
    );
    alarm(
      'LateGlobalCommits',
      'The global index showed a commit after the settle bound: raise settleMs (docs/adr/0002-global-order.md)',
      new Metric({
        namespace: METRICS_NAMESPACE,
        metricName: LATE_GLOBAL_COMMIT_METRIC,
        dimensionsMap: { service: SERVICE_NAME },
        statistic: 'Sum',
        period,
      }),
    );
    alarm(
      'ProjectionLag',
      'The read models trail the events (p99 lag from recordedAt to view saved)',
      projectionLag,
      props.projectionLagThresholdMs ?? 60_000,
    );

    this.dashboard = new Dashboard(this, 'Dashboard', { dashboardName: props.dashboardName });
    this.dashboard.addWidgets(
      new TextWidget({
        markdown: '# Naseej\nDead letters, workflows, functions, read-model lag.',
        width: 24,
        height: 2,
      }),
    );
    this.dashboard.addWidgets(
      new GraphWidget({
        title: 'Dead-letter queues (messages)',
        left: Object.values(props.deadLetterQueues).map((queue) =>
          queue.metricApproximateNumberOfMessagesVisible({ period, statistic: 'Maximum' }),
        ),
      }),
      new GraphWidget({
        title: 'Executions failed / timed out',
        left: Object.values(props.stateMachines).flatMap((machine) => [
          machine.metricFailed({ period }),
          machine.metricTimedOut({ period }),
        ]),
      }),
      new GraphWidget({
        title: 'Function errors and throttles',
        left: Object.values(props.functions).map((fn) => fn.metricErrors({ period })),
        right: Object.values(props.functions).map((fn) => fn.metricThrottles({ period })),
      }),
      new GraphWidget({ title: 'Projection lag p99 (ms)', left: [projectionLag] }),
    );
  }
}
