import * as z from 'zod';
import { httpError } from '../functions/adapters/http/problem.js';
import {
  checkRouteDeclaration,
  type HttpRoute,
  type RouteDependencies,
  type RouteRequest,
  routeKeyOf,
} from '../functions/adapters/http/route.js';
import { type ApiDependencies, routes } from '../functions/adapters/http/routes/index.js';
import { type ReadModelRouteDependencies, readModelRoutes } from '../functions/adapters/http/routes/views.js';

// The route table of the local runtime: the API's table, the read models' query routes (until the
// lead adds them to the table; a route already there is not added twice), and two operations of
// the runtime itself for the ministry: its status and a projection rebuild (on AWS a rebuild is a
// deployment job, not an API call).

/** What the runtime reports about itself. */
export const RuntimeStatus = z
  .strictObject({
    startedAt: z.string(),
    dataDir: z.string().nullable(),
    inMemory: z.boolean(),
    projections: z.array(z.string()),
    projectionLag: z.strictObject({
      count: z.number().int(),
      p50: z.number().nullable(),
      p99: z.number().nullable(),
      max: z.number().nullable(),
    }),
    executions: z.array(
      z.strictObject({
        stateMachine: z.string(),
        name: z.string(),
        status: z.string(),
        startedAt: z.string(),
        waitingIn: z.string().nullable(),
      }),
    ),
    deadLetters: z.number().int(),
    parkedDeliveries: z.number().int(),
  })
  .meta({ id: 'RuntimeStatus' });

export type RuntimeStatus = z.infer<typeof RuntimeStatus>;

const RebuildReport = z
  .strictObject({ projection: z.string(), documents: z.number().int() })
  .meta({ id: 'ProjectionRebuild' });

/** The runtime's own operations, as the routes below reach them through the dependencies. */
export interface RuntimeAdministration {
  status(): Promise<RuntimeStatus>;
  readonly projectionNames: readonly string[];
  rebuildProjection(name: string): Promise<z.infer<typeof RebuildReport>>;
  /** Restarts a failed execution under its name (Step Functions' RedriveExecution). */
  redriveExecution(stateMachine: string, name: string): Promise<{ executionArn: string }>;
  /** Follows a failed or timed-out execution with its subject's next generation (workflows/recovery.ts). */
  recoverExecution(
    stateMachine: 'region-rollout' | 'national-waves' | 'contact-centre-call',
    name: string,
  ): Promise<{ executionArn: string; name: string }>;
}

/** The runtime puts its administration in the route dependencies under this name. */
export interface RuntimeAdministrationDependencies {
  readonly runtime: RuntimeAdministration;
}

/** What the runtime's own routes need: its administration. */
export type RuntimeRouteDependencies = RouteDependencies & RuntimeAdministrationDependencies;

/** What every route the local runtime serves needs. */
export type LocalRuntimeDependencies = ApiDependencies &
  ReadModelRouteDependencies &
  RuntimeRouteDependencies;

const administrationOf = (deps: RuntimeRouteDependencies): RuntimeAdministration => deps.runtime;

const ExecutionParams = z.strictObject({
  stateMachine: z.enum(['region-rollout', 'national-waves', 'contact-centre-call']),
  name: z.string().regex(/^[A-Za-z0-9_-]{1,80}$/, 'an execution name'),
});

const Redriven = z.strictObject({ executionArn: z.string() }).meta({ id: 'RedrivenExecution' });

const Recovered = z
  .strictObject({ executionArn: z.string(), name: z.string() })
  .meta({ id: 'RecoveredExecution' });

const ProjectionParams = z.strictObject({ projection: z.string().regex(/^[a-z][a-z-]{0,63}$/) });

const declared = (route: HttpRoute<RuntimeRouteDependencies>): HttpRoute<RuntimeRouteDependencies> => {
  checkRouteDeclaration(route, false);
  return route;
};

