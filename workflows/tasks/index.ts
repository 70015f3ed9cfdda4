import * as z from 'zod';
import {
  determineContactCentreStep,
  escalateStalledSelection,
  remindAppealWindowClosing,
} from './contact-centre.js';
import { determineRolloutPosition } from './determine-phase.js';
import { ExecutionContext } from './generation-tasks.js';
import { determineNextWave, startNextWave } from './national-waves.js';
import { parkTaskToken } from './park-token.js';
import { advancePhase, closeCallAtDeadline, completeRollout, escalateStalledPhase } from './rollout-tasks.js';
import type { WorkflowServices } from './services.js';

/** A task handler as Lambda (or the local executor) calls it: the `Payload` in, a JSON result out. */
export type WorkflowFunction = (payload: unknown) => Promise<unknown>;

const RolloutInput = z.object({ rolloutId: z.string().min(1) });

/**
 * The task handlers of the workflows, by the name of their placeholder in the ASL files
 * (`${DeterminePhaseFunctionArn}` → `DeterminePhaseFunctionArn`): CDK substitutes the deployed
 * functions' ARNs, the local executor calls these.
 */
export const workflowFunctions = (
  services: WorkflowServices,
): Readonly<Record<string, WorkflowFunction>> => ({
  DeterminePhaseFunctionArn: (payload) => {
    const { rolloutId, ...context } = RolloutInput.extend(ExecutionContext.partial().shape).parse(payload);
    const { executionName, executionStartTime } = context;
    return determineRolloutPosition(
      services,
      rolloutId,
      executionName === undefined || executionStartTime === undefined
        ? undefined
        : { executionName, executionStartTime },
    );
  },
  AdvancePhaseFunctionArn: (payload) => advancePhase(services, payload),
  CloseCallFunctionArn: (payload) => closeCallAtDeadline(services, payload),
  EscalateFunctionArn: (payload) => escalateStalledPhase(services, payload),
  CompleteRolloutFunctionArn: (payload) => completeRollout(services, payload),
  ParkTaskTokenFunctionArn: (payload) => parkTaskToken(services, payload),
  DetermineWaveFunctionArn: (payload) => determineNextWave(services, payload),
  StartNextWaveFunctionArn: (payload) => startNextWave(services, payload),
  DetermineContactCentreStepFunctionArn: (payload) => determineContactCentreStep(services, payload),
  EscalateSelectionFunctionArn: (payload) => escalateStalledSelection(services, payload),
  RemindAppealWindowClosingFunctionArn: (payload) => remindAppealWindowClosing(services, payload),
});
