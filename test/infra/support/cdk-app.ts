import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App, type CfnElement, NestedStack, Stack, Validations } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import type { IConstruct } from 'constructs';
import { buildNaseejApp, type NaseejApp } from '../../../infra/naseej-app.js';
import type { Stage } from '../../../infra/stage.js';

/** Synthesis is CPU-bound and CI machines get busy: the time a test file's one synth may take. */
export const SYNTH_TIMEOUT_MS = 120_000;

/** The feature flags and settings of cdk.json, so tests synthesize what `cdk synth` does. */
export const cdkJsonContext = (): Record<string, unknown> => {
  const cdkJson = JSON.parse(readFileSync(new URL('../../../cdk.json', import.meta.url), 'utf8')) as {
    context?: Record<string, unknown>;
  };
  return cdkJson.context ?? {};
};

/**
 * Context that skips esbuild bundling of the Lambda functions (CDK's `aws:cdk:bundling-stacks`):
 * the template is the same, assets get a placeholder hash. The CLI bundles for real (`npm run
 * synth`), and test/infra/bundling.test.ts bundles one function to prove esbuild runs without Docker.
 */
export const NO_BUNDLING: Record<string, unknown> = { 'aws:cdk:bundling-stacks': [] };

/** A scratch cloud-assembly folder per app, removed by `cleanup`, so parallel files never collide. */
const scratchOutdir = (): { outdir: string; cleanup: () => void } => {
  const outdir = mkdtempSync(join(tmpdir(), 'naseej-cdk-'));
  return { outdir, cleanup: () => rmSync(outdir, { recursive: true, force: true }) };
};

/**
 * An app to test one construct in: the cdk.json flags, no cdk-nag and no built-in CloudFormation
 * validation (the whole app is validated once, in cdk-nag.test.ts and synth.test.ts).
 */
export const constructTestApp = (): { app: App; cleanup: () => void } => {
  const { outdir, cleanup } = scratchOutdir();
  return {
    app: new App({
      context: { ...cdkJsonContext(), ...NO_BUNDLING },
      outdir,
      builtinCloudFormationValidation: false,
    }),
    cleanup,
  };
};

/** The dashboard domain a prod synthesis requires (TLS 1.2 needs a domain of one's own). */
export const PROD_DASHBOARD_DOMAIN: Record<string, string> = {
  dashboardDomain: 'naseej.example.ma',
  dashboardCertificateArn:
    'arn:aws:acm:us-east-1:123456789012:certificate/0a1b2c3d-4e5f-6789-abcd-ef0123456789',
};

/**
 * Builds the real Naseej app as `cdk synth -c stage=<stage>` would (no stage: the default).
 * `builtinValidation: false` skips CDK's built-in CloudFormation rules, which cost several seconds
 * of CPU per test file; cdk-nag still runs. synth.test.ts keeps them, as the CLI does.
 */
export const buildAppForTest = (
  stage?: Stage,
  options: { builtinValidation?: boolean } = {},
): NaseejApp & { cleanup: () => void } => {
  const { outdir, cleanup } = scratchOutdir();
  const base = { ...cdkJsonContext(), ...NO_BUNDLING };
  const context =
    stage === undefined ? base : { ...base, stage, ...(stage === 'prod' ? PROD_DASHBOARD_DOMAIN : {}) };
  const builtinCloudFormationValidation = options.builtinValidation ?? true;
  return { ...buildNaseejApp({ context, outdir, builtinCloudFormationValidation }), cleanup };
};

/** One acknowledged validation finding, where it was acknowledged, and why. */
export interface Acknowledgement {
  readonly path: string;
  readonly id: string;
  readonly reason: unknown;
}

/** Every acknowledgement (`Validations.of(x).acknowledge(...)`) recorded in a construct tree. */
export const acknowledgementsIn = (root: IConstruct): Acknowledgement[] =>
  root.node.findAll().flatMap((construct) =>
    construct.node.metadata
      .filter((entry) => entry.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY)
      .flatMap((entry) =>
        Object.entries(entry.data as Record<string, unknown>).map(([id, reason]) => ({
          path: construct.node.path,
          id,
          reason,
        })),
      ),
  );