/** The local runtime's own routes (ministry only). */
export const runtimeAdministrationRoutes: readonly HttpRoute<RuntimeRouteDependencies>[] = [
  declared({
    kind: 'query',
    method: 'GET',
    path: '/runtime/status',
    operationId: 'readRuntimeStatus',
    summary: 'The local runtime: data folder, workflow executions, projection lag, parked deliveries',
    tags: ['runtime'],
    access: { roles: ['ministry'] },
    request: {},
    responses: { 200: { description: 'The status', schema: RuntimeStatus } },
    handle: async (_request: RouteRequest, deps: RuntimeRouteDependencies) => ({
      status: 200,
      body: RuntimeStatus.parse(await administrationOf(deps).status()),
    }),
  }),
  declared({
    kind: 'command',
    method: 'POST',
    path: '/projections/{projection}/rebuilds',
    operationId: 'rebuildProjection',
    summary: 'Recompute a read model from the whole event history (deliveries wait meanwhile)',
    tags: ['runtime'],
    access: { roles: ['ministry'] },
    request: { params: ProjectionParams },
    responses: { 200: { description: 'What the rebuild wrote', schema: RebuildReport } },
    handle: async (request: RouteRequest, deps: RuntimeRouteDependencies) => {
      const { projection } = request.params as z.output<typeof ProjectionParams>;
      const runtime = administrationOf(deps);
      if (!runtime.projectionNames.includes(projection)) {
        throw httpError(
          404,
          'NO_SUCH_PROJECTION',
          `No projection ${projection}; known: ${runtime.projectionNames.join(', ')}`,
        );
      }
      return { status: 200, body: RebuildReport.parse(await runtime.rebuildProjection(projection)) };
    },
  }),
  declared({
    kind: 'command',
    method: 'POST',
    path: '/runtime/workflows/{stateMachine}/executions/{name}/redrive',
    operationId: 'redriveExecution',
    summary: 'Restart a failed workflow execution under its own name; it resumes from the events',
    tags: ['runtime'],
    access: { roles: ['ministry'] },
    request: { params: ExecutionParams },
    responses: {
      200: { description: 'The execution runs again', schema: Redriven },
      404: { description: 'No such execution' },
      409: { description: 'The execution is running or succeeded: only a failed one is redriven' },
    },
    handle: async (request: RouteRequest, deps: RuntimeRouteDependencies) => {
      const { stateMachine, name } = request.params as z.output<typeof ExecutionParams>;
      try {
        const { executionArn } = await administrationOf(deps).redriveExecution(stateMachine, name);
        return { status: 200, body: { executionArn } };
      } catch (error) {
        const code = error instanceof Error ? error.name : '';
        if (code.endsWith('ExecutionDoesNotExistException')) {
          throw httpError(404, 'NO_SUCH_EXECUTION', `No ${stateMachine} execution named ${name}`);
        }
        if (code.endsWith('ExecutionNotRedrivableException')) {
          throw httpError(409, 'EXECUTION_NOT_REDRIVABLE', error instanceof Error ? error.message : '');
        }
        throw error;
      }
    },
  }),
  declared({
    kind: 'command',
    method: 'POST',
    path: '/runtime/workflows/{stateMachine}/executions/{name}/next-generation',
    operationId: 'recoverExecution',
    summary:
      "Recover a failed or timed-out workflow execution: start its subject's next generation, which resumes from the events",
    tags: ['runtime'],
    access: { roles: ['ministry'] },
    request: { params: ExecutionParams },
    responses: {
      200: { description: 'The next generation runs', schema: Recovered },
      404: { description: 'No such execution' },
      409: { description: 'The execution is running or succeeded, or a later generation exists' },
    },
    handle: async (request: RouteRequest, deps: RuntimeRouteDependencies) => {
      const { stateMachine, name } = request.params as z.output<typeof ExecutionParams>;
      try {
        const recovered = await administrationOf(deps).recoverExecution(stateMachine, name);
        return { status: 200, body: recovered };
      } catch (error) {
        const code = error instanceof Error ? error.name : '';
        if (code.endsWith('ExecutionDoesNotExistException')) {
          throw httpError(404, 'NO_SUCH_EXECUTION', `No ${stateMachine} execution named ${name}`);
        }
        if (code === 'ExecutionNotRecoverable') {
          throw httpError(409, 'EXECUTION_NOT_RECOVERABLE', error instanceof Error ? error.message : '');
        }
        throw error;
      }
    },
  }),
];

/** Every route the local runtime serves, each once. */
export const runtimeRoutes = (): readonly HttpRoute<LocalRuntimeDependencies>[] => {
  const seen = new Set<string>();
  const all: HttpRoute<LocalRuntimeDependencies>[] = [];
  for (const route of [...routes, ...readModelRoutes, ...runtimeAdministrationRoutes]) {
    const key = routeKeyOf(route);
    if (seen.has(key)) continue;
    seen.add(key);
    all.push(route);
  }
  return all;
};
