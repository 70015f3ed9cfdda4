import type { ModuleCode, RegionCode } from '../../events/reference.js';
import { agreementDecider, agreementStreamId, isInForce } from '../domain/agreements/agreements.js';
import { callDecider, callFacts, callStreamId } from '../domain/call/call.js';
import type { CallFactsOfCommittee } from '../domain/committee/commands.js';
import type { RolloutEnrolmentFacts } from '../domain/enrolment/commands.js';
import {
  enrolledAssociation,
  enrolledAssociationIds,
  enrolmentDecider,
  enrolmentStreamId,
  isAssociationComplete,
  membersOf,
} from '../domain/enrolment/enrolment.js';
import type { PayTrancheFacts } from '../domain/grants/commands.js';
import { conventionAgreementOf, grantsDecider, grantsStreamId } from '../domain/grants/grants.js';
import type { StartNextWaveFacts } from '../domain/national/commands.js';
import { startedWaves, type WavePlanState } from '../domain/national/national.js';
import { REGION_PROVINCES } from '../domain/rollout/region-provinces.js';
import { currentPhase, type LaunchedRollout, rolloutDecider } from '../domain/rollout/rollout.js';
import { domainError } from '../domain/shared/errors.js';
import type { CascadeFacts, TraineeSelectionFacts } from '../domain/trainers/commands.js';
import type { AttendanceFacts, ModuleCompletionFacts } from '../domain/training/commands.js';
import {
  requiredModulesByMember,
  trainingPlanDecider,
  trainingPlanStreamId,
} from '../domain/training/plan.js';
import {
  sessionById,
  sessionsOfModule,
  trainingScheduleDecider,
  trainingScheduleStreamId,
} from '../domain/training/schedule.js';
import {
  hasCompletedAxisOne,
  memberTrainingRecords,
  trainingDecider,
  trainingStreamId,
} from '../domain/training/training.js';
import { beneficiaryListOf } from './beneficiary-list.js';
import { loadStream } from './execute-command.js';
import type { EventStore } from './ports/event-store.js';

// Facts a command needs from aggregates other than the one it changes, read here through their
// pure queries (never from a request body). Each function reads the streams it names, decides
// nothing, and throws a domain error only when the rollout the request names does not exist.

/** A launched rollout, or 404 `ROLLOUT_NOT_FOUND`. */
export const launchedRollout = async (store: EventStore, rolloutId: string): Promise<LaunchedRollout> => {
  const { state } = await loadStream(store, rolloutId, rolloutDecider);
  if (state.status === 'not-launched') {
    throw domainError('not-found', 'ROLLOUT_NOT_FOUND', `No rollout ${rolloutId} was launched`, {
      rolloutId,
    });
  }
  return state;
};

/** The provinces of a launched rollout's region. */
export const regionProvincesOf = async (store: EventStore, rolloutId: string): Promise<readonly string[]> =>
  REGION_PROVINCES[(await launchedRollout(store, rolloutId)).regionCode];

/** The region of a launched rollout. */
export const regionOf = async (store: EventStore, rolloutId: string): Promise<RegionCode> =>
  (await launchedRollout(store, rolloutId)).regionCode;

/** Enrolment: the rollout's targets, its region's provinces and its beneficiary call's list. */
export const enrolmentFacts = async (
  store: EventStore,
  rolloutId: string,
): Promise<RolloutEnrolmentFacts> => {
  const rollout = await launchedRollout(store, rolloutId);
  return {
    associationTarget: rollout.targets.associations,
    memberTarget: rollout.targets.membersPerAssociation,
    regionProvinces: REGION_PROVINCES[rollout.regionCode],
    beneficiaryList: await beneficiaryListOf(store, rolloutId),
  };
};

const enrolmentOf = async (store: EventStore, rolloutId: string) =>
  (await loadStream(store, enrolmentStreamId(rolloutId), enrolmentDecider)).state;

