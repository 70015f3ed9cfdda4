import * as z from 'zod';
import {
  type AnyCommandHandler,
  type CommandCall,
  type CommandHandler,
  handleCommand,
  isCommandStillRunning,
  type KeyArgs,
} from '../../application/command-handler.js';
import { type CommandOutcome, DEFAULT_COMMAND_ATTEMPTS } from '../../application/execute-command.js';
import { isConcurrencyError } from '../../application/ports/event-store-errors.js';
import { type Access, actingRole, type ResourceScope } from './access.js';
import type { Principal } from './claims.js';
import { httpError, keyInUse } from './problem.js';
import {
  checkRouteDeclaration,
  type HttpMethod,
  type HttpRoute,
  type RouteDependencies,
  type RouteRequest,
} from './route.js';

/** The answer to an accepted command: the stream, its new version (also the ETag) and what was recorded. */
export const CommandAccepted = z
  .strictObject({
    streamId: z.string(),
    version: z.number().int().nonnegative(),
    events: z.array(
      z.strictObject({ eventId: z.string(), type: z.string(), version: z.number().int().positive() }),
    ),
  })
  .meta({ id: 'CommandAccepted' });
export type CommandAccepted = z.infer<typeof CommandAccepted>;

/** A validated request, typed by the route's schemas. */
export interface RouteInput<Params, Query, Body> {
  readonly params: Params;
  readonly query: Query;
  readonly body: Body;
}

type Out<S> = S extends z.ZodType ? z.output<S> : undefined;

interface CommonDeclaration<P, Q, B> {
  readonly method: HttpMethod;
  readonly path: string;
  readonly operationId: string;
  readonly summary: string;
  readonly description?: string;
  readonly tags?: readonly string[];
  readonly access: Access;
  readonly request?: { readonly params?: P; readonly query?: Q; readonly body?: B };
  readonly maxBodyBytes?: number;
}

/** What every command route declares; `scope` is required when scoped roles may call it. */
type CommandRouteBase<State, P, Q, B> = CommonDeclaration<P, Q, B> & {
  readonly method: Exclude<HttpMethod, 'GET'>;
  /** Where the resource belongs (from its state, or the request when it is being created). */
  readonly scope?: (resource: { input: RouteInput<Out<P>, Out<Q>, Out<B>>; state: State }) => ResourceScope;
  /** Attempts on a concurrency conflict without `If-Match` (default 3). */
  readonly maxAttempts?: number;
};

/** What a route says of itself, command or query: method, path, its OpenAPI words, access, request. */
const routeHeading = <P, Q, B>(declaration: CommonDeclaration<P, Q, B>) => ({
  method: declaration.method,
  path: declaration.path,
  operationId: declaration.operationId,
  summary: declaration.summary,
  ...(declaration.description === undefined ? {} : { description: declaration.description }),
  tags: declaration.tags ?? [],
  access: declaration.access,
  request: { ...declaration.request },
});

const staleIfMatch = (expected: number, actual: number) =>
  httpError(
    412,
    'STALE_IF_MATCH',
    `If-Match names version ${expected} but the resource is at version ${actual}; read it again`,
  );

/** The answer to an accepted command (a route's, a partner webhook's): 201 when it created the stream. */
export const accepted = (
  outcome: CommandOutcome<unknown>,
): { status: number; body: CommandAccepted; etag: number } => ({
  status: outcome.created ? 201 : 200,
  body: {
    streamId: outcome.streamId,
    version: outcome.version,
    events: outcome.events.map((event) => ({
      eventId: event.eventId,
      type: event.type,
      version: event.version,
    })),
  },
  etag: outcome.version,
});

/** Everything a route over a command handler declares: the HTTP part, and its input as the command's data. */
export type HandlerRouteDeclaration<
  Data,
  State,
  P extends z.ZodType | undefined,
  Q extends z.ZodType | undefined,
  B extends z.ZodType | undefined,
  Deps extends RouteDependencies = RouteDependencies,
  Key = undefined,
> = CommandRouteBase<State, P, Q, B> & {
  /** The command's data from the request: all a route does besides HTTP. */
  readonly data: (
    input: RouteInput<Out<P>, Out<Q>, Out<B>>,
    context: { readonly principal: Principal; readonly deps: Deps },
  ) => Data;
} & ([Key] extends [undefined]
    ? { readonly key?: never }
    : {
        /** The handler's key from the request (its path), for a command whose data does not name its stream. */
        readonly key: (input: RouteInput<Out<P>, Out<Q>, Out<B>>) => Key;
      });

