import type { z } from 'zod';
import {
  type ModuleCode,
  type RegionCode,
  TRAINER_MODULES,
  TRAINING_MODULES,
  type TrainerModuleCode,
} from '../../../events/reference.js';
import type { TrainingEventOf } from '../../../events/training/index.js';
import type { TraineeSelectionReason } from '../../../events/training/TraineesSelected.v1.js';
import { countIneligibleByReason } from '../../../events/training/TraineesSelected.v2.js';
import { trainersStreamId } from '../ids.js';
import { assertNever, type CommandContext, type Decider, type Fold } from '../shared/decider.js';
import { domainError } from '../shared/errors.js';
import {
  checkCommandFactDate,
  checkOptionalFactDate,
  instantOfFactDate,
  latestFactDate,
  requireNotBefore,
} from '../shared/fact-date.js';
import { requireHeldSession } from '../shared/reported-place.js';
import type { MemberTrainingRecord } from '../training/training.js';
import type {
  EstablishCompetenceHub,
  ReportCascadeSession,
  ReportTrainerModuleCompletion,
  SelectTrainees,
  TrainersCommand,
} from './commands.js';

export { trainersStreamId };

/**
 * Axis 2 of one rollout: the selection of trainees (at most the target, 15), their three trainer
 * modules and certification, the regional competence hub, and the hub's cascade sessions in the
 * region's provinces. One stream per rollout (15 trainees; cascade sessions in the hundreds).
 */

export type TrainersEvent = TrainingEventOf<
  | 'TraineesSelected'
  | 'TrainerModuleCompleted'
  | 'TrainerCertified'
  | 'CompetenceHubEstablished'
  | 'HubTrainerAdded'
  | 'CascadeSessionReported'
>;

type SelectionReason = z.infer<typeof TraineeSelectionReason>;
type TraineesSelectedData = TrainingEventOf<'TraineesSelected'>['data'];
type RankedCandidate = TraineesSelectedData['selected'][number];

const AXIS_ONE_MODULES: readonly ModuleCode[] = TRAINING_MODULES.map((module) => module.code);
const ALL_TRAINER_MODULES: readonly TrainerModuleCode[] = TRAINER_MODULES.map((module) => module.code);

/** The ranking the selection applies, recorded with it. */
export const TRAINEE_RANKING = 'evaluation-score-then-attendance-rate-then-member-id';

/** A participant selected for the training of trainers. */
export interface Trainee {
  readonly memberId: string;
  readonly associationId: string;
  readonly rank: number;
}

/** The regional competence hub and its trainers (member ids). */
export interface CompetenceHub {
  readonly hubId: string;
  readonly region: RegionCode;
  readonly trainerIds: readonly string[];
  /** When it was established (CompetenceHubEstablished v2); null or absent: undated (a v1). */
  readonly establishedAt?: string | null;
}

/** A cascade session as recorded: direct beneficiaries kept apart from the associations reached. */
export interface CascadeSession {
  readonly sessionId: string;
  readonly trainerId: string;
  readonly province: string;
  readonly date: string;
  readonly topic: ModuleCode;
  readonly participantCount: number;
  readonly associationIds: readonly string[];
  readonly beneficiaryAssociationIds: readonly string[];
}

export interface TrainersState {
  readonly rolloutId: string | null;
  readonly selectionTarget: number | null;
  /** When the trainees were selected (TraineesSelected v3); null or absent: undated. */
  readonly selectedAt?: string | null;
  readonly trainees: readonly Trainee[];
  readonly trainerModules: readonly {
    readonly memberId: string;
    readonly module: TrainerModuleCode;
    /** The day it was completed (TrainerModuleCompleted v2); null or absent: the day it was recorded. */
    readonly completedOn?: string | null;
  }[];
  readonly certifiedTrainerIds: readonly string[];
  /**
   * The day each trainer was certified, by member id (TrainerCertified v2); null or absent: the
   * day it was recorded (absent too in a state folded before it was kept).
   */
  readonly certifiedOn?: Readonly<Record<string, string | null>>;
  readonly hub: CompetenceHub | null;
  readonly cascadeSessions: readonly CascadeSession[];
}

export const initialTrainersState = (): TrainersState => ({
  rolloutId: null,
  selectionTarget: null,
  trainees: [],
  trainerModules: [],
  certifiedTrainerIds: [],
  hub: null,
  cascadeSessions: [],
});

