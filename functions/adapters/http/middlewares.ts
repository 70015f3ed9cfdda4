import { randomUUID } from 'node:crypto';
import type { MiddlewareObj, Request } from '@middy/core';
import * as z from 'zod';
import type { PriorAttempt } from '../../application/command-handler.js';
import {
  DEFAULT_LEASE_MS,
  IDEMPOTENCY_KEY_PATTERN,
  idempotentCommandId,
  requestHash,
} from '../../application/idempotency-key.js';
import type {
  IdempotencyClaim,
  IdempotencyStore,
  StoredResponse,
} from '../../application/ports/idempotency.js';
import { countMetric, logger } from '../observability/observability.js';
import { isSignature, requireRole } from './access.js';
import { DEFAULT_MAX_BODY_BYTES, parseJsonBody } from './body.js';
import { checkTokenTimes, claimsToRead, type Principal, principalFromClaims } from './claims.js';
import { httpError, keyInUse, toProblem } from './problem.js';
import { type AnyHttpRoute, type RouteRequest, routeKeyOf } from './route.js';
import type { Router } from './router.js';
import { validateParts, validationError } from './validation.js';

/**
 * The API Gateway HTTP API (payload format 2.0) event, as far as the adapter reads it (the shape of
 * `APIGatewayProxyEventV2WithJWTAuthorizer` of @types/aws-lambda, with the authorizer optional for
 * public routes). Declared here so runtime code depends on no types-only package.
 */
export interface HttpEvent {
  readonly version: string;
  readonly routeKey: string;
  readonly rawPath: string;
  readonly rawQueryString: string;
  readonly cookies?: string[];
  readonly headers: Record<string, string | undefined>;
  readonly queryStringParameters?: Record<string, string | undefined>;
  readonly pathParameters?: Record<string, string | undefined>;
  readonly body?: string;
  readonly isBase64Encoded: boolean;
  readonly requestContext: {
    readonly accountId: string;
    readonly apiId: string;
    readonly domainName: string;
    readonly domainPrefix: string;
    readonly http: {
      readonly method: string;
      readonly path: string;
      readonly protocol: string;
      readonly sourceIp: string;
      readonly userAgent: string;
    };
    readonly requestId: string;
    readonly routeKey: string;
    readonly stage: string;
    readonly time: string;
    readonly timeEpoch: number;
    readonly authorizer?: {
      readonly jwt?: { readonly claims?: Record<string, unknown>; readonly scopes?: string[] | null };
    };
  };
}

/** The structured answer of an HTTP API Lambda integration (payload format 2.0). */
export interface HttpResult {
  statusCode?: number;
  headers?: Record<string, string | number | boolean>;
  body?: string;
  isBase64Encoded?: boolean;
}
/** What the middlewares learn about one request, in order (middy's `request.internal`, fresh for each request). */
export interface PipelineState {
  correlationId: string;
  route?: AnyHttpRoute;
  pathParameters: Record<string, string>;
  query: Record<string, string>;
  principal?: Principal;
  /** The body as parsed JSON, before validation (what idempotency fingerprints). */
  json?: unknown;
  /** The body as sent, for a route reached by signature (it verifies, then parses it itself). */
  rawBody?: string;
  input?: { params: unknown; query: unknown; body: unknown };
  ifMatch?: number;
  commandId?: string;
  /** An earlier attempt under the same key may have come first (see `RouteRequest.priorAttempt`). */
  priorAttempt?: PriorAttempt;
  idempotencyClaim?: IdempotencyClaim;
  /** The end of the lease this attempt's claim holds (epoch ms), as the claim set it. */
  claimHeldUntil?: number;
  replay?: StoredResponse;
  problemCode?: string;
}

/**
 * The per-request state the middlewares share, in middy's `request.internal`: middy makes a new
 * object for each invocation (`@middy/core`, `middyRequest`), so nothing of one request reaches
 * the next, even when the local server runs several at once through the same handler.
 */
export interface HttpInternal extends Record<string, unknown> {
  http?: PipelineState;
}

