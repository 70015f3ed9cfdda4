import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { encodeEvent } from '../../../../../events/catalog.js';
import type { ModuleCode } from '../../../../../events/reference.js';
import { isDomainError } from '../../../../../functions/domain/shared/errors.js';
import type { TrainingCommand } from '../../../../../functions/domain/training/commands.js';
import {
  type AssociationTrainingEvent,
  completedModulesOf,
  type TrainingState,
  trainingDecider,
} from '../../../../../functions/domain/training/training.js';
import { testContext } from '../../../../support/given-when-then.js';

const rolloutId = 'fm-2025';
const associationId = 'assoc-1';
const members = ['m-1', 'm-2'];
const MODULES: readonly ModuleCode[] = ['M1', 'M2', 'M3', 'M4', 'M5', 'M6', 'M7', 'M8'];
/** A small schedule: two sessions of each module. */
const sessionsOf = (module: ModuleCode) => [`${module}-a`, `${module}-b`];

const module = fc.constantFrom(...MODULES);
/** Mostly the association's members, sometimes a stranger (whose reports are refused). */
const memberId = fc.constantFrom('m-1', 'm-1', 'm-2', 'm-2', 'm-3');

const reportAttendance: fc.Arbitrary<TrainingCommand> = fc
  .record({
    module,
    half: fc.constantFrom(0, 1),
    attendance: fc.array(fc.record({ memberId, attended: fc.constantFrom(true, true, true, false) }), {
      minLength: 1,
      maxLength: 3,
    }),
  })
  .map(({ module, half, attendance }) => ({
    type: 'ReportAttendance',
    data: { rolloutId, associationId, sessionId: sessionsOf(module)[half] ?? `${module}-a`, attendance },
    facts: { session: { module }, members },
  }));

const reportCompletion: fc.Arbitrary<TrainingCommand> = fc
  .record({
    memberId,
    module,
    evaluationScore: fc.constantFrom(60, 80),
    enrolmentComplete: fc.constantFrom(true, true, false),
    attendanceThresholdPercent: fc.constantFrom(50, 75, undefined),
  })
  .map(({ memberId, module, evaluationScore, enrolmentComplete, attendanceThresholdPercent }) => ({
    type: 'ReportModuleCompletion',
    data: { rolloutId, associationId, memberId, module, evaluationScore },
    facts: { moduleSessionIds: sessionsOf(module), members, enrolmentComplete, attendanceThresholdPercent },
  }));

const command = fc.oneof(reportAttendance, reportCompletion);

const attendedSessions = (state: TrainingState, memberId: string, module: ModuleCode): number =>
  sessionsOf(module).filter((sessionId) =>
    state.attendance.some(
      (entry) => entry.sessionId === sessionId && entry.memberId === memberId && entry.attended,
    ),
  ).length;

/** The invariants this state and the events just decided break (none, we expect). */
const brokenInvariants = (state: TrainingState, events: readonly AssociationTrainingEvent[]): string[] => {
  const broken: string[] = [];
  for (const event of events) {
    if (event.type !== 'ModuleCompleted') continue;
    const { memberId, module, sessionsAttended, sessionsHeld, thresholdPercent } = event.data;
    if (sessionsAttended !== attendedSessions(state, memberId, module))
      broken.push(`miscounted ${memberId}/${module}`);
    if (sessionsAttended * 100 < thresholdPercent * sessionsHeld)
      broken.push(`below threshold ${memberId}/${module}`);
  }
  const attendanceKeys = state.attendance.map((entry) => `${entry.sessionId}/${entry.memberId}`);
  if (new Set(attendanceKeys).size !== attendanceKeys.length) broken.push('attendance recorded twice');
  const completionKeys = state.completions.map((completion) => `${completion.memberId}/${completion.module}`);
  if (new Set(completionKeys).size !== completionKeys.length) broken.push('module completed twice');
  if (state.completions.some((completion) => !members.includes(completion.memberId))) {
    broken.push('completion of a stranger');
  }
  if (state.axisOneCompleted && members.some((member) => completedModulesOf(state, member).length !== 8)) {
    broken.push('axis completed early');
  }
  return broken;
};

describe('axis-1 training of an association, under any sequence of reports', () => {
  it('never completes a module below the threshold, twice, or the axis before everyone is done', () => {
    fc.assert(
      fc.property(fc.array(command, { minLength: 20, maxLength: 100, size: 'max' }), (commands) => {
        let state = trainingDecider.initialState();
        const broken: string[] = [];
        for (const next of commands) {
          let events: AssociationTrainingEvent[] = [];
          try {
            events = trainingDecider.decide(next, state, testContext());
            // Every event a decision returns is one the catalog accepts.
            for (const event of events) encodeEvent(event);
            state = events.reduce(trainingDecider.evolve, state);
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

  it('completes the axis exactly once, when the last member completes the last module, in any order', () => {
    const everyReport: TrainingCommand[] = members.flatMap((memberId) =>
      MODULES.flatMap((module): TrainingCommand[] => [
        ...sessionsOf(module).map(
          (sessionId): TrainingCommand => ({
            type: 'ReportAttendance',
            data: { rolloutId, associationId, sessionId, attendance: [{ memberId, attended: true }] },
            facts: { session: { module }, members },
          }),
        ),
        {
          type: 'ReportModuleCompletion',
          data: { rolloutId, associationId, memberId, module, evaluationScore: 80 },
          facts: { moduleSessionIds: sessionsOf(module), members, enrolmentComplete: true },
        },
      ]),
    );
    fc.assert(
      fc.property(
        fc.shuffledSubarray(everyReport, { minLength: everyReport.length }),
        fc.nat(3),
        (reports, retries) => {
          // Reports arrive in any order; the partner retries the refused ones a few times.
          let state = trainingDecider.initialState();
          let axisCompletions = 0;
          for (let round = 0; round <= retries; round += 1) {
            for (const report of reports) {
              try {
                const events = trainingDecider.decide(report, state, testContext());
                // Every event a decision returns is one the catalog accepts.
                for (const event of events) encodeEvent(event);
                axisCompletions += events.filter((event) => event.type === 'AxisOneCompleted').length;
                state = events.reduce(trainingDecider.evolve, state);
              } catch (error) {
                if (!isDomainError(error)) throw error;
              }
            }
          }
          const everyoneDone = members.every((memberId) => completedModulesOf(state, memberId).length === 8);
          expect(axisCompletions).toBe(everyoneDone ? 1 : 0);
          expect(state.axisOneCompleted).toBe(everyoneDone);
        },
      ),
      { numRuns: 100 },
    );
  });
});
