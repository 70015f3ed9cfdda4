import { describe, expect, it } from 'vitest';
import type { ModuleCode } from '../../../../../events/reference.js';
import { fold } from '../../../../../functions/domain/shared/decider.js';
import type { ReportModuleCompletion } from '../../../../../functions/domain/training/commands.js';
import {
  modulesOfTopic,
  requiredModulesByMember,
  type SetTrainingPlan,
  type TrainingPlanEvent,
  trainingPlanDecider,
} from '../../../../../functions/domain/training/plan.js';
import {
  type AssociationTrainingEvent,
  trainingDecider,
} from '../../../../../functions/domain/training/training.js';
import { given } from '../../../../support/given-when-then.js';

// docs/adr/0087-training-plan-by-topic.md: a member follows the modules of its topic's plan.

const rolloutId = 'rollout-FM-2026';
const associationId = 'assoc-1';

const setPlan = (topics: SetTrainingPlan['data']['topics'], trainingStarted = false): SetTrainingPlan => ({
  type: 'SetTrainingPlan',
  data: { rolloutId, topics },
  facts: { trainingStarted },
});
const planSet = (topics: SetTrainingPlan['data']['topics']): TrainingPlanEvent => ({
  type: 'TrainingPlanSet',
  data: { rolloutId, topics },
});
const legalAndManagement = [{ topic: 'M1' as const, modules: ['M1', 'M2'] as ModuleCode[] }];

describe('the region’s training plan by topic', () => {
  it('is set before the first session', () => {
    given(trainingPlanDecider, [])
      .when(setPlan(legalAndManagement))
      .then([planSet(legalAndManagement)]);
  });

  it('may be replaced before the first session', () => {
    const other = [{ topic: 'M1' as const, modules: ['M1', 'M3'] as ModuleCode[] }];
    given(trainingPlanDecider, [planSet(legalAndManagement)])
      .when(setPlan(other))
      .then([planSet(other)]);
  });

  it('treats the same plan sent again as one fact, even once training started', () => {
    given(trainingPlanDecider, [planSet(legalAndManagement)])
      .when(setPlan(legalAndManagement, true))
      .then([]);
  });

  it('refuses a change once axis 1 has started', () => {
    given(trainingPlanDecider, [planSet(legalAndManagement)])
      .when(setPlan([{ topic: 'M1', modules: ['M1'] }], true))
      .thenRefuses('TRAINING_ALREADY_STARTED', 'conflict');
  });

  it('refuses a topic whose plan leaves out its own module', () => {
    given(trainingPlanDecider, [])
      .when(setPlan([{ topic: 'M4', modules: ['M1', 'M2'] }]))
      .thenRefuses('TOPIC_NOT_IN_ITS_PLAN', 'invalid');
  });

  it('refuses a topic twice, or a module twice in a topic', () => {
    given(trainingPlanDecider, [])
      .when(setPlan([...legalAndManagement, { topic: 'M1', modules: ['M1'] }]))
      .thenRefuses('DUPLICATE_TOPIC', 'invalid');
    given(trainingPlanDecider, [])
      .when(setPlan([{ topic: 'M1', modules: ['M1', 'M1'] }]))
      .thenRefuses('DUPLICATE_MODULE', 'invalid');
  });

  it('gives a planned topic its modules in the program’s order, and every other topic all eight', () => {
    const state = fold(trainingPlanDecider, [planSet([{ topic: 'M7', modules: ['M8', 'M7', 'M5'] }])]);
    expect(modulesOfTopic(state, 'M7')).toEqual(['M5', 'M7', 'M8']);
    expect(modulesOfTopic(state, 'M2')).toEqual(['M1', 'M2', 'M3', 'M4', 'M5', 'M6', 'M7', 'M8']);
    expect(
      requiredModulesByMember(state, [
        { memberId: 'm-1', trainingTopic: 'M7' },
        { memberId: 'm-2', trainingTopic: 'M2' },
      ]),
    ).toEqual({ 'm-1': ['M5', 'M7', 'M8'], 'm-2': ['M1', 'M2', 'M3', 'M4', 'M5', 'M6', 'M7', 'M8'] });
  });
});

describe('axis 1 completed by the modules of each member’s plan', () => {
  const attended = (module: ModuleCode, memberId: string): AssociationTrainingEvent => ({
    type: 'AttendanceRecorded',
    data: { rolloutId, associationId, sessionId: `s-${module}`, module, memberId, attended: true },
  });
  const completed = (module: ModuleCode, memberId: string): AssociationTrainingEvent => ({
    type: 'ModuleCompleted',
    data: {
      rolloutId,
      associationId,
      memberId,
      module,
      sessionsHeld: 1,
      sessionsAttended: 1,
      attendanceRatePercent: 100,
      thresholdPercent: 75,
      evaluationScore: 80,
      completedOn: null,
      lateEntry: null,
    },
  });
  const report = (
    module: ModuleCode,
    memberId: string,
    requiredModules?: Record<string, ModuleCode[]>,
  ): ReportModuleCompletion => ({
    type: 'ReportModuleCompletion',
    data: { rolloutId, associationId, memberId, module, evaluationScore: 80 },
    facts: {
      moduleSessionIds: [`s-${module}`],
      members: ['m-1', 'm-2'],
      enrolmentComplete: true,
      ...(requiredModules === undefined ? {} : { requiredModules }),
    },
  });
  // m-1 follows M1 and M2 (topic M1's plan), m-2 only M3 (topic M3's plan); m-2 is done.
  const plan = { 'm-1': ['M1', 'M2'] as ModuleCode[], 'm-2': ['M3'] as ModuleCode[] };
  const history = [
    attended('M3', 'm-2'),
    completed('M3', 'm-2'),
    attended('M1', 'm-1'),
    completed('M1', 'm-1'),
    attended('M2', 'm-1'),
  ];

  it('completes the association when the last member finishes their plan, not all eight', () => {
    given(trainingDecider, history)
      .when(report('M2', 'm-1', plan))
      .then([
        completed('M2', 'm-1'),
        {
          type: 'AxisOneCompleted',
          data: { rolloutId, associationId, memberIds: ['m-1', 'm-2'], completedOn: null },
        },
      ]);
  });

  it('still asks for all eight modules when the rollout has no plan', () => {
    given(trainingDecider, history)
      .when(report('M2', 'm-1'))
      .then([completed('M2', 'm-1')]);
  });
});
