import { Duration, Validations } from 'aws-cdk-lib';
import { AccessLogFormat } from 'aws-cdk-lib/aws-apigateway';
import {
  type CfnStage,
  CorsHttpMethod,
  HttpApi,
  HttpMethod,
  HttpNoneAuthorizer,
  HttpStage,
  LogGroupLogDestination,
} from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpJwtAuthorizer } from 'aws-cdk-lib/aws-apigatewayv2-authorizers';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import type { ITable } from 'aws-cdk-lib/aws-dynamodb';
import { LogGroup } from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { needsToken } from '../../functions/adapters/http/access.js';
import { type HttpRoute, routeKeyOf } from '../../functions/adapters/http/route.js';
import { routeGroups } from '../../functions/adapters/http/routes/index.js';
import { TABLE_NAME_VARIABLE } from '../../functions/handlers/environment.js';
import { type FunctionDefaults, NaseejFunction } from './naseej-function.js';
import { THROTTLES, throttleClassOf } from './route-throttles.js';
import { APPENDS, IDEMPOTENT_COMMANDS, type TableWrites, writesOf } from './table-access.js';

/** The handler module of each route group (functions/handlers). */
export const ROUTE_GROUP_ENTRIES: Readonly<Record<keyof typeof routeGroups, string>> = {
  rollouts: 'functions/handlers/rollouts.ts',
  selection: 'functions/handlers/selection.ts',
  training: 'functions/handlers/training.ts',
  grants: 'functions/handlers/grants.ts',
  events: 'functions/handlers/events.ts',
  webhooks: 'functions/handlers/webhooks.ts',
  partners: 'functions/handlers/partners.ts',
  readModels: 'functions/handlers/read-models.ts',
  integrity: 'functions/handlers/integrity.ts',
  documents: 'functions/handlers/documents.ts',
  attachments: 'functions/handlers/attachments.ts',
};

/**
 * What each route group's function writes to the table (table-access.ts); it reads every item.
 * Command groups append and keep idempotency records; `events` issues feed cursors on its reads;
 * `webhooks` appends partners' reports and records their deliveries; `partners` writes partner
 * and subscription records and replays parked deliveries; `integrity` seals days (digests); the rest only read.
 */
export const ROUTE_GROUP_WRITES: Readonly<Record<keyof typeof routeGroups, TableWrites>> = {
  rollouts: writesOf({ PutItem: APPENDS }, IDEMPOTENT_COMMANDS),
  // People's names: recorded (put) and erased (an update that leaves a tombstone, ADR 0126).
  selection: writesOf({ PutItem: [...APPENDS, 'person'], UpdateItem: ['person'] }, IDEMPOTENT_COMMANDS),
  training: writesOf({ PutItem: APPENDS }, IDEMPOTENT_COMMANDS),
  grants: writesOf({ PutItem: APPENDS }, IDEMPOTENT_COMMANDS),
  events: { PutItem: ['feedCursor'] },
  webhooks: { PutItem: [...APPENDS, 'inboundDelivery'], DeleteItem: ['inboundDelivery'] },
  partners: writesOf({ PutItem: ['partner', 'subscription', 'parkedDelivery'] }, IDEMPOTENT_COMMANDS),
  readModels: {},
  integrity: writesOf({ PutItem: ['digest'] }, IDEMPOTENT_COMMANDS),
  documents: {},
  attachments: writesOf({ PutItem: APPENDS }, IDEMPOTENT_COMMANDS),
};

export interface NaseejHttpApiProps {
  readonly table: ITable;
  readonly defaults: FunctionDefaults;
  /** The JWT issuer (the identity provider's URL), e.g. from a CfnParameter. */
  readonly jwtIssuer: string;
  /** Accepted `aud` values. */
  readonly jwtAudience: string[];
  /** The site's origin (`https://…`: the dashboard and the workspace), the only one CORS lets call the API. */
  readonly dashboardOrigin: string;
  /** Requests per second of a route the route table does not name (steady rate and burst). */
  readonly throttle?: { readonly rateLimit: number; readonly burstLimit: number };
  /** Route groups to deploy; defaults to every group of the route table. */
  readonly groups?: Readonly<Record<string, readonly HttpRoute[]>>;
}

/**
 * The HTTP API from the route table: one Lambda function per route group, one API Gateway route
 * per table entry, a JWT authorizer on every route that needs a token (public and
 * signature-checked routes have none: the handler checks the signature itself), access logs in
 * JSON, a throttle of its own for every route (route-throttles.ts) and CORS for the site (the
 * dashboard's reads, the workspace's commands).
 */
export class NaseejHttpApi extends Construct {
  readonly api: HttpApi;
  readonly stage: HttpStage;
  readonly authorizer: HttpJwtAuthorizer;
  readonly functions: Readonly<Record<string, NaseejFunction>>;
  readonly accessLogs: LogGroup;

