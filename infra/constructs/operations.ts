import { Duration } from 'aws-cdk-lib';
import {
  type Alarm,
  ComparisonOperator,
  Dashboard,
  GraphWidget,
  Metric,
  TextWidget,
  TreatMissingData,
} from 'aws-cdk-lib/aws-cloudwatch';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import type { StateMachine } from 'aws-cdk-lib/aws-stepfunctions';
import { Construct } from 'constructs';
import { SERVICE_NAME } from '../../functions/observability.js';
import { PROJECTION_LAG_METRIC } from '../../functions/projections/lag.js';
import { METRICS_NAMESPACE } from './naseej-function.js';

export interface OperationsProps {
  readonly dashboardName: string;
  readonly deadLetterQueues: Readonly<Record<string, IQueue>>;
  readonly stateMachines: Readonly<Record<string, StateMachine>>;
  readonly functions: Readonly<Record<string, IFunction>>;
  /** p99 projection lag (ms) above which the read models are called late; default 60 s. */
  readonly projectionLagThresholdMs?: number;
}

/**
 * The alarms on what matters and a small CloudWatch dashboard: anything in a dead-letter queue,
 * failed or timed-out executions, throttled or failing functions, and the read models lagging.
 * Alarms have no action yet: subscribe a topic (`alarm.addAlarmAction`) where operators listen.
 */
export class Operations extends Construct {
  readonly alarms: Alarm[] = [];
  readonly dashboard: Dashboard;

  constructor(scope: Construct, id: string, props: OperationsProps) {
    super(scope, id);
    const period = Duration.minutes(5);
    const alarm = (alarmId: string, description: string, metric: Metric, threshold = 0) => {
      const created = metric.createAlarm(this, alarmId, {
        alarmDescription: description,
        threshold,
        evaluationPeriods: 1,
        comparisonOperator: ComparisonOperator.GREATER_THAN_THRESHOLD,
        treatMissingData: TreatMissingData.NOT_BREACHING,
      });
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