const scheduleOf = async (store: EventStore, rolloutId: string) =>
  (await loadStream(store, trainingScheduleStreamId(rolloutId), trainingScheduleDecider)).state;

/** Attendance: the session as the schedule holds it and the association's members. */
export const attendanceFacts = async (
  store: EventStore,
  rolloutId: string,
  associationId: string,
  sessionId: string,
): Promise<AttendanceFacts> => {
  const session = sessionById(await scheduleOf(store, rolloutId), sessionId);
  return {
    session: session === null ? null : { module: session.module },
    members: membersOf(await enrolmentOf(store, rolloutId), associationId),
  };
};

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
  const plan = (await loadStream(store, trainingPlanStreamId(rolloutId), trainingPlanDecider)).state;
  return {
    moduleSessionIds: sessionsOfModule(await scheduleOf(store, rolloutId), module),
    members: membersOf(enrolment, associationId),
    enrolmentComplete: isAssociationComplete(enrolment, associationId),
    requiredModules: requiredModulesByMember(
      plan,
      enrolledAssociation(enrolment, associationId)?.members ?? [],
    ),
  };
};

/** The selection of trainees: the trainer target and every participant's axis-1 record. */
export const traineeSelectionFacts = async (
  store: EventStore,
  rolloutId: string,
): Promise<TraineeSelectionFacts> => {
  const rollout = await launchedRollout(store, rolloutId);
  const enrolment = await enrolmentOf(store, rolloutId);
  const candidates = [];
  for (const associationId of enrolledAssociationIds(enrolment)) {
    const training = (await loadStream(store, trainingStreamId(rolloutId, associationId), trainingDecider))
      .state;
    candidates.push(...memberTrainingRecords(training, associationId, membersOf(enrolment, associationId)));
  }
  return { trainerTarget: rollout.targets.trainers, candidates };
};

/** A cascade session: the region's provinces and the direct beneficiaries. */
export const cascadeFacts = async (store: EventStore, rolloutId: string): Promise<CascadeFacts> => ({
  regionProvinces: await regionProvincesOf(store, rolloutId),
  beneficiaryAssociationIds: enrolledAssociationIds(await enrolmentOf(store, rolloutId)),
});

/** An award: whether the association completed axis 1 in this rollout. */
export const associationCompletedTraining = async (
  store: EventStore,
  rolloutId: string,
  associationId: string,
): Promise<boolean> =>
  hasCompletedAxisOne(
    (await loadStream(store, trainingStreamId(rolloutId, associationId), trainingDecider)).state,
  );

/** A payment: whether the grant's partnership convention (if it has one) is in force. */
export const payTrancheFacts = async (
  store: EventStore,
  rolloutId: string,
  grantId: string,
): Promise<PayTrancheFacts> => {
  const grants = (await loadStream(store, grantsStreamId(rolloutId), grantsDecider)).state;
  const agreementId = conventionAgreementOf(grants, grantId);
  if (agreementId === null) return { conventionInForce: false };
  const agreement = (await loadStream(store, agreementStreamId(agreementId), agreementDecider)).state;
  return { conventionInForce: isInForce(agreement) };
};

/** The committee's facts about its call (`callFacts` of the call's stream). */
export const committeeCallFacts = async (
  store: EventStore,
  callId: string,
): Promise<CallFactsOfCommittee> => ({
  call: callFacts((await loadStream(store, callStreamId(callId), callDecider)).state),
});

/** Starting the next wave: the previous wave's rollout and the phase it reached. */
export const startNextWaveFacts = async (
  store: EventStore,
  plan: WavePlanState,
): Promise<StartNextWaveFacts> => {
  const previous = startedWaves(plan).at(-1);
  if (previous === undefined) return {};
  const rollout = (await loadStream(store, previous.rolloutId, rolloutDecider)).state;
  return { previousWave: { rolloutId: previous.rolloutId, phase: currentPhase(rollout) } };
};
