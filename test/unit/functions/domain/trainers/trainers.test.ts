import { describe, expect, it } from 'vitest';
import { encodeEvent } from '../../../../../events/catalog.js';
import {
  type ModuleCode,
  TRAINING_MODULES,
  type TrainerModuleCode,
} from '../../../../../events/reference.js';
import { fold } from '../../../../../functions/domain/shared/decider.js';
import type {
  ReportCascadeSession,
  SelectTrainees,
} from '../../../../../functions/domain/trainers/commands.js';
import {
  cascadeReachedAssociationIds,
  certifiedTrainers,
  competenceHub,
  reach,
  selectedTrainees,
  TRAINEE_RANKING,
  type TrainersEvent,
  trainerModulesOf,
  trainersDecider,
  trainersStreamId,
} from '../../../../../functions/domain/trainers/trainers.js';
import type { MemberTrainingRecord } from '../../../../../functions/domain/training/training.js';
import { given } from '../../../../support/given-when-then.js';

const rolloutId = 'fm-2025';
const ALL: readonly ModuleCode[] = TRAINING_MODULES.map((module) => module.code);
const candidate = (
  memberId: string,
  evaluationScore: number | null,
  attendanceRatePercent = 90,
  modulesCompleted: readonly ModuleCode[] = ALL,
): MemberTrainingRecord => ({
  memberId,
  associationId: `assoc-of-${memberId}`,
  modulesCompleted,
  attendanceRatePercent,
  evaluationScore,
});
const select = (candidates: readonly MemberTrainingRecord[], trainerTarget = 2): SelectTrainees => ({
  type: 'SelectTrainees',
  data: { rolloutId, minimumAttendanceRatePercent: 80, minimumEvaluationScore: 70 },
  facts: { trainerTarget, candidates, lastCompletedOn: null },
});
const criteria = {
  allModulesRequired: true,
  minimumAttendanceRatePercent: 80,
  minimumEvaluationScore: 70,
  ranking: TRAINEE_RANKING,
} as const;
const met = ['ALL_MODULES_COMPLETED', 'ATTENDANCE_MET', 'EVALUATION_MET'] as const;
type RankedEntry = Extract<TrainersEvent, { type: 'TraineesSelected' }>['data']['selected'][number];
const ranked = (record: MemberTrainingRecord, rank: number, within: boolean): RankedEntry => ({
  memberId: record.memberId,
  associationId: record.associationId,
  modulesCompleted: record.modulesCompleted.length,
  attendanceRatePercent: record.attendanceRatePercent,
  evaluationScore: record.evaluationScore,
  rank,
  reasons: [...met, within ? 'RANKED_WITHIN_TARGET' : 'RANKED_BEYOND_TARGET'],
});

const noneIneligible = {
  MODULES_MISSING: 0,
  ATTENDANCE_BELOW_MINIMUM: 0,
  EVALUATION_BELOW_MINIMUM: 0,
  EVALUATION_MISSING: 0,
};
const context = {
  now: '2026-03-01T09:00:00.000Z',
  newId: () => 'id-1',
  actor: { id: 'ministry-1', role: 'ministry' },
} as const;
type SelectionData = Extract<TrainersEvent, { type: 'TraineesSelected' }>['data'];
const selectionOf = (events: readonly TrainersEvent[]): SelectionData => {
  const [event] = events;
  if (event?.type !== 'TraineesSelected') throw new Error('expected TraineesSelected');
  return event.data;
};

/** Two trainees selected: t-1 (rank 1) and t-2 (rank 2). */
const traineesSelected: TrainersEvent = {
  type: 'TraineesSelected',
  data: {
    rolloutId,
    target: 2,
    criteria,
    candidates: 2,
    selected: [ranked(candidate('t-1', 90), 1, true), ranked(candidate('t-2', 80), 2, true)],
    cutOff: { rank: 2, evaluationScore: 80, attendanceRatePercent: 90 },
    reserve: [],
    notSelected: { count: 0, rankedBeyondTarget: 0, ineligible: 0, ineligibleByReason: noneIneligible },
    selectedAt: null,
    lateEntry: null,
  },
};
const trainerModule = (
  memberId: string,
  module: TrainerModuleCode,
  completedOn: string | null = null,
  lateEntry: { reason: { fr: string; ar: string } } | null = null,
): TrainersEvent => ({
  type: 'TrainerModuleCompleted',
  data: { rolloutId, associationId: `assoc-of-${memberId}`, memberId, module, completedOn, lateEntry },
});
const certified = (memberId: string, certifiedOn: string | null = null): TrainersEvent => ({
  type: 'TrainerCertified',
  data: { rolloutId, associationId: `assoc-of-${memberId}`, memberId, certifiedOn },
});
const reportModule = (memberId: string, module: TrainerModuleCode) =>
  ({ type: 'ReportTrainerModuleCompletion', data: { rolloutId, memberId, module } }) as const;