  constructor(scope: Construct, id: string, props: NaseejHttpApiProps) {
    super(scope, id);
    const groups = props.groups ?? routeGroups;

    this.api = new HttpApi(this, 'Api', {
      description: 'Naseej: commands, queries and inbound webhooks (functions/adapters/http/routes)',
      createDefaultStage: false,
      // The dashboard reads; the staff workspace, on the same site, also sends commands with an
      // Idempotency-Key and an If-Match, and reads the ETag, Retry-After and correlation id of the answer.
      corsPreflight: {
        allowOrigins: [props.dashboardOrigin],
        allowMethods: [CorsHttpMethod.GET, CorsHttpMethod.POST, CorsHttpMethod.PUT],
        allowHeaders: ['authorization', 'content-type', 'idempotency-key', 'if-match', 'x-correlation-id'],
        exposeHeaders: ['etag', 'retry-after', 'x-correlation-id'],
        maxAge: Duration.hours(1),
      },
    });
    this.accessLogs = new LogGroup(this, 'AccessLogs', {
      retention: props.defaults.logRetention,
      removalPolicy: props.defaults.removalPolicy,
    });
    this.stage = new HttpStage(this, 'Stage', {
      httpApi: this.api,
      stageName: '$default',
      autoDeploy: true,
      throttle: props.throttle ?? { rateLimit: 50, burstLimit: 100 },
      accessLogSettings: {
        destination: new LogGroupLogDestination(this.accessLogs),
        format: AccessLogFormat.custom(
          JSON.stringify({
            requestId: '$context.requestId',
            ip: '$context.identity.sourceIp',
            requestTime: '$context.requestTime',
            routeKey: '$context.routeKey',
            status: '$context.status',
            latencyMs: '$context.responseLatency',
            integrationError: '$context.integrationErrorMessage',
            authorizerError: '$context.authorizer.error',
          }),
        ),
      },
    });

    this.authorizer = new HttpJwtAuthorizer('Jwt', props.jwtIssuer, {
      authorizerName: 'naseej-jwt',
      jwtAudience: props.jwtAudience,
      // The default, spelled out: the handlers read the verified token's own payload from this
      // header, since the authorizer flattens list claims ambiguously (functions/adapters/http/claims.ts).
      identitySource: ['$request.header.Authorization'],
    });
    const none = new HttpNoneAuthorizer();

    const functions: Record<string, NaseejFunction> = {};
    // The stage's `RouteSettings` is a JSON map CloudFormation reads as given: its keys are spelled
    // as CloudFormation spells them.
    const routeSettings: Record<string, { ThrottlingRateLimit: number; ThrottlingBurstLimit: number }> = {};
    const cfnStage = this.stage.node.defaultChild as CfnStage;
    for (const [group, groupRoutes] of Object.entries(groups)) {
      const entry = ROUTE_GROUP_ENTRIES[group as keyof typeof routeGroups];
      if (entry === undefined) throw new Error(`Route group ${group} has no handler module`);
      const fn = new NaseejFunction(this, `${pascal(group)}Function`, {
        entry,
        description: `Naseej HTTP routes: ${group}`,
        defaults: props.defaults,
        environment: { [TABLE_NAME_VARIABLE]: props.table.tableName },
      });
      fn.grantEventStore(props.table, ROUTE_GROUP_WRITES[group as keyof typeof routeGroups]);
      functions[group] = fn;
      const integration = new HttpLambdaIntegration(`${pascal(group)}Integration`, fn);
      for (const route of groupRoutes) {
        const [added] = this.api.addRoutes({
          path: route.path,
          methods: [HttpMethod[route.method]],
          integration,
          authorizer: needsToken(route.access) ? this.authorizer : none,
        });
        const throttle = THROTTLES[throttleClassOf(route)];
        routeSettings[routeKeyOf(route)] = {
          ThrottlingRateLimit: throttle.rateLimit,
          ThrottlingBurstLimit: throttle.burstLimit,
        };
        // A stage's route settings name existing routes only: the routes are created first.
        if (added !== undefined) this.stage.node.addDependency(added);
        if (added !== undefined && !needsToken(route.access)) {
          Validations.of(added).acknowledge({
            id: 'AwsSolutions-APIG4',
            reason:
              'signature' in route.access
                ? 'A partner webhook route: partners cannot hold our JWTs; the handler verifies the ' +
                  'Standard Webhooks signature (HMAC over id.timestamp.body) with the partner secret.'
                : 'A public query of the route table (open data or public aggregates, no personal ' +
                  'data), declared public on purpose and reviewed in the access matrix.',
          });
        }
      }
    }
    cfnStage.routeSettings = routeSettings;
    this.functions = functions;
  }
}

const pascal = (name: string): string => name.charAt(0).toUpperCase() + name.slice(1);
