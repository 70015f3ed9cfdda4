import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { needsToken } from '../functions/adapters/http/access.js';
import { DEFAULT_MAX_BODY_BYTES } from '../functions/adapters/http/body.js';
import {
  type HttpDependencies,
  type LambdaContext,
  lambdaHandler,
} from '../functions/adapters/http/lambda.js';
import {
  CORRELATION_ID_HEADER,
  type HttpEvent,
  problemResult,
} from '../functions/adapters/http/middlewares.js';
import { type OpenApiInfo, openApiDocument } from '../functions/adapters/http/openapi.js';
import { type HttpRoute, type RouteDependencies, routeKeyOf } from '../functions/adapters/http/route.js';
import { Router } from '../functions/adapters/http/router.js';
import type { TokenRefusal } from './dev-auth.js';
import { docsPage } from './http-docs-page.js';
import type { RequestHook } from './http-static.js';

/** Verifies a bearer token and returns its claims (the local `DevAuth`, or any OIDC verifier). */
export interface TokenVerifier {
  verify(token: string): Promise<Record<string, unknown>>;
  /** Why `verify` refused a token, when the verifier can tell; else every refusal is `invalid`. */
  refusalOf?(error: unknown): TokenRefusal;
}

/** What the caller is told of a refused token: the problem's code and detail, and no more. */
const TOKEN_REFUSALS: Readonly<Record<TokenRefusal | 'missing', { code: string; detail: string }>> = {
  missing: {
    code: 'UNAUTHENTICATED',
    detail: 'A valid bearer token is required (signature, issuer, audience and expiry are checked)',
  },
  invalid: {
    code: 'UNAUTHENTICATED',
    detail: 'A valid bearer token is required (signature, issuer, audience and expiry are checked)',
  },
  expired: {
    code: 'TOKEN_EXPIRED',
    detail: 'The token has expired: sign in again, or mint a new token (naseej token <role>)',
  },
  foreign: {
    code: 'TOKEN_NOT_FOR_THIS_SERVER',
    detail:
      "This token was not issued for this server: use one from this server's sign-in " +
      '(naseej token <role>, with the data folder the server runs on)',
  },
};

export interface LocalHttpServerOptions<Deps extends RouteDependencies = RouteDependencies> {
  readonly routes: readonly HttpRoute<Deps>[];
  /** What every route served needs: a route group's missing dependency does not compile. */
  readonly deps: HttpDependencies & Deps;
  readonly auth: TokenVerifier;
  /** 0 (the default) picks a free port. */
  readonly port?: number;
  /** Always a loopback address by default. */
  readonly host?: string;
  readonly openApiInfo?: OpenApiInfo;
  /** Tried in order before the API (static files such as the dashboard); the first that answers wins. */
  readonly hooks?: readonly RequestHook[];
  /**
   * API requests whose handler runs at once (default DEFAULT_MAX_CONCURRENT_REQUESTS); the others
   * wait, in arrival order, with their body read and their token checked. See `admissionQueue`.
   */
  readonly maxConcurrentRequests?: number;
}

export interface LocalHttpServer {
  readonly url: string;
  readonly port: number;
  close(): Promise<void>;
}

/**
 * How API Gateway's HTTP API hands verified claims to Lambda: every value a string, an array
 * flattened to `[a b]`. The local server does the same, so handlers meet the deployed form.
 */
export const flattenClaimsLikeApiGateway = (claims: Record<string, unknown>): Record<string, string> =>
  Object.fromEntries(
    Object.entries(claims).map(([name, value]) => [
      name,
      Array.isArray(value)
        ? `[${value.map(String).join(' ')}]`
        : typeof value === 'object' && value !== null
          ? JSON.stringify(value)
          : String(value),
    ]),
  );

