import { readFileSync } from 'node:fs';
import aslValidator from 'asl-validator';
import { Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { needsToken } from '../../functions/adapters/http/access.js';
import { routeKeyOf } from '../../functions/adapters/http/route.js';
import { routes } from '../../functions/adapters/http/routes/index.js';
import { rules } from '../../functions/application/bus/rules.js';
import { ALARM_RUNBOOKS } from '../../infra/constructs/operations.js';
import type { NaseejApp } from '../../infra/naseej-app.js';
import { buildAppForTest, deploymentTemplate, SYNTH_TIMEOUT_MS } from './support/cdk-app.js';

type Resource = { Type: string; Properties: Record<string, unknown> };

describe('parity of the deployed app with the shared definitions', () => {
  let built: NaseejApp & { cleanup: () => void };
  let template: Template;
  let resources: Record<string, Resource>;

  beforeAll(() => {
    // Prepare, Act
    built = buildAppForTest('prod', { builtinValidation: false });
    // The whole deployment, its nested stacks inlined (the API and the alarms live in their own).
    const deployment = deploymentTemplate(built.stack);
    template = Template.fromJSON(deployment, { skipCyclicalDependenciesCheck: true });
    resources = deployment.Resources as Record<string, Resource>;
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
      'LateGlobalCommits',
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

  it('publishes domain events, not commits: the pipe hands its batches to the commit splitter, which puts them', () => {
    // Assess
    const splitterId = Stack.of(built.stack).getLogicalId(
      built.stack.commitSplitter.node.defaultChild as never,
    );
    template.hasResourceProperties('AWS::Pipes::Pipe', {
      Target: { 'Fn::GetAtt': [splitterId, 'Arn'] },
      TargetParameters: { LambdaFunctionParameters: { InvocationType: 'REQUEST_RESPONSE' } },
    });
    const splitter = resources[splitterId]?.Properties as {
      Environment: { Variables: Record<string, unknown> };
      Role: { 'Fn::GetAtt': [string, string] };
    };
    expect(splitter.Environment.Variables.NASEEJ_EVENT_BUS_NAME).toBeDefined();
    const busId = Stack.of(built.stack).getLogicalId(built.stack.eventBus.bus.node.defaultChild as never);
    const putEvents = ofType('AWS::IAM::Policy').some(([, policy]) => {
      const document = policy.Properties.PolicyDocument as {
        Statement: { Action: string | string[]; Resource: unknown }[];
      };
      const roles = policy.Properties.Roles as { Ref: string }[];
      return (
        roles.some((role) => role.Ref === splitter.Role['Fn::GetAtt'][0]) &&
        document.Statement.some(
          (statement) =>
            [statement.Action].flat().includes('events:PutEvents') &&
            JSON.stringify(statement.Resource) === JSON.stringify({ 'Fn::GetAtt': [busId, 'Arn'] }),
        )
      );
    });
    expect(putEvents).toBe(true);
  });

  it('has no pipe whose enrichment or batch can give an event bus more than 10 entries', () => {
    // Assess: an enrichment may return more elements than it received, and the pipe does not
    // invoke a target given more than its batch size (10 for an event bus); a pipe with no
    // enrichment gives one entry per record, so its batch must be at most 10.
    const pipes = ofType('AWS::Pipes::Pipe');
    expect(pipes.length).toBeGreaterThan(0);
    const busArns = ofType('AWS::Events::EventBus').map(([id]) =>
      JSON.stringify({ 'Fn::GetAtt': [id, 'Arn'] }),
    );
    for (const [id, pipe] of pipes) {
      if (!busArns.includes(JSON.stringify(pipe.Properties.Target))) continue;
      expect(pipe.Properties.Enrichment, id).toBeUndefined();
      const source = pipe.Properties.SourceParameters as Record<string, { BatchSize?: number }>;
      const batchSizes = Object.values(source).map((parameters) => parameters.BatchSize ?? 1);
      for (const size of batchSizes) expect(size, id).toBeLessThanOrEqual(10);
    }
  });

  describe('asynchronous consumers (docs/adr/0051-publishing-with-put-events.md)', () => {
    const arnOf = (value: unknown): string | undefined => {
      const att = (value as { 'Fn::GetAtt'?: [string, string] } | undefined)?.['Fn::GetAtt'];
      return att?.[1] === 'Arn' ? att[0] : undefined;
    };
    const queueIds = () => new Set(ofType('AWS::SQS::Queue').map(([id]) => id));

    it('puts every bus rule target on a queue, with a retry policy and a dead-letter queue', () => {
      // Assess: no rule invokes a Lambda asynchronously (Lambda would retry twice, then drop).
      const queues = queueIds();
      const targets = ofType('AWS::Events::Rule').flatMap(
        ([, rule]) => rule.Properties.Targets as { Arn: unknown; DeadLetterConfig?: { Arn: unknown } }[],
      );
      expect(targets.length).toBe(rules.flatMap((rule) => rule.targets).length);
      for (const target of targets) {
        expect(queues.has(arnOf(target.Arn) ?? ''), JSON.stringify(target.Arn)).toBe(true);
        expect(queues.has(arnOf(target.DeadLetterConfig?.Arn) ?? '')).toBe(true);
      }
    });

    it('gives every queue a consumer reads a dead-letter queue, and reports partial batch failures', () => {
      // Assess
      const queues = Object.fromEntries(ofType('AWS::SQS::Queue'));
      const mappings = ofType('AWS::Lambda::EventSourceMapping');
      const fromQueues = mappings.filter(
        ([, mapping]) => queues[arnOf(mapping.Properties.EventSourceArn) ?? ''] !== undefined,
      );
      expect(fromQueues.length).toBe(rules.flatMap((rule) => rule.targets).length);
      for (const [id, mapping] of fromQueues) {
        const queue = queues[arnOf(mapping.Properties.EventSourceArn) ?? ''];
        const redrive = queue?.Properties.RedrivePolicy as {
          deadLetterTargetArn: unknown;
          maxReceiveCount: number;
        };
        expect(queueIds().has(arnOf(redrive?.deadLetterTargetArn) ?? ''), id).toBe(true);
        expect(mapping.Properties.FunctionResponseTypes, id).toEqual(['ReportBatchItemFailures']);
      }
      // Any other event-source mapping (a stream) must send what it gives up on somewhere.
      for (const [id, mapping] of mappings) {
        if (fromQueues.some(([queued]) => queued === id)) continue;
        expect(mapping.Properties.DestinationConfig, id).toBeDefined();
      }
    });

    it('lets no service invoke a function asynchronously unless it has an on-failure destination', () => {
      // Assess: a Lambda permission for an event source that invokes asynchronously.
      const asynchronous = ['events.amazonaws.com', 'sns.amazonaws.com', 's3.amazonaws.com'];
      const invokeConfigs = ofType('AWS::Lambda::EventInvokeConfig').map(([, config]) => config.Properties);
      for (const [id, permission] of ofType('AWS::Lambda::Permission')) {
        if (!asynchronous.includes(permission.Properties.Principal as string)) continue;
        const target = JSON.stringify(permission.Properties.FunctionName);
        const config = invokeConfigs.find((candidate) => JSON.stringify(candidate.FunctionName) === target);
        expect(
          (config?.DestinationConfig as { OnFailure?: unknown } | undefined)?.OnFailure,
          `${id} lets ${String(permission.Properties.Principal)} invoke ${target} with no on-failure destination`,
        ).toBeDefined();
      }
    });

    it('alarms on every dead-letter queue', () => {
      // Assess: the dead-letter queues of the queues, the rules, the bus and the pipe.
      const deadLetterIds = new Set<string>();
      for (const [, queue] of ofType('AWS::SQS::Queue')) {
        const redrive = queue.Properties.RedrivePolicy as { deadLetterTargetArn?: unknown } | undefined;
        const id = arnOf(redrive?.deadLetterTargetArn);
        if (id !== undefined) deadLetterIds.add(id);
      }
      for (const [, rule] of ofType('AWS::Events::Rule')) {
        for (const target of rule.Properties.Targets as { DeadLetterConfig?: { Arn: unknown } }[]) {
          const id = arnOf(target.DeadLetterConfig?.Arn);
          if (id !== undefined) deadLetterIds.add(id);
        }
      }
      for (const [, pipe] of ofType('AWS::Pipes::Pipe')) {
        const source = pipe.Properties.SourceParameters as Record<
          string,
          { DeadLetterConfig?: { Arn: unknown } }
        >;
        for (const parameters of Object.values(source)) {
          const id = arnOf(parameters.DeadLetterConfig?.Arn);
          if (id !== undefined) deadLetterIds.add(id);
        }
      }
      expect(deadLetterIds.size).toBeGreaterThanOrEqual(6);
      const alarmed = new Set(
        ofType('AWS::CloudWatch::Alarm').flatMap(([, alarm]) =>
          alarm.Properties.MetricName === 'ApproximateNumberOfMessagesVisible'
            ? (alarm.Properties.Dimensions as { Name: string; Value: { 'Fn::GetAtt': [string, string] } }[])
                .filter((dimension) => dimension.Name === 'QueueName')
                .map((dimension) => dimension.Value['Fn::GetAtt'][0])
            : [],
        ),
      );
      for (const id of deadLetterIds)
        expect(alarmed.has(id), `no alarm on the dead-letter queue ${id}`).toBe(true);
    });
  });
});
