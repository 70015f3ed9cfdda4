import { describe, expect, it } from 'vitest';
import { type ModuleCode, TRAINING_MODULES } from '../../../../../events/reference.js';
import { fold } from '../../../../../functions/domain/shared/decider.js';
import type {
  ModuleCompletionFacts,
  ReportAttendance,
  ReportModuleCompletion,
} from '../../../../../functions/domain/training/commands.js';
import {
  type AssociationTrainingEvent,
  axisOneCompletedOn,
  completedModulesOf,
  hasCompletedAxisOne,
  lastCompletedOn,
  memberTrainingRecords,
  trainingDecider,
  trainingStreamId,
} from '../../../../../functions/domain/training/training.js';
import { given } from '../../../../support/given-when-then.js';

const rolloutId = 'fm-2025';
const associationId = 'assoc-1';
const members = ['m-1', 'm-2'];
const moduleOneSessions = ['s-1', 's-2', 's-3', 's-4'];

const attendanceReport = (
  sessionId: string,
  attendance: ReportAttendance['data']['attendance'],
  overrides: Partial<ReportAttendance['facts']> = {},
): ReportAttendance => ({
  type: 'ReportAttendance',
  data: { rolloutId, associationId, sessionId, attendance },
  facts: { session: { module: 'M1' }, members, ...overrides },
});
const attendance = (sessionId: string, memberId: string, attended = true, module: ModuleCode = 'M1') =>
  ({
    type: 'AttendanceRecorded',
    data: { rolloutId, associationId, sessionId, module, memberId, attended },
  }) as const satisfies AssociationTrainingEvent;

const completionReport = (
  memberId: string,
  module: ModuleCode = 'M1',
  facts: Partial<ModuleCompletionFacts> = {},
  evaluationScore = 80,
): ReportModuleCompletion => ({
  type: 'ReportModuleCompletion',
  data: { rolloutId, associationId, memberId, module, evaluationScore },
  facts: { moduleSessionIds: moduleOneSessions, members, enrolmentComplete: true, ...facts },
});
const completed = (
  memberId: string,
  module: ModuleCode = 'M1',
  sessionsAttended = 3,
  sessionsHeld = 4,
  evaluationScore = 80,
  thresholdPercent = 75,
): AssociationTrainingEvent => ({
  type: 'ModuleCompleted',
  data: {
    rolloutId,
    associationId,
    memberId,
    module,
    sessionsHeld,
    sessionsAttended,
    attendanceRatePercent: Math.round((sessionsAttended * 10000) / sessionsHeld) / 100,
    thresholdPercent,
    evaluationScore,
    completedOn: null,
    lateEntry: null,
  },
});
/** Three of the four sessions of module 1 attended by m-1: exactly 75 %. */
const threeOfFour = [
  attendance('s-1', 'm-1'),
  attendance('s-2', 'm-1'),
  attendance('s-3', 'm-1'),
  attendance('s-4', 'm-1', false),
];

