import { Duration, Validations } from 'aws-cdk-lib';
import type { IHttpApi } from 'aws-cdk-lib/aws-apigatewayv2';
import {
  Alarm,
  ComparisonOperator,
  Dashboard,
  GraphWidget,
  type IMetric,
  MathExpression,
  Metric,
  TextWidget,
  TreatMissingData,
} from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import { type ITable, Operation } from 'aws-cdk-lib/aws-dynamodb';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { FilterPattern, type ILogGroup, MetricFilter } from 'aws-cdk-lib/aws-logs';
import { Topic } from 'aws-cdk-lib/aws-sns';
import { EmailSubscription } from 'aws-cdk-lib/aws-sns-subscriptions';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import type { StateMachine } from 'aws-cdk-lib/aws-stepfunctions';
import { Construct } from 'constructs';
import { LATE_GLOBAL_COMMIT_METRIC } from '../../functions/adapters/dynamodb/global-order.js';
import { GLOBAL_ORDER_INDEX } from '../../functions/adapters/dynamodb/table-definition.js';
import { SERVICE_NAME } from '../../functions/adapters/observability/observability.js';
import { SUBSCRIPTION_SECRET_MISSING_METRIC } from '../../functions/adapters/secrets-manager.js';
import { OUTBOUND_DELIVERY_PARKED_METRIC } from '../../functions/adapters/webhooks/metrics.js';
import { PROJECTION_LAG_METRIC } from '../../functions/application/projections/lag.js';
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
  /** The event store table: throttles and system errors (the global order's bound relies on them). */
  readonly table?: ITable;
  /** The pipe that publishes the table's stream (its name): failures, and events to project. */
  readonly pipeName?: string;
  /** The HTTP API and its JSON access logs: 5xx answers and 429 throttles. */
  readonly http?: { readonly api: IHttpApi; readonly accessLogs: ILogGroup };
  /**
   * Where the alarms (and the metric filter they read) are made: a nested stack of their own in
   * the deployment (docs/adr/0032-stacks-within-limits.md), so that every new function's three
   * alarms do not fill the main stack. The topic and the dashboard stay in this construct's
   * stack: their ARN and name are what operators subscribe to and open. Default: this construct.
   */
  readonly alarmScope?: Construct;
}

