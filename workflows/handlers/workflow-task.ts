import { requiredVariable, WORKFLOW_TASK_VARIABLE } from '../../functions/handlers/environment.js';
import { workflowFunctions } from '../../workflows/tasks/index.js';
import { workflowServicesFromEnv } from './workflow-services.js';

// One module for every workflow task function: the CDK app deploys it once per placeholder of the
// ASL files, and `NASEEJ_WORKFLOW_TASK` names the task (e.g. `DeterminePhaseFunctionArn`).

const taskName = requiredVariable(WORKFLOW_TASK_VARIABLE);
const task = workflowFunctions(workflowServicesFromEnv())[taskName];
if (task === undefined) throw new Error(`${WORKFLOW_TASK_VARIABLE}=${taskName} names no workflow task`);
const run = task;

/** The Lambda entry of a workflow task (`arn:aws:states:::lambda:invoke`: the Payload in, the result out). */
export const handler = (payload: unknown): Promise<unknown> => run(payload);
