import type { RolloutFigures, RolloutPhase } from '../../events/rollout/schemas.js';
import { agreementFold, agreementStreamId, rolloutAgreementId } from '../domain/agreements/agreements.js';
import { type CallState, callFold, callStreamId } from '../domain/call/call.js';
import { type CommitteeState, committeeFold, committeeStreamId } from '../domain/committee/committee.js';
import { enrolledAssociationIds } from '../domain/enrolment/enrolment.js';
import { grantsFold, grantsStreamId } from '../domain/grants/grants.js';
import { operatorCallIdOf } from '../domain/ids.js';
import type { RolloutCompletionFacts, RolloutPhaseFacts } from '../domain/rollout/commands.js';
import {
  nextPhase,
  PHASE_ENTRY_CONDITIONS,
  type RolloutState,
  rolloutFold,
} from '../domain/rollout/rollout.js';
import { trainersFold, trainersStreamId } from '../domain/trainers/trainers.js';
import { trainingPlanFold, trainingPlanStreamId } from '../domain/training/plan.js';
import { hasCompletedAxisOne } from '../domain/training/training.js';
import { loadStream } from './execute-command.js';
import { enrolmentOf, trainingOf, trainingsOf } from './facts.js';
import type { EventStore } from './ports/event-store.js';
import {
  callSituation,
  completionFactsOf,
  type FigureStates,
  grantsSettledOf,
  type OperatorCallSituation,
  type PhaseEntryInput,
  phaseEntryFactsOf,
  rolloutFiguresOf,
  type SelectionSituation,
  selectionSituation,
} from './pure-facts.js';

// Loads what the other aggregates say about a rollout, so that the workflow (and the application
// layer) can fill the rollout's command facts (computed by pure-facts.ts) and know which step of
// its phase a rollout is at. Reads the store; decides nothing.

export {
  callSituation,
  isSelectionFinal,
  type OperatorCallSituation,
  type SelectionSituation,
  selectionSituation,
} from './pure-facts.js';
export { operatorCallIdOf };

/** A rollout as the workflow sees it: its own state, and the facts of the phase it is in. */
export interface RolloutSituation {
  readonly rolloutId: string;
  readonly rollout: RolloutState;
  /** Only the fact needed to enter the phase after the current one is filled in. */
  readonly phaseFacts: RolloutPhaseFacts;
  readonly operatorCall: OperatorCallSituation | null;
  readonly selection: SelectionSituation | null;
  /**
   * Filled when the rollout is in `axis-3-grants`: only whether grants are settled, which is all the
   * workflow waits on. The final figures read every association's training stream, so they are
   * read once, by the command that closes the rollout (`completionFacts`), not on every event.
   */
  readonly completion: Pick<RolloutCompletionFacts, 'grantsSettled'> | null;
}

const agreementOf = async (store: EventStore, rolloutId: string, kind: 'regional-partnership' | 'partner') =>
  (await loadStream(store, agreementStreamId(rolloutAgreementId(rolloutId, kind)), agreementFold)).state;

const loadCall = async (store: EventStore, callId: string): Promise<CallState> =>
  (await loadStream(store, callStreamId(callId), callFold)).state;

const loadCommittee = async (store: EventStore, callId: string): Promise<CommitteeState> =>
  (await loadStream(store, committeeStreamId(callId), committeeFold)).state;

const grantsOf = async (store: EventStore, rolloutId: string) =>
  (await loadStream(store, grantsStreamId(rolloutId), grantsFold)).state;

/**
 * Training streams seen to have completed axis 1, per store. Completion is final (an
 * `AxisOneCompleted` event, never undone), so a stream seen complete is not read again: the
 * workflow asks on every event of the training phase, and reading each association's stream each
 * time made the phase quadratic in the associations (600 streams per event in the stress demo).
 */
const seenCompletedAxisOne = new WeakMap<EventStore, Set<string>>();

/**
 * The associations of the enrolment seen to have completed axis 1, read one after the other up to
 * the first that has not (at most one stream read per association; the rest cannot change the fact).
 */
const completedAxisOneOf = async (
  store: EventStore,
  rolloutId: string,
  associationIds: readonly string[],
): Promise<(associationId: string) => boolean> => {
  let completed = seenCompletedAxisOne.get(store);
  if (completed === undefined) {
    completed = new Set();
    seenCompletedAxisOne.set(store, completed);
  }
  const seen = completed;
  const key = (associationId: string) => `${rolloutId}\u0000${associationId}`;
  for (const associationId of associationIds) {
    if (seen.has(key(associationId))) continue;
    if (!hasCompletedAxisOne(await trainingOf(store, rolloutId, associationId))) break;
    seen.add(key(associationId));
  }
  return (associationId) => seen.has(key(associationId));
};