/** The alarms docs/operations.md gives a runbook for, by id (an infra test holds the two together). */
export const ALARM_RUNBOOKS = [
  'DeadLetters',
  'Failed',
  'TimedOut',
  'Aborted',
  'Errors',
  'Throttles',
  'AsyncEventsDropped',
  'TableThrottles',
  'TableSystemErrors',
  'GlobalOrderIndexThrottles',
  'LateGlobalCommits',
  'PipeFailures',
  'ApiServerErrors',
  'ApiThrottled',
  'OutboundDeliveriesParked',
  'SubscriptionSecretMissing',
  'ProjectionLag',
  'ProjectionsSilent',
] as const;

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
  readonly #alarmScope: Construct;

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

    const alarmScope = props.alarmScope ?? this;
    this.#alarmScope = alarmScope;
    const period = Duration.minutes(5);
    const alarm = (alarmId: string, description: string, metric: IMetric, threshold = 0) => {
      const created = new Alarm(alarmScope, alarmId, {
        metric,
        alarmDescription: `${description} (runbook: docs/operations.md)`,
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
      alarm(`${name}Aborted`, `Executions of ${name} were stopped`, machine.metricAborted({ period }));
    }
    for (const [name, fn] of Object.entries(props.functions)) {
      alarm(`${name}Errors`, `The function ${name} failed`, fn.metricErrors({ period }));
      alarm(`${name}Throttles`, `The function ${name} was throttled`, fn.metricThrottles({ period }));
      // Only asynchronously invoked functions report it: events Lambda gave up on after its retries.
      alarm(
        `${name}AsyncEventsDropped`,
        `The function ${name} dropped asynchronous events after its retries`,
        fn.metric('AsyncEventsDropped', { period, statistic: 'Sum' }),
      );
    }
    if (props.table !== undefined) this.#watchTable(props.table, period, alarm);
    if (props.pipeName !== undefined) this.#watchPipe(props.pipeName, period, alarm);
    if (props.http !== undefined) this.#watchHttp(props.http, period, alarm);
    alarm(
      'OutboundDeliveriesParked',
      'Deliveries to a partner failed every attempt and were parked: replay them once the partner answers',
      new Metric({
        namespace: METRICS_NAMESPACE,
        metricName: OUTBOUND_DELIVERY_PARKED_METRIC,
        dimensionsMap: { service: SERVICE_NAME },
        statistic: 'Sum',
        period,
      }),
    );
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
    if (props.pipeName !== undefined) {
      // A lag alarm stays green when nothing is projected at all: no samples, no breach. This one
      // breaches when the pipe published events and not one projection lag sample followed.
      const published = pipeMetric(props.pipeName, 'EventCount', Duration.minutes(15));
      alarm(
        'ProjectionsSilent',
        'Events were published in the last 15 minutes and the read models projected none of them',
        new MathExpression({
          expression: 'IF(FILL(published, 0) > 0 AND FILL(projected, 0) == 0, 1, 0)',
          usingMetrics: {
            published,
            projected: projectionLag.with({ statistic: 'SampleCount', period: Duration.minutes(15) }),
          },
          period: Duration.minutes(15),
          label: 'Events published but none projected',
        }),
      );
    }

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

  /** DynamoDB throttles and system errors on the event store: the global order's bound relies on neither. */
  #watchTable(table: ITable, period: Duration, alarm: AlarmFactory): void {
    const operations = [Operation.PUT_ITEM, Operation.QUERY, Operation.GET_ITEM];
    alarm(
      'TableThrottles',
      'The event store table throttled requests: commands and the feed slow down or fail',
      table.metricThrottledRequestsForOperations({ operations, period }),
    );
    alarm(
      'TableSystemErrors',
      'The event store table answered with system errors (HTTP 500)',
      table.metricSystemErrorsForOperations({ operations, period }),
    );
    alarm(
      'GlobalOrderIndexThrottles',
      "The global-order index throttled its writes, which throttles the table's own writes",
      new Metric({
        namespace: 'AWS/DynamoDB',
        metricName: 'WriteThrottleEvents',
        dimensionsMap: { TableName: table.tableName, GlobalSecondaryIndexName: GLOBAL_ORDER_INDEX },
        statistic: 'Sum',
        period,
      }),
    );
  }

  /** The pipe from the table's stream to the bus: any failed or timed-out execution. */
  #watchPipe(pipeName: string, period: Duration, alarm: AlarmFactory): void {
    alarm(
      'PipeFailures',
      'The publishing pipe failed executions (enrichment or target): events wait in its retries or its DLQ',
      new MathExpression({
        expression: 'FILL(failed, 0) + FILL(partial, 0) + FILL(timeout, 0)',
        usingMetrics: {
          failed: pipeMetric(pipeName, 'ExecutionFailed', period),
          partial: pipeMetric(pipeName, 'ExecutionPartiallyFailed', period),
          timeout: pipeMetric(pipeName, 'ExecutionTimeout', period),
        },
        period,
        label: 'Pipe executions failed, partly failed or timed out',
      }),
    );
  }

  /** The HTTP API: answers 5xx, and callers throttled (429, counted from the access logs). */
  #watchHttp(http: { api: IHttpApi; accessLogs: ILogGroup }, period: Duration, alarm: AlarmFactory): void {
    alarm(
      'ApiServerErrors',
      'The HTTP API answered 5xx: a handler failed or timed out',
      http.api.metricServerError({ period, statistic: 'Sum' }),
    );
    const throttled = new MetricFilter(this.#alarmScope, 'ApiThrottledFilter', {
      logGroup: http.accessLogs,
      filterPattern: FilterPattern.numberValue('$.status', '=', 429),
      metricNamespace: METRICS_NAMESPACE,
      metricName: API_THROTTLED_METRIC,
      metricValue: '1',
      defaultValue: 0,
    });
    alarm(
      'ApiThrottled',
      'Callers of the HTTP API were answered 429: a route spent its throttle (docs/operations.md, Throttles)',
      throttled.metric({ period, statistic: 'Sum' }),
    );
  }
}

/** The count of 429 answers, from the API's access logs. */
export const API_THROTTLED_METRIC = 'ApiThrottled';

type AlarmFactory = (alarmId: string, description: string, metric: IMetric, threshold?: number) => Alarm;

/** A metric of an EventBridge pipe (namespace AWS/EventBridge/Pipes, dimension PipeName). */
const pipeMetric = (pipeName: string, metricName: string, period: Duration): Metric =>
  new Metric({
    namespace: 'AWS/EventBridge/Pipes',
    metricName,
    dimensionsMap: { PipeName: pipeName },
    statistic: 'Sum',
    period,
  });