export const evolveTrainers = (state: TrainersState, event: TrainersEvent): TrainersState => {
  switch (event.type) {
    case 'TraineesSelected':
      return {
        ...state,
        rolloutId: event.data.rolloutId,
        selectionTarget: event.data.target,
        selectedAt: event.data.selectedAt,
        trainees: event.data.selected.map(({ memberId, associationId, rank }) => ({
          memberId,
          associationId,
          rank: rank ?? 0,
        })),
      };
    case 'TrainerModuleCompleted':
      return {
        ...state,
        trainerModules: [
          ...state.trainerModules,
          { memberId: event.data.memberId, module: event.data.module, completedOn: event.data.completedOn },
        ],
      };
    case 'TrainerCertified':
      return {
        ...state,
        certifiedTrainerIds: [...state.certifiedTrainerIds, event.data.memberId],
        certifiedOn: { ...state.certifiedOn, [event.data.memberId]: event.data.certifiedOn },
      };
    case 'CompetenceHubEstablished': {
      const { hubId, region, trainerIds, establishedAt } = event.data;
      return { ...state, hub: { hubId, region, trainerIds, establishedAt } };
    }
    case 'HubTrainerAdded':
      return state.hub === null
        ? state
        : { ...state, hub: { ...state.hub, trainerIds: [...state.hub.trainerIds, event.data.memberId] } };
    case 'CascadeSessionReported': {
      const { rolloutId: _rollout, hubId: _hub, ...session } = event.data;
      return { ...state, cascadeSessions: [...state.cascadeSessions, session] };
    }
    default:
      // Every case is handled (checked at compile time); an event of another aggregate changes nothing.
      event satisfies never;
      return state;
  }
};

// Queries other layers use (pure). -----------------------------------------------------------------

/** The participants selected for the training of trainers, best ranked first. */
export const selectedTrainees = (state: TrainersState): readonly Trainee[] => state.trainees;

/** The trainer modules a trainee completed, in the program's order. */
export const trainerModulesOf = (state: TrainersState, memberId: string): readonly TrainerModuleCode[] =>
  ALL_TRAINER_MODULES.filter((module) =>
    state.trainerModules.some((done) => done.memberId === memberId && done.module === module),
  );

/** The member ids of the certified trainers. */
export const certifiedTrainers = (state: TrainersState): readonly string[] => state.certifiedTrainerIds;

/** The regional competence hub, or null before it is established. */
export const competenceHub = (state: TrainersState): CompetenceHub | null => state.hub;

/** The distinct associations the cascade reached, apart from the given direct beneficiaries. */
export const cascadeReachedAssociationIds = (
  state: TrainersState,
  directAssociationIds: readonly string[] = [],
): readonly string[] => {
  const direct = new Set(directAssociationIds);
  const reached = new Set<string>();
  for (const session of state.cascadeSessions) {
    for (const associationId of session.associationIds)
      if (!direct.has(associationId)) reached.add(associationId);
  }
  return [...reached];
};

/** The program's reach in a rollout: direct beneficiaries and, counted apart, the cascade's. */
export interface Reach {
  readonly directAssociations: number;
  /** Distinct associations reached by cascade sessions, none of them a direct beneficiary. */
  readonly cascadeAssociations: number;
  readonly cascadeSessions: number;
  readonly cascadeParticipants: number;
  /** Distinct cascade associations per province where they were reached. */
  readonly cascadeAssociationsByProvince: Readonly<Record<string, number>>;
}

/** Direct vs cascade reach, given the rollout's direct beneficiaries (enrolment `enrolledAssociationIds`). */
export const reach = (state: TrainersState, directAssociationIds: readonly string[]): Reach => {
  const direct = new Set(directAssociationIds);
  const byProvince = new Map<string, Set<string>>();
  for (const session of state.cascadeSessions) {
    const reachedThere = byProvince.get(session.province) ?? new Set<string>();
    for (const associationId of session.associationIds) {
      if (!direct.has(associationId)) reachedThere.add(associationId);
    }
    byProvince.set(session.province, reachedThere);
  }
  return {
    directAssociations: direct.size,
    cascadeAssociations: cascadeReachedAssociationIds(state, directAssociationIds).length,
    cascadeSessions: state.cascadeSessions.length,
    cascadeParticipants: state.cascadeSessions.reduce((sum, session) => sum + session.participantCount, 0),
    cascadeAssociationsByProvince: Object.fromEntries(
      [...byProvince].map(([province, associations]) => [province, associations.size]),
    ),
  };
};

// Decisions. ----------------------------------------------------------------------------------------

const ensureSameRollout = (state: TrainersState, rolloutId: string): void => {
  if (state.rolloutId !== null && state.rolloutId !== rolloutId) {
    throw domainError('invalid', 'ROLLOUT_MISMATCH', "This is another rollout's training of trainers.", {
      expected: state.rolloutId,
      received: rolloutId,
    });
  }
};