const hubName = {
  fr: 'Pôle des compétences associatives de Fès-Meknès',
  ar: 'قطب الكفاءات الجمعوية لجهة فاس-مكناس',
};
const establish = {
  type: 'EstablishCompetenceHub',
  data: { rolloutId, name: hubName },
  facts: { region: 'FM' },
} as const;
const hubEstablished = (
  trainerIds: string[] = ['t-1'],
  establishedAt = '2026-03-01T09:00:00.000Z',
  lateEntry: { reason: { fr: string; ar: string } } | null = null,
): TrainersEvent => ({
  type: 'CompetenceHubEstablished',
  data: { rolloutId, hubId: 'id-1', region: 'FM', name: hubName, trainerIds, establishedAt, lateEntry },
});
const t1Certified = [
  traineesSelected,
  trainerModule('t-1', 'T1'),
  trainerModule('t-1', 'T2'),
  trainerModule('t-1', 'T3'),
  certified('t-1'),
];
const withHub = [...t1Certified, hubEstablished()];

const regionProvinces = ['Fès', 'Meknès', 'Taounate', 'Taza'];
const beneficiaries = ['assoc-b-1', 'assoc-b-2'];
const cascade = (
  sessionId: string,
  overrides: Partial<ReportCascadeSession['data']> = {},
): ReportCascadeSession => ({
  type: 'ReportCascadeSession',
  data: {
    rolloutId,
    sessionId,
    trainerId: 't-1',
    province: 'Taounate',
    date: '2026-02-18',
    topic: 'M1',
    participantCount: 20,
    associationIds: ['assoc-c-1', 'assoc-b-1', 'assoc-c-2', 'assoc-c-1'],
    ...overrides,
  },
  facts: { regionProvinces, beneficiaryAssociationIds: beneficiaries },
});
const cascadeReported = (
  sessionId: string,
  associationIds = ['assoc-c-1', 'assoc-c-2'],
  province = 'Taounate',
): TrainersEvent => ({
  type: 'CascadeSessionReported',
  data: {
    rolloutId,
    hubId: 'id-1',
    sessionId,
    trainerId: 't-1',
    province,
    date: '2026-02-18',
    topic: 'M1',
    participantCount: 20,
    associationIds,
    beneficiaryAssociationIds: ['assoc-b-1'],
  },
});

