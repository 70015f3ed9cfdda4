import type { RolloutFigures, RolloutPhase } from '../../events/rollout/schemas.js';
import {
  agreementDecider,
  agreementStreamId,
  isInForce,
  rolloutAgreementId,
} from '../domain/agreements/agreements.js';
import { type CallState, callDecider, callStreamId } from '../domain/call/call.js';
import {
  type CommitteeState,
  committeeDecider,
  committeeStreamId,
  currentAppeals,
} from '../domain/committee/committee.js';
import {
  enrolledAssociations,
  enrolmentDecider,
  enrolmentStreamId,
  isEnrolmentClosed,
  isEnrolmentComplete,
} from '../domain/enrolment/enrolment.js';
import {
  grantsDecider,
  grantsInOrder,
  grantsStreamId,
  isGrantSettled,
  ledgerTotals,
} from '../domain/grants/grants.js';
import { operatorCallIdOf } from '../domain/ids.js';
import type { RolloutCompletionFacts, RolloutPhaseFacts } from '../domain/rollout/commands.js';
import {
  nextPhase,
  PHASE_ENTRY_CONDITIONS,
  type RolloutState,
  rolloutDecider,
} from '../domain/rollout/rollout.js';
import {
  cascadeReachedAssociationIds,
  certifiedTrainers,
  competenceHub,
  trainersDecider,
  trainersStreamId,
} from '../domain/trainers/trainers.js';
import {
  requiredModulesByMember,
  trainingPlanDecider,
  trainingPlanStreamId,
} from '../domain/training/plan.js';
import {
  hasCompletedAxisOne,
  hasCompletedPlan,
  trainingDecider,
  trainingStreamId,
} from '../domain/training/training.js';
import { loadStream } from './execute-command.js';
import type { EventStore } from './ports/event-store.js';

// Gathers what the other aggregates say about a rollout, through their exported pure queries, so
// that the workflow (and the application layer) can fill the rollout's command facts and know
// which step of its phase a rollout is at. Reads the store; decides nothing.

export { operatorCallIdOf };

/** Where the operator call stands. */
export interface OperatorCallSituation {
  readonly callId: string;
  readonly status: 'not-opened' | 'open' | 'closed';
  readonly deadline: string | null;
  /** Ended without result (or cancelled) and not relaunched: nobody will be selected from it. */
  readonly cancelled?: boolean;
}

/** Where the committee's decision on the operator call stands. */
export interface SelectionSituation {
  readonly published: boolean;
  readonly appealWindowEndsAt: string | null;
  readonly appealsPending: number;
  readonly appealsUpheld: number;
}

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

const millis = (instant: string): number => Date.parse(instant);

const agreementInForce = async (
  store: EventStore,
  rolloutId: string,
  kind: 'regional-partnership' | 'partner',
) =>
  isInForce(
    (await loadStream(store, agreementStreamId(rolloutAgreementId(rolloutId, kind)), agreementDecider)).state,
  );

const loadCall = async (store: EventStore, callId: string): Promise<CallState> =>
  (await loadStream(store, callStreamId(callId), callDecider)).state;

const loadCommittee = async (store: EventStore, callId: string): Promise<CommitteeState> =>
  (await loadStream(store, committeeStreamId(callId), committeeDecider)).state;

/** The operator call's status and deadline. */
export const callSituation = (callId: string, call: CallState): OperatorCallSituation => ({
  callId,
  status: call.status === 'not-opened' ? 'not-opened' : call.status,
  deadline: call.status === 'not-opened' ? null : call.deadline,
  cancelled: call.status !== 'not-opened' && call.cancelled,
});

