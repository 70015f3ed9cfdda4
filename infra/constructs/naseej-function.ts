import { fileURLToPath } from 'node:url';
import { type CfnElement, Duration, Names, type RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import type { ITable } from 'aws-cdk-lib/aws-dynamodb';
import { Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Architecture, Runtime, Tracing } from 'aws-cdk-lib/aws-lambda';
import { type BundlingOptions, NodejsFunction, OutputFormat } from 'aws-cdk-lib/aws-lambda-nodejs';
import { LogGroup, type RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { Construct, IConstruct } from 'constructs';
import { SERVICE_NAME } from '../../functions/adapters/observability/observability.js';
import { type TableWrites, tableWriteStatements } from './table-access.js';

/** The repository root: entries are given relative to it, and its package-lock.json pins the bundle. */
export const REPOSITORY_ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** The Powertools metrics namespace (functions/adapters/observability/observability.ts publishes under it). */
export const METRICS_NAMESPACE = 'Naseej';

/**
 * How cdk-nag names a resource's ARN in a finding about `consumer` (the role whose policy names
 * it; default: a construct of the resource's own stack): `<LogicalId.Arn>` in the resource's own
 * stack. In a nested stack of that stack (docs/adr/0032-stacks-within-limits.md) the ARN arrives
 * as a parameter CDK names after the resource (`reference-to-<unique id>Arn`, see aws-cdk-lib's
 * core/lib/private/refs.ts), which cdk-nag shows as `<referenceto<unique id>Arn>`.
 */
export const nagArnOf = (resource: IConstruct, consumer: IConstruct = resource): string => {
  const stack = Stack.of(resource);
  const element = (resource.node.defaultChild ?? resource) as CfnElement;
  const consumerStack = Stack.of(consumer);
  if (consumerStack === stack) return `<${stack.resolve(stack.getLogicalId(element))}.Arn>`;
  if (consumerStack.nestedStackParent !== stack) {
    throw new Error(
      `${consumer.node.path} may name ${resource.node.path} only from its stack or a nested stack of it`,
    );
  }
  return `<referenceto${Names.nodeUniqueId(element.node)}Arn>`;
};

/** Acknowledges one AwsSolutions-IAM5 finding (a wildcard in `finding`) on `scope`, with why. */
export const acknowledgeWildcard = (scope: IConstruct, finding: string, reason: string): void => {
  Validations.of(scope).acknowledge({ id: `AwsSolutions-IAM5[${finding}]`, reason });
};

/**
 * How every Naseej function is bundled (esbuild, locally, never in Docker); bench/bundles.ts
 * bundles the entries with these same options to measure their size and initialisation time, and
 * test/infra/bundles.test.ts keeps each within BUNDLE_LIMIT_BYTES (docs/adr/0062-lambda-bundles.md).
 */
export const NASEEJ_BUNDLING: BundlingOptions = {
  forceDockerBundling: false,
  format: OutputFormat.ESM,
  target: 'node24',
  mainFields: ['module', 'main'],
  // The AWS SDK v3 clients the nodejs24.x runtime provides: bundling them cost ≈ 325 KB of every
  // function. util-dynamodb (5 KB, marshalling) stays bundled at the version package-lock.json pins.
  externalModules: ['@aws-sdk/client-*'],
  minify: true,
  // No source maps: the runtime never read them (no --enable-source-maps), they only grew the asset.
  sourceMap: false,
  // Arabic and French text as UTF-8 (2 bytes an Arabic letter) rather than `\uXXXX` escapes (6):
  // −9 KB in the documents function. Through esbuildArgs: aws-cdk-lib 2.276 declares a `charset`
  // option but its bundling never passes it to esbuild (docs/adr/0066-bundles-within-300-kb.md).
  esbuildArgs: { '--charset': 'utf8' },
  // Some bundled packages are CommonJS and call require(): give ESM output one.
  banner: "import { createRequire } from 'node:module'; const require = createRequire(import.meta.url);",
};

/**
 * The most a function's bundle (`index.mjs`) may weigh: 300 KB, issue 19's target
 * (docs/adr/0066-bundles-within-300-kb.md, which supersedes the 340 KB of ADR 0065).
 */
export const BUNDLE_LIMIT_BYTES = 300 * 1024;

/** What every function of a deployment shares: log retention, removal policy, log level. */
export interface FunctionDefaults {
  readonly logRetention: RetentionDays;
  readonly removalPolicy: RemovalPolicy;
  /** Powertools log level; default INFO. */
  readonly logLevel?: 'DEBUG' | 'INFO' | 'WARN' | 'ERROR';
}

export interface NaseejFunctionProps {
  /** The handler module, relative to the repository root (`functions/handlers/events.ts`). */
  readonly entry: string;
  readonly description: string;
  readonly defaults: FunctionDefaults;
  readonly environment?: Readonly<Record<string, string>>;
  readonly timeout?: Duration;
  readonly memorySize?: number;
}

/**
 * A Naseej Lambda function: Node.js 24 on arm64, the entry bundled by esbuild from node_modules as
 * ESM (never in Docker), the AWS SDK taken from the runtime, X-Ray tracing (Lambda's own segments),
 * the Powertools environment, its own log group with the stage's retention, and its own role that
 * may write that log group and nothing else until grants add to it.
 */
export class NaseejFunction extends NodejsFunction {
  constructor(scope: Construct, id: string, props: NaseejFunctionProps) {
    const logGroup = new LogGroup(scope, `${id}Logs`, {
      retention: props.defaults.logRetention,
      removalPolicy: props.defaults.removalPolicy,
    });
    const role = new Role(scope, `${id}Role`, {
      description: `Runs ${props.entry}`,
      assumedBy: new ServicePrincipal('lambda.amazonaws.com'),
    });
    logGroup.grantWrite(role);
    super(scope, id, {
      entry: `${REPOSITORY_ROOT}${props.entry}`,
      handler: 'handler',
      description: props.description,
      runtime: Runtime.NODEJS_24_X,
      architecture: Architecture.ARM_64,
      memorySize: props.memorySize ?? 512,
      timeout: props.timeout ?? Duration.seconds(29),
      tracing: Tracing.ACTIVE,
      role,
      logGroup,
      projectRoot: REPOSITORY_ROOT,
      depsLockFilePath: `${REPOSITORY_ROOT}package-lock.json`,
      environment: {
        POWERTOOLS_SERVICE_NAME: SERVICE_NAME,
        POWERTOOLS_LOG_LEVEL: props.defaults.logLevel ?? 'INFO',
        POWERTOOLS_METRICS_NAMESPACE: METRICS_NAMESPACE,
        ...props.environment,
      },
      bundling: NASEEJ_BUNDLING,
    });
    acknowledgeWildcard(
      role,
      'Resource::*',
      'X-Ray tracing (Tracing.ACTIVE) grants xray:PutTraceSegments and xray:PutTelemetryRecords, ' +
        'which take no resource ARN; every other statement of this role names its resources.',
    );
  }

  /**
   * Grants this function the event store table: every read (table and indexes), and only the
   * writes `writes` names, each limited to the partition keys of its item kinds; a Deny keeps it
   * from updating or deleting commits, and from putting them unless it appends (table-access.ts).
   */
  grantEventStore(table: ITable, writes: TableWrites = {}): void {
    table.grantReadData(this);
    for (const statement of tableWriteStatements(table, writes)) this.addToRolePolicy(statement);
    if (this.role !== undefined) {
      acknowledgeWildcard(
        this.role,
        `Resource::${nagArnOf(table, this.role)}/index/*`,
        'Table grants cover "<table>/index/*": the global-order and command-id indexes of the event ' +
          'store table, which the store queries; no other table is reachable.',
      );
    }
  }
}