const localContext = (requestId: string): LambdaContext => ({
  callbackWaitsForEmptyEventLoop: true,
  functionName: 'naseej-local-http',
  functionVersion: '$LATEST',
  invokedFunctionArn: 'arn:aws:lambda:local:000000000000:function:naseej-local-http',
  memoryLimitInMB: '512',
  awsRequestId: requestId,
  logGroupName: '/local/naseej-http',
  logStreamName: 'local',
  getRemainingTimeInMillis: () => 30_000,
  done: () => undefined,
  fail: () => undefined,
  succeed: () => undefined,
});

/** How many API requests the local server handles at once by default. */
export const DEFAULT_MAX_CONCURRENT_REQUESTS = 4;

/**
 * Runs at most `limit` calls at once; the others wait in arrival order. The local runtime is one
 * process that also hosts dynalite, so every request in progress shares one CPU thread with the
 * store: under a burst (the fuzzer's 16 concurrent requests on 2 cores) a store call could wait
 * its whole 2 s request timeout for the event loop and answer 503. Queued before the handler, an
 * overloaded request waits for a slot instead, and its store calls run with few competitors. On
 * AWS, API Gateway and Lambda's concurrency do this (one request per Lambda instance at a time).
 */
export const admissionQueue = (limit: number) => {
  if (!(Number.isInteger(limit) && limit > 0)) {
    throw new Error(`maxConcurrentRequests must be a positive integer, got ${limit}`);
  }
  let running = 0;
  const waiting: (() => void)[] = [];
  return async <T>(work: () => Promise<T>): Promise<T> => {
    if (running < limit) running += 1;
    // A slot is handed over directly by the call that frees it, so `running` stays counted.
    else await new Promise<void>((resolve) => waiting.push(resolve));
    try {
      return await work();
    } finally {
      const next = waiting.shift();
      if (next === undefined) running -= 1;
      else next();
    }
  };
};

/** Reads at most `limit + 1` bytes (enough to know the body is too large) and drains the rest. */
const readBody = (request: IncomingMessage, limit: number): Promise<Buffer> =>
  new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let kept = 0;
    request.on('data', (chunk: Buffer) => {
      if (kept > limit) return;
      const room = limit + 1 - kept;
      const piece = chunk.byteLength > room ? chunk.subarray(0, room) : chunk;
      chunks.push(piece);
      kept += piece.byteLength;
    });
    request.on('end', () => resolve(Buffer.concat(chunks)));
    request.on('error', reject);
  });

const send = (
  response: ServerResponse,
  status: number,
  headers: Record<string, string | number | boolean>,
  body: string | Buffer,
) => {
  response.writeHead(status, Object.fromEntries(Object.entries(headers).map(([k, v]) => [k, String(v)])));
  response.end(body);
};

const bearerToken = (header: string | undefined): string | undefined => {
  const found = header === undefined ? null : /^Bearer\s+(\S+)\s*$/i.exec(header);
  return found?.[1];
};

/**
 * The local HTTP API on 127.0.0.1: turns requests into API Gateway v2 events from the same route
 * table, verifies bearer tokens as the JWT authorizer does (401 before the handler runs), calls
 * the same Lambda handler and writes its answer. Also serves `GET /openapi.json` and `GET /docs`.
 */