/**
 * What the handler receives from the middlewares: the route and its validated request, or the
 * stored answer of an idempotent replay. Set on the invocation's Lambda context by the last
 * middleware (middy hands a handler only its event and context; its own middlewares pass values
 * on the context in the same way, `setToContext`).
 */
export type RouteCall =
  | { readonly kind: 'replay'; readonly response: StoredResponse }
  | { readonly kind: 'route'; readonly route: AnyHttpRoute; readonly request: RouteRequest };

/**
 * The Lambda context of an HTTP invocation (middy's type of it), with the call the middlewares
 * prepared, and what the handler tells them back: its answer follows from its commit
 * (`RouteResponse.answeredByCommit`).
 */
export type HttpContext = Request['context'] & { routeCall?: RouteCall; answeredByCommit?: boolean };

type HttpRequest = Request<HttpEvent, HttpResult, Error, HttpContext, HttpInternal>;
type HttpMiddleware = MiddlewareObj<HttpEvent, HttpResult, Error, HttpContext, HttpInternal>;

/** The state of a request (created by the correlation id middleware). */
const stateOf = (request: HttpRequest): PipelineState => {
  const state = request.internal.http;
  if (state === undefined) throw new Error('The correlation id middleware must run first');
  return state;
};

const header = (event: HttpEvent, name: string): string | undefined => {
  // API Gateway lowercases header names; a test event might not.
  const headers = event.headers ?? {};
  return headers[name] ?? Object.entries(headers).find(([key]) => key.toLowerCase() === name)?.[1];
};

const withHeaders = (result: HttpResult | null | undefined, extra: Record<string, string>): HttpResult => ({
  ...(result ?? {}),
  headers: { ...(result?.headers ?? {}), ...extra },
});

const CORRELATION_ID_PATTERN = /^[A-Za-z0-9._:-]{1,128}$/;
/** The header that carries the correlation id, both ways. */
export const CORRELATION_ID_HEADER = 'x-correlation-id';

/**
 * Correlation id: the caller's `x-correlation-id` when it is a plain token, else a new one. It is
 * in every log line, in every event's envelope, and in the answer's header.
 */
export const correlationId = (newId: () => string = randomUUID): HttpMiddleware => {
  const correlationIdBefore = (request: HttpRequest) => {
    const given = header(request.event, CORRELATION_ID_HEADER);
    const id = given !== undefined && CORRELATION_ID_PATTERN.test(given) ? given : newId();
    request.internal.http = { correlationId: id, pathParameters: {}, query: {} };
    logger.appendKeys({ correlationId: id, requestId: request.event.requestContext?.requestId });
  };
  const correlationIdAfter = (request: HttpRequest) => {
    const id = request.internal.http?.correlationId;
    if (id !== undefined) request.response = withHeaders(request.response, { [CORRELATION_ID_HEADER]: id });
  };
  return { before: correlationIdBefore, after: correlationIdAfter, onError: correlationIdAfter };
};

/**
 * Route resolution: by API Gateway's `routeKey` (one function per route or group), or by method and
 * path for a `$default` route. No route: 404, or 405 when the path exists with other methods.
 */
export const routeResolution = (router: Router): HttpMiddleware => ({
  before: function routeResolutionBefore(request: HttpRequest) {
    const state = stateOf(request);
    const { event } = request;
    const byKey = router.byRouteKey(event.routeKey);
    if (byKey !== undefined) {
      state.route = byKey;
      state.pathParameters = Object.fromEntries(
        Object.entries(event.pathParameters ?? {}).filter(
          (entry): entry is [string, string] => entry[1] !== undefined,
        ),
      );
    } else {
      const method = event.requestContext.http.method.toUpperCase();
      const path = event.rawPath;
      const found = router.match(method, path);
      if (found === undefined) {
        const allowed = router.allowedMethods(path);
        if (allowed.length > 0) {
          throw httpError(
            405,
            'METHOD_NOT_ALLOWED',
            `${method} is not allowed here; use ${allowed.join(', ')}`,
            {
              headers: { allow: allowed.join(', ') },
            },
          );
        }
        throw httpError(404, 'NO_SUCH_ROUTE', `No operation answers ${method} ${path}`);
      }
      state.route = found.route;
      state.pathParameters = found.pathParameters;
    }
    state.query = Object.fromEntries(
      Object.entries(event.queryStringParameters ?? {}).filter(
        (entry): entry is [string, string] => entry[1] !== undefined,
      ),
    );
    logger.appendKeys({ route: routeKeyOf(state.route) });
  },
});

