import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { encodeEvent } from '../../../../../events/catalog.js';
import {
  type ModuleCode,
  TRAINING_MODULES,
  type TrainerModuleCode,
} from '../../../../../events/reference.js';
import { isDomainError } from '../../../../../functions/domain/shared/errors.js';
import type { TrainersCommand } from '../../../../../functions/domain/trainers/commands.js';
import {
  type TrainersEvent,
  type TrainersState,
  trainerModulesOf,
  trainersDecider,
} from '../../../../../functions/domain/trainers/trainers.js';
import type { MemberTrainingRecord } from '../../../../../functions/domain/training/training.js';
import { testContext } from '../../../../support/given-when-then.js';

const rolloutId = 'fm-2025';
const ALL: readonly ModuleCode[] = TRAINING_MODULES.map((module) => module.code);
const beneficiaries = ['assoc-b-1', 'assoc-b-2'];
const regionProvinces = ['Fès', 'Taza'];
const memberId = fc.constantFrom('m-1', 'm-2', 'm-3', 'm-4');
/** Reports name fewer members than the selection sees, so that sequences reach certification and the hub. */
const reportedMemberId = fc.constantFrom('m-1', 'm-2');
const minimumAttendanceRatePercent = 80;
const minimumEvaluationScore = 70;

const candidateRecord: fc.Arbitrary<MemberTrainingRecord> = fc.record({
  memberId,
  associationId: fc.constantFrom('assoc-b-1', 'assoc-b-2'),
  modulesCompleted: fc.constantFrom(ALL, ALL, ALL.slice(0, 6)),
  attendanceRatePercent: fc.constantFrom(60, 80, 95, 100),
  evaluationScore: fc.constantFrom(null, 50, 70, 90, 95),
});

const selectTrainees: fc.Arbitrary<TrainersCommand> = fc
  .record({
    candidates: fc.uniqueArray(candidateRecord, { selector: (record) => record.memberId, maxLength: 4 }),
    trainerTarget: fc.integer({ min: 1, max: 3 }),
  })
  .map(({ candidates, trainerTarget }) => ({
    type: 'SelectTrainees',
    data: { rolloutId, minimumAttendanceRatePercent, minimumEvaluationScore },
    facts: { trainerTarget, candidates, lastCompletedOn: null },
  }));

const reportTrainerModule: fc.Arbitrary<TrainersCommand> = fc
  .record({ memberId: reportedMemberId, module: fc.constantFrom<TrainerModuleCode>('T1', 'T2', 'T3') })
  .map((data) => ({ type: 'ReportTrainerModuleCompletion', data: { rolloutId, ...data } }));

const establishHub = fc.constant<TrainersCommand>({
  type: 'EstablishCompetenceHub',
  data: { rolloutId, name: { fr: 'Pôle', ar: 'قطب' } },
  facts: { region: 'FM' },
});

const reportCascade: fc.Arbitrary<TrainersCommand> = fc
  .record({
    sessionId: fc.constantFrom('c-1', 'c-2', 'c-3'),
    trainerId: reportedMemberId,
    province: fc.constantFrom('Fès', 'Taza', 'Dakhla'),
    associationIds: fc.array(fc.constantFrom('assoc-b-1', 'assoc-c-1', 'assoc-c-2', 'assoc-c-3'), {
      minLength: 1,
      maxLength: 4,
    }),
  })
  .map((data) => ({
    type: 'ReportCascadeSession',
    data: { rolloutId, date: '2026-02-18', topic: 'M1', participantCount: 12, ...data },
    facts: { regionProvinces, beneficiaryAssociationIds: beneficiaries },
  }));

/** Weighted so that most sequences get as far as certification, the hub and its cascade. */
const command: fc.Arbitrary<TrainersCommand> = fc.oneof(
  { weight: 2, arbitrary: selectTrainees },
  { weight: 6, arbitrary: reportTrainerModule },
  { weight: 1, arbitrary: establishHub },
  { weight: 3, arbitrary: reportCascade },
);

/** The invariants this state and the events just decided break (none, we expect). */
const brokenInvariants = (state: TrainersState, events: readonly TrainersEvent[]): string[] => {
  const broken: string[] = [];
  for (const event of events) {
    if (event.type !== 'TraineesSelected') continue;
    if (event.data.selected.length > event.data.target) broken.push('more trainees than the target');
    const reserveRanks = event.data.reserve.map((candidate) => candidate.rank);
    if (reserveRanks.some((rank, index) => rank !== event.data.selected.length + index + 1))
      broken.push(`reserve ranks ${reserveRanks.join()}`);
    event.data.selected.forEach((trainee, index) => {
      if (trainee.rank !== index + 1) broken.push(`rank ${trainee.rank} at position ${index + 1}`);
      const eligible =
        trainee.modulesCompleted === 8 &&
        trainee.attendanceRatePercent >= minimumAttendanceRatePercent &&
        (trainee.evaluationScore ?? -1) >= minimumEvaluationScore;
      if (!eligible) broken.push(`ineligible trainee ${trainee.memberId}`);
    });
  }
  if (state.selectionTarget !== null && state.trainees.length > state.selectionTarget) {
    broken.push('more trainees than the target');
  }
  const traineeIds = state.trainees.map((trainee) => trainee.memberId);
  for (const trainerId of state.certifiedTrainerIds) {
    if (!traineeIds.includes(trainerId)) broken.push(`certified non-trainee ${trainerId}`);
    if (trainerModulesOf(state, trainerId).length !== 3) broken.push(`certified early ${trainerId}`);
  }
  if (new Set(state.certifiedTrainerIds).size !== state.certifiedTrainerIds.length)
    broken.push('certified twice');
  if (state.hub !== null) {
    if (state.hub.trainerIds.length === 0) broken.push('hub without trainers');
    const hubTrainers = [...state.hub.trainerIds].sort().join();
    if (hubTrainers !== [...state.certifiedTrainerIds].sort().join())
      broken.push('hub trainers differ from certified');
  }
  const sessionIds = state.cascadeSessions.map((session) => session.sessionId);
  if (new Set(sessionIds).size !== sessionIds.length) broken.push('cascade session recorded twice');
  for (const session of state.cascadeSessions) {
    if (!state.hub?.trainerIds.includes(session.trainerId))
      broken.push(`cascade by non-hub ${session.trainerId}`);
    if (!regionProvinces.includes(session.province))
      broken.push(`cascade outside region ${session.province}`);
    if (session.associationIds.some((id) => beneficiaries.includes(id)))
      broken.push('beneficiary counted as cascade');
    if (new Set(session.associationIds).size !== session.associationIds.length)
      broken.push('association counted twice');
  }
  return broken;
};

describe('axis 2 of a rollout, under any sequence of commands', () => {
  it('never selects beyond the target or an ineligible trainee, and never counts a beneficiary as cascade reach', () => {
    fc.assert(
      fc.property(fc.array(command, { minLength: 10, maxLength: 60, size: 'max' }), (commands) => {
        let state = trainersDecider.initialState();
        const broken: string[] = [];
        for (const next of commands) {
          let events: TrainersEvent[] = [];
          try {
            events = trainersDecider.decide(next, state, testContext());
            // Every event a decision returns is one the catalog accepts.
            for (const event of events) encodeEvent(event);
            state = events.reduce(trainersDecider.evolve, state);
          } catch (error) {
            if (!isDomainError(error)) throw error;
          }
          broken.push(...brokenInvariants(state, events));
        }
        expect(broken).toEqual([]);
      }),
      { numRuns: 200 },
    );
  });
});
