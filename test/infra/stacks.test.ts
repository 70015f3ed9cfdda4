import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { CloudAssembly } from 'aws-cdk-lib/cx-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { NaseejApp } from '../../infra/naseej-app.js';
import type { Stage } from '../../infra/stage.js';
import { buildAppForTest, logicalIdOf, SYNTH_TIMEOUT_MS, type TemplateJson } from './support/cdk-app.js';

// docs/adr/0032-stacks-within-limits.md: CloudFormation takes at most 500 resources, 200
// parameters and 200 outputs per template; each stack keeps a margin for what is still to come.
const RESOURCES_PER_STACK = 400;
const PARAMETERS_PER_TEMPLATE = 200;
const OUTPUTS_PER_TEMPLATE = 200;

describe.each<Stage>(['dev', 'prod'])('the stacks of the %s app', (stage) => {
  let built: NaseejApp & { cleanup: () => void };
  let assembly: CloudAssembly;
  let templates: Record<string, TemplateJson>;

  beforeAll(() => {
    // Prepare
    built = buildAppForTest(stage, { builtinValidation: false });

    // Act: every template the cloud assembly holds, the nested stacks' included.
    assembly = built.app.synth();
    templates = Object.fromEntries(
      readdirSync(assembly.directory)
        .filter((file) => file.endsWith('.template.json'))
        .map((file) => [
          file,
          JSON.parse(readFileSync(join(assembly.directory, file), 'utf8')) as TemplateJson,
        ]),
    );
  }, SYNTH_TIMEOUT_MS);

  afterAll(() => built.cleanup());

  it('deploys as one stack, which nests the API and the alarms', () => {
    // Assess: one `cdk deploy` target; the nested stacks are resources of it.
    expect(assembly.stacks.map((stack) => stack.stackName)).toEqual([`Naseej-${stage}`]);
    const nested = Object.values(templates[`Naseej-${stage}.template.json`]?.Resources ?? {}).filter(
      (resource) => resource.Type === 'AWS::CloudFormation::Stack',
    );
    expect(nested).toHaveLength(2);
    expect(
      Object.keys(templates).map((file) => file.replace(/[0-9A-F]{8}\.nested/, '<hash>.nested')),
    ).toEqual([
      `Naseej-${stage}.template.json`,
      `Naseej${stage}Alarms<hash>.nested.template.json`,
      `Naseej${stage}Api<hash>.nested.template.json`,
    ]);
  });

  it(`keeps every stack within ${RESOURCES_PER_STACK} resources`, () => {
    // Assess
    for (const [file, template] of Object.entries(templates)) {
      const count = Object.keys(template.Resources).length;
      expect({ file, count, within: count <= RESOURCES_PER_STACK }).toEqual({ file, count, within: true });
    }
  });

  it(`keeps every template within ${PARAMETERS_PER_TEMPLATE} parameters and ${OUTPUTS_PER_TEMPLATE} outputs`, () => {
    // Assess: the nested stacks take what they reference as parameters and give it back as outputs.
    for (const [file, template] of Object.entries(templates)) {
      const parameters = Object.keys(template.Parameters ?? {}).length;
      const outputs = Object.keys(template.Outputs ?? {}).length;
      expect({
        file,
        within: parameters <= PARAMETERS_PER_TEMPLATE && outputs <= OUTPUTS_PER_TEMPLATE,
      }).toEqual({
        file,
        within: true,
      });
    }
  });

  it('keeps the data and what people hold on to in the stack, under the logical ids they always had', () => {
    // Assess: a resource that changed stack or logical id would be replaced on an existing
    // deployment, a new one made and the old one deleted (or left behind when retained).
    const main = templates[`Naseej-${stage}.template.json`]?.Resources ?? {};
    const expected: Record<string, string> = {
      EventStoreTable9A84AAAA: 'AWS::DynamoDB::Table',
      EventBusEEC924FB: 'AWS::Events::EventBus',
      EventBusArchive52248A77: 'AWS::Events::Archive',
      EventBusDeadLetterQueueAEFE6249: 'AWS::SQS::Queue',
      WebhooksDeadLetterQueue1C65998B: 'AWS::SQS::Queue',
      DashboardSiteAB106610: 'AWS::S3::Bucket',
      DashboardLogs23743279: 'AWS::S3::Bucket',
      DashboardDistribution90702DDE: 'AWS::CloudFront::Distribution',
      DocumentsBucket089EA665: 'AWS::S3::Bucket',
      DocumentsAccessLogsE0128BD5: 'AWS::S3::Bucket',
      DocumentsKeyFF02C3B3: 'AWS::KMS::Key',
      UsersPoolBFC35D3B: 'AWS::Cognito::UserPool',
      UsersPoolWorkspace83676473: 'AWS::Cognito::UserPoolClient',
      UsersPoolDomainEEA57DAC: 'AWS::Cognito::UserPoolDomain',
      WorkflowsRegionRollout7F8101E2: 'AWS::StepFunctions::StateMachine',
      NotificationsIdentityA49D18D4: 'AWS::SES::EmailIdentity',
      OperationsAlarmTopic909EF7A3: 'AWS::SNS::Topic',
      OperationsDashboardE19B83FC: 'AWS::CloudWatch::Dashboard',
    };
    for (const [logicalId, type] of Object.entries(expected)) {
      expect({ logicalId, type: main[logicalId]?.Type }).toEqual({ logicalId, type });
    }
    expect(logicalIdOf(built.stack.eventStore.table)).toBe('EventStoreTable9A84AAAA');
    expect(logicalIdOf(built.stack.documents.bucket)).toBe('DocumentsBucket089EA665');
    expect(logicalIdOf(built.stack.users.userPool)).toBe('UsersPoolBFC35D3B');
  });
});