/**
 * Authentication and role: the claims the JWT authorizer verified (or the local server, with jose)
 * become the principal; no claims on a protected route is 401, and so are claims out of bounds
 * (`checkTokenTimes` against `clock`, roles and regions read strictly); no role of the route is
 * 403. Scope (region, partner) is checked later, on the resource.
 */
export const authentication = (clock: () => Date = () => new Date()): HttpMiddleware => ({
  before: function authenticationBefore(request: HttpRequest) {
    const state = stateOf(request);
    const route = state.route as AnyHttpRoute;
    if ('public' in route.access || isSignature(route.access)) return;
    const claims = request.event.requestContext.authorizer?.jwt?.claims;
    if (claims === undefined || claims === null) {
      throw httpError(401, 'UNAUTHENTICATED', 'A valid bearer token is required', {
        headers: { 'www-authenticate': 'Bearer' },
      });
    }
    const read = claimsToRead(claims, header(request.event, 'authorization'));
    checkTokenTimes(read, clock().getTime() / 1000);
    state.principal = principalFromClaims(read);
    requireRole(route.access, state.principal);
  },
});

/** JSON body: strict parsing with a size limit (413), media type (415), UTF-8 and syntax (400). */
export const jsonBody = (defaultMaxBytes: number = DEFAULT_MAX_BODY_BYTES): HttpMiddleware => ({
  before: function jsonBodyBefore(request: HttpRequest) {
    const state = stateOf(request);
    const route = state.route as AnyHttpRoute;
    if (isSignature(route.access)) {
      // A signature covers the bytes as sent: keep them; the route verifies before it parses.
      state.rawBody = rawBodyText(request.event, route.maxBodyBytes ?? defaultMaxBytes);
      return;
    }
    state.json = parseJsonBody(
      {
        body: request.event.body,
        isBase64Encoded: request.event.isBase64Encoded,
        contentType: header(request.event, 'content-type'),
      },
      route.maxBodyBytes ?? defaultMaxBytes,
    );
  },
});

/** The body as text, at most `maxBytes` (413); base64 bodies decoded as UTF-8. */
const rawBodyText = (event: HttpEvent, maxBytes: number): string => {
  if (event.body === undefined || event.body.length === 0) return '';
  const bytes = event.isBase64Encoded ? Buffer.from(event.body, 'base64') : Buffer.from(event.body, 'utf8');
  if (bytes.byteLength > maxBytes) {
    throw httpError(413, 'PAYLOAD_TOO_LARGE', `The request body is larger than ${maxBytes} bytes`);
  }
  return bytes.toString('utf8');
};

const EMPTY = z.strictObject({});
const IF_MATCH = /^(?:W\/)?"?(\d{1,15})"?$/;

/**
 * Validation: path parameters, query and body against the route's strict schemas (400 naming each
 * bad field), and `If-Match` as a stream version for commands.
 */
export const requestValidation = (): HttpMiddleware => ({
  before: function requestValidationBefore(request: HttpRequest) {
    const state = stateOf(request);
    const route = state.route as AnyHttpRoute;
    const signed = isSignature(route.access);
    if (route.request.body === undefined && state.json !== undefined) {
      throw validationError([{ pointer: '/body', field: 'body', reason: 'This operation takes no body' }]);
    }
    state.input = validateParts<{ params: unknown; query: unknown; body: unknown }>({
      params: { part: 'params', schema: route.request.params ?? EMPTY, value: state.pathParameters },
      query: { part: 'query', schema: route.request.query ?? EMPTY, value: state.query },
      // A signed route validates its body itself, once the signature holds.
      body: signed
        ? { part: 'body', schema: z.unknown(), value: undefined }
        : { part: 'body', schema: route.request.body ?? z.undefined(), value: state.json },
    });
    const ifMatch = header(request.event, 'if-match');
    if (route.kind === 'command' && ifMatch !== undefined && ifMatch.trim() !== '*') {
      const found = IF_MATCH.exec(ifMatch.trim());
      if (!found) {
        throw validationError([
          { pointer: '/headers/if-match', field: 'headers.if-match', reason: 'Expected an ETag such as "3"' },
        ]);
      }
      state.ifMatch = Number(found[1]);
    }
  },
});

