import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App, Validations } from 'aws-cdk-lib';
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