export const startHttpServer = async <Deps extends RouteDependencies>(
  options: LocalHttpServerOptions<Deps>,
): Promise<LocalHttpServer> => {
  const handler = lambdaHandler(options.routes, options.deps);
  const router = new Router(options.routes);
  const document = JSON.stringify(openApiDocument(options.routes, options.openApiInfo));
  const title = options.openApiInfo?.title ?? 'Naseej API';
  const admitted = admissionQueue(options.maxConcurrentRequests ?? DEFAULT_MAX_CONCURRENT_REQUESTS);

  const answer = async (request: IncomingMessage, response: ServerResponse) => {
    const url = new URL(request.url ?? '/', 'http://127.0.0.1');
    const method = (request.method ?? 'GET').toUpperCase();
    if (method === 'GET' && url.pathname === '/openapi.json') {
      return send(response, 200, { 'content-type': 'application/json' }, document);
    }
    if (method === 'GET' && (url.pathname === '/docs' || url.pathname === '/docs/')) {
      return send(response, 200, { 'content-type': 'text/html; charset=utf-8' }, docsPage(title));
    }
    for (const hook of options.hooks ?? []) if (await hook(request, response)) return;
    const requestId = randomUUID();
    const match = router.match(method, url.pathname);
    const limit = match?.route.maxBodyBytes ?? options.deps.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
    const body = await readBody(request, limit);
    const headers: Record<string, string> = {};
    for (const [name, value] of Object.entries(request.headers)) {
      if (value !== undefined) headers[name.toLowerCase()] = Array.isArray(value) ? value.join(',') : value;
    }

    let claims: Record<string, string> | undefined;
    if (match !== undefined && needsToken(match.route.access)) {
      const token = bearerToken(headers.authorization);
      let refused: TokenRefusal | 'missing' | undefined = token === undefined ? 'missing' : undefined;
      if (token !== undefined) {
        try {
          claims = flattenClaimsLikeApiGateway(await options.auth.verify(token));
        } catch (error) {
          refused = options.auth.refusalOf?.(error) ?? 'invalid';
        }
      }
      if (refused !== undefined) {
        // As the JWT authorizer: refused before any handler runs; nothing is read or written.
        const correlation = headers[CORRELATION_ID_HEADER] ?? requestId;
        const { code, detail } = TOKEN_REFUSALS[refused];
        const refusal = problemResult(
          401,
          {
            type: `urn:naseej:problem:${code.toLowerCase().replaceAll('_', '-')}`,
            title: 'Unauthorized',
            status: 401,
            detail,
            code,
            correlationId: correlation,
          },
          { 'www-authenticate': 'Bearer error="invalid_token"', [CORRELATION_ID_HEADER]: correlation },
        );
        return send(response, 401, refusal.headers ?? {}, String(refusal.body));
      }
    }

    const query: Record<string, string> = {};
    for (const [name, value] of url.searchParams)
      query[name] = name in query ? `${query[name]},${value}` : value;
    const now = Date.now();
    const routeKey = match === undefined ? '$default' : routeKeyOf(match.route);
    const event: HttpEvent = {
      version: '2.0',
      routeKey,
      rawPath: url.pathname,
      rawQueryString: url.search.replace(/^\?/, ''),
      headers,
      ...(Object.keys(query).length > 0 ? { queryStringParameters: query } : {}),
      ...(match !== undefined && Object.keys(match.pathParameters).length > 0
        ? { pathParameters: match.pathParameters }
        : {}),
      requestContext: {
        accountId: 'local',
        apiId: 'local',
        domainName: headers.host ?? '127.0.0.1',
        domainPrefix: 'local',
        http: {
          method,
          path: url.pathname,
          protocol: `HTTP/${request.httpVersion}`,
          sourceIp: request.socket.remoteAddress ?? '127.0.0.1',
          userAgent: headers['user-agent'] ?? '',
        },
        requestId,
        routeKey,
        stage: '$default',
        time: new Date(now).toISOString(),
        timeEpoch: now,
        ...(claims === undefined ? {} : { authorizer: { jwt: { claims, scopes: null } } }),
      },
      ...(body.byteLength > 0 ? { body: body.toString('base64') } : {}),
      isBase64Encoded: body.byteLength > 0,
    };
    const result = await admitted(() => handler(event, localContext(requestId)));
    const resultBody = result.body ?? '';
    send(
      response,
      result.statusCode ?? 200,
      result.headers ?? {},
      result.isBase64Encoded === true ? Buffer.from(resultBody, 'base64') : resultBody,
    );
  };

  const server = createServer((request, response) => {
    answer(request, response).catch(() => {
      if (!response.headersSent) send(response, 500, { 'content-type': 'application/problem+json' }, '{}');
      else response.end();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const host = options.host ?? '127.0.0.1';
  return {
    url: `http://${host}:${port}`,
    port,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
};