/** The committee's publication and appeals, from its state. */
export const selectionSituation = (committee: CommitteeState): SelectionSituation => {
  if (committee.status !== 'published') {
    return { published: false, appealWindowEndsAt: null, appealsPending: 0, appealsUpheld: 0 };
  }
  return {
    published: true,
    appealWindowEndsAt: committee.appealWindowEndsAt,
    // The appeals against the publication in force: an upheld appeal re-opens the selection (issue 20).
    appealsPending: currentAppeals(committee).filter((appeal) => appeal.outcome === null).length,
    appealsUpheld: currentAppeals(committee).filter((appeal) => appeal.outcome === 'upheld').length,
  };
};

/**
 * The selection is final: published, its appeal window over, every appeal decided and none upheld
 * (an upheld appeal leaves the selection contested: the phase waits, then escalates).
 */
export const isSelectionFinal = (selection: SelectionSituation, now: string): boolean =>
  selection.published &&
  selection.appealWindowEndsAt !== null &&
  millis(now) >= millis(selection.appealWindowEndsAt) &&
  selection.appealsPending === 0 &&
  selection.appealsUpheld === 0;

/**
 * Training streams seen to have completed axis 1, per store. Completion is final (an
 * `AxisOneCompleted` event, never undone), so a stream seen complete is not read again: the
 * workflow asks on every event of the training phase, and reading each association's stream each
 * time made the phase quadratic in the associations (600 streams per event in the stress demo).
 */
const seenCompletedAxisOne = new WeakMap<EventStore, Set<string>>();

/** Whether every enrolled association completed axis 1 (at most one stream read per association). */
const everyAssociationCompletedAxisOne = async (store: EventStore, rolloutId: string): Promise<boolean> => {
  const enrolment = (await loadStream(store, enrolmentStreamId(rolloutId), enrolmentDecider)).state;
  const associations = enrolledAssociations(enrolment);
  if (associations.length === 0) return false;
  let completed = seenCompletedAxisOne.get(store);
  if (completed === undefined) {
    completed = new Set();
    seenCompletedAxisOne.set(store, completed);
  }
  for (const association of associations) {
    const streamId = trainingStreamId(rolloutId, association.associationId);
    if (completed.has(streamId)) continue;
    const training = await loadStream(store, streamId, trainingDecider);
    if (!hasCompletedAxisOne(training.state)) return false;
    completed.add(streamId);
  }
  return true;
};

/** The rollout's final figures, from enrolment, training, trainers and grants. */
export const rolloutFigures = async (store: EventStore, rolloutId: string): Promise<RolloutFigures> => {
  const enrolment = (await loadStream(store, enrolmentStreamId(rolloutId), enrolmentDecider)).state;
  const associations = enrolledAssociations(enrolment);
  const plan = (await loadStream(store, trainingPlanStreamId(rolloutId), trainingPlanDecider)).state;
  let associationsCompletedAxisOne = 0;
  let membersCompletedAxisOne = 0;
  for (const association of associations) {
    const training = (
      await loadStream(store, trainingStreamId(rolloutId, association.associationId), trainingDecider)
    ).state;
    if (hasCompletedAxisOne(training)) associationsCompletedAxisOne += 1;
    // Each member against the modules of their topic's plan (all eight without a plan).
    const required = requiredModulesByMember(plan, association.members);
    membersCompletedAxisOne += association.members.filter((member) =>
      hasCompletedPlan(training, member.memberId, required[member.memberId]),
    ).length;
  }
  const trainers = (await loadStream(store, trainersStreamId(rolloutId), trainersDecider)).state;
  const grants = (await loadStream(store, grantsStreamId(rolloutId), grantsDecider)).state;
  const totals = ledgerTotals(grants);
  return {
    associationsEnrolled: associations.length,
    membersEnrolled: associations.reduce((sum, association) => sum + association.members.length, 0),
    associationsCompletedAxisOne,
    membersCompletedAxisOne,
    trainersCertified: certifiedTrainers(trainers).length,
    cascadeAssociationsReached: cascadeReachedAssociationIds(
      trainers,
      associations.map((association) => association.associationId),
    ).length,
    grantsAwarded: grantsInOrder(grants).length,
    grantsAwardedCentimes: totals.awarded,
    grantsPaidCentimes: totals.paid,
  };
};

