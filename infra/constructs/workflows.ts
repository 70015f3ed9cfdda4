import { readFileSync } from 'node:fs';
import { Arn, ArnFormat, Duration, Stack, Validations } from 'aws-cdk-lib';
import type { ITable } from 'aws-cdk-lib/aws-dynamodb';
import { PolicyStatement } from 'aws-cdk-lib/aws-iam';
import { LogGroup } from 'aws-cdk-lib/aws-logs';
import { DefinitionBody, LogLevel, StateMachine } from 'aws-cdk-lib/aws-stepfunctions';
import { Construct } from 'constructs';
import {
  STATE_MACHINE_ARN_VARIABLES,
  TABLE_NAME_VARIABLE,
  WORKFLOW_TASK_VARIABLE,
} from '../../functions/handlers/environment.js';
import { workflowFunctions } from '../../workflows/tasks/index.js';
import type { WorkflowServices } from '../../workflows/tasks/services.js';
import {
  acknowledgeWildcard,
  type FunctionDefaults,
  NaseejFunction,
  nagArnOf,
  REPOSITORY_ROOT,
} from './naseej-function.js';
import { APPENDS, type TableWrites } from './table-access.js';

/** The state machines and their ASL files, relative to the repository root. */
export const WORKFLOW_DEFINITION_FILES = {
  'region-rollout': 'workflows/region-rollout.asl.json',
  'national-waves': 'workflows/national-waves.asl.json',
  'contact-centre-call': 'workflows/contact-centre-call.asl.json',
} as const;

export type WorkflowName = keyof typeof WORKFLOW_DEFINITION_FILES;

/** The placeholder of a state machine's own ARN in another definition. */
export const STATE_MACHINE_PLACEHOLDERS: Readonly<Record<WorkflowName, string>> = {
  'region-rollout': 'RegionRolloutStateMachineArn',
  'national-waves': 'NationalWavesStateMachineArn',
  'contact-centre-call': 'ContactCentreCallStateMachineArn',
};

/** The task placeholders (`${DeterminePhaseFunctionArn}` …), read from the task handlers' table. */
export const TASK_PLACEHOLDERS: readonly string[] = Object.keys(
  // Building the table only creates closures: no service is called.
  workflowFunctions({} as WorkflowServices),
);

/** Tasks that send task responses themselves (parking looks once more and may resume at once). */
const TASKS_SENDING_CALLBACKS: ReadonlySet<string> = new Set(['ParkTaskTokenFunctionArn']);

/**
 * What each task writes to the table (table-access.ts): the determine tasks record their
 * execution's generation (ADR 0031), the tasks that decide append, and parking stores a token and
 * releases it when it resumes at once.
 */
export const TASK_WRITES: Readonly<Record<string, TableWrites>> = {
  DeterminePhaseFunctionArn: { UpdateItem: ['generation'] },
  AdvancePhaseFunctionArn: { PutItem: APPENDS },
  CloseCallFunctionArn: { PutItem: APPENDS },
  EscalateFunctionArn: { PutItem: APPENDS },
  CompleteRolloutFunctionArn: { PutItem: APPENDS },
  ParkTaskTokenFunctionArn: { PutItem: ['taskToken'], DeleteItem: ['taskToken'] },
  DetermineWaveFunctionArn: { UpdateItem: ['generation'] },
  StartNextWaveFunctionArn: { PutItem: APPENDS },
  DetermineContactCentreStepFunctionArn: { UpdateItem: ['generation'] },
  EscalateSelectionFunctionArn: { PutItem: APPENDS },
  RemindAppealWindowClosingFunctionArn: { PutItem: APPENDS },
};

const CALLBACK_ACTIONS = ['states:SendTaskSuccess', 'states:SendTaskFailure', 'states:SendTaskHeartbeat'];

/** The placeholders `${Name}` an ASL text uses. */
export const placeholdersOf = (text: string): string[] =>
  [...new Set([...text.matchAll(/\$\{([A-Za-z0-9]+)\}/g)].map((match) => match[1] as string))].sort();