/** Idempotency settings: the record store, the clock and how long a claim is held. */
export interface IdempotencyOptions {
  readonly store: IdempotencyStore;
  readonly clock: () => string;
  readonly leaseMs?: number;
}

/** Answers kept for a retry: final ones. A conflict, a stale `If-Match` or a 5xx may go otherwise next time. */
const isFinalAnswer = (status: number, code: string | undefined): boolean =>
  (status >= 200 && status < 300) ||
  (status >= 400 && status < 500 && status !== 412 && status !== 429 && code !== 'CONCURRENCY_CONFLICT');

const storedResponseOf = (result: HttpResult): StoredResponse => ({
  status: result.statusCode ?? 200,
  headers: Object.fromEntries(
    Object.entries(result.headers ?? {})
      .filter(([name]) => name !== CORRELATION_ID_HEADER)
      .map(([name, value]) => [name, String(value)]),
  ),
  body: result.body ?? '',
});

/**
 * Idempotency for commands with an `Idempotency-Key`: the first request claims the key; a retry
 * of the same request gets the first answer (and appends nothing); another request with the same
 * key is 422; a retry while the first still runs is 409. The append's command id derives from
 * (principal, key), so the store appends at most once even when retries race.
 *
 * An answer that follows from its commit (a route that `answersFromCommit`) is not copied into
 * the record: the claim is the only write, and a retry of the same request, finding the claim
 * still pending, asks the route for the commit of its command id before anything is decided
 * (`priorAttempt`), and answers 409 only when there is none yet (ADR 0144).
 */
export const idempotency = (options: IdempotencyOptions): HttpMiddleware => {
  const leaseMs = options.leaseMs ?? DEFAULT_LEASE_MS;
  const idempotencyBefore = async (request: HttpRequest) => {
    const state = stateOf(request);
    const route = state.route as AnyHttpRoute;
    const key = header(request.event, 'idempotency-key');
    // A signed route deduplicates by webhook id instead (it has no principal to key records by).
    if (route.kind !== 'command' || key === undefined || state.principal === undefined) return;
    if (!IDEMPOTENCY_KEY_PATTERN.test(key)) {
      throw validationError([
        {
          pointer: '/headers/idempotency-key',
          field: 'headers.idempotency-key',
          reason: 'Expected 1 to 200 letters, digits or . _ : + / = - (a UUID, for example)',
        },
      ]);
    }
    const principal = (state.principal as Principal).subject;
    const claim: IdempotencyClaim = {
      principal,
      key,
      requestHash: requestHash({
        routeKey: routeKeyOf(route),
        params: state.pathParameters,
        query: state.query,
        body: state.json,
      }),
    };
    const now = options.clock();
    const outcome = await options.store.claim(claim, { now, leaseMs });
    switch (outcome.kind) {
      case 'mismatch':
        throw httpError(
          422,
          'IDEMPOTENCY_KEY_REUSED',
          'This Idempotency-Key was already used for another request',
        );
      case 'in-progress':
        // Pending: still running, or answered by a commit the route can find (it holds no claim,
        // so nothing is written after it).
        if (route.answersFromCommit !== true) throw keyInUse();
        state.commandId = idempotentCommandId(principal, key);
        state.priorAttempt = 'may-be-running';
        countMetric('IdempotentReplay');
        return;
      case 'completed':
        state.replay = outcome.response;
        countMetric('IdempotentReplay');
        return;
      case 'taken-over':
      case 'acquired':
        state.idempotencyClaim = claim;
        state.claimHeldUntil = Date.parse(now) + leaseMs;
        state.commandId = idempotentCommandId(principal, key);
        // A lease ran out: that attempt may have committed before it stopped.
        if (outcome.kind === 'taken-over') state.priorAttempt = 'may-have-committed';
        return;
    }
  };
  const idempotencyAfter = async (request: HttpRequest) => {
    const state = request.internal.http;
    if (state?.idempotencyClaim === undefined || request.response === null || request.response === undefined)
      return;
    // The commit holds the answer (a retry finds it by the command id): the claim stays as it is.
    if (request.context.answeredByCommit === true) return;
    const response = storedResponseOf(request.response);
    const heldUntil = state.claimHeldUntil as number;
    if (isFinalAnswer(response.status, undefined))
      await options.store.complete(state.idempotencyClaim, response, heldUntil);
    else await options.store.release(state.idempotencyClaim, heldUntil);
  };
  const idempotencyOnError = async (request: HttpRequest) => {
    const state = request.internal.http;
    if (state?.idempotencyClaim === undefined) return;
    const heldUntil = state.claimHeldUntil as number;
    const result = request.response;
    if (
      result !== null &&
      result !== undefined &&
      isFinalAnswer(result.statusCode ?? 500, state.problemCode)
    ) {
      await options.store.complete(state.idempotencyClaim, storedResponseOf(result), heldUntil);
    } else {
      await options.store.release(state.idempotencyClaim, heldUntil);
    }
  };
  return { before: idempotencyBefore, after: idempotencyAfter, onError: idempotencyOnError };
};

