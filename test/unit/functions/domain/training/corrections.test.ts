import { describe, expect, it } from 'vitest';
import { fold } from '../../../../../functions/domain/shared/decider.js';
import type {
  CorrectAttendance,
  ReportModuleCompletion,
  WithdrawModuleCompletion,
} from '../../../../../functions/domain/training/commands.js';
import {
  type AssociationTrainingEvent,
  completedModulesOf,
  memberTrainingRecords,
  trainingDecider,
} from '../../../../../functions/domain/training/training.js';
import { given } from '../../../../support/given-when-then.js';

// Corrections of axis-1 records (ADR 0082): new events with a reason, never rewrites.

const rolloutId = 'rollout-FM-2026';
const associationId = 'assoc-sefrou-1';
const reason = {
  fr: 'La feuille de présence signée ne porte pas la signature du membre',
  ar: 'ورقة الحضور الموقعة لا تحمل توقيع العضو',
};
const attendance = (sessionId: string, memberId: string, attended = true) =>
  ({
    type: 'AttendanceRecorded',
    data: { rolloutId, associationId, sessionId, module: 'M2', memberId, attended },
  }) as const satisfies AssociationTrainingEvent;
/** m-1 attended three of the four M2 sessions (exactly 75 %) and completed M2. */
const history: AssociationTrainingEvent[] = [
  attendance('s-1', 'm-1'),
  attendance('s-2', 'm-1'),
  attendance('s-3', 'm-1'),
  attendance('s-4', 'm-1', false),
  {
    type: 'ModuleCompleted',
    data: {
      rolloutId,
      associationId,
      memberId: 'm-1',
      module: 'M2',
      sessionsHeld: 4,
      sessionsAttended: 3,
      attendanceRatePercent: 75,
      thresholdPercent: 75,
      evaluationScore: 80,
      completedOn: null,
      lateEntry: null,
    },
  },
];
const correct = (sessionId: string, attended: boolean): CorrectAttendance => ({
  type: 'CorrectAttendance',
  data: { rolloutId, associationId, sessionId, memberId: 'm-1', attended, reason },
});
const corrected = (sessionId: string, recorded: boolean, attended: boolean) =>
  ({
    type: 'AttendanceCorrected',
    data: { rolloutId, associationId, sessionId, module: 'M2', memberId: 'm-1', recorded, attended, reason },
  }) as const satisfies AssociationTrainingEvent;
const withdrawnAfterCorrection: AssociationTrainingEvent = {
  type: 'ModuleCompletionWithdrawn',
  data: {
    rolloutId,
    associationId,
    memberId: 'm-1',
    module: 'M2',
    cause: 'attendance-corrected',
    attendance: { sessionsHeld: 4, sessionsAttended: 2, attendanceRatePercent: 50, thresholdPercent: 75 },
    reason,
  },
};
const axisOneCompleted: AssociationTrainingEvent = {
  type: 'AxisOneCompleted',
  data: { rolloutId, associationId, memberIds: ['m-1'], completedOn: null },
};

describe('CorrectAttendance', () => {
  it('corrects a present into an absent and withdraws the completion that falls below the threshold', () => {
    given(trainingDecider, history)
      .when(correct('s-2', false))
      .then([corrected('s-2', true, false), withdrawnAfterCorrection]);
  });

  it('corrects an absent into a present and keeps the completion, now on four sessions of four', () => {
    given(trainingDecider, history)
      .when(correct('s-4', true))
      .then([corrected('s-4', false, true)]);
    const state = fold(trainingDecider, [...history, corrected('s-4', false, true)]);
    expect(memberTrainingRecords(state, associationId, ['m-1'])).toEqual([
      {
        memberId: 'm-1',
        associationId,
        modulesCompleted: ['M2'],
        attendanceRatePercent: 100,
        evaluationScore: 80,
      },
    ]);
  });

  it('leaves the member without the module once withdrawn; the operator may report it again when true', () => {
    const after = fold(trainingDecider, [
      ...history,
      corrected('s-2', true, false),
      withdrawnAfterCorrection,
    ]);
    expect(completedModulesOf(after, 'm-1')).toEqual([]);
    const again: ReportModuleCompletion = {
      type: 'ReportModuleCompletion',
      data: { rolloutId, associationId, memberId: 'm-1', module: 'M2', evaluationScore: 80 },
      facts: { moduleSessionIds: ['s-1', 's-2', 's-3', 's-4'], members: ['m-1'], enrolmentComplete: true },
    };
    given(trainingDecider, [...history, corrected('s-2', true, false), withdrawnAfterCorrection])
      .when(again)
      .thenRefuses('ATTENDANCE_BELOW_THRESHOLD', 'conflict');
  });

  it('refuses to correct an attendance that was never recorded', () => {
    given(trainingDecider, history)
      .when({ ...correct('s-9', false) })
      .thenRefuses('ATTENDANCE_NOT_RECORDED', 'not-found');
  });

  it('refuses a correction that changes nothing', () => {
    given(trainingDecider, history)
      .when(correct('s-1', true))
      .thenRefuses('ATTENDANCE_UNCHANGED', 'conflict');
  });

  it('refuses to withdraw a completion once the association completed axis 1', () => {
    given(trainingDecider, [...history, axisOneCompleted])
      .when(correct('s-2', false))
      .thenRefuses('AXIS_ONE_ALREADY_COMPLETED', 'conflict');
  });

  it('still corrects an attendance that withdraws nothing once axis 1 is completed', () => {
    given(trainingDecider, [...history, axisOneCompleted])
      .when(correct('s-4', true))
      .then([corrected('s-4', false, true)]);
  });
});

describe('WithdrawModuleCompletion', () => {
  const withdraw: WithdrawModuleCompletion = {
    type: 'WithdrawModuleCompletion',
    data: { rolloutId, associationId, memberId: 'm-1', module: 'M2', reason },
  };

  it('withdraws a completion recorded wrongly, with its reason', () => {
    given(trainingDecider, history)
      .when(withdraw)
      .then([
        {
          type: 'ModuleCompletionWithdrawn',
          data: {
            rolloutId,
            associationId,
            memberId: 'm-1',
            module: 'M2',
            cause: 'completion-corrected',
            attendance: null,
            reason,
          },
        },
      ]);
  });

  it('refuses to withdraw a completion that is not recorded', () => {
    given(trainingDecider, history)
      .when({ ...withdraw, data: { ...withdraw.data, module: 'M3' } })
      .thenRefuses('MODULE_NOT_COMPLETED', 'not-found');
  });

  it('refuses once the association completed axis 1', () => {
    given(trainingDecider, [...history, axisOneCompleted])
      .when(withdraw)
      .thenRefuses('AXIS_ONE_ALREADY_COMPLETED', 'conflict');
  });
});