describe('selection of trainees (axis 2)', () => {
  it('ranks eligible candidates by evaluation, then attendance, then id, selects up to the target and keeps the next as reserve', () => {
    const best = candidate('m-3', 95, 85);
    const tiedHigherAttendance = candidate('m-2', 80, 95);
    const tiedLowerId = candidate('m-1', 80, 85);
    const tiedHigherId = candidate('m-4', 80, 85);
    given(trainersDecider, [])
      .when(select([tiedHigherId, tiedLowerId, tiedHigherAttendance, best], 3))
      .then([
        {
          type: 'TraineesSelected',
          data: {
            rolloutId,
            target: 3,
            criteria,
            candidates: 4,
            selected: [
              ranked(best, 1, true),
              ranked(tiedHigherAttendance, 2, true),
              ranked(tiedLowerId, 3, true),
            ],
            cutOff: { rank: 3, evaluationScore: 80, attendanceRatePercent: 85 },
            reserve: [ranked(tiedHigherId, 4, false)],
            notSelected: {
              count: 1,
              rankedBeyondTarget: 1,
              ineligible: 0,
              ineligibleByReason: noneIneligible,
            },
            selectedAt: null,
            lateEntry: null,
          },
        },
      ]);
  });

  it('counts the candidates who are not eligible by each criterion they failed', () => {
    const eligible = candidate('m-1', 75);
    const missingModule = candidate('m-2', 90, 90, ALL.slice(0, 7));
    const lowAttendance = candidate('m-3', 90, 70);
    const lowScore = candidate('m-4', 60);
    const noScore = candidate('m-5', null);
    const missingModuleAndLowAttendance = candidate('m-6', 90, 60, ALL.slice(0, 6));
    const selection = selectionOf(
      given(trainersDecider, [])
        .when(
          select([noScore, lowScore, lowAttendance, missingModule, eligible, missingModuleAndLowAttendance]),
        )
        .events(),
    );
    expect(selection.selected.map((entry) => entry.memberId)).toEqual(['m-1']);
    expect(selection.reserve).toEqual([]);
    expect(selection.notSelected).toEqual({
      count: 5,
      rankedBeyondTarget: 0,
      ineligible: 5,
      ineligibleByReason: {
        MODULES_MISSING: 2,
        ATTENDANCE_BELOW_MINIMUM: 2,
        EVALUATION_BELOW_MINIMUM: 1,
        EVALUATION_MISSING: 1,
      },
    });
  });

  it('keeps a reserve of at most the target, best ranked first', () => {
    const pool = Array.from({ length: 7 }, (_, index) => candidate(`m-${index}`, 90 - index));
    const selection = selectionOf(
      trainersDecider.decide(select(pool, 2), trainersDecider.initialState(), context),
    );
    expect(selection.selected.map((entry) => entry.rank)).toEqual([1, 2]);
    expect(selection.reserve.map((entry) => [entry.memberId, entry.rank])).toEqual([
      ['m-2', 3],
      ['m-3', 4],
    ]);
    expect(selection.notSelected).toMatchObject({ count: 5, rankedBeyondTarget: 5, ineligible: 0 });
  });

  it('records a region of 600 associations (2,400 candidates) in one event that fits a commit', () => {
    // Found by the 600-association stress demo: v1 listed every candidate and could not hold this.
    const pool = Array.from({ length: 2_400 }, (_, index) =>
      candidate(`member-${String(index).padStart(5, '0')}`, index % 3 === 0 ? 60 : 70 + (index % 30), 85),
    );
    const [event] = trainersDecider.decide(select(pool, 15), trainersDecider.initialState(), context);
    if (event?.type !== 'TraineesSelected') throw new Error('expected TraineesSelected');
    expect(event.data.selected).toHaveLength(15);
    expect(event.data.reserve).toHaveLength(15);
    expect(event.data.candidates).toBe(2_400);
    expect(event.data.notSelected).toMatchObject({
      count: 2_385,
      ineligible: 800,
      rankedBeyondTarget: 1_585,
    });
    const encoded = JSON.stringify(encodeEvent(event).data);
    expect(Buffer.byteLength(encoded)).toBeLessThan(20_000);
  });

  it('refuses when no candidate meets every criterion', () => {
    given(trainersDecider, [])
      .when(select([candidate('m-1', 50), candidate('m-2', 90, 10)]))
      .thenRefuses('NO_ELIGIBLE_CANDIDATE', 'conflict');
  });

  it('refuses a second selection', () => {
    given(trainersDecider, [traineesSelected])
      .when(select([candidate('m-1', 90)]))
      .thenRefuses('TRAINEES_ALREADY_SELECTED', 'conflict');
  });

  it('refuses the same candidate twice', () => {
    given(trainersDecider, [])
      .when(select([candidate('m-1', 90), candidate('m-1', 90)]))
      .thenRefuses('DUPLICATE_CANDIDATE', 'invalid');
  });

  it('refuses a target below one', () => {
    given(trainersDecider, [])
      .when(select([candidate('m-1', 90)], 0))
      .thenRefuses('TRAINER_TARGET_INVALID', 'invalid');
  });

  it('refuses a command of another rollout', () => {
    const command = select([candidate('m-1', 90)]);
    given(trainersDecider, [traineesSelected])
      .when({ ...command, data: { ...command.data, rolloutId: 'ms-2025' } })
      .thenRefuses('ROLLOUT_MISMATCH', 'invalid');
  });
});