const judgeCandidate = (
  candidate: MemberTrainingRecord,
  criteria: SelectTrainees['data'],
): { eligible: boolean; reasons: SelectionReason[] } => {
  const modulesCompleted = AXIS_ONE_MODULES.filter((module) => candidate.modulesCompleted.includes(module));
  const allModules = modulesCompleted.length === AXIS_ONE_MODULES.length;
  const attendanceMet = candidate.attendanceRatePercent >= criteria.minimumAttendanceRatePercent;
  const score = candidate.evaluationScore;
  const evaluationMet = score !== null && score >= criteria.minimumEvaluationScore;
  const evaluationReason: SelectionReason =
    score === null ? 'EVALUATION_MISSING' : evaluationMet ? 'EVALUATION_MET' : 'EVALUATION_BELOW_MINIMUM';
  return {
    eligible: allModules && attendanceMet && evaluationMet,
    reasons: [
      allModules ? 'ALL_MODULES_COMPLETED' : 'MODULES_MISSING',
      attendanceMet ? 'ATTENDANCE_MET' : 'ATTENDANCE_BELOW_MINIMUM',
      evaluationReason,
    ],
  };
};

/** Better first: higher evaluation score, then higher attendance, then member id (a stable tie-break). */
const byRanking = (left: MemberTrainingRecord, right: MemberTrainingRecord): number =>
  (right.evaluationScore ?? 0) - (left.evaluationScore ?? 0) ||
  right.attendanceRatePercent - left.attendanceRatePercent ||
  (left.memberId < right.memberId ? -1 : left.memberId > right.memberId ? 1 : 0);

const selectTrainees = (
  command: SelectTrainees,
  state: TrainersState,
  context: CommandContext,
): TrainersEvent[] => {
  const { data, facts } = command;
  ensureSameRollout(state, data.rolloutId);
  if (state.selectionTarget !== null) {
    throw domainError(
      'conflict',
      'TRAINEES_ALREADY_SELECTED',
      'The trainees of this rollout are already selected.',
      {
        trainees: state.trainees.map((trainee) => trainee.memberId),
      },
    );
  }
  if (!Number.isInteger(facts.trainerTarget) || facts.trainerTarget < 1) {
    throw domainError(
      'invalid',
      'TRAINER_TARGET_INVALID',
      'The trainer target must be a whole number above 0.',
      {
        trainerTarget: facts.trainerTarget,
      },
    );
  }
  const seen = new Set<string>();
  const repeated = new Set<string>();
  for (const { memberId } of facts.candidates) (seen.has(memberId) ? repeated : seen).add(memberId);
  if (repeated.size > 0) {
    throw domainError('invalid', 'DUPLICATE_CANDIDATE', 'A participant appears twice among the candidates.', {
      memberIds: [...repeated],
    });
  }
  // A selection dated from its file (a past edition, ADR 0161) is judged by its date, and is not
  // before the latest completion of the records it judges (ADR 0151).
  const lateEntry = checkOptionalFactDate(
    context,
    'trainees-selected',
    'selectedAt',
    data.selectedAt,
    data.lateEntryReason,
    [
      {
        code: 'SELECTED_BEFORE_LAST_COMPLETION',
        prior: { fact: 'axis-1 completion', date: facts.lastCompletedOn },
      },
    ],
  );
  const judged = facts.candidates.map((candidate) => ({ candidate, ...judgeCandidate(candidate, data) }));
  const eligible = judged
    .filter((entry) => entry.eligible)
    .sort((a, b) => byRanking(a.candidate, b.candidate));
  if (eligible.length === 0) {
    throw domainError(
      'conflict',
      'NO_ELIGIBLE_CANDIDATE',
      'No participant meets every selection criterion.',
      {
        candidates: facts.candidates.length,
      },
    );
  }
  const describe = (
    candidate: MemberTrainingRecord,
    rank: number | null,
    reasons: SelectionReason[],
  ): RankedCandidate => ({
    memberId: candidate.memberId,
    associationId: candidate.associationId,
    modulesCompleted: AXIS_ONE_MODULES.filter((module) => candidate.modulesCompleted.includes(module)).length,
    attendanceRatePercent: candidate.attendanceRatePercent,
    evaluationScore: candidate.evaluationScore,
    rank,
    reasons,
  });
  const target = facts.trainerTarget;
  // Only the trainees and the reserve are recorded one by one; every other candidate is counted
  // (TraineesSelected v2, ADR 0045), so a selection of any size fits in one commit.
  const selected = eligible
    .slice(0, target)
    .map((entry, index) => describe(entry.candidate, index + 1, [...entry.reasons, 'RANKED_WITHIN_TARGET']));
  const reserve = eligible
    .slice(target, target * 2)
    .map((entry, index) =>
      describe(entry.candidate, target + index + 1, [...entry.reasons, 'RANKED_BEYOND_TARGET']),
    );
  const ineligible = judged.filter((entry) => !entry.eligible);
  const rankedBeyondTarget = eligible.length - selected.length;
  const last = eligible[selected.length - 1]?.candidate;
  return [
    {
      type: 'TraineesSelected',
      data: {
        rolloutId: data.rolloutId,
        target,
        criteria: {
          allModulesRequired: true,
          minimumAttendanceRatePercent: data.minimumAttendanceRatePercent,
          minimumEvaluationScore: data.minimumEvaluationScore,
          ranking: TRAINEE_RANKING,
        },
        candidates: facts.candidates.length,
        selected,
        cutOff: {
          rank: selected.length,
          // the last selected is eligible, so their evaluation score is known
          evaluationScore: last?.evaluationScore ?? 0,
          attendanceRatePercent: last?.attendanceRatePercent ?? 0,
        },
        reserve,
        notSelected: {
          count: rankedBeyondTarget + ineligible.length,
          rankedBeyondTarget,
          ineligible: ineligible.length,
          ineligibleByReason: countIneligibleByReason(ineligible),
        },
        selectedAt: data.selectedAt ?? null,
        lateEntry,
      },
    },
  ];
};

