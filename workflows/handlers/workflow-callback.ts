import { SFNClient } from '@aws-sdk/client-sfn';
import type { BusEvent } from '../../functions/application/bus/event-shape.js';
import { requiredVariable, STATE_MACHINE_ARN_VARIABLES } from '../../functions/handlers/environment.js';
import {
  consumeQueueBatch,
  type SqsBatchResponse,
  type SqsDeliveryEvent,
} from '../../functions/handlers/queue-batch.js';
import { createWorkflowCallbackConsumer } from '../../workflows/callbacks/consumer.js';
import { startExecutionOnce } from '../../workflows/callbacks/sfn-callbacks.js';
import { executionOpenedBy } from '../../workflows/starts.js';
import { workflowServicesFromEnv } from './workflow-services.js';

// The bus target `workflow-callback` on AWS, as `handleBusEvent` locally: first start the execution
// the event opens (if any; a redelivery starts nothing twice), then resume the parked waits the
// event moves. One rule of the shared rule set feeds both, so no rule exists only on AWS.

const sfn = new SFNClient({});
const resumeWaits = createWorkflowCallbackConsumer(workflowServicesFromEnv(sfn));

/** Starts the execution an event opens, if any, then resumes the waits it moves. */
export const handleBusEvent = async (event: BusEvent): Promise<void> => {
  const opened = executionOpenedBy(event);
  if (opened !== undefined) {
    const arn = requiredVariable(STATE_MACHINE_ARN_VARIABLES[opened.stateMachine]);
    await startExecutionOnce(sfn, arn, opened.name, opened.input);
  }
  await resumeWaits(event);
};

/**
 * The Lambda entry of the workflow callback consumer, fed by its queue (CDK bundles this module):
 * each event alone, in order; a failed one returns to the queue, then to its dead-letter queue.
 */
export const handler = (event: SqsDeliveryEvent): Promise<SqsBatchResponse> =>
  consumeQueueBatch(event, { one: handleBusEvent });