describe('trainer modules and certification', () => {
  it('records a trainer module completed by a trainee', () => {
    given(trainersDecider, [traineesSelected])
      .when(reportModule('t-2', 'T2'))
      .then([trainerModule('t-2', 'T2')]);
  });

  it('certifies the trainee with the third module', () => {
    given(trainersDecider, [traineesSelected, trainerModule('t-1', 'T1'), trainerModule('t-1', 'T3')])
      .when(reportModule('t-1', 'T2'))
      .then([trainerModule('t-1', 'T2'), certified('t-1')]);
  });

  it('adds a trainer certified after the hub was established to the hub', () => {
    given(trainersDecider, [...withHub, trainerModule('t-2', 'T1'), trainerModule('t-2', 'T2')])
      .when(reportModule('t-2', 'T3'))
      .then([
        trainerModule('t-2', 'T3'),
        certified('t-2'),
        { type: 'HubTrainerAdded', data: { rolloutId, hubId: 'id-1', memberId: 't-2', addedAt: null } },
      ]);
  });

  it('treats the same module reported twice as one fact', () => {
    given(trainersDecider, [traineesSelected, trainerModule('t-1', 'T1')])
      .when(reportModule('t-1', 'T1'))
      .then([]);
  });

  it('refuses a member who was not selected', () => {
    given(trainersDecider, [traineesSelected])
      .when(reportModule('m-9', 'T1'))
      .thenRefuses('TRAINEE_NOT_SELECTED', 'not-found');
  });
});

describe('the regional competence hub', () => {
  it('is established with the certified trainers, under a new id', () => {
    given(trainersDecider, t1Certified)
      .when(establish)
      .then([hubEstablished(['t-1'])]);
  });

  it('needs at least one certified trainer', () => {
    given(trainersDecider, [traineesSelected, trainerModule('t-1', 'T1')])
      .when(establish)
      .thenRefuses('NO_CERTIFIED_TRAINER', 'conflict');
  });

  it('is established once', () => {
    given(trainersDecider, withHub).when(establish).thenRefuses('HUB_ALREADY_ESTABLISHED', 'conflict');
  });
});