/**
 * Grants are settled: at least one was awarded and every grant is settled (`isGrantSettled`:
 * cancelled, or fully paid and held).
 */
const grantsSettled = async (store: EventStore, rolloutId: string): Promise<boolean> => {
  const grants = grantsInOrder((await loadStream(store, grantsStreamId(rolloutId), grantsDecider)).state);
  return grants.length > 0 && grants.every(isGrantSettled);
};

/** The fact named by PHASE_ENTRY_CONDITIONS for entering `phase`, read from its aggregate. */
const entryFact = async (
  store: EventStore,
  rolloutId: string,
  phase: RolloutPhase,
  now: string,
): Promise<RolloutPhaseFacts> => {
  const condition = PHASE_ENTRY_CONDITIONS[phase];
  switch (condition) {
    case null:
    case 'grantsSettled':
      return {};
    case 'regionalAgreementInForce':
      return { regionalAgreementInForce: await agreementInForce(store, rolloutId, 'regional-partnership') };
    case 'operatorCallClosed':
      return { operatorCallClosed: (await loadCall(store, operatorCallIdOf(rolloutId))).status === 'closed' };
    case 'operatorSelected':
      return {
        operatorSelected: isSelectionFinal(
          selectionSituation(await loadCommittee(store, operatorCallIdOf(rolloutId))),
          now,
        ),
      };
    case 'partnerAgreementInForce':
      return { partnerAgreementInForce: await agreementInForce(store, rolloutId, 'partner') };
    case 'enrolmentComplete': {
      const enrolment = (await loadStream(store, enrolmentStreamId(rolloutId), enrolmentDecider)).state;
      return { enrolmentComplete: isEnrolmentClosed(enrolment) && isEnrolmentComplete(enrolment) };
    }
    case 'axisOneCompleted':
      return { axisOneCompleted: await everyAssociationCompletedAxisOne(store, rolloutId) };
    case 'competenceHubEstablished': {
      const trainers = (await loadStream(store, trainersStreamId(rolloutId), trainersDecider)).state;
      return { competenceHubEstablished: competenceHub(trainers) !== null };
    }
    default:
      return condition satisfies never;
  }
};

/** The facts a command `AdvanceRolloutPhase { to }` needs, read now. */
export const phaseEntryFacts = (store: EventStore, rolloutId: string, to: RolloutPhase, now: string) =>
  entryFact(store, rolloutId, to, now);

/** What closing the rollout needs: whether grants are settled, and the final figures. */
export const completionFacts = async (
  store: EventStore,
  rolloutId: string,
): Promise<RolloutCompletionFacts> => ({
  grantsSettled: await grantsSettled(store, rolloutId),
  figures: await rolloutFigures(store, rolloutId),
});

/** Reads the rollout and, for the phase it is in, what the other aggregates say. */
export const gatherRolloutSituation = async (
  store: EventStore,
  rolloutId: string,
  now: string,
): Promise<RolloutSituation> => {
  const rollout = (await loadStream(store, rolloutId, rolloutDecider)).state;
  const empty = { rolloutId, rollout, phaseFacts: {}, operatorCall: null, selection: null, completion: null };
  if (rollout.status !== 'active') return empty;
  const next = nextPhase(rollout.phase);
  const phaseFacts = next === null || next === 'closed' ? {} : await entryFact(store, rolloutId, next, now);
  const callId = operatorCallIdOf(rolloutId);
  const operatorCall =
    rollout.phase === 'call-for-interest' ? callSituation(callId, await loadCall(store, callId)) : null;
  const selection =
    rollout.phase === 'committee-selection' ? selectionSituation(await loadCommittee(store, callId)) : null;
  const completion =
    rollout.phase === 'axis-3-grants' ? { grantsSettled: await grantsSettled(store, rolloutId) } : null;
  return { ...empty, phaseFacts, operatorCall, selection, completion };
};