const reportTrainerModuleCompletion = (
  command: ReportTrainerModuleCompletion,
  state: TrainersState,
  context: CommandContext,
): TrainersEvent[] => {
  const { data } = command;
  ensureSameRollout(state, data.rolloutId);
  const trainee = state.trainees.find((candidate) => candidate.memberId === data.memberId);
  if (!trainee) {
    throw domainError(
      'not-found',
      'TRAINEE_NOT_SELECTED',
      'The member was not selected for the training of trainers.',
      {
        memberId: data.memberId,
      },
    );
  }
  // A completion dated from its signed sheet (a past edition, ADR 0152) is judged by its day, and
  // is not before the selection of its trainee (ADR 0161).
  const lateEntry = checkOptionalFactDate(
    context,
    'trainer-module-completed',
    'completedOn',
    data.completedOn,
    data.lateEntryReason,
    [{ code: 'COMPLETED_BEFORE_SELECTION', prior: { fact: 'trainee selection', date: state.selectedAt } }],
  );
  if (trainerModulesOf(state, data.memberId).includes(data.module)) return [];
  const identity = {
    rolloutId: data.rolloutId,
    associationId: trainee.associationId,
    memberId: data.memberId,
  };
  const completedOn = data.completedOn ?? null;
  const moduleCompleted: TrainersEvent = {
    type: 'TrainerModuleCompleted',
    data: { ...identity, module: data.module, completedOn, lateEntry },
  };
  const events: TrainersEvent[] = [moduleCompleted];
  const after = evolveTrainers(state, moduleCompleted);
  const modulesAfter = trainerModulesOf(after, data.memberId);
  if (modulesAfter.length < ALL_TRAINER_MODULES.length) return events;
  // Certified on the day of the last module, whatever order they were keyed in; undated when the
  // module that completes the three is recorded as it happens (its day is the recording's).
  const certifiedOn =
    completedOn === null
      ? null
      : latestFactDate(
          after.trainerModules
            .filter((done) => done.memberId === data.memberId)
            .map((done) => done.completedOn),
        );
  events.push({ type: 'TrainerCertified', data: { ...identity, certifiedOn } });
  if (state.hub !== null) {
    // It joins the hub once both exist: its certification's day, or the hub's establishment when
    // that came later (ADR 0161); undated as its certification when that is.
    const addedAt =
      certifiedOn === null ? null : latestFactDate([instantOfFactDate(certifiedOn), state.hub.establishedAt]);
    events.push({
      type: 'HubTrainerAdded',
      data: { rolloutId: data.rolloutId, hubId: state.hub.hubId, memberId: data.memberId, addedAt },
    });
  }
  return events;
};

