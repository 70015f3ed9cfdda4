import * as z from 'zod';
import { RolloutPhase } from '../../events/rollout/schemas.js';
import { handleCommand } from '../../functions/application/command-handler.js';
import { closeCall } from '../../functions/application/commands/calls.js';
import {
  advanceRolloutPhase,
  completeRollout as completeRolloutHandler,
  escalateRollout,
} from '../../functions/application/commands/rollouts.js';
import { loadStream } from '../../functions/application/execute-command.js';
import { operatorCallIdOf } from '../../functions/application/rollout-facts.js';
import { callFold, callStreamId } from '../../functions/domain/call/call.js';
import { closeCallCommandId } from '../../functions/domain/ids.js';
import { phaseIndex, rolloutFold } from '../../functions/domain/rollout/rollout.js';
import { PHASE_DURATION_DAYS } from './phase-durations.js';
import { addDays, WORKFLOW_ACTOR, type WorkflowServices } from './services.js';

// The tasks of the region rollout workflow that append events, through the commands' handlers
// (functions/application/commands/), the same the HTTP routes call: a task decides whether there is
// anything to do and translates its payload. Each uses a deterministic command id, so that a task
// repeated after a crash (or retried by Step Functions) appends nothing twice.

const AdvanceInput = z.object({ rolloutId: z.string().min(1), to: RolloutPhase });
const RolloutInput = z.object({ rolloutId: z.string().min(1) });
const CloseCallInput = z.union([
  z.object({ rolloutId: z.string().min(1) }),
  z.object({ callId: z.string().min(1) }),
]);
const EscalateInput = z.object({ rolloutId: z.string().min(1), phase: RolloutPhase, error: z.string() });

/** The outcome a task returns to the workflow (small: it lands in the execution history). */
export interface TaskOutcome {
  readonly appended: number;
}

const outcome = (appended: number): TaskOutcome => ({ appended });

/** `AdvanceToNextPhase`: appends RolloutPhaseAdvanced with the facts and the new phase's deadline. */
export const advancePhase = async (services: WorkflowServices, payload: unknown): Promise<TaskOutcome> => {
  const { rolloutId, to } = AdvanceInput.parse(payload);
  const current = await loadStream(services.store, rolloutId, rolloutFold);
  // Already there (a repeated task, or a person advanced it): nothing to do.
  if (current.state.status !== 'not-launched' && phaseIndex(current.state.phase) >= phaseIndex(to)) {
    return outcome(0);
  }
  const now = services.clock();
  const deadline = to === 'launch' || to === 'closed' ? undefined : addDays(now, PHASE_DURATION_DAYS[to]);
  const result = await handleCommand(
    services,
    advanceRolloutPhase,
    { to, ...(deadline === undefined ? {} : { deadline }) },
    { actor: WORKFLOW_ACTOR, correlationId: rolloutId, commandId: `${rolloutId}:${to}:advance` },
    { rolloutId },
  );
  return outcome(result.duplicate ? 0 : result.events.length);
};

/** `CloseCallAtDeadline`: appends CallClosed on a call whose deadline has passed (once). */
export const closeCallAtDeadline = async (
  services: WorkflowServices,
  payload: unknown,
): Promise<TaskOutcome> => {
  const input = CloseCallInput.parse(payload);
  const callId = 'callId' in input ? input.callId : operatorCallIdOf(input.rolloutId);
  const call = await loadStream(services.store, callStreamId(callId), callFold);
  if (call.state.status === 'closed') return outcome(0);
  // Issue 20: the ministry may have extended the deadline while the Wait slept until the old one,
  // or ended the call without result: nothing to close yet; DeterminePhase says what to wait for.
  if (call.state.status === 'open' && call.state.cancelled) return outcome(0);
  if (call.state.status === 'open' && Date.parse(services.clock()) < Date.parse(call.state.deadline)) {
    return outcome(0);
  }
  const round = call.state.status === 'open' ? (call.state.round ?? 1) : 1;
  const result = await handleCommand(
    services,
    closeCall,
    { callId },
    {
      actor: WORKFLOW_ACTOR,
      correlationId: 'rolloutId' in input ? input.rolloutId : callId,
      // A relaunched call closes again: each round's closing is a command of its own.
      commandId: closeCallCommandId(callId, round),
    },
  );
  return outcome(result.duplicate ? 0 : result.events.length);
};

/** `EscalateStalledPhase`: appends RolloutEscalated (a timed-out wait, or a failed task). */
export const escalateStalledPhase = async (
  services: WorkflowServices,
  payload: unknown,
): Promise<TaskOutcome> => {
  const { rolloutId, phase, error } = EscalateInput.parse(payload);
  const current = await loadStream(services.store, rolloutId, rolloutFold);
  if (
    current.state.status !== 'active' ||
    current.state.phase !== phase ||
    current.state.escalation !== null
  ) {
    return outcome(0);
  }
  const timedOut = error === 'States.Timeout' || error === 'States.HeartbeatTimeout';
  // A wait cut short so the execution can hand over to its next generation (its timeout is capped
  // there, docs/adr/0031-workflow-generations.md) is not a stall: the phase's deadline is still ahead.
  const deadline = current.state.deadline;
  if (
    error === 'States.Timeout' &&
    deadline !== null &&
    Date.parse(services.clock()) < Date.parse(deadline)
  ) {
    return outcome(0);
  }
  const result = await handleCommand(
    services,
    escalateRollout,
    { phase, reason: timedOut ? 'wait-timed-out' : 'task-failed' },
    {
      actor: WORKFLOW_ACTOR,
      correlationId: rolloutId,
      // One escalation per phase and deadline: a new deadline (an extension) allows a new one.
      commandId: `${rolloutId}:${phase}:escalate:${current.state.deadline ?? 'no-deadline'}`,
    },
    { rolloutId },
  );
  return outcome(result.duplicate ? 0 : result.events.length);
};

/** `CloseRollout`: appends RolloutCompleted with the final figures. */
export const completeRollout = async (services: WorkflowServices, payload: unknown): Promise<TaskOutcome> => {
  const { rolloutId } = RolloutInput.parse(payload);
  const current = await loadStream(services.store, rolloutId, rolloutFold);
  if (current.state.status !== 'active') return outcome(0);
  const result = await handleCommand(
    services,
    completeRolloutHandler,
    {},
    { actor: WORKFLOW_ACTOR, correlationId: rolloutId, commandId: `${rolloutId}:closed:complete` },
    { rolloutId },
  );
  return outcome(result.duplicate ? 0 : result.events.length);
};
