import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Stack } from 'aws-cdk-lib';
import { CfnQueue } from 'aws-cdk-lib/aws-sqs';
import type { CloudAssembly } from 'aws-cdk-lib/cx-api';
import { AwsSolutionsChecks } from 'cdk-nag';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { NaseejApp } from '../../infra/naseej-app.js';
import {
  type Acknowledgement,
  acknowledgementsIn,
  buildAppForTest,
  nestedStacksOf,
  SYNTH_TIMEOUT_MS,
} from './support/cdk-app.js';

type ValidationReport = {
  pluginReports: { pluginName: string; violations: { ruleName: string; severity: string }[] }[];
};

describe('cdk-nag AwsSolutions checks on the prod app', () => {
  let built: NaseejApp & { cleanup: () => void };
  let assembly: CloudAssembly;
  let acknowledgements: Acknowledgement[];

  beforeAll(() => {
    // Prepare
    built = buildAppForTest('prod', { builtinValidation: false });

    // Act: synthesis runs the AwsSolutions plugin and throws on any unacknowledged error.
    assembly = built.app.synth();
    acknowledgements = acknowledgementsIn(built.app);
  }, SYNTH_TIMEOUT_MS);

  afterAll(() => built.cleanup());

  it('synthesizes with no violation reported by any validation plugin', () => {
    // Assess: the report lists warnings too, which would not stop synthesis.
    const reportFile = join(assembly.directory, 'validation-report.json');
    expect(existsSync(reportFile)).toBe(true);
    const report: ValidationReport = JSON.parse(readFileSync(reportFile, 'utf8'));
    expect(report.pluginReports.flatMap((plugin) => plugin.violations)).toEqual([]);
  });

  it('leaves no unacknowledged AwsSolutions error or warning when run directly on the tree', () => {
    // Act
    const result = new AwsSolutionsChecks().validateScope(built.app);

    // Assess
    expect(result.violations.map((violation) => `${violation.severity} ${violation.ruleName}`)).toEqual([]);
    expect(result.success).toBe(true);
  });

  it('gives every acknowledged finding a reason a reviewer can weigh', () => {
    // Assess
    expect(acknowledgements.length).toBeGreaterThan(0);
    for (const { path, id, reason } of acknowledgements) {
      expect(typeof reason, `${id} at ${path}`).toBe('string');
      expect(String(reason).trim().length, `${id} at ${path}: "${reason}"`).toBeGreaterThanOrEqual(20);
    }
  });

  it('acknowledges findings one construct at a time, never for the whole app or a stack', () => {
    // Assess: the stack and the stacks nested in it (docs/adr/0032-stacks-within-limits.md).
    const stackPaths = [built.stack, ...nestedStacksOf(built.stack)].map((stack) => stack.node.path);
    expect(stackPaths).toHaveLength(3);
    for (const { path } of acknowledgements) {
      expect(path).not.toBe('');
      expect(stackPaths).not.toContain(path);
    }
  });
});

describe('cdk-nag wiring', () => {
  // The stack itself and each stack nested in it: the checks cover every template deployed.
  const stacks: readonly [string, (app: NaseejApp) => Stack][] = [
    ['the stack', (app) => app.stack],
    ['the nested API stack', (app) => app.stack.apiStack],
    ['the nested alarms stack', (app) => app.stack.alarmsStack],
  ];

  it.each(stacks)(
    'stops synthesis of the app when a resource of %s breaks an AwsSolutions rule',
    (_, stackOf) => {
      // Prepare: the real app plus a queue that is neither encrypted nor TLS-only.
      const built = buildAppForTest('dev', { builtinValidation: false });
      const queue = new CfnQueue(stackOf(built), 'CarelessQueue', { sqsManagedSseEnabled: false });

      // Act
      const synth = () => built.app.synth();

      // Assess
      expect(synth).toThrow(/AwsSolutions-SQS/);
      expect(queue.node.path).toBe(`${stackOf(built).node.path}/CarelessQueue`);
      built.cleanup();
    },
    SYNTH_TIMEOUT_MS,
  );

  it('knows every stack of the app', () => {
    // Prepare
    const built = buildAppForTest('dev', { builtinValidation: false });

    // Assess: a new stack must join the list above.
    const all = built.app.node.findAll().filter((construct) => Stack.isStack(construct));
    expect(all.map((stack) => stack.node.path).sort()).toEqual(
      stacks.map(([, stackOf]) => stackOf(built).node.path).sort(),
    );
    built.cleanup();
  });
});