/** A CloudFormation template as JSON: what the tests read of it. */
export interface TemplateJson {
  Resources: Record<string, { Type: string; Properties?: Record<string, unknown>; [key: string]: unknown }>;
  Parameters?: Record<string, unknown>;
  Outputs?: Record<string, { Value: unknown; [key: string]: unknown }>;
  [key: string]: unknown;
}

/** The stacks nested (at any depth) in `stack`, with their own templates. */
export const nestedStacksOf = (stack: Stack): NestedStack[] =>
  stack.node.findAll().filter((construct): construct is NestedStack => construct instanceof NestedStack);

/** The logical id of a construct (or of its CloudFormation resource) in its own stack's template. */
export const logicalIdOf = (construct: IConstruct): string => {
  const element = (construct.node.defaultChild ?? construct) as CfnElement;
  const stack = Stack.of(element);
  return stack.resolve(stack.getLogicalId(element)) as string;
};

/**
 * The deployment of `stack` read as one template (docs/adr/0032-stacks-within-limits.md): the
 * resources of its nested stacks are inlined beside its own, each nested stack's parameters are
 * replaced by the values the parent passes them, and the parent's reads of a nested stack's
 * outputs by those outputs' values. A reference then reads as it would in one stack
 * (`{"Fn::GetAtt": [<queue>, "QueueName"]}` in an alarm of the nested alarms stack), so the
 * assertions on wiring hold whichever stack a resource lives in. The nested stack resources
 * themselves are left out; a logical id found in two stacks fails the build of this view.
 */
export const deploymentTemplate = (stack: Stack): TemplateJson => {
  const root = Template.fromStack(stack).toJSON() as TemplateJson;
  const nested = new Map<string, { parameters: Record<string, unknown>; template: TemplateJson }>();
  for (const child of nestedStacksOf(stack)) {
    if (child.nestedStackParent !== stack) throw new Error(`${child.node.path}: nested more than one level`);
    const resourceId = logicalIdOf(child.nestedStackResource as CfnElement);
    const properties = root.Resources[resourceId]?.Properties as { Parameters?: Record<string, unknown> };
    nested.set(resourceId, {
      parameters: properties.Parameters ?? {},
      template: Template.fromStack(child).toJSON() as TemplateJson,
    });
  }
  const resolveIn = (where: string | undefined, value: unknown): unknown => {
    if (Array.isArray(value)) return value.map((item) => resolveIn(where, item));
    if (value === null || typeof value !== 'object') return value;
    const object = value as Record<string, unknown>;
    const keys = Object.keys(object);
    if (keys.length === 1 && typeof object.Ref === 'string' && where !== undefined) {
      const passed = nested.get(where)?.parameters[object.Ref];
      if (passed !== undefined) return resolveIn(undefined, passed);
    }
    const getAtt = object['Fn::GetAtt'];
    if (keys.length === 1 && Array.isArray(getAtt) && where === undefined) {
      const [id, attribute] = getAtt as [string, string];
      const output = attribute.startsWith('Outputs.')
        ? nested.get(id)?.template.Outputs?.[attribute.slice('Outputs.'.length)]
        : undefined;
      if (output !== undefined) return resolveIn(id, output.Value);
    }
    return Object.fromEntries(keys.map((key) => [key, resolveIn(where, object[key])]));
  };
  const resources: TemplateJson['Resources'] = {};
  const add = (where: string | undefined, template: TemplateJson) => {
    for (const [id, resource] of Object.entries(template.Resources)) {
      if (where === undefined && nested.has(id)) continue;
      if (id in resources) throw new Error(`The logical id ${id} is in two stacks`);
      resources[id] = resolveIn(where, resource) as TemplateJson['Resources'][string];
    }
  };
  add(undefined, root);
  for (const [id, { template }] of nested) add(id, template);
  return {
    ...root,
    Resources: resources,
    Outputs: resolveIn(undefined, root.Outputs ?? {}) as TemplateJson['Outputs'],
  };
};
