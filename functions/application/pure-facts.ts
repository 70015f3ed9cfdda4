import type { ModuleCode } from '../../events/reference.js';
import type { RolloutFigures } from '../../events/rollout/schemas.js';
import { type AgreementState, isInForce } from '../domain/agreements/agreements.js';
import { type CallState, callFacts } from '../domain/call/call.js';
import type { CorrectApplicationFacts, EndCallWithoutResult } from '../domain/call/commands.js';
import type { CallFactsOfCommittee } from '../domain/committee/commands.js';
import { type CommitteeState, currentAppeals } from '../domain/committee/committee.js';
import type {
  BeneficiaryList,
  ReplacementFacts,
  RolloutEnrolmentFacts,
} from '../domain/enrolment/commands.js';
import {
  type EnrolmentState,
  enrolledAssociation,
  enrolledAssociationIds,
  enrolledAssociations,
  isAssociationComplete,
  isEnrolmentClosed,
  isEnrolmentComplete,
  membersOf,
} from '../domain/enrolment/enrolment.js';
import type { AwardGrantFacts, PayTrancheFacts } from '../domain/grants/commands.js';
import { type GrantsState, grantsInOrder, isGrantSettled, ledgerTotals } from '../domain/grants/grants.js';
import type { StartNextWaveFacts } from '../domain/national/commands.js';
import type { RolloutCompletionFacts, RolloutPhaseFacts } from '../domain/rollout/commands.js';
import { REGION_PROVINCES } from '../domain/rollout/region-provinces.js';
import {
  currentPhase,
  type LaunchedRollout,
  phaseIndex,
  type RolloutState,
} from '../domain/rollout/rollout.js';
import { domainError } from '../domain/shared/errors.js';
import { latestFactDate } from '../domain/shared/fact-date.js';
import type { CascadeFacts, HubRegionFacts, TraineeSelectionFacts } from '../domain/trainers/commands.js';
import {
  cascadeReachedAssociationIds,
  certifiedTrainers,
  competenceHub,
  type TrainersState,
} from '../domain/trainers/trainers.js';
import type {
  AttendanceFacts,
  ModuleCompletionFacts,
  SessionRegionFacts,
} from '../domain/training/commands.js';
import { requiredModulesByMember, type TrainingPlanState } from '../domain/training/plan.js';
import { sessionById, sessionsOfModule, type TrainingScheduleState } from '../domain/training/schedule.js';
import {
  axisOneCompletedOn,
  hasCompletedAxisOne,
  hasCompletedPlan,
  lastCompletedOn,
  memberTrainingRecords,
  type TrainingState,
} from '../domain/training/training.js';

// The facts a command needs from aggregates other than the one it changes, as pure functions of
// those aggregates' states (read through their exported pure queries). They load nothing: the
// application loads the states from the store (facts.ts, rollout-facts.ts) and the Fès-Meknès
// scenario test from its in-memory streams, and both call these same functions
// (docs/adr/0004-command-handlers-and-pure-facts.md).

/** The training state of an enrolled association, by its id (loaded beforehand). */
export type TrainingOf = (associationId: string) => TrainingState;

/** A launched rollout, or 404 `ROLLOUT_NOT_FOUND`. */
export const requireLaunched = (rolloutId: string, rollout: RolloutState): LaunchedRollout => {
  if (rollout.status === 'not-launched') {
    throw domainError('not-found', 'ROLLOUT_NOT_FOUND', `No rollout ${rolloutId} was launched`, {
      rolloutId,
    });
  }
  return rollout;
};

/** `ReportSession`, `ReportCascadeSession`: the provinces of the rollout's region. */
export const sessionRegionFactsOf = (rollout: LaunchedRollout): SessionRegionFacts => ({
  regionProvinces: REGION_PROVINCES[rollout.regionCode],
});

/** `EstablishCompetenceHub`: the rollout's region. */
export const hubRegionFactsOf = (rollout: LaunchedRollout): HubRegionFacts => ({
  region: rollout.regionCode,
});

/** `EnrolBeneficiary`: the rollout's targets, its region's provinces and its beneficiary call's list. */
export const enrolmentFactsOf = (
  rollout: LaunchedRollout,
  beneficiaryList: BeneficiaryList | null,
): RolloutEnrolmentFacts => ({
  associationTarget: rollout.targets.associations,
  memberTarget: rollout.targets.membersPerAssociation,
  regionProvinces: REGION_PROVINCES[rollout.regionCode],
  beneficiaryList,
});

