import type { BusEvent } from '../../functions/application/bus/event-shape.js';
import { COMPLETING_EVENT_TYPES, PROGRESS_EVENT_TYPES } from '../../functions/application/bus/rules.js';
import { loadStream } from '../../functions/application/execute-command.js';
import type { StoredEvent } from '../../functions/application/ports/event-store.js';
import { callFold, callStreamId } from '../../functions/domain/call/call.js';
import { isRolloutId } from '../../functions/domain/ids.js';
import { rolloutFold } from '../../functions/domain/rollout/rollout.js';
import { parkingPhasesOf, positionOf } from '../tasks/positions.js';
import { isStaleTokenError, type WorkflowServices } from '../tasks/services.js';
import type { ParkedTask } from './token-store.js';

// The workflow callback consumer: a target of the bus ('workflow-callback'). For each event it
// finds the workflows the event may concern, and for each the token parked at its current phase:
// when the workflow's position (read from the store, never from the event) has moved past the
// step the token waits at, it sends the task success; otherwise a progress event sends a
// heartbeat. Duplicates and late events are harmless: a token is released after it is resumed
// (a send that fails leaves it parked for the retry), and a token that already ended is ignored.

export { WORKFLOW_CALLBACK_TARGET } from '../../functions/application/bus/rules.js';

export { COMPLETING_EVENT_TYPES, PROGRESS_EVENT_TYPES };

const PROGRESS: ReadonlySet<string> = new Set(PROGRESS_EVENT_TYPES);

const stringField = (data: unknown, field: string): string | null => {
  const value = (data as Record<string, unknown> | null)?.[field];
  return typeof value === 'string' && value.length > 0 ? value : null;
};

/** The workflow subjects an event may concern (rollout ids, wave plans, the contact-centre call). */
export const subjectsOf = async (services: WorkflowServices, event: StoredEvent): Promise<string[]> => {
  const subjects = new Set<string>();
  const rolloutId = stringField(event.data, 'rolloutId');
  if (isRolloutId(rolloutId)) subjects.add(rolloutId);
  const edition = stringField(event.data, 'edition');
  if (event.type === 'WavePlanConfigured' || event.type === 'WaveStarted') {
    if (edition) subjects.add(`national-waves-${edition}`);
  }
  // A rollout that moves may be what the next wave waits for.
  if ((event.type === 'RolloutPhaseAdvanced' || event.type === 'RolloutLaunched') && rolloutId) {
    const rollout = (await loadStream(services.store, rolloutId, rolloutFold)).state;
    if (rollout.status !== 'not-launched') subjects.add(`national-waves-${rollout.edition}`);
  }
  // Call and committee events name their call; the call knows its rollout (or is the national one).
  const callId = stringField(event.data, 'callId');
  if (callId && (event.streamId.startsWith('call-') || event.streamId.startsWith('committee-'))) {
    const call = (await loadStream(services.store, callStreamId(callId), callFold)).state;
    if (call.status !== 'not-opened') {
      if (call.rolloutId) subjects.add(call.rolloutId);
      if (call.purpose === 'contact-centre-operator') subjects.add(callId);
    }
  }
  return [...subjects];
};

/** What happened to a subject's parked wait. */
export type ResumeOutcome = 'nothing-parked' | 'resumed' | 'heartbeat' | 'still-waiting' | 'already-resumed';

/**
 * Resumes the subject's parked wait when its position moved past the parked step; otherwise sends
 * a heartbeat when asked. Safe to call any number of times.
 */
export const resumeIfMoved = async (
  services: WorkflowServices,
  subjectId: string,
  options: { heartbeat: boolean },
): Promise<ResumeOutcome> => {
  let parked: ParkedTask | undefined;
  for (const phase of await parkingPhasesOf(services, subjectId)) {
    parked = await services.tokens.find(subjectId, phase);
    if (parked) break;
  }
  if (!parked) return 'nothing-parked';
  const position = await positionOf(services, subjectId);
  if (position.phase === parked.phase && position.step === parked.step) {
    if (!options.heartbeat) return 'still-waiting';
    try {
      await services.callbacks.sendTaskHeartbeat(parked.token);
    } catch (error) {
      if (!isStaleTokenError(error)) throw error;
    }
    return 'heartbeat';
  }
  // Sent first, released after: a send that fails (throttled, the network) throws with the token
  // still parked, so the bus's retry sends it again; releasing first would leave the workflow
  // asleep until its phase timeout. Two consumers racing on one token may both send: the second
  // send is answered as stale (the task already ended) and ignored. The release is conditional on
  // this token, so a token the resumed workflow parked meanwhile at the same phase stays.
  try {
    await services.callbacks.sendTaskSuccess(parked.token, { resumedBy: position.step });
  } catch (error) {
    if (!isStaleTokenError(error)) throw error;
    await services.tokens.release(parked);
    return 'already-resumed';
  }
  await services.tokens.release(parked);
  return 'resumed';
};

/** The bus handler of the 'workflow-callback' target. */
export const createWorkflowCallbackConsumer =
  (services: WorkflowServices) =>
  async (event: BusEvent): Promise<void> => {
    const heartbeat = PROGRESS.has(event.detail.type);
    for (const subjectId of await subjectsOf(services, event.detail)) {
      await resumeIfMoved(services, subjectId, { heartbeat });
    }
  };

/**
 * The batch handler of the same target (a page of the local change feed): each subject the events
 * concern is looked at once for the page, with a heartbeat when any of its events is progress.
 * Equivalent to the events one by one: the position is read from the store, which already holds
 * every event of the page, and resuming is idempotent.
 */
export const createWorkflowCallbackBatchConsumer =
  (services: WorkflowServices) =>
  async (events: readonly BusEvent[]): Promise<void> => {
    const heartbeats = new Map<string, boolean>();
    for (const event of events) {
      const progress = PROGRESS.has(event.detail.type);
      for (const subjectId of await subjectsOf(services, event.detail)) {
        heartbeats.set(subjectId, (heartbeats.get(subjectId) ?? false) || progress);
      }
    }
    for (const [subjectId, heartbeat] of heartbeats) await resumeIfMoved(services, subjectId, { heartbeat });
  };
