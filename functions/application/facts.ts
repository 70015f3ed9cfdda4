import type { ModuleCode, RegionCode } from '../../events/reference.js';
import { agreementFold, agreementStreamId } from '../domain/agreements/agreements.js';
import { callFold, callStreamId } from '../domain/call/call.js';
import type { CorrectApplicationFacts, EndCallWithoutResult } from '../domain/call/commands.js';
import type { CallFactsOfCommittee } from '../domain/committee/commands.js';
import { type CommitteeState, committeeFold, committeeStreamId } from '../domain/committee/committee.js';
import type {
  ReplacementFacts,
  RolloutEnrolmentFacts,
  WithdrawalFacts,
} from '../domain/enrolment/commands.js';
import {
  type EnrolmentState,
  enrolledAssociationIds,
  enrolmentFold,
  enrolmentStreamId,
} from '../domain/enrolment/enrolment.js';
import type { AwardGrantFacts, PayTrancheFacts } from '../domain/grants/commands.js';
import { conventionAgreementOf, grantsFold, grantsStreamId } from '../domain/grants/grants.js';
import type { StartNextWaveFacts } from '../domain/national/commands.js';
import { startedWaves, type WavePlanState } from '../domain/national/national.js';
import { type LaunchedRollout, rolloutFold } from '../domain/rollout/rollout.js';
import type { CascadeFacts, TraineeSelectionFacts } from '../domain/trainers/commands.js';
import type { AttendanceFacts, ModuleCompletionFacts } from '../domain/training/commands.js';
import { type TrainingPlanFacts, trainingPlanFold, trainingPlanStreamId } from '../domain/training/plan.js';
import { heldSessions, trainingScheduleFold, trainingScheduleStreamId } from '../domain/training/schedule.js';
import { type TrainingState, trainingFold, trainingStreamId } from '../domain/training/training.js';
import { beneficiaryListOf } from './beneficiary-list.js';
import { loadStream } from './execute-command.js';
import type { EventStore } from './ports/event-store.js';
import {
  attendanceFactsOf,
  awardGrantFactsOf,
  cascadeFactsOf,
  committeeCallFactsOf,
  correctApplicationFactsOf,
  endCallFactsOf,
  enrolmentFactsOf,
  moduleCompletionFactsOf,
  payTrancheFactsOf,
  replacementFactsOf,
  requireLaunched,
  sessionRegionFactsOf,
  startNextWaveFactsOf,
  type TrainingOf,
  traineeSelectionFactsOf,
} from './pure-facts.js';

// Loads the states the facts of a command are computed from (pure-facts.ts), from the store. Each
// function reads the streams it names, decides nothing, and throws a domain error only when the
// rollout the request names does not exist.

/** A launched rollout, or 404 `ROLLOUT_NOT_FOUND`. */
export const launchedRollout = async (store: EventStore, rolloutId: string): Promise<LaunchedRollout> =>
  requireLaunched(rolloutId, (await loadStream(store, rolloutId, rolloutFold)).state);

/** The provinces of a launched rollout's region. */
export const regionProvincesOf = async (store: EventStore, rolloutId: string): Promise<readonly string[]> =>
  sessionRegionFactsOf(await launchedRollout(store, rolloutId)).regionProvinces;

/** The region of a launched rollout. */
export const regionOf = async (store: EventStore, rolloutId: string): Promise<RegionCode> =>
  (await launchedRollout(store, rolloutId)).regionCode;

/** Enrolment: the rollout's targets, its region's provinces and its beneficiary call's list. */
export const enrolmentFacts = async (store: EventStore, rolloutId: string): Promise<RolloutEnrolmentFacts> =>
  enrolmentFactsOf(await launchedRollout(store, rolloutId), await beneficiaryListOf(store, rolloutId));

/** A replacement: the rollout's member target, its beneficiary call's reserve, and its phase. */
export const replacementFacts = async (store: EventStore, rolloutId: string): Promise<ReplacementFacts> =>
  replacementFactsOf(await launchedRollout(store, rolloutId), await beneficiaryListOf(store, rolloutId));

/** A withdrawal: the rollout's beneficiary call's list (the rollout must be launched). */
export const withdrawalFacts = async (store: EventStore, rolloutId: string): Promise<WithdrawalFacts> => {
  await launchedRollout(store, rolloutId);
  return { beneficiaryList: await beneficiaryListOf(store, rolloutId) };
};

/** The enrolment state of a rollout. */
export const enrolmentOf = async (store: EventStore, rolloutId: string): Promise<EnrolmentState> =>
  (await loadStream(store, enrolmentStreamId(rolloutId), enrolmentFold)).state;

const scheduleOf = async (store: EventStore, rolloutId: string) =>
  (await loadStream(store, trainingScheduleStreamId(rolloutId), trainingScheduleFold)).state;

