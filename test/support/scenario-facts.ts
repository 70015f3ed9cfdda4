import type { ModuleCode } from '../../events/reference.js';
import type { RolloutFigures, RolloutPhase } from '../../events/rollout/schemas.js';
import { beneficiaryCallIdOf, beneficiaryList } from '../../functions/application/beneficiary-list.js';
import {
  isSelectionFinal,
  operatorCallIdOf,
  selectionSituation,
} from '../../functions/application/rollout-facts.js';
import {
  agreementDecider,
  agreementStreamId,
  isInForce,
  rolloutAgreementId,
} from '../../functions/domain/agreements/agreements.js';
import { callDecider, callFacts, callStreamId } from '../../functions/domain/call/call.js';
import type { CallFactsOfCommittee } from '../../functions/domain/committee/commands.js';
import { committeeDecider, committeeStreamId } from '../../functions/domain/committee/committee.js';
import type { RolloutEnrolmentFacts } from '../../functions/domain/enrolment/commands.js';
import {
  enrolledAssociationIds,
  enrolledAssociations,
  enrolmentDecider,
  enrolmentStreamId,
  isAssociationComplete,
  isEnrolmentClosed,
  isEnrolmentComplete,
  membersOf,
} from '../../functions/domain/enrolment/enrolment.js';
import type { AwardGrantFacts, PayTrancheFacts } from '../../functions/domain/grants/commands.js';
import {
  conventionAgreementOf,
  grantsDecider,
  grantsInOrder,
  grantsStreamId,
  ledgerTotals,
} from '../../functions/domain/grants/grants.js';
import type { RolloutCompletionFacts, RolloutPhaseFacts } from '../../functions/domain/rollout/commands.js';
import { REGION_PROVINCES } from '../../functions/domain/rollout/region-provinces.js';
import {
  type LaunchedRollout,
  PHASE_ENTRY_CONDITIONS,
  rolloutDecider,
} from '../../functions/domain/rollout/rollout.js';
import type {
  CascadeFacts,
  HubRegionFacts,
  TraineeSelectionFacts,
} from '../../functions/domain/trainers/commands.js';
import {
  cascadeReachedAssociationIds,
  certifiedTrainers,
  competenceHub,
  trainersDecider,
  trainersStreamId,
} from '../../functions/domain/trainers/trainers.js';
import type {
  AttendanceFacts,
  ModuleCompletionFacts,
  SessionRegionFacts,
} from '../../functions/domain/training/commands.js';
import {
  sessionById,
  sessionsOfModule,
  trainingScheduleDecider,
  trainingScheduleStreamId,
} from '../../functions/domain/training/schedule.js';
import {
  completedModulesOf,
  hasCompletedAxisOne,
  memberTrainingRecords,
  trainingDecider,
  trainingStreamId,
} from '../../functions/domain/training/training.js';
import type { ScenarioDriver } from './scenario-driver.js';

/**
 * The facts each command of a rollout needs from aggregates other than its own, read from the
 * scenario's streams through the domains' exported pure queries: what the application layer does
 * (functions/application/facts.ts, rollout-facts.ts) over the store, here synchronous and in memory.
 */