describe('axis 2 of a past edition, on its true dates (ADR 0152)', () => {
  const reason = { fr: 'Édition 2023 saisie depuis ses dossiers', ar: 'دورة 2023 أدخلت من ملفاتها' };
  const coordinator = { id: 'coordinator-fm', role: 'coordinator' } as const;
  const reportOn = (memberId: string, module: TrainerModuleCode, completedOn: string, withReason = true) =>
    ({
      type: 'ReportTrainerModuleCompletion',
      data: { rolloutId, memberId, module, completedOn, ...(withReason ? { lateEntryReason: reason } : {}) },
    }) as const;
  const late = { reason };
  const t1CertifiedIn2024 = [
    traineesSelected,
    trainerModule('t-1', 'T1', '2024-01-29', late),
    trainerModule('t-1', 'T3', '2024-02-07', late),
    trainerModule('t-1', 'T2', '2024-02-02', late),
    certified('t-1', '2024-02-07'),
  ];
  const establishOn = (establishedAt: string) =>
    ({ ...establish, data: { ...establish.data, establishedAt, lateEntryReason: reason } }) as const;

  it('records a trainer module on the day of its signed sheet, with the reason it is keyed in late', () => {
    given(trainersDecider, [traineesSelected])
      .when(reportOn('t-1', 'T1', '2024-01-29'), { actor: coordinator })
      .then([trainerModule('t-1', 'T1', '2024-01-29', late)]);
  });

  it('certifies the trainer on the day of the latest of its three modules, whatever the order they were keyed in', () => {
    given(trainersDecider, [
      traineesSelected,
      trainerModule('t-1', 'T1', '2024-01-29', late),
      trainerModule('t-1', 'T3', '2024-02-07', late),
    ])
      .when(reportOn('t-1', 'T2', '2024-02-02'), { actor: coordinator })
      .then([trainerModule('t-1', 'T2', '2024-02-02', late), certified('t-1', '2024-02-07')]);
  });

  it('refuses a late trainer module without its reason, from the operator, or in the future', () => {
    given(trainersDecider, [traineesSelected])
      .when(reportOn('t-1', 'T1', '2024-01-29', false), { actor: coordinator })
      .thenRefuses('LATE_ENTRY_REASON_REQUIRED', 'invalid');
    given(trainersDecider, [traineesSelected])
      .when(reportOn('t-1', 'T1', '2024-01-29'), { actor: { id: 'partner-amsed', role: 'partner' } })
      .thenRefuses('LATE_ENTRY_NOT_ALLOWED', 'forbidden');
    given(trainersDecider, [traineesSelected])
      .when(reportOn('t-1', 'T1', '2026-03-02', false), { actor: coordinator })
      .thenRefuses('FACT_DATE_IN_FUTURE', 'invalid');
  });

  it('establishes the hub on its true date, with the reason', () => {
    given(trainersDecider, t1CertifiedIn2024)
      .when(establishOn('2024-02-08T10:00:00.000Z'), { actor: coordinator })
      .then([hubEstablished(['t-1'], '2024-02-08T10:00:00.000Z', late)]);
  });

  it('establishes it on the very day its last trainer was certified, never before (ADR 0151)', () => {
    given(trainersDecider, t1CertifiedIn2024)
      .when(establishOn('2024-02-07T08:00:00.000Z'), { actor: coordinator })
      .then([hubEstablished(['t-1'], '2024-02-07T08:00:00.000Z', late)]);
    given(trainersDecider, t1CertifiedIn2024)
      .when(establishOn('2024-02-06T23:59:59.999Z'), { actor: coordinator })
      .thenRefuses('HUB_BEFORE_TRAINERS_CERTIFIED', 'invalid');
  });

  it('refuses a late hub without its reason, or by the operator', () => {
    given(trainersDecider, t1CertifiedIn2024)
      .when({ ...establish, data: { ...establish.data, establishedAt: '2024-02-08T10:00:00.000Z' } })
      .thenRefuses('LATE_ENTRY_REASON_REQUIRED', 'invalid');
    given(trainersDecider, t1CertifiedIn2024)
      .when(establishOn('2024-02-08T10:00:00.000Z'), { actor: { id: 'partner-amsed', role: 'partner' } })
      .thenRefuses('LATE_ENTRY_NOT_ALLOWED', 'forbidden');
  });
});