/**
 * Hands the handler its call, last of the `before` middlewares: the stored answer of a replay, or
 * the route with its request as authenticated and validated (see `RouteCall`).
 */
export const routeCall = (): HttpMiddleware => ({
  before: function routeCallBefore(request: HttpRequest) {
    const state = stateOf(request);
    if (state.replay !== undefined) {
      request.context.routeCall = { kind: 'replay', response: state.replay };
      return;
    }
    const input = state.input ?? { params: {}, query: {}, body: undefined };
    request.context.routeCall = {
      kind: 'route',
      route: state.route as AnyHttpRoute,
      request: {
        ...input,
        principal: state.principal,
        correlationId: state.correlationId,
        ifMatch: state.ifMatch,
        commandId: state.commandId,
        ...(state.priorAttempt === undefined ? {} : { priorAttempt: state.priorAttempt }),
        ...(state.rawBody === undefined
          ? {}
          : {
              rawBody: state.rawBody,
              headers: Object.fromEntries(
                Object.entries(request.event.headers ?? {}).map(([name, value]) => [
                  name.toLowerCase(),
                  value,
                ]),
              ),
            }),
      },
    };
  },
});

/** The JSON answer of a problem (RFC 9457), with its headers. */
export const problemResult = (
  status: number,
  problem: Record<string, unknown>,
  headers: Readonly<Record<string, string>> = {},
): HttpResult => ({
  statusCode: status,
  headers: { 'content-type': 'application/problem+json', 'cache-control': 'no-store', ...headers },
  body: JSON.stringify(problem),
});

/**
 * Error mapping: any error becomes problem+json (see `toProblem`). Below 500 the detail is shown;
 * a 5xx shows a generic detail and the cause is logged with the correlation id, never sent.
 */
export const errorMapping = (): HttpMiddleware => ({
  onError: function errorMappingOnError(request: HttpRequest) {
    const state = request.internal.http;
    const correlation = state?.correlationId ?? 'unknown';
    const mapped = toProblem(request.error);
    if (state !== undefined) state.problemCode = mapped.problem.code;
    if (mapped.unexpected) {
      logger.error('Request failed unexpectedly', {
        error: request.error as Error,
        correlationId: correlation,
      });
      countMetric('UnexpectedError');
    } else {
      countMetric(`Problem${mapped.status}`);
    }
    request.response = problemResult(
      mapped.status,
      { ...mapped.problem, correlationId: correlation },
      mapped.headers,
    );
  },
});
