import type { CloudAssembly } from 'aws-cdk-lib/cx-api';
import type { IConstruct } from 'constructs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  PARTNER_SECRETS_PREFIX_VARIABLE,
  SUBSCRIPTION_SECRETS_PREFIX_VARIABLE,
} from '../../functions/handlers/environment.js';
import type { NaseejApp } from '../../infra/naseej-app.js';
import {
  INVALID_ALARM_EMAIL,
  INVALID_STAGE,
  isInvalidAlarmEmailError,
  isInvalidStageError,
  parseAlarmEmail,
  parseStage,
} from '../../infra/stage.js';
import { buildAppForTest, deploymentTemplate, logicalIdOf, SYNTH_TIMEOUT_MS } from './support/cdk-app.js';

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
      'AlarmTopicArn',
      'ApiUrl',
      'DashboardDistributionDomain',
      'DashboardUrl',
      'DeadLetterQueueUrl',
      'EventBusName',
      'EventStoreTableName',
      'UserPoolId',
      'WorkspaceClientId',
      'WorkspaceUrl',
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

  type Resource = { Type: string; Properties: Record<string, unknown> };
  type Statement = { Effect: string; Action: string | string[]; Resource: unknown };
  // The whole deployment: the API's functions and the alarms are in nested stacks of their own.
  let deployment: Record<string, Resource> | undefined;
  const resources = () => {
    deployment ??= deploymentTemplate(built.stack).Resources as Record<string, Resource>;
    return deployment;
  };
  const ofType = (type: string) =>
    Object.entries(resources()).filter(([, resource]) => resource.Type === type);
  const asList = <T>(value: T | T[]): T[] => (Array.isArray(value) ? value : [value]);

  it('sends every alarm to the alarm topic, when it fires and when it clears', () => {
    // Prepare
    const topic = { Ref: logicalIdOf(built.stack.operations.alarmTopic) };
    const alarms = ofType('AWS::CloudWatch::Alarm');

    // Assess
    expect(alarms.length).toBeGreaterThan(50);
    for (const [id, alarm] of alarms) {
      expect(alarm.Properties.AlarmActions, id).toEqual([topic]);
      expect(alarm.Properties.OKActions, id).toEqual([topic]);
    }
  });

  it('accepts only TLS on the alarm topic and mails no one unless an alarm email is given', () => {
    // Prepare
    const topicId = logicalIdOf(built.stack.operations.alarmTopic);
    const [, policy] = ofType('AWS::SNS::TopicPolicy')[0] ?? [];
    const document = policy?.Properties.PolicyDocument as
      | { Statement: Record<string, unknown>[] }
      | undefined;
    const statements = document?.Statement ?? [];

    // Assess
    expect(policy?.Properties.Topics).toEqual([{ Ref: topicId }]);
    expect(statements).toContainEqual(
      expect.objectContaining({
        Effect: 'Deny',
        Condition: { Bool: { 'aws:SecureTransport': 'false' } },
      }),
    );
    expect(ofType('AWS::SNS::Subscription')).toEqual([]);
  });

  it('declares no secret: partner secrets are data in Secrets Manager, never in the template', () => {
    // Assess
    expect(ofType('AWS::SecretsManager::Secret')).toEqual([]);
  });

  it('lets exactly the functions that need partner secrets touch them, each under its prefix only', () => {
    // Prepare: every Secrets Manager statement, by the role it is attached to.
    const secretStatements = new Map<string, Statement[]>();
    for (const [, policy] of ofType('AWS::IAM::Policy')) {
      const document = policy.Properties.PolicyDocument as { Statement: Statement[] };
      const statements = document.Statement.filter((statement) =>
        asList(statement.Action).some((action) => action.startsWith('secretsmanager:')),
      );
      for (const role of policy.Properties.Roles as { Ref: string }[]) {
        if (statements.length > 0) secretStatements.set(role.Ref, statements);
      }
    }
    const roleOf = (fn: { role?: IConstruct }) => logicalIdOf(fn.role as IConstruct);
    const inbound = built.stack.httpApi.functions.webhooks;
    const administration = built.stack.httpApi.functions.partners;
    const dispatcher = built.stack.webhooks.dispatcher;
    const arnOf = (prefix: string) => ({
      'Fn::Join': [
        '',
        [
          'arn:',
          { Ref: 'AWS::Partition' },
          ':secretsmanager:',
          { Ref: 'AWS::Region' },
          ':',
          { Ref: 'AWS::AccountId' },
          `:secret:${prefix}*`,
        ],
      ],
    });

    // Assess
    expect([...secretStatements.keys()].sort()).toEqual(
      [roleOf(inbound as never), roleOf(administration as never), roleOf(dispatcher)].sort(),
    );
    expect(secretStatements.get(roleOf(inbound as never))).toEqual([
      { Effect: 'Allow', Action: 'secretsmanager:GetSecretValue', Resource: arnOf('naseej-dev/partners/') },
    ]);
    expect(secretStatements.get(roleOf(dispatcher))).toEqual([
      {
        Effect: 'Allow',
        Action: 'secretsmanager:GetSecretValue',
        Resource: arnOf('naseej-dev/subscriptions/'),
      },
    ]);
    expect(secretStatements.get(roleOf(administration as never))).toEqual([
      {
        Effect: 'Allow',
        Action: [
          'secretsmanager:CreateSecret',
          'secretsmanager:GetSecretValue',
          'secretsmanager:PutSecretValue',
        ],
        Resource: [arnOf('naseej-dev/partners/'), arnOf('naseej-dev/subscriptions/')],
      },
    ]);
  });

  it('tells each of those functions where its secrets are', () => {
    // Prepare
    const variablesOf = (fn: IConstruct) =>
      (
        resources()[logicalIdOf(fn)]?.Properties.Environment as
          | { Variables?: Record<string, unknown> }
          | undefined
      )?.Variables ?? {};

    // Assess
    expect(variablesOf(built.stack.httpApi.functions.webhooks as never)).toMatchObject({
      [PARTNER_SECRETS_PREFIX_VARIABLE]: 'naseej-dev/partners/',
    });
    expect(variablesOf(built.stack.webhooks.dispatcher)).toMatchObject({
      [SUBSCRIPTION_SECRETS_PREFIX_VARIABLE]: 'naseej-dev/subscriptions/',
    });
    expect(variablesOf(built.stack.httpApi.functions.partners as never)).toMatchObject({
      [PARTNER_SECRETS_PREFIX_VARIABLE]: 'naseej-dev/partners/',
      [SUBSCRIPTION_SECRETS_PREFIX_VARIABLE]: 'naseej-dev/subscriptions/',
    });
    expect(variablesOf(built.stack.httpApi.functions.events as never)).not.toHaveProperty(
      PARTNER_SECRETS_PREFIX_VARIABLE,
    );
  });
});

describe('the alarm email context', () => {
  it('is optional, and taken when it is an address', () => {
    // Act, Assess
    expect(parseAlarmEmail(undefined)).toBeUndefined();
    expect(parseAlarmEmail('')).toBeUndefined();
    expect(parseAlarmEmail('ops@naseej.example')).toBe('ops@naseej.example');
  });

  it('refuses a value that is not an address with a typed error', () => {
    // Act
    const attempt = () => parseAlarmEmail('ops at naseej');

    // Assess
    expect(attempt).toThrow(/is not an email address/);
    try {
      attempt();
    } catch (error) {
      expect(isInvalidAlarmEmailError(error)).toBe(true);
      expect((error as { code?: unknown }).code).toBe(INVALID_ALARM_EMAIL);
    }
  });
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
