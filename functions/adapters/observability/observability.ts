import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';

// Powertools for AWS Lambda, created once per container and shared by every handler. Locally the
// same logger writes JSON lines; metrics are published only on Lambda (elsewhere `countMetric`
// does nothing, so tests and the local server print no EMF). There is no tracer: Lambda's active
// tracing records each invocation (docs/adr/0062-lambda-bundles.md).

/** Service name in every log line, metric and trace. */
export const SERVICE_NAME = 'naseej-api';

/** The shared structured logger (level from `POWERTOOLS_LOG_LEVEL`, default INFO). */
export const logger = new Logger({ serviceName: SERVICE_NAME });

/** The shared CloudWatch metrics (embedded metric format), namespace `Naseej`. */
export const metrics = new Metrics({ namespace: 'Naseej', serviceName: SERVICE_NAME });

/** True inside a Lambda function (where metrics are published). */
export const isOnLambda = (): boolean => process.env.AWS_LAMBDA_FUNCTION_NAME !== undefined;

/** Counts one occurrence of `name` (on Lambda; a no-op elsewhere). */
export const countMetric = (name: string): void => {
  if (isOnLambda()) metrics.addMetric(name, MetricUnit.Count, 1);
};