describe('attendance', () => {
  it('records each member reported at a session, present or absent', () => {
    given(trainingDecider, [])
      .when(
        attendanceReport('s-1', [
          { memberId: 'm-1', attended: true },
          { memberId: 'm-2', attended: false },
        ]),
      )
      .then([attendance('s-1', 'm-1'), attendance('s-1', 'm-2', false)]);
  });

  it('takes the module from the schedule', () => {
    given(trainingDecider, [])
      .when(attendanceReport('s-9', [{ memberId: 'm-1', attended: true }], { session: { module: 'M6' } }))
      .then([attendance('s-9', 'm-1', true, 'M6')]);
  });

  it('records only what is new when a report is repeated', () => {
    given(trainingDecider, [attendance('s-1', 'm-1')])
      .when(
        attendanceReport('s-1', [
          { memberId: 'm-1', attended: true },
          { memberId: 'm-2', attended: true },
        ]),
      )
      .then([attendance('s-1', 'm-2')]);
  });

  it('treats the same report twice as one fact', () => {
    given(trainingDecider, [attendance('s-1', 'm-1')])
      .when(attendanceReport('s-1', [{ memberId: 'm-1', attended: true }]))
      .then([]);
  });

  it('refuses a report that contradicts recorded attendance', () => {
    given(trainingDecider, [attendance('s-1', 'm-1')])
      .when(attendanceReport('s-1', [{ memberId: 'm-1', attended: false }]))
      .thenRefuses('ATTENDANCE_CONTRADICTS', 'conflict');
  });

  it('refuses a session that the schedule does not hold', () => {
    given(trainingDecider, [])
      .when(attendanceReport('s-404', [{ memberId: 'm-1', attended: true }], { session: null }))
      .thenRefuses('SESSION_NOT_FOUND', 'not-found');
  });

  it('refuses a member the association did not nominate', () => {
    given(trainingDecider, [])
      .when(attendanceReport('s-1', [{ memberId: 'm-9', attended: true }]))
      .thenRefuses('MEMBER_NOT_IN_ASSOCIATION', 'not-found');
  });

  it('refuses a member twice in one report', () => {
    given(trainingDecider, [])
      .when(
        attendanceReport('s-1', [
          { memberId: 'm-1', attended: true },
          { memberId: 'm-1', attended: false },
        ]),
      )
      .thenRefuses('DUPLICATE_ATTENDANCE_ENTRY', 'invalid');
  });

  it("refuses a report for another association's stream", () => {
    const report = attendanceReport('s-1', [{ memberId: 'm-1', attended: true }]);
    given(trainingDecider, [attendance('s-1', 'm-2')])
      .when({ ...report, data: { ...report.data, associationId: 'assoc-2' } })
      .thenRefuses('STREAM_MISMATCH', 'invalid');
  });
});

describe('module completion', () => {
  it('completes a module with attendance exactly at the default threshold (75 %)', () => {
    given(trainingDecider, threeOfFour)
      .when(completionReport('m-1'))
      .then([completed('m-1')]);
  });

  it('refuses a completion below the threshold', () => {
    given(trainingDecider, [
      attendance('s-1', 'm-1'),
      attendance('s-2', 'm-1'),
      attendance('s-3', 'm-1', false),
    ])
      .when(completionReport('m-1'))
      .thenRefuses('ATTENDANCE_BELOW_THRESHOLD', 'conflict');
  });

  it('applies the rollout’s own threshold', () => {
    given(trainingDecider, threeOfFour)
      .when(completionReport('m-1', 'M1', { attendanceThresholdPercent: 80 }))
      .thenRefuses('ATTENDANCE_BELOW_THRESHOLD', 'conflict');
    given(trainingDecider, [
      attendance('s-1', 'm-1'),
      attendance('s-2', 'm-1'),
      attendance('s-3', 'm-1', false),
      attendance('s-4', 'm-1', false),
    ])
      .when(completionReport('m-1', 'M1', { attendanceThresholdPercent: 50 }))
      .then([completed('m-1', 'M1', 2, 4, 80, 50)]);
  });

  it("counts the sessions of the association's own group when the module is split into groups", () => {
    // Prepare: the module was held twice, s-1..s-4 for this association's group, s-5..s-8 for another.
    const twoGroups = { moduleSessionIds: [...moduleOneSessions, 's-5', 's-6', 's-7', 's-8'] };
    given(trainingDecider, threeOfFour)
      .when(completionReport('m-1', 'M1', twoGroups))
      .then([completed('m-1')]);
  });

  it('refuses a completion when no attendance of the association was taken at the module', () => {
    given(trainingDecider, [attendance('s-7', 'm-1', true, 'M2')])
      .when(completionReport('m-1'))
      .thenRefuses('NO_ATTENDANCE_FOR_MODULE', 'conflict');
  });

  it("counts only the module's own sessions", () => {
    given(trainingDecider, [
      ...threeOfFour.slice(0, 2),
      attendance('s-3', 'm-1', false),
      attendance('s-4', 'm-1', false),
      attendance('s-7', 'm-1', true, 'M2'),
    ])
      .when(completionReport('m-1'))
      .thenRefuses('ATTENDANCE_BELOW_THRESHOLD', 'conflict');
  });

  it('refuses a module that had no session', () => {
    given(trainingDecider, [])
      .when(completionReport('m-1', 'M8', { moduleSessionIds: [] }))
      .thenRefuses('MODULE_NOT_HELD', 'conflict');
  });

  it('refuses a member the association did not nominate', () => {
    given(trainingDecider, threeOfFour)
      .when(completionReport('m-9'))
      .thenRefuses('MEMBER_NOT_IN_ASSOCIATION', 'not-found');
  });

  it('treats the same completion reported twice as one fact', () => {
    given(trainingDecider, [...threeOfFour, completed('m-1')])
      .when(completionReport('m-1'))
      .then([]);
  });

  it('refuses a repeated completion with another evaluation score', () => {
    given(trainingDecider, [...threeOfFour, completed('m-1')])
      .when(completionReport('m-1', 'M1', {}, 55))
      .thenRefuses('MODULE_COMPLETION_CONTRADICTS', 'conflict');
  });
});

