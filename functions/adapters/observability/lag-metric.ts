import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { PROJECTION_LAG_METRIC } from '../../application/projections/lag.js';
import { isOnLambda, metrics } from './observability.js';

/**
 * Publishes one projection lag as the EMF metric `ProjectionLag` (milliseconds) through the shared
 * Powertools metrics, on Lambda (elsewhere it does nothing, like `countMetric`). The handler that
 * consumes deliveries flushes metrics at the end of its invocation.
 */
export const publishProjectionLag = (lagMs: number): void => {
  if (isOnLambda()) metrics.addMetric(PROJECTION_LAG_METRIC, MetricUnit.Milliseconds, Math.max(0, lagMs));
};