/** Setting a launched rollout's training plan: whether a session of axis 1 was already held. */
export const trainingPlanFacts = async (store: EventStore, rolloutId: string): Promise<TrainingPlanFacts> => {
  await launchedRollout(store, rolloutId);
  return { trainingStarted: heldSessions(await scheduleOf(store, rolloutId)).length > 0 };
};

/** The training state of one association in a rollout. */
export const trainingOf = async (
  store: EventStore,
  rolloutId: string,
  associationId: string,
): Promise<TrainingState> =>
  (await loadStream(store, trainingStreamId(rolloutId, associationId), trainingFold)).state;

/** The training states of every enrolled association, loaded one after the other. */
export const trainingsOf = async (
  store: EventStore,
  rolloutId: string,
  enrolment: EnrolmentState,
): Promise<TrainingOf> => {
  const trainings = new Map<string, TrainingState>();
  for (const associationId of enrolledAssociationIds(enrolment)) {
    trainings.set(associationId, await trainingOf(store, rolloutId, associationId));
  }
  return (associationId) => trainings.get(associationId) ?? trainingFold.initialState();
};

/** Attendance: the session as the schedule holds it and the association's members. */
export const attendanceFacts = async (
  store: EventStore,
  rolloutId: string,
  associationId: string,
  sessionId: string,
): Promise<AttendanceFacts> =>
  attendanceFactsOf(
    await scheduleOf(store, rolloutId),
    await enrolmentOf(store, rolloutId),
    associationId,
    sessionId,
  );

/**
 * A module completion: the module's sessions, the association's members, whether it is complete,
 * and the modules each member follows (their topic's plan).
 */
export const moduleCompletionFacts = async (
  store: EventStore,
  rolloutId: string,
  associationId: string,
  module: ModuleCode,
): Promise<ModuleCompletionFacts> => {
  const enrolment = await enrolmentOf(store, rolloutId);
  const plan = (await loadStream(store, trainingPlanStreamId(rolloutId), trainingPlanFold)).state;
  return moduleCompletionFactsOf(await scheduleOf(store, rolloutId), enrolment, plan, associationId, module);
};

/** The selection of trainees: the trainer target and every participant's axis-1 record. */
export const traineeSelectionFacts = async (
  store: EventStore,
  rolloutId: string,
): Promise<TraineeSelectionFacts> => {
  const rollout = await launchedRollout(store, rolloutId);
  const enrolment = await enrolmentOf(store, rolloutId);
  return traineeSelectionFactsOf(rollout, enrolment, await trainingsOf(store, rolloutId, enrolment));
};

/** A cascade session: the region's provinces and the direct beneficiaries. */
export const cascadeFacts = async (store: EventStore, rolloutId: string): Promise<CascadeFacts> =>
  cascadeFactsOf(await launchedRollout(store, rolloutId), await enrolmentOf(store, rolloutId));

/** An award: whether the association completed axis 1 in this rollout, and on which day if dated. */
export const awardGrantFacts = async (
  store: EventStore,
  rolloutId: string,
  associationId: string,
): Promise<AwardGrantFacts> => awardGrantFactsOf(await trainingOf(store, rolloutId, associationId));

/** A payment: whether the grant's partnership convention (if it has one) is in force. */
export const payTrancheFacts = async (
  store: EventStore,
  rolloutId: string,
  grantId: string,
): Promise<PayTrancheFacts> => {
  const grants = (await loadStream(store, grantsStreamId(rolloutId), grantsFold)).state;
  const agreementId = conventionAgreementOf(grants, grantId);
  return payTrancheFactsOf(
    agreementId === null
      ? null
      : (await loadStream(store, agreementStreamId(agreementId), agreementFold)).state,
  );
};

/** The committee's facts about its call (`callFacts` of the call's stream). */
export const committeeCallFacts = async (store: EventStore, callId: string): Promise<CallFactsOfCommittee> =>
  committeeCallFactsOf((await loadStream(store, callStreamId(callId), callFold)).state);

/** The committee state of a call. */
export const committeeOf = async (store: EventStore, callId: string): Promise<CommitteeState> =>
  (await loadStream(store, committeeStreamId(callId), committeeFold)).state;

/** Ending a call without result: whether its committee published the selection. */
export const endCallFacts = async (
  store: EventStore,
  callId: string,
): Promise<EndCallWithoutResult['facts']> => endCallFactsOf(await committeeOf(store, callId));

/** Correcting an application: whether the call's committee ranked the files. */
export const correctApplicationFacts = async (
  store: EventStore,
  callId: string,
): Promise<CorrectApplicationFacts> => correctApplicationFactsOf(await committeeOf(store, callId));

/** Starting the next wave: the previous wave's rollout and the phase it reached. */
export const startNextWaveFacts = async (
  store: EventStore,
  plan: WavePlanState,
): Promise<StartNextWaveFacts> => {
  const previous = startedWaves(plan).at(-1);
  return startNextWaveFactsOf(
    previous === undefined
      ? null
      : {
          rolloutId: previous.rolloutId,
          rollout: (await loadStream(store, previous.rolloutId, rolloutFold)).state,
        },
  );
};