describe('completion of axis 1 by the association', () => {
  const modules = TRAINING_MODULES.map((module) => module.code);
  const allButLast = [
    ...modules.map((module) => completed('m-1', module, 4, 4)),
    ...modules.slice(0, 7).map((module) => completed('m-2', module, 4, 4)),
    attendance('s-8', 'm-2', true, 'M8'),
  ];
  const lastReport = completionReport('m-2', 'M8', { moduleSessionIds: ['s-8'] });
  const lastCompleted = completed('m-2', 'M8', 1, 1);

  it('is reached when every member completed all eight modules', () => {
    given(trainingDecider, allButLast)
      .when(lastReport)
      .then([
        lastCompleted,
        {
          type: 'AxisOneCompleted',
          data: { rolloutId, associationId, memberIds: members, completedOn: null },
        },
      ]);
  });

  it('is not reached while the association misses members', () => {
    given(trainingDecider, allButLast)
      .when({ ...lastReport, facts: { ...lastReport.facts, enrolmentComplete: false } })
      .then([lastCompleted]);
  });

  it('is not reached while a member misses a module', () => {
    given(trainingDecider, allButLast.slice(1)).when(lastReport).then([lastCompleted]);
  });

  it('is reached on the day of the completion that closes it, when that one is keyed in from its sheet (ADR 0151)', () => {
    const reason = { fr: 'Fiche d’évaluation de 2024 retrouvée', ar: 'بطاقة تقييم 2024' };
    given(trainingDecider, allButLast)
      .when(
        { ...lastReport, data: { ...lastReport.data, completedOn: '2024-01-22', lateEntryReason: reason } },
        { actor: { id: 'coordinator-fm', role: 'coordinator' } },
      )
      .then([
        {
          ...lastCompleted,
          data: { ...lastCompleted.data, completedOn: '2024-01-22', lateEntry: { reason } },
        } as AssociationTrainingEvent,
        {
          type: 'AxisOneCompleted',
          data: { rolloutId, associationId, memberIds: members, completedOn: '2024-01-22' },
        },
      ]);
  });

  it('is dated by the latest day of its dated completions, whatever order they were keyed in (ADR 0151)', () => {
    const on = (event: AssociationTrainingEvent, completedOn: string): AssociationTrainingEvent =>
      event.type === 'ModuleCompleted' ? { ...event, data: { ...event.data, completedOn } } : event;
    const axisOne: AssociationTrainingEvent = {
      type: 'AxisOneCompleted',
      data: { rolloutId, associationId, memberIds: members, completedOn: null },
    };
    const dated = [
      ...modules.map((module) => on(completed('m-1', module, 4, 4), '2023-12-11')),
      on(completed('m-1', 'M8', 4, 4), '2024-01-22'),
      ...modules.map((module) => on(completed('m-2', module, 4, 4), '2024-01-08')),
      axisOne,
    ];
    expect(axisOneCompletedOn(fold(trainingDecider, dated))).toBe('2024-01-22');
    expect(axisOneCompletedOn(fold(trainingDecider, dated.slice(0, -1)))).toBeNull();
    expect(axisOneCompletedOn(fold(trainingDecider, [...allButLast, lastCompleted, axisOne]))).toBeNull();
  });

  it('gives the latest day of its dated completions, completed or not, for the selection of trainees (ADR 0161)', () => {
    const on = (event: AssociationTrainingEvent, completedOn: string): AssociationTrainingEvent =>
      event.type === 'ModuleCompleted' ? { ...event, data: { ...event.data, completedOn } } : event;
    const dated = [
      on(completed('m-1', 'M1', 4, 4), '2024-01-22'),
      on(completed('m-2', 'M1', 4, 4), '2023-12-11'),
      completed('m-2', 'M2', 4, 4),
    ];
    expect(lastCompletedOn(fold(trainingDecider, dated))).toBe('2024-01-22');
    expect(lastCompletedOn(fold(trainingDecider, dated.slice(2)))).toBeNull();
  });
});