export const scenarioFacts = (driver: ScenarioDriver, rolloutId: string) => {
  const rollout = (): LaunchedRollout => {
    const state = driver.state(rolloutDecider, rolloutId);
    if (state.status === 'not-launched') throw new Error(`Rollout ${rolloutId} is not launched`);
    return state;
  };
  const regionProvinces = (): readonly string[] => REGION_PROVINCES[rollout().regionCode];
  const enrolment = () => driver.state(enrolmentDecider, enrolmentStreamId(rolloutId));
  const schedule = () => driver.state(trainingScheduleDecider, trainingScheduleStreamId(rolloutId));
  const training = (associationId: string) =>
    driver.state(trainingDecider, trainingStreamId(rolloutId, associationId));
  const trainers = () => driver.state(trainersDecider, trainersStreamId(rolloutId));
  const grants = () => driver.state(grantsDecider, grantsStreamId(rolloutId));
  const agreementInForce = (kind: 'regional-partnership' | 'partner'): boolean =>
    isInForce(driver.state(agreementDecider, agreementStreamId(rolloutAgreementId(rolloutId, kind))));
  const operatorCallId = operatorCallIdOf(rolloutId);

  const everyAssociationCompletedAxisOne = (): boolean => {
    const ids = enrolledAssociationIds(enrolment());
    return ids.length > 0 && ids.every((associationId) => hasCompletedAxisOne(training(associationId)));
  };

  /** Closing: every tranche of every grant is paid (and at least one grant was awarded). */
  const grantsSettled = (): boolean => {
    const awarded = grantsInOrder(grants());
    return (
      awarded.length > 0 &&
      awarded.every((grant) => grant.tranches.every((tranche) => tranche.status === 'paid'))
    );
  };

  /** The rollout's figures, from enrolment, training, trainers and grants. */
  const figures = (): RolloutFigures => {
    const associations = enrolledAssociations(enrolment());
    const trainedAssociations = associations.map((association) => ({
      association,
      training: training(association.associationId),
    }));
    const totals = ledgerTotals(grants());
    return {
      associationsEnrolled: associations.length,
      membersEnrolled: associations.reduce((sum, association) => sum + association.members.length, 0),
      associationsCompletedAxisOne: trainedAssociations.filter(({ training }) =>
        hasCompletedAxisOne(training),
      ).length,
      membersCompletedAxisOne: trainedAssociations.reduce(
        (sum, { association, training }) =>
          sum +
          association.members.filter((member) => completedModulesOf(training, member.memberId).length === 8)
            .length,
        0,
      ),
      trainersCertified: certifiedTrainers(trainers()).length,
      cascadeAssociationsReached: cascadeReachedAssociationIds(
        trainers(),
        associations.map((association) => association.associationId),
      ).length,
      grantsAwarded: grantsInOrder(grants()).length,
      grantsAwardedCentimes: totals.awarded,
      grantsPaidCentimes: totals.paid,
    };
  };

  return {
    operatorCallId,
    regionProvinces,

    /** `AdvanceRolloutPhase { to }`: the fact PHASE_ENTRY_CONDITIONS names for `to`, read at `now`. */
    phaseEntry: (to: RolloutPhase, now: string): RolloutPhaseFacts => {
      const condition = PHASE_ENTRY_CONDITIONS[to];
      switch (condition) {
        case null:
        case 'grantsSettled':
          return {};
        case 'regionalAgreementInForce':
          return { regionalAgreementInForce: agreementInForce('regional-partnership') };
        case 'operatorCallClosed':
          return {
            operatorCallClosed: driver.state(callDecider, callStreamId(operatorCallId)).status === 'closed',
          };
        case 'operatorSelected':
          return {
            operatorSelected: isSelectionFinal(
              selectionSituation(driver.state(committeeDecider, committeeStreamId(operatorCallId))),
              now,
            ),
          };
        case 'partnerAgreementInForce':
          return { partnerAgreementInForce: agreementInForce('partner') };
        case 'enrolmentComplete':
          return { enrolmentComplete: isEnrolmentClosed(enrolment()) && isEnrolmentComplete(enrolment()) };
        case 'axisOneCompleted':
          return { axisOneCompleted: everyAssociationCompletedAxisOne() };
        case 'competenceHubEstablished':
          return { competenceHubEstablished: competenceHub(trainers()) !== null };
        default:
          return condition satisfies never;
      }
    },

    /** `CompleteRollout`: grants settled, and the final figures. */
    completion: (): RolloutCompletionFacts => ({ grantsSettled: grantsSettled(), figures: figures() }),

    figures,

    /** The committee's facts about a call (`callFacts` of the call's stream). */
    committee: (callId: string): CallFactsOfCommittee => ({
      call: callFacts(driver.state(callDecider, callStreamId(callId))),
    }),

    /** `EnrolBeneficiary`: the rollout's targets and its region's provinces. */
    enrolment: (): RolloutEnrolmentFacts => ({
      associationTarget: rollout().targets.associations,
      memberTarget: rollout().targets.membersPerAssociation,
      regionProvinces: regionProvinces(),
      beneficiaryList: beneficiaryList(
        rolloutId,
        beneficiaryCallIdOf(rolloutId),
        driver.state(callDecider, callStreamId(beneficiaryCallIdOf(rolloutId))),
        driver.state(committeeDecider, committeeStreamId(beneficiaryCallIdOf(rolloutId))),
      ),
    }),

    /** `ReportSession`: the region's provinces. */
    session: (): SessionRegionFacts => ({ regionProvinces: regionProvinces() }),

    /** `ReportAttendance`: the session as the schedule holds it, and the association's members. */
    attendance: (associationId: string, sessionId: string): AttendanceFacts => {
      const session = sessionById(schedule(), sessionId);
      return {
        session: session === null ? null : { module: session.module },
        members: membersOf(enrolment(), associationId),
      };
    },

    /** `ReportModuleCompletion`: the module's sessions, the association's members, its completeness. */
    moduleCompletion: (associationId: string, module: ModuleCode): ModuleCompletionFacts => ({
      moduleSessionIds: sessionsOfModule(schedule(), module),
      members: membersOf(enrolment(), associationId),
      enrolmentComplete: isAssociationComplete(enrolment(), associationId),
    }),

    /** `SelectTrainees`: the trainer target and every participant's axis-1 record. */
    traineeSelection: (): TraineeSelectionFacts => ({
      trainerTarget: rollout().targets.trainers,
      candidates: enrolledAssociationIds(enrolment()).flatMap((associationId) =>
        memberTrainingRecords(training(associationId), associationId, membersOf(enrolment(), associationId)),
      ),
    }),

    /** `EstablishCompetenceHub`: the rollout's region. */
    hub: (): HubRegionFacts => ({ region: rollout().regionCode }),

    /** `ReportCascadeSession`: the region's provinces and the direct beneficiaries. */
    cascade: (): CascadeFacts => ({
      regionProvinces: regionProvinces(),
      beneficiaryAssociationIds: enrolledAssociationIds(enrolment()),
    }),

    /** `AwardGrant`: whether the association completed axis 1 in this rollout. */
    award: (associationId: string): AwardGrantFacts => ({
      associationCompletedTraining: hasCompletedAxisOne(training(associationId)),
    }),

    /** `PayTranche`: whether the grant's convention (if it has one) is in force. */
    payment: (grantId: string): PayTrancheFacts => {
      const agreementId = conventionAgreementOf(grants(), grantId);
      return {
        conventionInForce:
          agreementId !== null && isInForce(driver.state(agreementDecider, agreementStreamId(agreementId))),
      };
    },
  };
};

/** The facts of one rollout of a scenario (see `scenarioFacts`). */
export type ScenarioFacts = ReturnType<typeof scenarioFacts>;
