import { SFNClient } from '@aws-sdk/client-sfn';
import { createWorkflowCallbackConsumer } from '../../workflows/callbacks/consumer.js';
import { startExecutionOnce } from '../../workflows/callbacks/sfn-callbacks.js';
import { executionOpenedBy } from '../../workflows/starts.js';
import type { BusEvent } from '../bus/event-shape.js';
import { requiredVariable, STATE_MACHINE_ARN_VARIABLES } from './environment.js';
import { workflowServicesFromEnv } from './workflow-services.js';

// The bus target `workflow-callback` on AWS, as `handleBusEvent` locally: first start the execution
// the event opens (if any; a redelivery starts nothing twice), then resume the parked waits the
// event moves. One rule of the shared rule set feeds both, so no rule exists only on AWS.

const sfn = new SFNClient({});
const resumeWaits = createWorkflowCallbackConsumer(workflowServicesFromEnv(sfn));

/** The Lambda entry of the workflow callback consumer (CDK bundles this module). */
export const handler = async (event: BusEvent): Promise<void> => {
  const opened = executionOpenedBy(event);
  if (opened !== undefined) {
    const arn = requiredVariable(STATE_MACHINE_ARN_VARIABLES[opened.stateMachine]);
    await startExecutionOnce(sfn, arn, opened.name, opened.input);
  }
  await resumeWaits(event);
};
