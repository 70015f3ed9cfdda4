import { z } from 'zod';
import { loadStream } from '../../functions/app/execute-command.js';
import { isSelectionFinal, selectionSituation } from '../../functions/app/rollout-facts.js';
import { callDecider, callStreamId } from '../../functions/domain/call/call.js';
import { committeeDecider, committeeStreamId } from '../../functions/domain/committee/committee.js';
import { CONTACT_CENTRE_WAIT_DAYS } from './phase-durations.js';
import { daysInSeconds, type WorkflowServices } from './services.js';

/** The steps of the contact-centre call workflow (`RouteToSelectionStep`). */
export type ContactCentreStep =
  | 'await-call-opened'
  | 'wait-for-call-deadline'
  | 'await-committee-decision'
  | 'wait-for-appeal-window'
  | 'await-appeal-decisions'
  | 'operator-chosen';

/** What `DetermineSelectionStep` returns. */
export interface ContactCentrePosition {
  readonly callId: string;
  /** `call` or `committee`: the key its tokens are parked under. */
  readonly phase: 'call' | 'committee';
  readonly step: ContactCentreStep;
  readonly timeoutSeconds: number;
  readonly waitUntil: string | null;
}

const CallInput = z.object({ callId: z.string().min(1) });

/** Where the national contact-centre call and its committee stand. */
export const determineContactCentrePosition = async (
  services: WorkflowServices,
  callId: string,
): Promise<ContactCentrePosition> => {
  const now = services.clock();
  const call = (await loadStream(services.store, callStreamId(callId), callDecider)).state;
  const onCall = {
    callId,
    phase: 'call' as const,
    timeoutSeconds: daysInSeconds(CONTACT_CENTRE_WAIT_DAYS.call),
  };
  if (call.status === 'not-opened') return { ...onCall, step: 'await-call-opened', waitUntil: null };
  if (call.status === 'open') return { ...onCall, step: 'wait-for-call-deadline', waitUntil: call.deadline };
  const selection = selectionSituation(
    (await loadStream(services.store, committeeStreamId(callId), committeeDecider)).state,
  );
  const onCommittee = {
    callId,
    phase: 'committee' as const,
    timeoutSeconds: daysInSeconds(CONTACT_CENTRE_WAIT_DAYS.committee),
    waitUntil: null,
  };
  if (!selection.published) return { ...onCommittee, step: 'await-committee-decision' };
  if (isSelectionFinal(selection, now)) return { ...onCommittee, step: 'operator-chosen' };
  const windowEnd = selection.appealWindowEndsAt;
  if (windowEnd !== null && Date.parse(now) < Date.parse(windowEnd)) {
    return { ...onCommittee, step: 'wait-for-appeal-window', waitUntil: windowEnd };
  }
  return { ...onCommittee, step: 'await-appeal-decisions' };
};

/** `DetermineSelectionStep`. */
export const determineContactCentreStep = (services: WorkflowServices, payload: unknown) =>
  determineContactCentrePosition(services, CallInput.parse(payload).callId);