describe('the selection of trainees of a past edition, on its true date (ADR 0161)', () => {
  const reason = { fr: 'Édition 2023 saisie depuis ses dossiers', ar: 'دورة 2023 أدخلت من ملفاتها' };
  const coordinator = { id: 'coordinator-fm', role: 'coordinator' } as const;
  /** t-1 and t-2 selected, on 25 January 2024 when `selectedAt` is given, over records last completed on `lastCompletedOn`. */
  const selectOn = (
    selectedAt: string,
    lastCompletedOn: string | null,
    withReason = true,
  ): SelectTrainees => ({
    type: 'SelectTrainees',
    data: {
      rolloutId,
      minimumAttendanceRatePercent: 80,
      minimumEvaluationScore: 70,
      selectedAt,
      ...(withReason ? { lateEntryReason: reason } : {}),
    },
    facts: { trainerTarget: 2, candidates: [candidate('t-1', 90), candidate('t-2', 80)], lastCompletedOn },
  });

  it('records the date the trainees were selected and the reason it is keyed in late', () => {
    given(trainersDecider, [])
      .when(selectOn('2024-01-25T09:00:00.000Z', '2024-01-22'), { actor: coordinator })
      .then([
        {
          ...traineesSelected,
          data: { ...traineesSelected.data, selectedAt: '2024-01-25T09:00:00.000Z', lateEntry: { reason } },
        } as TrainersEvent,
      ]);
  });

  it('refuses a selection dated before the last completion of the records it judges, naming selectedAt', () => {
    expect(() =>
      given(trainersDecider, [])
        .when(selectOn('2024-01-21T09:00:00.000Z', '2024-01-22'), { actor: coordinator })
        .events(),
    ).toThrow(
      expect.objectContaining({
        kind: 'invalid',
        code: 'SELECTED_BEFORE_LAST_COMPLETION',
        details: {
          field: 'selectedAt',
          selectedAt: '2024-01-21T09:00:00.000Z',
          restsOn: { fact: 'axis-1 completion', date: '2024-01-22' },
        },
      }),
    );
  });

  it('selects on the day of the last completion, and at any date over undated records', () => {
    for (const [selectedAt, lastCompletedOn] of [
      ['2024-01-22T08:00:00.000Z', '2024-01-22'],
      ['2023-06-01T09:00:00.000Z', null],
    ] as const) {
      expect(
        given(trainersDecider, [])
          .when(selectOn(selectedAt, lastCompletedOn), { actor: coordinator })
          .events()
          .map((event) => event.type),
      ).toEqual(['TraineesSelected']);
    }
  });

  it('refuses a late selection without its reason, or by the operator', () => {
    given(trainersDecider, [])
      .when(selectOn('2024-01-25T09:00:00.000Z', '2024-01-22', false), { actor: coordinator })
      .thenRefuses('LATE_ENTRY_REASON_REQUIRED', 'invalid');
    given(trainersDecider, [])
      .when(selectOn('2024-01-25T09:00:00.000Z', '2024-01-22'), {
        actor: { id: 'partner-amsed', role: 'partner' },
      })
      .thenRefuses('LATE_ENTRY_NOT_ALLOWED', 'forbidden');
  });

  it('refuses a trainer module dated before its trainee was selected, accepting the same day', () => {
    const selectedOn25January = {
      ...traineesSelected,
      data: { ...traineesSelected.data, selectedAt: '2024-01-25T09:00:00.000Z', lateEntry: { reason } },
    } as TrainersEvent;
    const reportT1On = (completedOn: string) =>
      ({
        type: 'ReportTrainerModuleCompletion',
        data: { rolloutId, memberId: 't-1', module: 'T1', completedOn, lateEntryReason: reason },
      }) as const;
    expect(() =>
      given(trainersDecider, [selectedOn25January])
        .when(reportT1On('2024-01-24'), { actor: coordinator })
        .events(),
    ).toThrow(
      expect.objectContaining({
        code: 'COMPLETED_BEFORE_SELECTION',
        details: expect.objectContaining({
          field: 'completedOn',
          restsOn: { fact: 'trainee selection', date: '2024-01-25T09:00:00.000Z' },
        }),
      }),
    );
    given(trainersDecider, [selectedOn25January])
      .when(reportT1On('2024-01-25'), { actor: coordinator })
      .then([trainerModule('t-1', 'T1', '2024-01-25', { reason })]);
  });
});

describe('a trainer joining the hub, on its true date (ADR 0161)', () => {
  const reason = { fr: 'Édition 2023 saisie depuis ses dossiers', ar: 'دورة 2023 أدخلت من ملفاتها' };
  const late = { reason };
  const coordinator = { id: 'coordinator-fm', role: 'coordinator' } as const;
  const hubOn8February = [
    ...t1Certified,
    hubEstablished(['t-1'], '2024-02-08T10:00:00.000Z', late),
    trainerModule('t-2', 'T1', '2024-02-01', late),
    trainerModule('t-2', 'T2', '2024-02-02', late),
  ];
  const reportT3On = (completedOn: string) =>
    ({
      type: 'ReportTrainerModuleCompletion',
      data: { rolloutId, memberId: 't-2', module: 'T3', completedOn, lateEntryReason: reason },
    }) as const;
  const added = (addedAt: string | null): TrainersEvent => ({
    type: 'HubTrainerAdded',
    data: { rolloutId, hubId: 'id-1', memberId: 't-2', addedAt },
  });

  it('adds a trainer certified after the hub on the day of its certification', () => {
    given(trainersDecider, hubOn8February)
      .when(reportT3On('2024-02-20'), { actor: coordinator })
      .then([
        trainerModule('t-2', 'T3', '2024-02-20', late),
        certified('t-2', '2024-02-20'),
        added('2024-02-20T00:00:00.000Z'),
      ]);
  });

  it('adds a trainer certified before the hub, keyed in after it, at the hub’s establishment: never before it', () => {
    given(trainersDecider, hubOn8February)
      .when(reportT3On('2024-02-05'), { actor: coordinator })
      .then([
        trainerModule('t-2', 'T3', '2024-02-05', late),
        certified('t-2', '2024-02-05'),
        added('2024-02-08T10:00:00.000Z'),
      ]);
    // Certified on the hub's own day, before its hour: the hub's instant.
    given(trainersDecider, hubOn8February)
      .when(reportT3On('2024-02-08'), { actor: coordinator })
      .then([
        trainerModule('t-2', 'T3', '2024-02-08', late),
        certified('t-2', '2024-02-08'),
        added('2024-02-08T10:00:00.000Z'),
      ]);
  });

  it('adds it at its certification’s day to an undated (v1) hub', () => {
    const undatedHub = hubEstablished(['t-1'], '2024-02-08T10:00:00.000Z');
    const v1Hub =
      undatedHub.type === 'CompetenceHubEstablished'
        ? ({ ...undatedHub, data: { ...undatedHub.data, establishedAt: null } } as TrainersEvent)
        : undatedHub;
    given(trainersDecider, [...t1Certified, v1Hub, ...hubOn8February.slice(-2)])
      .when(reportT3On('2024-02-05'), { actor: coordinator })
      .then([
        trainerModule('t-2', 'T3', '2024-02-05', late),
        certified('t-2', '2024-02-05'),
        added('2024-02-05T00:00:00.000Z'),
      ]);
  });
});

