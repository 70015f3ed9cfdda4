import type { LambdaContext } from '../../functions/adapters/http/lambda.js';
import type { HttpEvent } from '../../functions/adapters/http/middlewares.js';
import { type AnyHttpRoute, pathParameterNames, routeKeyOf } from '../../functions/adapters/http/route.js';

/** A Lambda context for invoking handlers directly in tests. */
export const testLambdaContext = (requestId = 'test-request'): LambdaContext => ({
  callbackWaitsForEmptyEventLoop: true,
  functionName: 'naseej-test',
  functionVersion: '$LATEST',
  invokedFunctionArn: 'arn:aws:lambda:local:000000000000:function:naseej-test',
  memoryLimitInMB: '256',
  awsRequestId: requestId,
  logGroupName: '/test',
  logStreamName: 'test',
  getRemainingTimeInMillis: () => 30_000,
  done: () => undefined,
  fail: () => undefined,
  succeed: () => undefined,
});

/**
 * An API Gateway HTTP API (payload 2.0) event for a route, as the JWT authorizer would pass it:
 * claims flattened to strings. Every path parameter is `sample` unless given.
 */
export const apiGatewayEvent = (
  route: AnyHttpRoute,
  options: {
    claims?: Record<string, string>;
    pathParameters?: Record<string, string>;
    body?: string;
    headers?: Record<string, string>;
  } = {},
): HttpEvent => {
  const pathParameters =
    options.pathParameters ??
    Object.fromEntries(pathParameterNames(route.path).map((name) => [name, 'sample']));
  const rawPath = route.path.replace(
    /\{([A-Za-z0-9]+)\}/g,
    (_match, name: string) => pathParameters[name] ?? '',
  );
  return {
    version: '2.0',
    routeKey: routeKeyOf(route),
    rawPath,
    rawQueryString: '',
    headers: {
      ...(options.body === undefined ? {} : { 'content-type': 'application/json' }),
      ...options.headers,
    },
    ...(Object.keys(pathParameters).length > 0 ? { pathParameters } : {}),
    requestContext: {
      accountId: 'test',
      apiId: 'test',
      domainName: 'test',
      domainPrefix: 'test',
      http: {
        method: route.method,
        path: rawPath,
        protocol: 'HTTP/1.1',
        sourceIp: '127.0.0.1',
        userAgent: 'test',
      },
      requestId: 'test-request',
      routeKey: routeKeyOf(route),
      stage: '$default',
      time: '01/Mar/2026:09:00:00 +0000',
      timeEpoch: 1772355600000,
      ...(options.claims === undefined
        ? {}
        : { authorizer: { jwt: { claims: options.claims, scopes: null } } }),
    },
    ...(options.body === undefined ? {} : { body: options.body }),
    isBase64Encoded: false,
  };
};