/** The states the final figures are computed from. */
const figureStates = async (store: EventStore, rolloutId: string): Promise<FigureStates> => {
  const enrolment = await enrolmentOf(store, rolloutId);
  const plan = (await loadStream(store, trainingPlanStreamId(rolloutId), trainingPlanFold)).state;
  const trainingOfAssociation = await trainingsOf(store, rolloutId, enrolment);
  const trainers = (await loadStream(store, trainersStreamId(rolloutId), trainersFold)).state;
  return {
    enrolment,
    plan,
    trainingOf: trainingOfAssociation,
    trainers,
    grants: await grantsOf(store, rolloutId),
  };
};

/** The rollout's final figures, from enrolment, training, trainers and grants. */
export const rolloutFigures = async (store: EventStore, rolloutId: string): Promise<RolloutFigures> =>
  rolloutFiguresOf(await figureStates(store, rolloutId));

/** Loads what the fact named by PHASE_ENTRY_CONDITIONS for entering `phase` is computed from. */
const phaseEntryInput = async (
  store: EventStore,
  rolloutId: string,
  phase: RolloutPhase,
): Promise<PhaseEntryInput | null> => {
  const condition = PHASE_ENTRY_CONDITIONS[phase];
  switch (condition) {
    case null:
    case 'grantsSettled':
      return null;
    case 'regionalAgreementInForce':
      return { condition, agreement: await agreementOf(store, rolloutId, 'regional-partnership') };
    case 'partnerAgreementInForce':
      return { condition, agreement: await agreementOf(store, rolloutId, 'partner') };
    case 'operatorCallClosed':
      return { condition, call: await loadCall(store, operatorCallIdOf(rolloutId)) };
    case 'operatorSelected':
      return { condition, committee: await loadCommittee(store, operatorCallIdOf(rolloutId)) };
    case 'enrolmentComplete':
      return { condition, enrolment: await enrolmentOf(store, rolloutId) };
    case 'axisOneCompleted': {
      const enrolment = await enrolmentOf(store, rolloutId);
      const completedAxisOne = await completedAxisOneOf(store, rolloutId, enrolledAssociationIds(enrolment));
      return { condition, enrolment, completedAxisOne };
    }
    case 'competenceHubEstablished':
      return {
        condition,
        trainers: (await loadStream(store, trainersStreamId(rolloutId), trainersFold)).state,
      };
    default:
      return condition satisfies never;
  }
};

/** The facts a command `AdvanceRolloutPhase { to }` needs, read now. */
export const phaseEntryFacts = async (
  store: EventStore,
  rolloutId: string,
  to: RolloutPhase,
  now: string,
): Promise<RolloutPhaseFacts> => phaseEntryFactsOf(await phaseEntryInput(store, rolloutId, to), now);

/** What closing the rollout needs: whether grants are settled, and the final figures. */
export const completionFacts = async (
  store: EventStore,
  rolloutId: string,
): Promise<RolloutCompletionFacts> => completionFactsOf(await figureStates(store, rolloutId));

/** Reads the rollout and, for the phase it is in, what the other aggregates say. */
export const gatherRolloutSituation = async (
  store: EventStore,
  rolloutId: string,
  now: string,
): Promise<RolloutSituation> => {
  const rollout = (await loadStream(store, rolloutId, rolloutFold)).state;
  const empty = { rolloutId, rollout, phaseFacts: {}, operatorCall: null, selection: null, completion: null };
  if (rollout.status !== 'active') return empty;
  const next = nextPhase(rollout.phase);
  const phaseFacts =
    next === null || next === 'closed' ? {} : await phaseEntryFacts(store, rolloutId, next, now);
  const callId = operatorCallIdOf(rolloutId);
  // In committee-selection too: a call ended without result once closed waits there for its
  // relaunch, and the relaunched call for its new deadline (docs/adr/0091-calls-that-change-course.md).
  const operatorCall =
    rollout.phase === 'call-for-interest' || rollout.phase === 'committee-selection'
      ? callSituation(callId, await loadCall(store, callId))
      : null;
  const selection =
    rollout.phase === 'committee-selection' ? selectionSituation(await loadCommittee(store, callId)) : null;
  const completion =
    rollout.phase === 'axis-3-grants'
      ? { grantsSettled: grantsSettledOf(await grantsOf(store, rolloutId)) }
      : null;
  return { ...empty, phaseFacts, operatorCall, selection, completion };
};