/**
 * A route over a command's handler: the request becomes the handler's data (and key); the route
 * adds what is HTTP's: the caller's scope on the loaded state, If-Match, idempotency, the answer.
 */
const declareHandlerRoute = <
  Data,
  Command extends { type: string },
  State,
  Event extends { type: string },
  Key,
  P extends z.ZodType | undefined,
  Q extends z.ZodType | undefined,
  B extends z.ZodType | undefined,
  Deps extends RouteDependencies,
>(
  // The handler runs with the group's dependencies: one needing more (the vault) than the group
  // provides does not compile.
  handler: CommandHandler<Data, Command, State, Event, Key, Deps>,
  declaration: HandlerRouteDeclaration<Data, State, P, Q, B, Deps, Key>,
): HttpRoute<Deps> => {
  const maxAttempts = declaration.maxAttempts ?? DEFAULT_COMMAND_ATTEMPTS;
  const answersFromCommit = handler.streamOf !== undefined;
  const handle = async (request: RouteRequest, deps: Deps) => {
    const input = request as unknown as RouteInput<Out<P>, Out<Q>, Out<B>>;
    const principal = request.principal as Principal;
    const roleFor = (state: State) =>
      actingRole(declaration.access, principal, declaration.scope?.({ input, state }));
    const call: CommandCall<State> = {
      // Scope first (an out-of-scope caller learns nothing, not even the version), then If-Match.
      check: ({ state, version }) => {
        if (roleFor(state) === undefined) {
          throw httpError(401, 'UNAUTHENTICATED', 'A valid bearer token is required');
        }
        if (request.ifMatch !== undefined && request.ifMatch !== version) {
          throw staleIfMatch(request.ifMatch, version);
        }
      },
      actor: ({ state }) => ({
        id: principal.subject,
        role: roleFor(state) as NonNullable<ReturnType<typeof roleFor>>,
      }),
      correlationId: request.correlationId,
      causationId: null,
      ...(request.commandId === undefined ? {} : { commandId: request.commandId }),
      ...(request.ifMatch === undefined ? {} : { expectedVersion: request.ifMatch }),
      ...(request.priorAttempt === undefined ? {} : { priorAttempt: request.priorAttempt }),
      maxAttempts,
    };
    try {
      // The route's part: the request as the handler's data, checked for access as it is read.
      const data = declaration.data(input, { principal, deps });
      // A keyed handler takes its key from the request; `KeyArgs` is empty for the others.
      const key = (declaration.key === undefined ? [] : [declaration.key(input)]) as KeyArgs<Key>;
      const outcome = await handleCommand(deps, handler, data, call, ...key);
      return {
        ...accepted(outcome),
        // The commit carries the command id: a retry finds this answer there (ADR 0144).
        answeredByCommit: answersFromCommit && request.commandId !== undefined && outcome.events.length > 0,
        replayed: outcome.duplicate,
      };
    } catch (error) {
      if (isCommandStillRunning(error)) throw keyInUse({ cause: error });
      if (!isConcurrencyError(error)) throw error;
      if (request.ifMatch !== undefined) throw staleIfMatch(request.ifMatch, error.actual);
      throw httpError(409, 'CONCURRENCY_CONFLICT', 'The resource kept changing; read it again and retry', {
        cause: error,
      });
    }
  };
  const route: HttpRoute<Deps> = {
    kind: 'command',
    ...routeHeading(declaration),
    responses: {
      200: { description: 'Accepted; the resource already existed', schema: CommandAccepted, etag: true },
      201: { description: 'Accepted; the resource was created', schema: CommandAccepted, etag: true },
    },
    ...(declaration.maxBodyBytes === undefined ? {} : { maxBodyBytes: declaration.maxBodyBytes }),
    handler: handler as unknown as AnyCommandHandler,
    ...(answersFromCommit ? { answersFromCommit } : {}),
    handle,
  };
  checkRouteDeclaration(route, declaration.scope !== undefined);
  return route;
};

/** Everything a query route declares: how to find the resource, where it belongs and what to show. */
export interface QueryRouteDeclaration<
  Resource,
  Response extends z.ZodType,
  P extends z.ZodType | undefined,
  Q extends z.ZodType | undefined,
  Deps extends RouteDependencies = RouteDependencies,