/** `ReplaceBeneficiary`: the rollout's member target, its beneficiary call's reserve, and whether training is open. */
export const replacementFactsOf = (
  rollout: LaunchedRollout,
  beneficiaryList: BeneficiaryList | null,
): ReplacementFacts => ({
  memberTarget: rollout.targets.membersPerAssociation,
  beneficiaryList,
  trainingOpen: rollout.status === 'active' && phaseIndex(rollout.phase) <= phaseIndex('axis-1-training'),
});

/** `ReportAttendance`: the session as the schedule holds it and the association's members. */
export const attendanceFactsOf = (
  schedule: TrainingScheduleState,
  enrolment: EnrolmentState,
  associationId: string,
  sessionId: string,
): AttendanceFacts => {
  const session = sessionById(schedule, sessionId);
  return {
    session: session === null ? null : { module: session.module },
    members: membersOf(enrolment, associationId),
  };
};

/**
 * `ReportModuleCompletion`: the module's sessions, the association's members, whether it is
 * complete, and the modules each member follows (their topic's plan).
 */
export const moduleCompletionFactsOf = (
  schedule: TrainingScheduleState,
  enrolment: EnrolmentState,
  plan: TrainingPlanState,
  associationId: string,
  module: ModuleCode,
): ModuleCompletionFacts => ({
  moduleSessionIds: sessionsOfModule(schedule, module),
  members: membersOf(enrolment, associationId),
  enrolmentComplete: isAssociationComplete(enrolment, associationId),
  requiredModules: requiredModulesByMember(
    plan,
    enrolledAssociation(enrolment, associationId)?.members ?? [],
  ),
});

/** `SelectTrainees`: the trainer target and every participant's axis-1 record. */
export const traineeSelectionFactsOf = (
  rollout: LaunchedRollout,
  enrolment: EnrolmentState,
  trainingOf: TrainingOf,
): TraineeSelectionFacts => ({
  trainerTarget: rollout.targets.trainers,
  candidates: enrolledAssociationIds(enrolment).flatMap((associationId) =>
    memberTrainingRecords(trainingOf(associationId), associationId, membersOf(enrolment, associationId)),
  ),
  lastCompletedOn: latestFactDate(
    enrolledAssociationIds(enrolment).map((associationId) => lastCompletedOn(trainingOf(associationId))),
  ),
});

/** `ReportCascadeSession`: the region's provinces and the direct beneficiaries. */
export const cascadeFactsOf = (rollout: LaunchedRollout, enrolment: EnrolmentState): CascadeFacts => ({
  regionProvinces: REGION_PROVINCES[rollout.regionCode],
  beneficiaryAssociationIds: enrolledAssociationIds(enrolment),
});

/** `AwardGrant`: whether the association completed axis 1 in this rollout, and on which day if dated. */
export const awardGrantFactsOf = (training: TrainingState): AwardGrantFacts => ({
  associationCompletedTraining: hasCompletedAxisOne(training),
  axisOneCompletedOn: axisOneCompletedOn(training),
});

/** `PayTranche`: whether the grant's convention (null when it has none) is in force. */
export const payTrancheFactsOf = (convention: AgreementState | null): PayTrancheFacts => ({
  conventionInForce: convention !== null && isInForce(convention),
});

/** The committee's commands: its facts about its call (`callFacts` of the call's state). */
export const committeeCallFactsOf = (call: CallState): CallFactsOfCommittee => ({ call: callFacts(call) });

/** Ending a call without result: whether its committee published the selection. */
export const endCallFactsOf = (committee: CommitteeState): EndCallWithoutResult['facts'] => ({
  selectionPublished: committee.status === 'published',
});

/** Correcting an application: whether the call's committee ranked the files. */
export const correctApplicationFactsOf = (committee: CommitteeState): CorrectApplicationFacts => ({
  ranked: committee.status !== 'not-appointed' && committee.status !== 'appointed',
});

/** `StartNextWave`: the previous wave's rollout (none for the first wave) and the phase it reached. */
export const startNextWaveFactsOf = (
  previous: { readonly rolloutId: string; readonly rollout: RolloutState } | null,
): StartNextWaveFacts =>
  previous === null
    ? {}
    : { previousWave: { rolloutId: previous.rolloutId, phase: currentPhase(previous.rollout) } };

// ---- The rollout's own facts: its phase conditions and its closing ----

/** Where the operator call stands. */
export interface OperatorCallSituation {
  readonly callId: string;
  readonly status: 'not-opened' | 'open' | 'closed';
  readonly deadline: string | null;
  /** Ended without result (or cancelled) and not relaunched: nobody will be selected from it. */
  readonly cancelled?: boolean;
  /** Opened as a late entry (ADR 0135): closed by a person once its files are keyed in. */
  readonly enteredLate?: boolean;
}

