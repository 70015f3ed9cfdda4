import type { z } from 'zod';
import type { AnyCommandHandler, PriorAttempt } from '../../application/command-handler.js';
import type { EventStore } from '../../application/ports/event-store.js';
import type { InboundWebhookDependencies } from '../../application/ports/partner-reports.js';
import { codedError, isErrorWithCode } from '../../domain/shared/coded-error.js';
import { type Access, isPublic, isSignature, SCOPED_ROLES } from './access.js';
import type { Principal } from './claims.js';

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/** What a route's schemas check; each is a strict zod object (unknown fields are refused). */
export interface RequestSchemas {
  readonly params?: z.ZodType;
  readonly query?: z.ZodType;
  readonly body?: z.ZodType;
}

/** One documented answer of a route: its description and, when it has one, its body's schema. */
export interface ResponseSpec {
  readonly description: string;
  readonly schema?: z.ZodType;
  /** The answer carries an `ETag` (the resource's stream version). */
  readonly etag?: boolean;
}

/** A request once authenticated and validated, as a route's handler receives it. */
export interface RouteRequest {
  readonly params: unknown;
  readonly query: unknown;
  readonly body: unknown;
  readonly principal: Principal | undefined;
  readonly correlationId: string;
  /** The version `If-Match` names, when the header is present. */
  readonly ifMatch: number | undefined;
  /** Derived from (principal, `Idempotency-Key`): the store appends a command id once, for good. */
  readonly commandId: string | undefined;
  /**
   * Set when an earlier attempt under the same `Idempotency-Key` may have come first, for a route
   * that `answersFromCommit`: its committed answer is looked up before anything is decided.
   */
  readonly priorAttempt?: PriorAttempt;
  /** The body as sent (only for a route reached by signature, which verifies it itself). */
  readonly rawBody?: string;
  /** The request headers, lower-cased names (only for a route reached by signature). */
  readonly headers?: Readonly<Record<string, string | undefined>>;
}

/** A handler's answer; the adapter writes the JSON body and the ETag header. */
export interface RouteResponse {
  readonly status: number;
  readonly body?: unknown;
  /** The resource's version, sent as `ETag: "<version>"`. */
  readonly etag?: number;
  readonly headers?: Readonly<Record<string, string>>;
  /**
   * The answer follows from a commit carrying the request's command id (`answersFromCommit`): a
   * retry finds it there, so the idempotency record keeps no copy of it (ADR 0144).
   */
  readonly answeredByCommit?: boolean;
  /** The answer is the first one of an earlier attempt (found by its command id). */
  readonly replayed?: boolean;
}

/** What handlers need from the runtime; created once per Lambda container (or local server). */
export interface RouteDependencies {
  readonly store: EventStore;
  /** Partner secrets, webhook deduplication and the security trace, for inbound webhooks. */
  readonly inboundWebhooks?: InboundWebhookDependencies;
  /** The current instant, ISO-8601 UTC with milliseconds. */
  readonly clock: () => string;
  readonly newId: () => string;
}

/**
 * One entry of the route table: everything the Lambda adapter, the local server, CDK and the
 * OpenAPI document need. Declare routes with `handlerRoute` (a command, over its one handler:
 * docs/adr/0004-command-handlers-and-pure-facts.md) and `queryRoute`, which type the handler against
 * the schemas and check the declaration.
 */
export interface HttpRoute<Deps extends RouteDependencies = RouteDependencies> {
  readonly kind: 'command' | 'query';
  readonly method: HttpMethod;
  /** API Gateway style: `/rollouts/{rolloutId}/agreements`. */
  readonly path: string;
  readonly operationId: string;
  readonly summary: string;
  readonly description?: string;
  readonly tags: readonly string[];
  readonly access: Access;
  readonly request: RequestSchemas;
  readonly responses: Readonly<Record<number, ResponseSpec>>;
  /** Largest accepted body in bytes (default `DEFAULT_MAX_BODY_BYTES`). */
  readonly maxBodyBytes?: number;
  /** The command handler a command route runs (application/command-handler.ts), when it runs one. */
  readonly handler?: AnyCommandHandler;
  /**
   * Its accepted answers follow from the commit (stream, versions, events) and a retry can find
   * that commit from the request alone (`priorAttempt`): see `RouteResponse.answeredByCommit`.
   */
  readonly answersFromCommit?: boolean;
  /** Answers a request with what the route group declared it needs (a missing dependency does not compile). */
  readonly handle: (request: RouteRequest, deps: Deps) => Promise<RouteResponse>;
}