export interface NaseejWorkflowsProps {
  readonly table: ITable;
  readonly defaults: FunctionDefaults;
  /** Prefix of the state machine names: `<prefix>-region-rollout` … */
  readonly namePrefix: string;
}

/**
 * The three state machines from their ASL files (`DefinitionBody.fromString` with the task
 * functions' ARNs as `definitionSubstitutions`), logged (ALL, without execution data) and traced; one
 * Lambda function per task placeholder; and the workflow callback consumer (the bus target
 * `workflow-callback`), which starts the executions events open and resumes parked waits.
 *
 * The parking task resumes waits too, so it may send task responses to the state machines that
 * invoke it: it is granted them on ARNs built from the state machines' names, not on the state
 * machines themselves, which would make each depend on the other.
 */
export class NaseejWorkflows extends Construct {
  readonly stateMachines: Readonly<Record<WorkflowName, StateMachine>>;
  readonly taskFunctions: Readonly<Record<string, NaseejFunction>>;
  readonly callbackConsumer: NaseejFunction;
  /** The definition text of each state machine, before substitution. */
  readonly definitions: Readonly<Record<WorkflowName, string>>;

  constructor(scope: Construct, id: string, props: NaseejWorkflowsProps) {
    super(scope, id);
    const stack = Stack.of(this);
    const nameOf = (workflow: WorkflowName): string => `${props.namePrefix}-${workflow}`;
    const arnOfName = (workflow: WorkflowName): string =>
      Arn.format(
        {
          service: 'states',
          resource: 'stateMachine',
          resourceName: nameOf(workflow),
          arnFormat: ArnFormat.COLON_RESOURCE_NAME,
        },
        stack,
      );

    const taskFunctions: Record<string, NaseejFunction> = {};
    for (const task of TASK_PLACEHOLDERS) {
      const fn = new NaseejFunction(this, task.replace(/FunctionArn$/, 'Task'), {
        entry: 'workflows/handlers/workflow-task.ts',
        description: `Naseej workflow task ${task.replace(/FunctionArn$/, '')}`,
        defaults: props.defaults,
        environment: { [TABLE_NAME_VARIABLE]: props.table.tableName, [WORKFLOW_TASK_VARIABLE]: task },
      });
      const writes = TASK_WRITES[task];
      if (writes === undefined) throw new Error(`Workflow task ${task} has no declared table writes`);
      fn.grantEventStore(props.table, writes);
      if (TASKS_SENDING_CALLBACKS.has(task)) {
        fn.addToRolePolicy(
          new PolicyStatement({
            actions: CALLBACK_ACTIONS,
            resources: (Object.keys(WORKFLOW_DEFINITION_FILES) as WorkflowName[]).map(arnOfName),
          }),
        );
      }
      taskFunctions[task] = fn;
    }
    this.taskFunctions = taskFunctions;

    const definitions = {} as Record<WorkflowName, string>;
    const machines = {} as Record<WorkflowName, StateMachine>;
    // region-rollout first: national-waves starts its executions.
    for (const workflow of ['region-rollout', 'national-waves', 'contact-centre-call'] as const) {
      const text = readFileSync(`${REPOSITORY_ROOT}${WORKFLOW_DEFINITION_FILES[workflow]}`, 'utf8');
      definitions[workflow] = text;
      const substitutions: Record<string, string> = {};
      for (const placeholder of placeholdersOf(text)) {
        const task = taskFunctions[placeholder];
        const machine = Object.entries(STATE_MACHINE_PLACEHOLDERS).find(([, name]) => name === placeholder);
        if (task !== undefined) substitutions[placeholder] = task.functionArn;
        else if (machine !== undefined)
          // Its own ARN (a generation starts the next, docs/adr/0031-workflow-generations.md) is
          // built from its name: the machine cannot reference itself.
          substitutions[placeholder] =
            machine[0] === workflow
              ? arnOfName(workflow)
              : machines[machine[0] as WorkflowName].stateMachineArn;
        else throw new Error(`${WORKFLOW_DEFINITION_FILES[workflow]}: no value for \${${placeholder}}`);
      }
      const logGroup = new LogGroup(this, `${pascal(workflow)}Logs`, {
        // Step Functions asks for the /aws/vendedlogs/ prefix for its log groups.
        logGroupName: `/aws/vendedlogs/states/${nameOf(workflow)}`,
        retention: props.defaults.logRetention,
        removalPolicy: props.defaults.removalPolicy,
      });
      const machine = new StateMachine(this, pascal(workflow), {
        stateMachineName: nameOf(workflow),
        definitionBody: DefinitionBody.fromString(text),
        definitionSubstitutions: substitutions,
        // Every event type, state name and error, but no execution data: the callback states'
        // Parameters carry task tokens (secrets, ADR 0030) and inputs carry people's data.
        // https://docs.aws.amazon.com/step-functions/latest/dg/cloudwatch-log-level.html
        logs: { destination: logGroup, level: LogLevel.ALL, includeExecutionData: false },
        tracingEnabled: true,
        // Step Functions closes an execution after a year whatever this says; each generation hands
        // over to the next before 300 days (docs/adr/0031-workflow-generations.md).
        timeout: Duration.days(365),
      });
      for (const placeholder of placeholdersOf(text)) taskFunctions[placeholder]?.grantInvoke(machine);
      if (placeholdersOf(text).includes(STATE_MACHINE_PLACEHOLDERS[workflow])) {
        // Continue-as-new: an execution starts its next generation, an execution of itself.
        machine.addToRolePolicy(
          new PolicyStatement({ actions: ['states:StartExecution'], resources: [arnOfName(workflow)] }),
        );
      }
      machines[workflow] = machine;
      Validations.of(machine.role).acknowledge({
        id: 'AwsSolutions-IAM5[Resource::*]',
        reason:
          'Step Functions logging and X-Ray need logs:*LogDelivery* and xray:Put* actions, which take ' +
          'no resource ARN (AWS documents "*" for them); task invocations are scoped to named functions.',
      });
      for (const placeholder of placeholdersOf(text)) {
        const task = taskFunctions[placeholder];
        if (task === undefined) continue;
        acknowledgeWildcard(
          machine.role,
          `Resource::${nagArnOf(task)}:*`,
          'lambda:InvokeFunction on "<task function ARN>:*" covers the versions and aliases of that one ' +
            'task function (Function.grantInvoke); no other function can be invoked.',
        );
      }
    }
    machines['region-rollout'].grantStartExecution(machines['national-waves']);
    this.stateMachines = machines;
    this.definitions = definitions;

    this.callbackConsumer = new NaseejFunction(this, 'CallbackConsumer', {
      entry: 'workflows/handlers/workflow-callback.ts',
      description: 'Naseej bus target workflow-callback: starts executions, resumes parked waits',
      defaults: props.defaults,
      environment: {
        [TABLE_NAME_VARIABLE]: props.table.tableName,
        ...Object.fromEntries(
          (Object.keys(STATE_MACHINE_ARN_VARIABLES) as WorkflowName[]).map((workflow) => [
            STATE_MACHINE_ARN_VARIABLES[workflow],
            machines[workflow].stateMachineArn,
          ]),
        ),
      },
    });
    // It resumes parked waits: finds a token and releases it (a delete), once.
    this.callbackConsumer.grantEventStore(props.table, { DeleteItem: ['taskToken'] });
    for (const machine of Object.values(machines)) {
      machine.grantStartExecution(this.callbackConsumer);
      machine.grantTaskResponse(this.callbackConsumer);
    }
  }
}

const pascal = (name: string): string =>
  name
    .split('-')
    .map((part) => part.charAt(0).toUpperCase() + part.slice(1))
    .join('');