/** Where the committee's decision on the operator call stands. */
export interface SelectionSituation {
  readonly published: boolean;
  readonly appealWindowEndsAt: string | null;
  readonly appealsPending: number;
  readonly appealsUpheld: number;
}

const millis = (instant: string): number => Date.parse(instant);

/** The operator call's status and deadline. */
export const callSituation = (callId: string, call: CallState): OperatorCallSituation => ({
  callId,
  status: call.status === 'not-opened' ? 'not-opened' : call.status,
  deadline: call.status === 'not-opened' ? null : call.deadline,
  cancelled: call.status !== 'not-opened' && call.cancelled,
  ...(call.status !== 'not-opened' && call.enteredLate === true ? { enteredLate: true } : {}),
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
 * What the fact named by PHASE_ENTRY_CONDITIONS is computed from, once loaded: one state, or for
 * `axisOneCompleted` the enrolment and which associations completed axis 1.
 */
export type PhaseEntryInput =
  | { readonly condition: 'regionalAgreementInForce'; readonly agreement: AgreementState }
  | { readonly condition: 'partnerAgreementInForce'; readonly agreement: AgreementState }
  | { readonly condition: 'operatorCallClosed'; readonly call: CallState }
  | { readonly condition: 'operatorSelected'; readonly committee: CommitteeState }
  | { readonly condition: 'enrolmentComplete'; readonly enrolment: EnrolmentState }
  | {
      readonly condition: 'axisOneCompleted';
      readonly enrolment: EnrolmentState;
      readonly completedAxisOne: (associationId: string) => boolean;
    }
  | { readonly condition: 'competenceHubEstablished'; readonly trainers: TrainersState };

/** `AdvanceRolloutPhase`: the fact of the phase's entry condition (none when it has none), at `now`. */
export const phaseEntryFactsOf = (input: PhaseEntryInput | null, now: string): RolloutPhaseFacts => {
  if (input === null) return {};
  switch (input.condition) {
    case 'regionalAgreementInForce':
      return { regionalAgreementInForce: isInForce(input.agreement) };
    case 'partnerAgreementInForce':
      return { partnerAgreementInForce: isInForce(input.agreement) };
    case 'operatorCallClosed':
      return { operatorCallClosed: input.call.status === 'closed' };
    case 'operatorSelected':
      return { operatorSelected: isSelectionFinal(selectionSituation(input.committee), now) };
    case 'enrolmentComplete':
      return {
        enrolmentComplete: isEnrolmentClosed(input.enrolment) && isEnrolmentComplete(input.enrolment),
      };
    case 'axisOneCompleted': {
      const associationIds = enrolledAssociationIds(input.enrolment);
      return {
        axisOneCompleted: associationIds.length > 0 && associationIds.every(input.completedAxisOne),
      };
    }
    case 'competenceHubEstablished':
      return { competenceHubEstablished: competenceHub(input.trainers) !== null };
    default:
      return input satisfies never;
  }
};

/**
 * Grants are settled: at least one was awarded and every grant is settled (`isGrantSettled`:
 * cancelled, or fully paid and held).
 */
export const grantsSettledOf = (grants: GrantsState): boolean => {
  const awarded = grantsInOrder(grants);
  return awarded.length > 0 && awarded.every(isGrantSettled);
};

/** The states the rollout's final figures are computed from. */
export interface FigureStates {
  readonly enrolment: EnrolmentState;
  readonly plan: TrainingPlanState;
  readonly trainingOf: TrainingOf;
  readonly trainers: TrainersState;
  readonly grants: GrantsState;
}

/** The rollout's final figures, from enrolment, training (against each topic's plan), trainers and grants. */
export const rolloutFiguresOf = ({
  enrolment,
  plan,
  trainingOf,
  trainers,
  grants,
}: FigureStates): RolloutFigures => {
  const associations = enrolledAssociations(enrolment);
  let associationsCompletedAxisOne = 0;
  let membersCompletedAxisOne = 0;
  for (const association of associations) {
    const training = trainingOf(association.associationId);
    if (hasCompletedAxisOne(training)) associationsCompletedAxisOne += 1;
    // Each member against the modules of their topic's plan (all eight without a plan).
    const required = requiredModulesByMember(plan, association.members);
    membersCompletedAxisOne += association.members.filter((member) =>
      hasCompletedPlan(training, member.memberId, required[member.memberId]),
    ).length;
  }
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

/** `CompleteRollout`: whether grants are settled, and the final figures. */
export const completionFactsOf = (states: FigureStates): RolloutCompletionFacts => ({
  grantsSettled: grantsSettledOf(states.grants),
  figures: rolloutFiguresOf(states),
});