/** A route whatever it needs: for what reads the table (checks, router, OpenAPI) without calling it. */
export type AnyHttpRoute = HttpRoute<never>;

/** The key API Gateway gives a route (`POST /rollouts/{rolloutId}/agreements`). */
export const routeKeyOf = (route: Pick<AnyHttpRoute, 'method' | 'path'>): string =>
  `${route.method} ${route.path}`;

export const ROUTE_DECLARATION_ERROR = 'ROUTE_DECLARATION_ERROR';

/** A route table entry that breaks a rule of the table; thrown when the table is built. */
export interface RouteDeclarationError extends Error {
  readonly code: typeof ROUTE_DECLARATION_ERROR;
  readonly routeKey: string;
}

export const isRouteDeclarationError = isErrorWithCode<RouteDeclarationError>(ROUTE_DECLARATION_ERROR);

const declarationError = (routeKey: string, message: string): RouteDeclarationError =>
  codedError('RouteDeclarationError', ROUTE_DECLARATION_ERROR, `Route ${routeKey}: ${message}`, { routeKey });

/** The `{name}` segments of a path, in order. */
export const pathParameterNames = (path: string): string[] =>
  [...path.matchAll(/\{([A-Za-z][A-Za-z0-9]*)\}/g)].map((match) => match[1] as string);

const shapeKeys = (schema: z.ZodType | undefined): string[] | undefined => {
  const shape = (schema as { shape?: Record<string, unknown> } | undefined)?.shape;
  return shape === undefined ? undefined : Object.keys(shape);
};

/**
 * Checks one declaration: an access rule (non-empty roles, or public), scope rules for scoped
 * roles, path parameters that match the params schema, and no body on a GET.
 */
export const checkRouteDeclaration = (route: AnyHttpRoute, hasScopeRule: boolean): void => {
  const key = routeKeyOf(route);
  if (!/^(\/(\{[A-Za-z][A-Za-z0-9]*\}|[a-z0-9][a-z0-9-]*))+$/.test(route.path)) {
    throw declarationError(key, `path ${JSON.stringify(route.path)} is not /segment/{param}/… in lower case`);
  }
  if (!/^[a-z][A-Za-z0-9]*$/.test(route.operationId)) {
    throw declarationError(key, `operationId ${JSON.stringify(route.operationId)} is not camelCase`);
  }
  if (isSignature(route.access)) {
    if (route.kind !== 'command') throw declarationError(key, 'only a command may be reached by signature');
  } else if (!isPublic(route.access)) {
    if (route.access.roles.length === 0) throw declarationError(key, 'allows no role');
    const scoped = route.access.roles.filter((role) => SCOPED_ROLES.includes(role));
    if (scoped.length > 0 && !hasScopeRule) {
      throw declarationError(key, `allows ${scoped.join(', ')} but declares no scope rule`);
    }
  } else if (route.kind === 'command') {
    throw declarationError(key, 'a command needs an actor, so it cannot be public');
  }
  const names = pathParameterNames(route.path);
  const declared = shapeKeys(route.request.params) ?? [];
  if (names.length > 0 || declared.length > 0) {
    const sorted = (list: string[]) => [...list].sort().join(',');
    if (sorted(names) !== sorted(declared)) {
      throw declarationError(key, `path parameters {${names.join('},{')}} differ from the params schema`);
    }
  }
  if (route.method === 'GET' && route.request.body !== undefined) {
    throw declarationError(key, 'a GET takes no body');
  }
};

/** Checks a whole table: each route, and no two with the same method and path or operationId. */
export const checkRouteTable = (routes: readonly AnyHttpRoute[]): void => {
  const keys = new Set<string>();
  const operations = new Set<string>();
  for (const route of routes) {
    const key = routeKeyOf(route);
    if (keys.has(key)) throw declarationError(key, 'is declared twice');
    if (operations.has(route.operationId)) {
      throw declarationError(key, `operationId ${route.operationId} is used twice`);
    }
    keys.add(key);
    operations.add(route.operationId);
  }
};