> extends CommonDeclaration<P, Q, undefined> {
  readonly method: 'GET';
  /** Finds the resource; `undefined` answers 404. */
  readonly load: (input: RouteInput<Out<P>, Out<Q>, undefined>, deps: Deps) => Promise<Resource | undefined>;
  readonly scope?: (resource: {
    input: RouteInput<Out<P>, Out<Q>, undefined>;
    resource: Resource;
  }) => ResourceScope;
  /** What this caller sees of the resource (a role may see less). */
  readonly respond: (view: {
    input: RouteInput<Out<P>, Out<Q>, undefined>;
    resource: Resource;
    principal: Principal | undefined;
    role: string | undefined;
  }) => z.input<Response>;
  readonly response: Response;
  /** The resource's version, sent as ETag. */
  readonly etag?: (resource: Resource) => number;
}

const declareQueryRoute = <
  Resource,
  Response extends z.ZodType,
  P extends z.ZodType | undefined,
  Q extends z.ZodType | undefined,
  Deps extends RouteDependencies,
>(
  declaration: QueryRouteDeclaration<Resource, Response, P, Q, Deps>,
): HttpRoute<Deps> => {
  const handle = async (request: RouteRequest, deps: Deps) => {
    const input = request as unknown as RouteInput<Out<P>, Out<Q>, undefined>;
    const resource = await declaration.load(input, deps);
    if (resource === undefined) {
      // Scoped callers learn nothing more from a 404 than from the 403 of another region's resource.
      throw httpError(404, 'NOT_FOUND', 'No such resource');
    }
    const role = actingRole(declaration.access, request.principal, declaration.scope?.({ input, resource }));
    const body = declaration.response.parse(
      declaration.respond({ input, resource, principal: request.principal, role }),
    );
    const etag = declaration.etag?.(resource);
    return { status: 200, body, ...(etag === undefined ? {} : { etag }) };
  };
  const route: HttpRoute<Deps> = {
    kind: 'query',
    ...routeHeading(declaration),
    responses: { 200: { description: 'The resource', schema: declaration.response, etag: true } },
    handle,
  };
  checkRouteDeclaration(route, declaration.scope !== undefined);
  return route;
};

/**
 * The route declarations of a group that needs more than the store, the clock and ids: its
 * handlers see `Deps`, and the group's routes are `HttpRoute<Deps>`, so an entry point (a Lambda
 * handler, the local server) that does not provide them does not compile.
 */
export const routesNeeding = <Deps extends RouteDependencies>() => ({
  /** See `handlerRoute`. */
  handlerRoute:
    <Data, Command extends { type: string }, State, Event extends { type: string }, Key = undefined>(
      handler: CommandHandler<Data, Command, State, Event, Key, Deps>,
    ) =>
    <
      P extends z.ZodType | undefined = undefined,
      Q extends z.ZodType | undefined = undefined,
      B extends z.ZodType | undefined = undefined,
    >(
      declaration: HandlerRouteDeclaration<Data, State, P, Q, B, Deps, Key>,
    ): HttpRoute<Deps> =>
      declareHandlerRoute(handler, declaration),
  /** See `queryRoute`. */
  queryRoute: <
    Resource,
    Response extends z.ZodType,
    P extends z.ZodType | undefined = undefined,
    Q extends z.ZodType | undefined = undefined,
  >(
    declaration: QueryRouteDeclaration<Resource, Response, P, Q, Deps>,
  ): HttpRoute<Deps> => declareQueryRoute(declaration),
});

const baseRoutes = routesNeeding<RouteDependencies>();

/**
 * Declares a command route over the command's one handler (application/command-handler.ts): the
 * route only turns the request into the command's `data` and says where the resource belongs;
 * the handler's stream, facts and decider do the rest, as for a webhook or a workflow task.
 * It checks the caller's scope on the loaded state, then `If-Match`; on a conflict without
 * `If-Match` the handler retries (bounded), then 409; with a stale `If-Match`, 412. It answers 201
 * when the stream was created, else 200, with the stream version as ETag.
 */
export const handlerRoute = baseRoutes.handlerRoute;

/**
 * Declares a query route: load the resource (404 when absent), check the caller's scope on it, and
 * answer 200 with what the caller's role may see, validated against the response schema.
 */
export const queryRoute = baseRoutes.queryRoute;