describe('cascade sessions', () => {
  it('counts distinct associations reached, keeping direct beneficiaries apart', () => {
    given(trainersDecider, withHub)
      .when(cascade('c-1'))
      .then([cascadeReported('c-1')]);
  });

  it('treats the same session reported twice as one fact', () => {
    given(trainersDecider, [...withHub, cascadeReported('c-1')])
      .when(cascade('c-1'))
      .then([]);
  });

  it('refuses a second report of a session that contradicts the first', () => {
    given(trainersDecider, [...withHub, cascadeReported('c-1')])
      .when(cascade('c-1', { participantCount: 35 }))
      .thenRefuses('CASCADE_SESSION_CONTRADICTS', 'conflict');
  });

  it('refuses a session before the hub exists', () => {
    given(trainersDecider, t1Certified).when(cascade('c-1')).thenRefuses('HUB_NOT_ESTABLISHED', 'conflict');
  });

  it('refuses a trainer who is not in the hub', () => {
    given(trainersDecider, withHub)
      .when(cascade('c-1', { trainerId: 't-2' }))
      .thenRefuses('NOT_A_HUB_TRAINER', 'conflict');
  });

  it('refuses a province outside the region', () => {
    given(trainersDecider, withHub)
      .when(cascade('c-1', { province: 'Dakhla' }))
      .thenRefuses('PROVINCE_OUTSIDE_REGION', 'invalid');
  });

  it('refuses a session dated in the future', () => {
    given(trainersDecider, withHub)
      .when(cascade('c-1', { date: '2026-03-02' }), { now: '2026-03-01T09:00:00.000Z' })
      .thenRefuses('SESSION_DATE_IN_FUTURE', 'invalid');
  });
});

describe('axis-2 queries', () => {
  it('report reach: direct beneficiaries and, apart, distinct cascade associations', () => {
    // Prepare
    const events = [
      ...withHub,
      cascadeReported('c-1', ['assoc-c-1', 'assoc-c-2']),
      cascadeReported('c-2', ['assoc-c-2', 'assoc-c-3'], 'Taza'),
    ];

    // Act
    const state = fold(trainersDecider, events);
    const figures = reach(state, [...beneficiaries, 'assoc-c-3']);

    // Assess
    expect(figures).toEqual({
      directAssociations: 3,
      cascadeAssociations: 2,
      cascadeSessions: 2,
      cascadeParticipants: 40,
      cascadeAssociationsByProvince: { Taounate: 2, Taza: 1 },
    });
    expect(cascadeReachedAssociationIds(state)).toEqual(['assoc-c-1', 'assoc-c-2', 'assoc-c-3']);
    expect(selectedTrainees(state).map((trainee) => trainee.memberId)).toEqual(['t-1', 't-2']);
    expect(trainerModulesOf(state, 't-1')).toEqual(['T1', 'T2', 'T3']);
    expect(certifiedTrainers(state)).toEqual(['t-1']);
    expect(competenceHub(state)?.trainerIds).toEqual(['t-1']);
    expect(trainersStreamId(rolloutId)).toBe('trainers-fm-2025');
  });
});
