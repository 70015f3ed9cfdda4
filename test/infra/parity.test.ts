import { readFileSync } from 'node:fs';
import aslValidator from 'asl-validator';
import { Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rules } from '../../functions/bus/rules.js';
import { needsToken } from '../../functions/http/access.js';
import { routeKeyOf } from '../../functions/http/route.js';
import { routes } from '../../functions/http/routes/index.js';
import { ALARM_RUNBOOKS } from '../../infra/constructs/operations.js';
import type { NaseejApp } from '../../infra/naseej-app.js';
import { buildAppForTest, SYNTH_TIMEOUT_MS } from './support/cdk-app.js';

type Resource = { Type: string; Properties: Record<string, unknown> };

describe('parity of the deployed app with the shared definitions', () => {
  let built: NaseejApp & { cleanup: () => void };
  let template: Template;
  let resources: Record<string, Resource>;

  beforeAll(() => {
    // Prepare, Act
    built = buildAppForTest('prod', { builtinValidation: false });
    template = Template.fromStack(built.stack);
    resources = template.toJSON().Resources as Record<string, Resource>;
  }, SYNTH_TIMEOUT_MS);

  afterAll(() => built.cleanup());

  const ofType = (type: string): [string, Resource][] =>
    Object.entries(resources).filter(([, resource]) => resource.Type === type);

  it('declares each state machine from its ASL file, substitutions resolved, and valid ASL', () => {
    // Assess
    const stack = Stack.of(built.stack);
    for (const [workflow, machine] of Object.entries(built.stack.workflows.stateMachines)) {
      const logicalId = stack.getLogicalId(machine.node.defaultChild as never);
      const props = resources[logicalId]?.Properties as {
        DefinitionString: unknown;
        DefinitionSubstitutions: Record<string, unknown>;
      };
      const file =
        built.stack.workflows.definitions[workflow as keyof typeof built.stack.workflows.definitions];
      // Substitute each placeholder with a stand-in ARN of its value, as CloudFormation would.
      const standIns = Object.fromEntries(
        Object.keys(props.DefinitionSubstitutions).map((name) => [
          name,
          `arn:aws:lambda:eu-west-3:123456789012:function:${name}`,
        ]),
      );
      const resolved = file.replace(/\$\{([A-Za-z0-9]+)\}/g, (_, name: string) => {
        expect(standIns[name], `${workflow}: \${${name}}`).toBeDefined();
        return standIns[name] as string;
      });
      expect(props.DefinitionString).toBe(file);
      const { isValid, errorsText } = aslValidator(JSON.parse(resolved));
      expect(isValid, errorsText()).toBe(true);
    }
  });

  it('logs every state transition of the state machines without execution data, so no task token or personal data reaches CloudWatch Logs', () => {
    // Assess: task tokens are the Parameters of the callback states (`$$.Task.Token`) and the
    // inputs carry names and reports; with IncludeExecutionData false no input, output or
    // parameter is logged, while the level ALL keeps every event type, state name and error.
    const machines = ofType('AWS::StepFunctions::StateMachine');
    expect(machines).toHaveLength(3);
    for (const [logicalId, machine] of machines) {
      const logging = machine.Properties.LoggingConfiguration as Record<string, unknown> | undefined;
      expect(logging?.Level, logicalId).toBe('ALL');
      expect(logging?.IncludeExecutionData, logicalId).toBe(false);
      expect(logging?.Destinations, logicalId).toHaveLength(1);
    }
    // The definitions do put the token in their Parameters: what the setting above keeps out of the logs.
    expect(built.stack.workflows.definitions['region-rollout']).toContain('"taskToken.$": "$$.Task.Token"');
  });

  it('lets the region rollout start its next generation (an execution of itself), and caps no execution beyond a year', () => {
    // Assess
    const rollout = built.stack.workflows.stateMachines['region-rollout'];
    const stack = Stack.of(built.stack);
    const props = resources[stack.getLogicalId(rollout.node.defaultChild as never)]?.Properties as {
      DefinitionSubstitutions: Record<string, unknown>;
    };
    expect(JSON.stringify(props.DefinitionSubstitutions.RegionRolloutStateMachineArn)).toContain(
      'stateMachine:naseej-region-rollout',
    );
    const policies = ofType('AWS::IAM::Policy').map(([, policy]) => JSON.stringify(policy.Properties));
    expect(
      policies.some(
        (policy) =>
          policy.includes('"states:StartExecution"') && policy.includes('stateMachine:naseej-region-rollout'),
      ),
    ).toBe(true);
    for (const file of Object.values(built.stack.workflows.definitions)) {
      const timeout = (JSON.parse(file) as { TimeoutSeconds?: number }).TimeoutSeconds;
      expect(timeout === undefined || timeout <= 365 * 86_400).toBe(true);
    }
  });

  it('builds every rule of the bus from the shared rule set, with its retry policy and a dead-letter queue', () => {
    // Assess
    const deployed = ofType('AWS::Events::Rule').map(([, rule]) => rule.Properties);
    expect(deployed.map((rule) => rule.Name).sort()).toEqual(rules.map((rule) => rule.name).sort());
    for (const rule of rules) {
      const match = deployed.find((candidate) => candidate.Name === rule.name);
      expect(match?.EventPattern).toEqual(rule.eventPattern);
      const targets = match?.Targets as { Id: string; RetryPolicy: unknown; DeadLetterConfig?: unknown }[];
      expect(targets).toHaveLength(rule.targets.length);
      for (const [index, target] of rule.targets.entries()) {
        expect(targets[index]?.RetryPolicy).toEqual({
          MaximumRetryAttempts: target.retry.maxAttempts - 1,
          MaximumEventAgeInSeconds: target.retry.maxEventAgeSeconds,
        });
        if (target.deadLetter) expect(targets[index]?.DeadLetterConfig).toBeDefined();
      }
    }
  });

  it('exposes every route of the route table, with the JWT authorizer exactly where a token is needed', () => {
    // Assess
    const deployed = new Map(
      ofType('AWS::ApiGatewayV2::Route').map(([, route]) => [
        route.Properties.RouteKey as string,
        route.Properties,
      ]),
    );
    const [authorizerId] = ofType('AWS::ApiGatewayV2::Authorizer').map(([id]) => id);
    expect(deployed.size).toBe(routes.length);
    for (const route of routes) {
      const found = deployed.get(routeKeyOf(route));
      expect(found, routeKeyOf(route)).toBeDefined();
      if (needsToken(route.access)) {
        expect(found?.AuthorizationType, routeKeyOf(route)).toBe('JWT');
        expect(found?.AuthorizerId).toEqual({ Ref: authorizerId });
      } else {
        expect(found?.AuthorizationType ?? 'NONE', routeKeyOf(route)).toBe('NONE');
      }
    }
    expect(routes.some((route) => 'signature' in route.access)).toBe(true);
  });

  it('gives every route a throttle of its own, so viewers cannot spend the budget of commands or webhooks', () => {
    // Prepare
    const [[, stage]] = ofType('AWS::ApiGatewayV2::Stage') as [[string, Resource]];
    const settings = stage.Properties.RouteSettings as Record<
      string,
      { ThrottlingRateLimit: number; ThrottlingBurstLimit: number }
    >;
    const stageDependsOn = (stage as Resource & { DependsOn?: string[] }).DependsOn ?? [];
    // Assess: one entry per route of the route table, each route created before the stage names it
    expect(Object.keys(settings).sort()).toEqual(routes.map(routeKeyOf).sort());
    for (const [logicalId] of ofType('AWS::ApiGatewayV2::Route')) expect(stageDependsOn).toContain(logicalId);
    const budget = (key: string) => [settings[key]?.ThrottlingRateLimit, settings[key]?.ThrottlingBurstLimit];
    expect(budget('POST /webhooks/partners/{partnerId}')).toEqual([50, 200]);
    expect(budget('POST /rollouts')).toEqual([25, 50]);
    expect(budget('GET /rollouts/{rolloutId}')).toEqual([100, 200]);
    expect(budget('GET /views/national')).toEqual([20, 40]);
  });

  it('alarms on every way the deployment can fail silently, each alarm with its runbook', () => {
    // Prepare
    const runbooks = readFileSync(new URL('../../docs/operations.md', import.meta.url), 'utf8');
    // The longest kind an alarm's id ends with (`TableThrottles`, not `Throttles`).
    const kindOf = (id: string) =>
      ALARM_RUNBOOKS.filter((kind) => id.endsWith(kind)).sort((a, b) => b.length - a.length)[0];
    // Act
    const kinds = new Set(
      built.stack.operations.alarms.map((alarm) => kindOf(alarm.node.id) ?? alarm.node.id),
    );
    // Assess: every kind is deployed at least once, and nothing else
    expect([...kinds].sort()).toEqual([
      'Aborted',
      'ApiServerErrors',
      'ApiThrottled',
      'AsyncEventsDropped',
      'DeadLetters',
      'Errors',
      'Failed',
      'GlobalOrderIndexThrottles',
      'OutboundDeliveriesParked',
      'PipeFailures',
      'ProjectionLag',
      'ProjectionsSilent',
      'SubscriptionSecretMissing',
      'TableSystemErrors',
      'TableThrottles',
      'Throttles',
      'TimedOut',
    ]);
    for (const kind of kinds) expect(runbooks, kind).toContain(`### ${kind}\n`);
  });

  it('verifies the bearer token of the Authorization header, the one the handlers read claims from', () => {
    const authorizers = ofType('AWS::ApiGatewayV2::Authorizer').map(
      ([, authorizer]) => authorizer.Properties,
    );
    expect(authorizers.map((authorizer) => authorizer.IdentitySource)).toEqual([
      ['$request.header.Authorization'],
    ]);
  });

  it('deploys every function as Node.js 24 on arm64, traced, with the Powertools environment', () => {
    // Assess
    const functions = ofType('AWS::Lambda::Function').filter(
      ([id]) => !id.startsWith('CustomCDKBucketDeployment'),
    );
    expect(functions.length).toBeGreaterThan(20);
    for (const [id, fn] of functions) {
      expect(fn.Properties.Runtime, id).toBe('nodejs24.x');
      expect(fn.Properties.Architectures, id).toEqual(['arm64']);
      expect(fn.Properties.TracingConfig, id).toEqual({ Mode: 'Active' });
      const variables = (fn.Properties.Environment as { Variables: Record<string, unknown> }).Variables;
      expect(variables.POWERTOOLS_SERVICE_NAME, id).toBeDefined();
      expect(variables.POWERTOOLS_METRICS_NAMESPACE, id).toBe('Naseej');
    }
  });

  it('publishes domain events, not commits: the pipe enriches with the commit splitter', () => {
    // Assess
    template.hasResourceProperties('AWS::Pipes::Pipe', {
      Enrichment: {
        'Fn::GetAtt': [
          Stack.of(built.stack).getLogicalId(built.stack.commitSplitter.node.defaultChild as never),
          'Arn',
        ],
      },
      TargetParameters: {
        EventBridgeEventBusParameters: { Source: 'naseej', DetailType: '$.type', Time: '$.recordedAt' },
      },
    });
  });
});
