import type { CloudAssembly } from 'aws-cdk-lib/cx-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { NaseejApp } from '../../infra/naseej-app.js';
import { INVALID_STAGE, isInvalidStageError, parseStage } from '../../infra/stage.js';
import { buildAppForTest, SYNTH_TIMEOUT_MS } from './support/cdk-app.js';

describe('the Naseej CDK app', () => {
  let built: NaseejApp & { cleanup: () => void };
  let assembly: CloudAssembly;

  beforeAll(() => {
    // Prepare: no stage context, as `npm run synth` without -c.
    // CDK's built-in CloudFormation rules take about 45 s on this template: `npm run synth` runs
    // them; the test level skips them to stay fast (cdk-nag still runs).
    built = buildAppForTest(undefined, { builtinValidation: false });

    // Act: what `cdk synth` does after running infra/app.ts.
    assembly = built.app.synth();
  }, SYNTH_TIMEOUT_MS);

  afterAll(() => built.cleanup());

  it('synthesizes one environment-agnostic stack for the dev stage by default', () => {
    // Assess
    expect(assembly.stacks.map((stack) => stack.stackName)).toEqual(['Naseej-dev']);
    const [stack] = assembly.stacks;
    expect(stack?.environment.account).toBe('unknown-account');
    expect(stack?.environment.region).toBe('unknown-region');
    expect(stack?.terminationProtection).toBeFalsy();
  });

  it('outputs the table and bus names for the handlers and operators', () => {
    // Assess
    const outputs = assembly.stacks[0]?.template.Outputs ?? {};
    expect(Object.keys(outputs).sort()).toEqual([
      'ApiUrl',
      'DashboardUrl',
      'DeadLetterQueueUrl',
      'EventBusName',
      'EventStoreTableName',
    ]);
    expect(outputs.EventStoreTableName.Value).toEqual({ Ref: built.stack.getLogicalId(tableResource()) });
    expect(outputs.EventBusName.Value).toEqual({ Ref: built.stack.getLogicalId(busResource()) });
  });

  it('names the dev bus apart from prod, so both stages fit in one account', () => {
    // Assess
    const resources = Object.values(assembly.stacks[0]?.template.Resources ?? {}) as {
      Type: string;
      Properties: { Name?: string };
    }[];
    const bus = resources.find((resource) => resource.Type === 'AWS::Events::EventBus');
    expect(bus?.Properties.Name).toBe('naseej-dev');
  });

  const tableResource = () => built.stack.eventStore.table.node.defaultChild as never;
  const busResource = () => built.stack.eventBus.bus.node.defaultChild as never;
});

describe('the stage context', () => {
  it('defaults to dev and accepts prod', () => {
    // Act, Assess
    expect(parseStage(undefined)).toBe('dev');
    expect(parseStage('dev')).toBe('dev');
    expect(parseStage('prod')).toBe('prod');
  });

  it('refuses an unknown stage with a typed error that shows the bad value', () => {
    // Act
    const attempt = () => parseStage('production');

    // Assess
    expect(attempt).toThrow(/Unknown stage "production"/);
    try {
      attempt();
    } catch (error) {
      expect(isInvalidStageError(error)).toBe(true);
      expect((error as { code?: unknown }).code).toBe(INVALID_STAGE);
    }
  });
});