const establishCompetenceHub = (
  command: EstablishCompetenceHub,
  state: TrainersState,
  context: CommandContext,
): TrainersEvent[] => {
  const { data, facts } = command;
  ensureSameRollout(state, data.rolloutId);
  if (state.hub !== null) {
    throw domainError(
      'conflict',
      'HUB_ALREADY_ESTABLISHED',
      "The region's competence hub is already established.",
      {
        hubId: state.hub.hubId,
      },
    );
  }
  if (state.certifiedTrainerIds.length === 0) {
    throw domainError('conflict', 'NO_CERTIFIED_TRAINER', 'A hub needs at least one certified trainer.', {
      rolloutId: data.rolloutId,
    });
  }
  const establishedAt = data.establishedAt ?? context.now;
  const lateEntry = checkCommandFactDate(
    context,
    'hub-established',
    'establishedAt',
    establishedAt,
    data.lateEntryReason,
  );
  // Established with the trainers certified so far: not before the last of them was (ADR 0151).
  requireNotBefore('HUB_BEFORE_TRAINERS_CERTIFIED', 'establishedAt', establishedAt, {
    fact: 'trainer certification',
    date: latestFactDate(state.certifiedTrainerIds.map((memberId) => state.certifiedOn?.[memberId])),
  });
  return [
    {
      type: 'CompetenceHubEstablished',
      data: {
        rolloutId: data.rolloutId,
        hubId: context.newId(),
        region: facts.region,
        name: data.name,
        trainerIds: [...state.certifiedTrainerIds],
        establishedAt,
        lateEntry,
      },
    },
  ];
};

const sameMembers = (left: readonly string[], right: readonly string[]): boolean =>
  left.length === right.length && [...left].sort().join('\n') === [...right].sort().join('\n');

const reportCascadeSession = (
  command: ReportCascadeSession,
  state: TrainersState,
  context: CommandContext,
): TrainersEvent[] => {
  const { data, facts } = command;
  ensureSameRollout(state, data.rolloutId);
  if (state.hub === null) {
    throw domainError(
      'conflict',
      'HUB_NOT_ESTABLISHED',
      "The region's competence hub is not established yet.",
      {
        rolloutId: data.rolloutId,
      },
    );
  }
  if (!state.hub.trainerIds.includes(data.trainerId)) {
    throw domainError('conflict', 'NOT_A_HUB_TRAINER', 'Cascade sessions are run by trainers of the hub.', {
      trainerId: data.trainerId,
    });
  }
  requireHeldSession(data, facts.regionProvinces, context.now);
  const attended = [...new Set(data.associationIds)];
  const existing = state.cascadeSessions.find((session) => session.sessionId === data.sessionId);
  if (existing) {
    const sameFact =
      existing.trainerId === data.trainerId &&
      existing.province === data.province &&
      existing.date === data.date &&
      existing.topic === data.topic &&
      existing.participantCount === data.participantCount &&
      sameMembers([...existing.associationIds, ...existing.beneficiaryAssociationIds], attended);
    if (sameFact) return [];
    throw domainError(
      'conflict',
      'CASCADE_SESSION_CONTRADICTS',
      'This cascade session was already reported with other details.',
      { sessionId: data.sessionId },
    );
  }
  const beneficiaries = new Set(facts.beneficiaryAssociationIds);
  return [
    {
      type: 'CascadeSessionReported',
      data: {
        rolloutId: data.rolloutId,
        hubId: state.hub.hubId,
        sessionId: data.sessionId,
        trainerId: data.trainerId,
        province: data.province,
        date: data.date,
        topic: data.topic,
        participantCount: data.participantCount,
        associationIds: attended.filter((associationId) => !beneficiaries.has(associationId)),
        beneficiaryAssociationIds: attended.filter((associationId) => beneficiaries.has(associationId)),
      },
    },
  ];
};

export const decideTrainers = (
  command: TrainersCommand,
  state: TrainersState,
  context: CommandContext,
): TrainersEvent[] => {
  switch (command.type) {
    case 'SelectTrainees':
      return selectTrainees(command, state, context);
    case 'ReportTrainerModuleCompletion':
      return reportTrainerModuleCompletion(command, state, context);
    case 'EstablishCompetenceHub':
      return establishCompetenceHub(command, state, context);
    case 'ReportCascadeSession':
      return reportCascadeSession(command, state, context);
    default:
      return assertNever(command);
  }
};

/** Axis 2 of a rollout: trainee selection, trainer certification, the competence hub, the cascade. */
export const trainersDecider: Decider<TrainersCommand, TrainersState, TrainersEvent> = {
  initialState: initialTrainersState,
  evolve: evolveTrainers,
  decide: decideTrainers,
};

/**
 * The fold alone (no `decide`): what readers of this stream load it with, so that a bundle that
 * only reads it does not carry its rules (docs/adr/0066-bundles-within-300-kb.md).
 */
export const trainersFold: Fold<TrainersState, TrainersEvent> = {
  initialState: initialTrainersState,
  evolve: evolveTrainers,
};
