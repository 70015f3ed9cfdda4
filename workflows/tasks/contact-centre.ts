import * as z from 'zod';
import type { CallWaitStep } from '../../events/selection/parts.js';
import { handleCommand } from '../../functions/application/command-handler.js';
import { escalateCall } from '../../functions/application/commands/calls.js';
import { remindAppealWindowClosing as remindAppealWindowClosingHandler } from '../../functions/application/commands/committee.js';
import { loadStream } from '../../functions/application/execute-command.js';
import { isSelectionFinal, selectionSituation } from '../../functions/application/rollout-facts.js';
import { callFold, callStreamId, type OpenedCall } from '../../functions/domain/call/call.js';
import { committeeFold, committeeStreamId } from '../../functions/domain/committee/committee.js';
import { ExecutionContext, generationOfExecution } from './generation-tasks.js';
import { CONTACT_CENTRE_WAIT_DAYS, MINISTRY_DECISION_WAIT_DAYS } from './phase-durations.js';
import type { TaskOutcome } from './rollout-tasks.js';
import { daysInSeconds, secondsUntil, WORKFLOW_ACTOR, type WorkflowServices } from './services.js';

/** The steps of the contact-centre call workflow (`RouteToSelectionStep`). */
export type ContactCentreStep =
  | 'await-call-opened'
  | 'wait-for-call-deadline'
  | 'await-committee-decision'
  | 'remind-appeal-window-closing'
  | 'wait-for-appeal-window'
  | 'await-appeal-decisions'
  | 'await-ministry-decision'
  | 'call-cancelled'
  | 'operator-chosen';

/** What `DetermineSelectionStep` returns. */
export interface ContactCentrePosition {
  readonly callId: string;
  /** `call` or `committee`: the key its tokens are parked under (an escalation keeps its phase). */
  readonly phase: 'call' | 'committee';
  readonly step: ContactCentreStep;
  readonly timeoutSeconds: number;
  readonly waitUntil: string | null;
}

const CallInput = z.object({ callId: z.string().min(1) });

/** The wait a workflow step stands for, as the call's escalation names it. */
const WAIT_OF_STEP: Partial<Record<ContactCentreStep, CallWaitStep>> = {
  'wait-for-call-deadline': 'call-closing',
  'await-committee-decision': 'committee-decision',
  'await-appeal-decisions': 'appeal-decisions',
};

const EscalateInput = z.object({
  callId: z.string().min(1),
  step: z.enum(['wait-for-call-deadline', 'await-committee-decision', 'await-appeal-decisions']),
  error: z.string(),
});

/** How long a step waits: until the ministry's extension when it extended this wait, else the program's time. */
const timeoutOf = (call: OpenedCall, wait: CallWaitStep, days: number, now: string): number =>
  call.waitExtension?.step === wait
    ? Math.max(1, secondsUntil(call.waitExtension.until, now))
    : daysInSeconds(days);

/** Where the national contact-centre call and its committee stand. */
export const determineContactCentrePosition = async (
  services: WorkflowServices,
  callId: string,
): Promise<ContactCentrePosition> => {
  const now = services.clock();
  const call = (await loadStream(services.store, callStreamId(callId), callFold)).state;
  const onCall = { callId, phase: 'call' as const };
  if (call.status === 'not-opened') {
    return {
      ...onCall,
      step: 'await-call-opened',
      timeoutSeconds: daysInSeconds(CONTACT_CENTRE_WAIT_DAYS.call),
      waitUntil: null,
    };
  }
  const phase = call.status === 'open' ? ('call' as const) : ('committee' as const);
  if (call.cancelled) return { callId, phase, step: 'call-cancelled', timeoutSeconds: 1, waitUntil: null };
  if (call.escalation !== null) {
    return {
      callId,
      phase,
      step: 'await-ministry-decision',
      timeoutSeconds: daysInSeconds(MINISTRY_DECISION_WAIT_DAYS),
      waitUntil: null,
    };
  }
  if (call.status === 'open') {
    return {
      ...onCall,
      step: 'wait-for-call-deadline',
      timeoutSeconds: timeoutOf(call, 'call-closing', CONTACT_CENTRE_WAIT_DAYS.call, now),
      waitUntil: call.deadline,
    };
  }
  const committee = (await loadStream(services.store, committeeStreamId(callId), committeeFold)).state;
  const selection = selectionSituation(committee);
  const onCommittee = { callId, phase: 'committee' as const, waitUntil: null };
  const committeeWait = (wait: CallWaitStep) =>
    timeoutOf(call, wait, CONTACT_CENTRE_WAIT_DAYS.committee, now);
  if (!selection.published) {
    return {
      ...onCommittee,
      step: 'await-committee-decision',
      timeoutSeconds: committeeWait('committee-decision'),
    };
  }
  if (isSelectionFinal(selection, now)) return { ...onCommittee, step: 'operator-chosen', timeoutSeconds: 1 };
  const windowEnd = selection.appealWindowEndsAt;
  if (windowEnd !== null && Date.parse(now) < Date.parse(windowEnd)) {
    const reminded = committee.status !== 'not-appointed' && committee.appealReminderSentAt !== null;
    const remindAt = Date.parse(windowEnd) - APPEAL_REMINDER_LEAD_DAYS * 86_400_000;
    if (!reminded && Date.parse(now) >= remindAt) {
      // `waitUntil` is the window's end: a reminder that fails waits for it (the Catch).
      return {
        ...onCommittee,
        step: 'remind-appeal-window-closing',
        timeoutSeconds: committeeWait('appeal-decisions'),
        waitUntil: windowEnd,
      };
    }
    return {
      ...onCommittee,
      step: 'wait-for-appeal-window',
      timeoutSeconds: committeeWait('appeal-decisions'),
      waitUntil: reminded ? windowEnd : new Date(remindAt).toISOString(),
    };
  }
  return {
    ...onCommittee,
    step: 'await-appeal-decisions',
    timeoutSeconds: committeeWait('appeal-decisions'),
  };
};