describe('training queries', () => {
  it('give each member’s record for the selection of trainers', () => {
    // Prepare
    const events = [...threeOfFour, completed('m-1', 'M1', 3, 4, 90), completed('m-1', 'M2', 2, 2, 70)];

    // Act
    const state = fold(trainingDecider, events);
    const records = memberTrainingRecords(state, associationId, members);

    // Assess
    expect(records).toEqual([
      {
        memberId: 'm-1',
        associationId,
        modulesCompleted: ['M1', 'M2'],
        attendanceRatePercent: 83.33,
        evaluationScore: 80,
      },
      {
        memberId: 'm-2',
        associationId,
        modulesCompleted: [],
        attendanceRatePercent: 0,
        evaluationScore: null,
      },
    ]);
    expect(completedModulesOf(state, 'm-1')).toEqual(['M1', 'M2']);
    expect(hasCompletedAxisOne(state)).toBe(false);
    expect(trainingStreamId(rolloutId, associationId)).toBe('training-fm-2025-assoc-1');
  });
});

describe('a past completion keyed in from its signed sheet (ADR 0135)', () => {
  const reason = { fr: 'Fiche d’évaluation de 2023 retrouvée', ar: 'بطاقة تقييم 2023' };
  const late = (extra: Partial<ReportModuleCompletion['data']>): ReportModuleCompletion => {
    const report = completionReport('m-1');
    return { ...report, data: { ...report.data, completedOn: '2023-10-12', ...extra } };
  };
  const coordinator = { id: 'coordinator-fm', role: 'coordinator' } as const;

  it('records the day it was completed and the reason', () => {
    given(trainingDecider, threeOfFour)
      .when(late({ lateEntryReason: reason }), { actor: coordinator })
      .then([
        {
          type: 'ModuleCompleted',
          data: { ...completed('m-1').data, completedOn: '2023-10-12', lateEntry: { reason } },
        } as AssociationTrainingEvent,
      ]);
  });

  it('refuses it without a reason, or from the operator', () => {
    given(trainingDecider, threeOfFour)
      .when(late({}), { actor: coordinator })
      .thenRefuses('LATE_ENTRY_REASON_REQUIRED', 'invalid');
    given(trainingDecider, threeOfFour)
      .when(late({ lateEntryReason: reason }), { actor: { id: 'partner-amsed', role: 'partner' } })
      .thenRefuses('LATE_ENTRY_NOT_ALLOWED', 'forbidden');
  });
});
