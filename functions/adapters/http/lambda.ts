import { randomUUID } from 'node:crypto';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import middy from '@middy/core';
import type { IdempotencyStore } from '../../application/ports/idempotency.js';
import { countMetric, isOnLambda, logger, metrics } from '../observability/observability.js';
import {
  authentication,
  correlationId,
  errorMapping,
  type HttpContext,
  type HttpEvent,
  type HttpInternal,
  type HttpResult,
  idempotency,
  jsonBody,
  requestValidation,
  routeCall,
  routeResolution,
} from './middlewares.js';
import { checkRouteTable, type HttpRoute, type RouteDependencies, type RouteResponse } from './route.js';
import { Router } from './router.js';

/** What the HTTP handlers need: the route dependencies plus idempotency records and limits. */
export interface HttpDependencies extends RouteDependencies {
  readonly idempotency: IdempotencyStore;
  /** Largest request body in bytes for routes that do not set their own. */
  readonly maxBodyBytes?: number;
  /** How long an idempotency claim is held before another attempt may take it over. */
  readonly idempotencyLeaseMs?: number;
  /** Makes correlation ids for requests that bring none; defaults to random UUIDs. */
  readonly newCorrelationId?: () => string;
  /**
   * The clock token times are checked against (`iat`, lifetime); defaults to the system clock, as
   * the issuer's and the authorizer's are (the domain `clock` may be a test's fixed instant).
   */
  readonly tokenClock?: () => Date;
}

/** The Lambda context the handler takes (from middy's types, so no types-only import is needed). */
export type LambdaContext = Parameters<ReturnType<typeof lambdaHandler>>[1];

/** Default clock and ids of the runtime adapters (never used by domain code, which gets them injected). */
export const systemClock = (): string => new Date().toISOString();
export const systemIds = (): string => randomUUID();

const resultOf = (response: RouteResponse): HttpResult =>
  // A route that answers bytes (a PDF) has them sent base64-encoded, as API Gateway expects.
  response.body instanceof Uint8Array
    ? {
        statusCode: response.status,
        headers: { 'cache-control': 'no-store', ...response.headers },
        body: Buffer.from(response.body).toString('base64'),
        isBase64Encoded: true,
      }
    : textResultOf(response);

const textResultOf = (response: RouteResponse): HttpResult => ({
  statusCode: response.status,
  headers: {
    'content-type': 'application/json',
    'cache-control': 'no-store',
    ...(response.etag === undefined ? {} : { etag: `"${response.etag}"` }),
    ...response.headers,
  },
  body:
    response.body === undefined
      ? ''
      : // A route that names a non-JSON media type (the open-data CSV) hands over its text as is.
        typeof response.body === 'string' && !/json/.test(response.headers?.['content-type'] ?? 'json')
        ? response.body
        : JSON.stringify(response.body),
});

/**
 * One Lambda handler for a set of routes, dispatching by API Gateway's `routeKey` (or by method
 * and path behind a `$default` route), so CDK may deploy one function per route or per group.
 * Middlewares, in order: Powertools (logger; metrics on Lambda), correlation id, route
 * resolution, authentication and role, JSON body, validation, idempotency, error mapping.
 */
export const lambdaHandler = <Deps extends RouteDependencies>(
  routes: readonly HttpRoute<Deps>[],
  deps: HttpDependencies & Deps,
) => {
  checkRouteTable(routes);
  const router = new Router(routes);
  const handler = middy<HttpEvent, HttpResult, Error, HttpContext, HttpInternal>().use(
    injectLambdaContext(logger, { resetKeys: true }),
  );
  // No Powertools Tracer: Lambda's active tracing records each invocation's segments by itself,
  // and the X-Ray SDK the tracer loads cost 120 KB of every bundle (docs/adr/0062-lambda-bundles.md).
  if (isOnLambda()) handler.use(logMetrics(metrics));
  return handler
    .use(correlationId(deps.newCorrelationId))
    .use(routeResolution(router))
    .use(authentication(deps.tokenClock))
    .use(jsonBody(deps.maxBodyBytes))
    .use(requestValidation())
    .use(
      idempotency({
        store: deps.idempotency,
        clock: deps.clock,
        ...(deps.idempotencyLeaseMs === undefined ? {} : { leaseMs: deps.idempotencyLeaseMs }),
      }),
    )
    .use(errorMapping())
    .use(routeCall())
    .handler(async (_event: HttpEvent, context: HttpContext): Promise<HttpResult> => {
      const call = context.routeCall;
      if (call === undefined) throw new Error('The route call middleware must run before the handler');
      if (call.kind === 'replay') {
        return {
          statusCode: call.response.status,
          headers: { ...call.response.headers, 'idempotent-replayed': 'true' },
          body: call.response.body,
        };
      }
      const route = call.route as HttpRoute<Deps>;
      const response = await route.handle(call.request, deps);
      countMetric(route.kind === 'command' ? 'CommandAccepted' : 'QueryAnswered');
      // Told to the idempotency middleware: the commit holds this answer, no record keeps a copy.
      if (response.answeredByCommit === true) context.answeredByCommit = true;
      const result = resultOf(response);
      return response.replayed === true && call.request.commandId !== undefined
        ? { ...result, headers: { ...result.headers, 'idempotent-replayed': 'true' } }
        : result;
    });
};