/** How long before the appeal window closes the applicants that may still appeal are reminded. */
export const APPEAL_REMINDER_LEAD_DAYS = 2;

/**
 * `RemindAppealWindowClosing`: the workflow's own timer is due; appends AppealWindowClosingReminded
 * once (command id `<callId>:appeal-window:remind`), which the notifications consumer turns into
 * one message per applicant that may still appeal. Nothing when the call has moved on meanwhile.
 */
export const remindAppealWindowClosing = async (
  services: WorkflowServices,
  payload: unknown,
): Promise<TaskOutcome> => {
  const { callId } = CallInput.parse(payload);
  const position = await determineContactCentrePosition(services, callId);
  if (position.step !== 'remind-appeal-window-closing') return { appended: 0 };
  const result = await handleCommand(
    services,
    remindAppealWindowClosingHandler,
    { callId },
    {
      actor: WORKFLOW_ACTOR,
      correlationId: callId,
      commandId: `${callId}:appeal-window:remind`,
    },
  );
  return { appended: result.duplicate ? 0 : result.events.length };
};

/**
 * How long a contact-centre execution runs before it continues as its next generation: its
 * longest wait (the call, 120 days) must end before the one-year cap (docs/adr/0031-workflow-generations.md).
 */
export const CONTACT_CENTRE_CONTINUE_AFTER_DAYS = 240;

const ENDING_STEPS: ReadonlySet<ContactCentreStep> = new Set(['call-cancelled', 'operator-chosen']);

/** `DetermineSelectionStep`: the position, and the execution's generation when it is given its context. */
export const determineContactCentreStep = async (services: WorkflowServices, payload: unknown) => {
  const { callId, ...context } = CallInput.extend(ExecutionContext.partial().shape).parse(payload);
  const position = await determineContactCentrePosition(services, callId);
  const { executionName, executionStartTime } = context;
  if (executionName === undefined || executionStartTime === undefined) return position;
  const { step, ...next } = await generationOfExecution(
    services,
    callId,
    { executionName, executionStartTime },
    CONTACT_CENTRE_CONTINUE_AFTER_DAYS,
  );
  if (step === 'superseded') return { ...position, ...next, step };
  if (step === 'continue' && !ENDING_STEPS.has(position.step)) return { ...position, ...next, step };
  return { ...position, ...next };
};

/**
 * `EscalateStalledSelection`: appends CallEscalated for the wait that timed out (or whose task
 * failed), so that the ministry extends or cancels; nothing when the call has moved on meanwhile.
 */
export const escalateStalledSelection = async (
  services: WorkflowServices,
  payload: unknown,
): Promise<TaskOutcome> => {
  const { callId, step, error } = EscalateInput.parse(payload);
  const position = await determineContactCentrePosition(services, callId);
  const wait = WAIT_OF_STEP[step];
  if (position.step !== step || wait === undefined) return { appended: 0 };
  const call = (await loadStream(services.store, callStreamId(callId), callFold)).state;
  const extendedUntil = call.status === 'not-opened' ? null : (call.waitExtension?.until ?? null);
  const timedOut = error === 'States.Timeout' || error === 'States.HeartbeatTimeout';
  const result = await handleCommand(
    services,
    escalateCall,
    { callId, step: wait, reason: timedOut ? 'wait-timed-out' : 'task-failed' },
    {
      actor: WORKFLOW_ACTOR,
      correlationId: callId,
      // One escalation per wait and extension: a new end (an extension) allows a new one.
      commandId: `${callId}:${wait}:escalate:${extendedUntil ?? 'not-extended'}`,
    },
  );
  return { appended: result.duplicate ? 0 : result.events.length };
};
