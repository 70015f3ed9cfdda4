import { describe, expect, it } from 'vitest';
import { encodeEvent, type NaseejEvent } from '../../../../events/catalog.js';
import type { Actor } from '../../../../events/envelope.js';
import { type ModuleCode, TRAINER_MODULES, TRAINING_MODULES } from '../../../../events/reference.js';
import type { PartyRole, RolloutPhase } from '../../../../events/rollout/schemas.js';
import { beneficiaryList } from '../../../../functions/application/beneficiary-list.js';
import {
  attendanceFactsOf,
  awardGrantFactsOf,
  cascadeFactsOf,
  committeeCallFactsOf,
  completionFactsOf,
  enrolmentFactsOf,
  hubRegionFactsOf,
  moduleCompletionFactsOf,
  type PhaseEntryInput,
  payTrancheFactsOf,
  phaseEntryFactsOf,
  requireLaunched,
  rolloutFiguresOf,
  sessionRegionFactsOf,
  traineeSelectionFactsOf,
} from '../../../../functions/application/pure-facts.js';
import {
  agreementDecider,
  agreementStreamId,
  isInForce,
  rolloutAgreementId,
} from '../../../../functions/domain/agreements/agreements.js';
import { callDecider, callStreamId } from '../../../../functions/domain/call/call.js';
import {
  committeeDecider,
  committeeStreamId,
  selectedAssociations,
} from '../../../../functions/domain/committee/committee.js';
import {
  AMSED_ASSOCIATION_ID,
  FES_MEKNES_OPERATOR_CALL_ID,
  fesMeknesOperatorSelectionSeed,
} from '../../../../functions/domain/committee/fes-meknes-seed.js';
import {
  enrolledAssociations,
  enrolmentDecider,
  enrolmentStreamId,
} from '../../../../functions/domain/enrolment/enrolment.js';
import {
  coFunderLedger,
  conventionAgreementOf,
  grantOfAssociation,
  grantsDecider,
  grantsInOrder,
  grantsStreamId,
  paidOfGrant,
} from '../../../../functions/domain/grants/grants.js';
import { beneficiaryCallIdOf, operatorCallIdOf } from '../../../../functions/domain/ids.js';
import { DEFAULT_ROLLOUT_TARGETS } from '../../../../functions/domain/rollout/commands.js';
import {
  PHASE_ENTRY_CONDITIONS,
  ROLLOUT_PHASES,
  rolloutDecider,
  rolloutStreamId,
} from '../../../../functions/domain/rollout/rollout.js';
import {
  competenceHub,
  reach,
  selectedTrainees,
  trainersDecider,
  trainersStreamId,
} from '../../../../functions/domain/trainers/trainers.js';
import { trainingPlanDecider, trainingPlanStreamId } from '../../../../functions/domain/training/plan.js';
import {
  trainingScheduleDecider,
  trainingScheduleStreamId,
} from '../../../../functions/domain/training/schedule.js';
import {
  completedModulesOf,
  hasCompletedAxisOne,
  trainingDecider,
  trainingStreamId,
} from '../../../../functions/domain/training/training.js';
import { given } from '../../../support/given-when-then.js';
import { grantPurpose } from '../../../support/grant-purpose.js';
import { createScenarioDriver } from '../../../support/scenario-driver.js';
import { capacityOf } from '../../../support/signer-capacity.js';

/*
 * The Fès-Meknès rollout of the launch announcement (docs/program.md),
 * played through the deciders alone: each step folds its stream, decides and appends (see
 * test/support/scenario-driver.ts), with the facts read from the other streams through the
 * domains' pure queries, as the application layer does. The steps run in order and build on each
 * other, like the rollout itself. The operator call and its committee are the committee's seed
 * (fes-meknes-seed.ts). Known from the announcement: the targets, the three signatories of the
 * regional agreement, 12 files, AMSED selected, the eight and three modules. Everything else
 * (dates, ids, scores, amounts, co-funders, provinces of the beneficiaries) is illustrative.
 */

const ROLLOUT_ID = rolloutStreamId('FM', '2026');
const driver = createScenarioDriver();

/*
 * The facts of each command, computed by the application's own pure functions
 * (functions/application/pure-facts.ts) from the states of this scenario's streams: only the
 * loading, `driver.state`, is the test's.
 */
const operatorCallId = operatorCallIdOf(ROLLOUT_ID);
const beneficiaryCallId = beneficiaryCallIdOf(ROLLOUT_ID);
const launched = () => requireLaunched(ROLLOUT_ID, driver.state(rolloutDecider, ROLLOUT_ID));
const enrolment = () => driver.state(enrolmentDecider, enrolmentStreamId(ROLLOUT_ID));
const schedule = () => driver.state(trainingScheduleDecider, trainingScheduleStreamId(ROLLOUT_ID));
const plan = () => driver.state(trainingPlanDecider, trainingPlanStreamId(ROLLOUT_ID));
const trainingOf = (associationId: string) =>
  driver.state(trainingDecider, trainingStreamId(ROLLOUT_ID, associationId));
const trainers = () => driver.state(trainersDecider, trainersStreamId(ROLLOUT_ID));
const grantsState = () => driver.state(grantsDecider, grantsStreamId(ROLLOUT_ID));
const agreementOf = (kind: 'regional-partnership' | 'partner') =>
  driver.state(agreementDecider, agreementStreamId(rolloutAgreementId(ROLLOUT_ID, kind)));
const figureStates = () => ({
  enrolment: enrolment(),
  plan: plan(),
  trainingOf,
  trainers: trainers(),
  grants: grantsState(),
});
/** What each phase's entry fact is computed from, read from the streams. */
const PHASE_ENTRY_STATES: {
  readonly [Condition in PhaseEntryInput['condition']]: () => Extract<
    PhaseEntryInput,
    { condition: Condition }
  >;
} = {
  regionalAgreementInForce: () => ({
    condition: 'regionalAgreementInForce',
    agreement: agreementOf('regional-partnership'),
  }),
  partnerAgreementInForce: () => ({
    condition: 'partnerAgreementInForce',
    agreement: agreementOf('partner'),
  }),
  operatorCallClosed: () => ({
    condition: 'operatorCallClosed',
    call: driver.state(callDecider, callStreamId(operatorCallId)),
  }),
  operatorSelected: () => ({
    condition: 'operatorSelected',
    committee: driver.state(committeeDecider, committeeStreamId(operatorCallId)),
  }),
  enrolmentComplete: () => ({ condition: 'enrolmentComplete', enrolment: enrolment() }),
  axisOneCompleted: () => ({
    condition: 'axisOneCompleted',
    enrolment: enrolment(),
    completedAxisOne: (associationId: string) => hasCompletedAxisOne(trainingOf(associationId)),
  }),
  competenceHubEstablished: () => ({ condition: 'competenceHubEstablished', trainers: trainers() }),
};
const facts = {
  phaseEntry: (to: RolloutPhase, now: string) => {
    const condition = PHASE_ENTRY_CONDITIONS[to];
    return phaseEntryFactsOf(
      condition === null || condition === 'grantsSettled' ? null : PHASE_ENTRY_STATES[condition](),
      now,
    );
  },
  committee: (callId: string) => committeeCallFactsOf(driver.state(callDecider, callStreamId(callId))),
  enrolment: () =>
    enrolmentFactsOf(
      launched(),
      beneficiaryList(
        ROLLOUT_ID,
        beneficiaryCallId,
        driver.state(callDecider, callStreamId(beneficiaryCallId)),
        driver.state(committeeDecider, committeeStreamId(beneficiaryCallId)),
      ),
    ),
  session: () => sessionRegionFactsOf(launched()),
  attendance: (associationId: string, sessionId: string) =>
    attendanceFactsOf(schedule(), enrolment(), associationId, sessionId),
  moduleCompletion: (associationId: string, module: ModuleCode) =>
    moduleCompletionFactsOf(schedule(), enrolment(), plan(), associationId, module),
  traineeSelection: () => traineeSelectionFactsOf(launched(), enrolment(), trainingOf),
  hub: () => hubRegionFactsOf(launched()),
  cascade: () => cascadeFactsOf(launched(), enrolment()),
  award: (associationId: string) => awardGrantFactsOf(trainingOf(associationId)),
  payment: (grantId: string) => {
    const agreementId = conventionAgreementOf(grantsState(), grantId);
    return payTrancheFactsOf(
      agreementId === null ? null : driver.state(agreementDecider, agreementStreamId(agreementId)),
    );
  },
  completion: () => completionFactsOf(figureStates()),
  figures: () => rolloutFiguresOf(figureStates()),
};

const at = (day: string, time = '09:00'): string => `${day}T${time}:00.000Z`;
/** The calendar day `count` days after `day` (both YYYY-MM-DD). */
const plusDays = (day: string, count: number): string =>
  new Date(Date.parse(`${day}T00:00:00.000Z`) + count * 86_400_000).toISOString().slice(0, 10);
const range = (count: number): number[] => Array.from({ length: count }, (_, index) => index);
const pad = (value: number, width = 2): string => String(value).padStart(width, '0');

// People and institutions act by opaque ids, never by name.
const ministry: Actor = { id: 'user-ministry-program-office', role: 'ministry' };
const coordinator: Actor = { id: 'user-coordinator-fm', role: 'coordinator' };
const workflow: Actor = { id: 'workflow-region-rollout', role: 'system' };
const operator: Actor = { id: 'partner-amsed', role: 'partner' };
const committeeChair: Actor = { id: 'committee-fm-1', role: 'committee-member' };
const signatory = {
  ministry: { id: 'party-ministry', role: 'ministry' },
  wali: { id: 'party-wali-fes-meknes', role: 'signatory' },
  regionalCouncil: { id: 'party-conseil-regional-fes-meknes', role: 'signatory' },
  amsed: { id: 'party-amsed', role: 'partner' },
} as const satisfies Record<string, Actor>;
const preparers: Actor[] = [
  { id: 'finance-preparer-fm-1', role: 'finance-preparer' },
  { id: 'finance-preparer-fm-2', role: 'finance-preparer' },
];
const approvers: Actor[] = [
  { id: 'finance-approver-fm-1', role: 'finance-approver' },
  { id: 'finance-approver-fm-2', role: 'finance-approver' },
];
const payer: Actor = { id: 'finance-payer-fm-1', role: 'finance-payer' };
const pick = <T>(items: readonly T[], index: number): T => items[index % items.length] as T;

// The rollout's beneficiaries: 30 associations of the region's provinces, 4 members each.
const ASSOCIATIONS = range(30).map((index) => ({
  index,
  associationId: `assoc-fm-${pad(index + 1)}`,
  name: {
    fr: `Association bénéficiaire n° ${pad(index + 1)} (nom non publié)`,
    ar: `الجمعية المستفيدة رقم ${pad(index + 1)} (اسم غير منشور)`,
  },
  memberIds: range(4).map((member) => `member-fm-${pad(index + 1)}-${member + 1}`),
}));
const MODULES: readonly ModuleCode[] = TRAINING_MODULES.map((module) => module.code);
/** An illustrative evaluation score on 100 of one member in one module. */
const evaluationScore = (associationIndex: number, memberIndex: number, moduleIndex: number): number =>
  60 + (((associationIndex * 4 + memberIndex) * 7 + moduleIndex * 3) % 40);

const advanceTo = (to: RolloutPhase, now: string) =>
  driver.run(
    rolloutDecider,
    ROLLOUT_ID,
    { type: 'AdvanceRolloutPhase', data: { to }, facts: facts.phaseEntry(to, now) },
    workflow,
    now,
  );

/** The rollout refuses to enter `to` at `now`: its entry fact, read from the streams, does not hold. */
const expectPhaseRefused = (to: RolloutPhase, now: string) =>
  given(rolloutDecider, driver.stream(rolloutDecider, ROLLOUT_ID))
    .when(
      { type: 'AdvanceRolloutPhase', data: { to }, facts: facts.phaseEntry(to, now) },
      { now, actor: workflow },
    )
    .thenRefuses('ROLLOUT_PHASE_CONDITION_NOT_MET', 'conflict');

const ofType = <T extends NaseejEvent['type']>(
  type: T,
  events: readonly NaseejEvent[] = driver.allEvents(),
) => events.filter((event): event is Extract<NaseejEvent, { type: T }> => event.type === type);

describe('the Fès-Meknès rollout, through the deciders alone', () => {
  it('1. launches the rollout with the program targets', () => {
    const targets = { associations: 30, membersPerAssociation: 4, trainers: 15, horizon: 600 };

    const launched = driver.run(
      rolloutDecider,
      ROLLOUT_ID,
      { type: 'LaunchRollout', data: { regionCode: 'FM', edition: '2026', targets } },
      ministry,
      at('2026-01-05'),
    );
    advanceTo('regional-agreement', at('2026-01-05', '09:05'));

    expect(launched).toEqual([
      {
        type: 'RolloutLaunched',
        data: {
          rolloutId: 'rollout-FM-2026',
          regionCode: 'FM',
          edition: '2026',
          targets,
          launchedAt: '2026-01-05T09:00:00.000Z',
          lateEntry: null,
        },
      },
    ]);
    expect(driver.state(rolloutDecider, ROLLOUT_ID)).toMatchObject({
      phase: 'regional-agreement',
      targets: DEFAULT_ROLLOUT_TARGETS,
    });
  });

  it('2. brings the regional partnership agreement into force once the ministry, the Wali and the Regional Council have all signed', () => {
    const agreementId = rolloutAgreementId(ROLLOUT_ID, 'regional-partnership');
    const streamId = agreementStreamId(agreementId);
    const sign = (party: Actor, role: PartyRole, now: string) =>
      driver.run(
        agreementDecider,
        streamId,
        { type: 'SignAgreement', data: { capacity: capacityOf(role) } },
        party,
        now,
      );

    driver.run(
      agreementDecider,
      streamId,
      {
        type: 'DraftAgreement',
        data: {
          agreementId,
          kind: 'regional-partnership',
          rolloutId: ROLLOUT_ID,
          title: {
            fr: 'Convention de partenariat pour la mise en œuvre du programme de renforcement des capacités organisationnelles et institutionnelles des associations dans la région Fès-Meknès',
            ar: 'اتفاقية شراكة بخصوص تنفيذ برنامج تقوية قدرات جمعيات المجتمع المدني التنظيمية والمؤسساتية بجهة فاس-مكناس',
          },
          parties: [
            { partyId: signatory.ministry.id, role: 'ministry' },
            { partyId: signatory.wali.id, role: 'wali' },
            { partyId: signatory.regionalCouncil.id, role: 'regional-council' },
          ],
        },
      },
      ministry,
      at('2026-01-05', '10:00'),
    );
    sign(signatory.ministry, 'ministry', at('2026-01-07', '11:00'));
    sign(signatory.wali, 'wali', at('2026-01-07', '11:05'));
    expectPhaseRefused('call-for-interest', at('2026-01-07', '11:07'));
    const lastSignature = sign(signatory.regionalCouncil, 'regional-council', at('2026-01-07', '11:10'));
    advanceTo('call-for-interest', at('2026-01-08'));

    expect(lastSignature.map((event) => event.type)).toEqual(['AgreementSigned', 'AgreementInForceRecorded']);
    expect(isInForce(driver.state(agreementDecider, streamId))).toBe(true);
  });

  const seed = fesMeknesOperatorSelectionSeed();
  const callClosedAt = seed.findIndex((commit) => commit.events.some((event) => event.type === 'CallClosed'));
  const lateApplicant = 'assoc-fm-candidate-13';

  it('3. receives 12 files on the operator call, refuses one as ineligible, closes at the deadline and refuses a late file', () => {
    const callStream = callStreamId(FES_MEKNES_OPERATOR_CALL_ID);

    for (const commit of seed.slice(0, callClosedAt + 1)) driver.record(commit);
    advanceTo('committee-selection', at('2026-02-06', '16:30'));
    const late = driver.run(
      callDecider,
      callStream,
      {
        type: 'SubmitApplication',
        data: {
          callId: FES_MEKNES_OPERATOR_CALL_ID,
          associationId: lateApplicant,
          associationName: {
            fr: 'Association candidate n° 13 (nom non publié)',
            ar: 'الجمعية المترشحة رقم 13 (اسم غير منشور)',
          },
          province: 'Taza',
          declaredFacts: { 'final-receipt': true, 'accounts-filed': true, 'years-of-existence': 9 },
        },
      },
      ministry,
      at('2026-02-07', '10:00'),
    );

    expect(operatorCallId).toBe(FES_MEKNES_OPERATOR_CALL_ID);
    const [closed] = ofType('CallClosed');
    expect(closed?.data).toMatchObject({ received: 12, refusedLate: 0, refusedIneligible: 1 });
    expect(closed?.data.eligibleApplicationIds).toHaveLength(11);
    expect(late.map((event) => event.type)).toEqual(['ApplicationSubmitted', 'ApplicationRefused']);
    expect(ofType('ApplicationRefused').map((event) => event.data.reason)).toEqual(['ineligible', 'late']);
  });

  it('4. selects AMSED by a committee with one declared conflict, publishes the minutes, and dismisses an appeal within the window', () => {
    const committeeStream = committeeStreamId(FES_MEKNES_OPERATOR_CALL_ID);

    for (const commit of seed.slice(callClosedAt + 1)) driver.record(commit);
    const [lodged] = driver.run(
      committeeDecider,
      committeeStream,
      {
        type: 'LodgeAppeal',
        data: {
          callId: FES_MEKNES_OPERATOR_CALL_ID,
          associationId: lateApplicant,
          groundsDocumentId: 'doc-FM-2026-operator-appeal-13',
        },
        facts: facts.committee(FES_MEKNES_OPERATOR_CALL_ID),
      },
      ministry,
      at('2026-02-18'),
    );
    driver.run(
      committeeDecider,
      committeeStream,
      {
        type: 'DecideAppeal',
        data: {
          callId: FES_MEKNES_OPERATOR_CALL_ID,
          appealId: lodged?.type === 'AppealLodged' ? lodged.data.appealId : '',
          outcome: 'dismissed',
          reason: {
            fr: 'Le dossier est parvenu après la date limite de dépôt.',
            ar: 'توصلت اللجنة بالملف بعد انصرام الأجل المحدد لإيداع الملفات.',
          },
        },
      },
      committeeChair,
      at('2026-02-25'),
    );
    expectPhaseRefused('partner-agreement', at('2026-03-02'));
    advanceTo('partner-agreement', at('2026-03-04'));

    const [conflict] = ofType('ConflictDeclared');
    const [ranked] = ofType('ApplicationsRanked');
    expect(ranked?.data.ranking).toHaveLength(11);
    const conflictedFile = ranked?.data.ranking.find(
      (file) => file.applicationId === conflict?.data.applicationId,
    );
    expect(conflictedFile?.scoredBy).not.toContain(conflict?.data.memberId);
    expect(selectedAssociations(driver.state(committeeDecider, committeeStream))).toEqual([
      AMSED_ASSOCIATION_ID,
    ]);
    const [published] = ofType('SelectionPublished');
    expect(published?.data.minutes).toEqual({
      fr: 'doc-FM-2026-operator-pv-fr',
      ar: 'doc-FM-2026-operator-pv-ar',
    });
    expect(ofType('AppealDecided').map((event) => event.data.outcome)).toEqual(['dismissed']);
  });

  it('5. binds the ministry and AMSED by the partner agreement', () => {
    const agreementId = rolloutAgreementId(ROLLOUT_ID, 'partner');
    const streamId = agreementStreamId(agreementId);

    driver.run(
      agreementDecider,
      streamId,
      {
        type: 'DraftAgreement',
        data: {
          agreementId,
          kind: 'partner',
          rolloutId: ROLLOUT_ID,
          title: {
            fr: "Convention de partenariat entre le ministère et l'AMSED pour la mise en œuvre du programme régional",
            ar: 'اتفاقية شراكة بين الوزارة والجمعية المغربية للتضامن والتنمية لتنفيذ البرنامج الجهوي',
          },
          parties: [
            { partyId: signatory.ministry.id, role: 'ministry' },
            { partyId: signatory.amsed.id, role: 'operator' },
          ],
        },
      },
      ministry,
      at('2026-03-04', '10:00'),
    );
    driver.run(
      agreementDecider,
      streamId,
      { type: 'SignAgreement', data: { capacity: capacityOf('ministry') } },
      signatory.ministry,
      at('2026-03-05'),
    );
    driver.run(
      agreementDecider,
      streamId,
      { type: 'SignAgreement', data: { capacity: capacityOf('operator') } },
      signatory.amsed,
      at('2026-03-05', '09:10'),
    );
    advanceTo('enrolment', at('2026-03-06'));

    expect(isInForce(driver.state(agreementDecider, streamId))).toBe(true);
  });

  it("6. enrols 30 associations of the region's provinces, 4 members each, chosen by training topic", () => {
    const streamId = enrolmentStreamId(ROLLOUT_ID);
    const provinces = facts.session().regionProvinces;

    for (const association of ASSOCIATIONS) {
      const now = at(plusDays('2026-03-09', Math.floor(association.index / 5)), '10:00');
      driver.run(
        enrolmentDecider,
        streamId,
        {
          type: 'EnrolBeneficiary',
          data: {
            rolloutId: ROLLOUT_ID,
            associationId: association.associationId,
            name: association.name,
            province: pick(provinces, association.index),
          },
          facts: facts.enrolment(),
        },
        coordinator,
        now,
      );
      association.memberIds.forEach((memberId, memberIndex) => {
        driver.run(
          enrolmentDecider,
          streamId,
          {
            type: 'NominateMember',
            data: {
              rolloutId: ROLLOUT_ID,
              associationId: association.associationId,
              memberId,
              trainingTopic: pick(MODULES, association.index + memberIndex * 2),
            },
          },
          coordinator,
          now,
        );
      });
    }
    const [closed] = driver.run(
      enrolmentDecider,
      streamId,
      { type: 'CloseEnrolment', data: { rolloutId: ROLLOUT_ID } },
      coordinator,
      at('2026-03-23'),
    );
    advanceTo('axis-1-training', at('2026-03-23', '10:00'));

    expect(closed).toEqual({
      type: 'EnrolmentClosed',
      data: {
        rolloutId: ROLLOUT_ID,
        associationCount: 30,
        memberCount: 120,
        closedAt: null,
        lateEntry: null,
      },
    });
    const enrolled = enrolledAssociations(driver.state(enrolmentDecider, streamId));
    expect(new Set(enrolled.map((association) => association.province))).toEqual(new Set(provinces));
  });

  // Axis 1: each module in four sessions in Fès over two weeks, one module every two weeks from April.
  const SESSION_OFFSETS = [0, 1, 7, 8];
  const sessionDay = (module: ModuleCode, session: number): string =>
    plusDays('2026-04-01', MODULES.indexOf(module) * 14 + (SESSION_OFFSETS[session] ?? 0));
  const sessionId = (module: ModuleCode, session: number): string => `FM-2026-${module}-s${session + 1}`;
  const dayAfterModule = (module: ModuleCode): string => plusDays(sessionDay(module, 3), 1);

  /** The operator reports a session held and, for each association, which of its members attended. */
  const holdSession = (module: ModuleCode, session: number, absentMemberIds: readonly string[] = []) => {
    const now = at(sessionDay(module, session), '18:00');
    driver.run(
      trainingScheduleDecider,
      trainingScheduleStreamId(ROLLOUT_ID),
      {
        type: 'ReportSession',
        data: {
          rolloutId: ROLLOUT_ID,
          sessionId: sessionId(module, session),
          module,
          date: sessionDay(module, session),
          province: 'Fès',
        },
        facts: facts.session(),
      },
      operator,
      now,
    );
    for (const association of ASSOCIATIONS) {
      driver.run(
        trainingDecider,
        trainingStreamId(ROLLOUT_ID, association.associationId),
        {
          type: 'ReportAttendance',
          data: {
            rolloutId: ROLLOUT_ID,
            associationId: association.associationId,
            sessionId: sessionId(module, session),
            attendance: association.memberIds.map((memberId) => ({
              memberId,
              attended: !absentMemberIds.includes(memberId),
            })),
          },
          facts: facts.attendance(association.associationId, sessionId(module, session)),
        },
        operator,
        now,
      );
    }
  };

  const completionOf = (associationIndex: number, memberIndex: number, module: ModuleCode) => {
    const association = ASSOCIATIONS[associationIndex];
    if (!association) throw new Error(`No association at index ${associationIndex}`);
    return {
      association,
      command: {
        type: 'ReportModuleCompletion' as const,
        data: {
          rolloutId: ROLLOUT_ID,
          associationId: association.associationId,
          memberId: association.memberIds[memberIndex] ?? '',
          module,
          evaluationScore: evaluationScore(associationIndex, memberIndex, MODULES.indexOf(module)),
        },
        facts: facts.moduleCompletion(association.associationId, module),
      },
    };
  };

  /** The operator reports every member's completion of a module, the day after its last session. */
  const completeModule = (module: ModuleCode) => {
    const now = at(dayAfterModule(module), '10:00');
    for (const association of ASSOCIATIONS) {
      for (const memberIndex of range(4)) {
        const { command } = completionOf(association.index, memberIndex, module);
        driver.run(
          trainingDecider,
          trainingStreamId(ROLLOUT_ID, association.associationId),
          command,
          operator,
          now,
        );
      }
    }
  };

  it('7. trains every member in M1 and M2 with full attendance', () => {
    for (const module of ['M1', 'M2'] as const) {
      for (const session of range(4)) holdSession(module, session);
      completeModule(module);
    }

    expect(ofType('SessionHeld')).toHaveLength(8);
    expect(ofType('ModuleCompleted')).toHaveLength(240);
  });

  it('8. refuses M3 to three members who missed its first session while they are below 75%, and completes it once they catch up', () => {
    const absentees = [
      { associationIndex: 3, memberIndex: 1 },
      { associationIndex: 16, memberIndex: 0 },
      { associationIndex: 25, memberIndex: 2 },
    ];
    const absentMemberIds = absentees.map(
      ({ associationIndex, memberIndex }) => ASSOCIATIONS[associationIndex]?.memberIds[memberIndex] ?? '',
    );

    holdSession('M3', 0, absentMemberIds);
    holdSession('M3', 1);
    for (const { associationIndex, memberIndex } of absentees) {
      const { association, command } = completionOf(associationIndex, memberIndex, 'M3');
      given(
        trainingDecider,
        driver.stream(trainingDecider, trainingStreamId(ROLLOUT_ID, association.associationId)),
      )
        .when(command, { now: at(sessionDay('M3', 1), '19:00'), actor: operator })
        .thenRefuses('ATTENDANCE_BELOW_THRESHOLD', 'conflict');
    }
    holdSession('M3', 2);
    holdSession('M3', 3);
    completeModule('M3');

    const caughtUp = ofType('ModuleCompleted').filter(
      (event) => event.data.module === 'M3' && absentMemberIds.includes(event.data.memberId),
    );
    expect(caughtUp.map((event) => [event.data.sessionsAttended, event.data.sessionsHeld])).toEqual([
      [3, 4],
      [3, 4],
      [3, 4],
    ]);
    expect(caughtUp.every((event) => event.data.attendanceRatePercent === 75)).toBe(true);
  });

  it('9. trains M4 to M8; each association completes axis 1 with the completion that finishes its last member', () => {
    for (const module of ['M4', 'M5', 'M6', 'M7', 'M8'] as const) {
      for (const session of range(4)) holdSession(module, session);
      if (module === 'M8') expectPhaseRefused('axis-2-trainers-and-hub', at(sessionDay('M8', 3), '20:00'));
      completeModule(module);
    }
    advanceTo('axis-2-trainers-and-hub', at('2026-07-22'));

    expect(ofType('AxisOneCompleted').map((event) => event.data.associationId)).toEqual(
      ASSOCIATIONS.map((association) => association.associationId),
    );
  });

  it('10. selects 15 trainees by explicit criteria, keeping the trainees’ and the reserve’s reasons and counting the others', () => {
    const [selection] = driver.run(
      trainersDecider,
      trainersStreamId(ROLLOUT_ID),
      {
        type: 'SelectTrainees',
        data: { rolloutId: ROLLOUT_ID, minimumAttendanceRatePercent: 90, minimumEvaluationScore: 70 },
        facts: facts.traineeSelection(),
      },
      ministry,
      at('2026-07-27'),
    );

    if (selection?.type !== 'TraineesSelected') throw new Error('expected TraineesSelected');
    expect(selection.data.selected.map((trainee) => trainee.rank)).toEqual(range(15).map((rank) => rank + 1));
    expect(selection.data.candidates).toBe(120);
    expect(selection.data.selected.length + selection.data.notSelected.count).toBe(120);
    for (const trainee of selection.data.selected) {
      expect(trainee.modulesCompleted).toBe(8);
      expect(trainee.reasons).toEqual([
        'ALL_MODULES_COMPLETED',
        'ATTENDANCE_MET',
        'EVALUATION_MET',
        'RANKED_WITHIN_TARGET',
      ]);
    }
    const { notSelected, reserve } = selection.data;
    expect(notSelected.rankedBeyondTarget + notSelected.ineligible).toBe(105);
    expect(reserve.length).toBe(Math.min(15, notSelected.rankedBeyondTarget));
    expect(reserve.every((candidate) => candidate.reasons.includes('RANKED_BEYOND_TARGET'))).toBe(true);
    // every ineligible candidate failed at least one criterion, so the counts by reason cover them
    const failures = Object.values(notSelected.ineligibleByReason).reduce((sum, count) => sum + count, 0);
    expect(failures).toBeGreaterThanOrEqual(notSelected.ineligible);
  });

  it('11. certifies the trainees after three modules; the hub is established, and the last trainer certified joins it', () => {
    const streamId = trainersStreamId(ROLLOUT_ID);
    const trainees = selectedTrainees(driver.state(trainersDecider, streamId));
    const lateTrainee = trainees.at(-1)?.memberId ?? '';
    const reportModule = (memberId: string, module: 'T1' | 'T2' | 'T3', now: string) =>
      driver.run(
        trainersDecider,
        streamId,
        { type: 'ReportTrainerModuleCompletion', data: { rolloutId: ROLLOUT_ID, memberId, module } },
        operator,
        now,
      );

    TRAINER_MODULES.forEach(({ code }, index) => {
      for (const { memberId } of trainees) {
        if (code === 'T3' && memberId === lateTrainee) continue;
        reportModule(memberId, code, at(plusDays('2026-09-07', index * 14), '17:00'));
      }
    });
    driver.run(
      trainersDecider,
      streamId,
      {
        type: 'EstablishCompetenceHub',
        data: {
          rolloutId: ROLLOUT_ID,
          name: {
            fr: 'Pôle régional de compétences associatives de Fès-Meknès',
            ar: 'قطب الكفاءات الجمعوية لجهة فاس-مكناس',
          },
        },
        facts: facts.hub(),
      },
      ministry,
      at('2026-10-12'),
    );
    advanceTo('axis-3-grants', at('2026-10-13'));
    const lastCertification = reportModule(lateTrainee, 'T3', at('2026-10-26', '17:00'));

    expect(lastCertification.map((event) => event.type)).toEqual([
      'TrainerModuleCompleted',
      'TrainerCertified',
      'HubTrainerAdded',
    ]);
    const hub = competenceHub(driver.state(trainersDecider, streamId));
    expect(hub?.region).toBe('FM');
    expect(new Set(hub?.trainerIds)).toEqual(new Set(trainees.map((trainee) => trainee.memberId)));
  });

  it("12. reaches associations of the region's provinces through the hub's cascade sessions, counted apart from the beneficiaries", () => {
    const hubTrainers =
      competenceHub(driver.state(trainersDecider, trainersStreamId(ROLLOUT_ID)))?.trainerIds ?? [];
    const cascadeAssociation = (number: number) => `assoc-fm-cascade-${pad(number, 3)}`;
    const sessions = [
      { province: 'Sefrou', reached: [1, 2, 3, 4] },
      { province: 'Taza', reached: [5, 6, 7, 8, 9] },
      { province: 'Taounate', reached: [10, 11, 12] },
      { province: 'Boulemane', reached: [13, 14, 15, 16] },
      { province: 'Ifrane', reached: [17, 18, 19] },
      // A beneficiary and an association already reached in Sefrou attend too: neither counts again.
      { province: 'El Hajeb', reached: [20, 21, 22, 1], beneficiary: 'assoc-fm-07' },
      { province: 'Moulay Yacoub', reached: [23, 24, 25, 26] },
    ];

    sessions.forEach((session, index) => {
      const day = plusDays('2026-10-27', index * 4);
      const associationIds = [
        ...session.reached.map(cascadeAssociation),
        ...(session.beneficiary ? [session.beneficiary] : []),
      ];
      driver.run(
        trainersDecider,
        trainersStreamId(ROLLOUT_ID),
        {
          type: 'ReportCascadeSession',
          data: {
            rolloutId: ROLLOUT_ID,
            sessionId: `FM-2026-cascade-${pad(index + 1)}`,
            trainerId: pick(hubTrainers, index * 2),
            province: session.province,
            date: day,
            topic: pick(MODULES, index),
            participantCount: associationIds.length * 3,
            associationIds,
          },
          facts: facts.cascade(),
        },
        operator,
        at(day, '18:00'),
      );
    });

    const enrolledIds = ASSOCIATIONS.map((association) => association.associationId);
    const cascadeReach = reach(driver.state(trainersDecider, trainersStreamId(ROLLOUT_ID)), enrolledIds);
    expect(cascadeReach).toMatchObject({
      directAssociations: 30,
      cascadeAssociations: 26,
      cascadeSessions: 7,
    });
    expect(Object.keys(cascadeReach.cascadeAssociationsByProvince)).toHaveLength(7);
    const [withBeneficiary] = ofType('CascadeSessionReported').filter(
      (event) => event.data.beneficiaryAssociationIds.length > 0,
    );
    expect(withBeneficiary?.data.beneficiaryAssociationIds).toEqual(['assoc-fm-07']);
  });

  // Axis 3 (illustrative amounts): each grant 40,000 MAD, by decision (circular 7/2003: at most
  // 50,000 MAD), 30,000 from the ministry and 10,000 from the Regional Council, in two tranches.
  const MINISTRY_FUNDER = 'cofunder-ministry';
  const COUNCIL_FUNDER = 'cofunder-conseil-regional-fm';
  const GRANT = 4_000_000;

  it('13. awards a grant by decision to each association that completed training, within the co-funders’ budgets', () => {
    const streamId = grantsStreamId(ROLLOUT_ID);
    const commit = (coFunderId: string, name: { fr: string; ar: string }, amount: number) =>
      driver.run(
        grantsDecider,
        streamId,
        { type: 'CommitCoFunderBudget', data: { rolloutId: ROLLOUT_ID, coFunderId, name, amount } },
        ministry,
        at('2026-11-25'),
      );
    commit(
      MINISTRY_FUNDER,
      {
        fr: 'Ministère délégué chargé des Relations avec le Parlement',
        ar: 'الوزارة المنتدبة المكلفة بالعلاقات مع البرلمان',
      },
      90_000_000,
    );
    commit(COUNCIL_FUNDER, { fr: 'Conseil de la région Fès-Meknès', ar: 'مجلس جهة فاس-مكناس' }, 45_000_000);

    for (const association of ASSOCIATIONS) {
      driver.run(
        grantsDecider,
        streamId,
        {
          type: 'AwardGrant',
          data: {
            rolloutId: ROLLOUT_ID,
            associationId: association.associationId,
            amount: GRANT,
            ...grantPurpose,
            funding: [
              { coFunderId: MINISTRY_FUNDER, amount: 3_000_000 },
              { coFunderId: COUNCIL_FUNDER, amount: 1_000_000 },
            ],
            tranches: [
              {
                amount: 2_400_000,
                releaseConditions: [
                  {
                    evidence: 'attendance-report',
                    label: { fr: "Rapport d'assiduité de l'axe 1", ar: 'تقرير الحضور في المحور الأول' },
                  },
                ],
              },
              {
                amount: 1_600_000,
                releaseConditions: [
                  {
                    evidence: 'interim-report',
                    label: { fr: 'Rapport intermédiaire de mise en œuvre', ar: 'تقرير مرحلي عن التنفيذ' },
                  },
                ],
              },
            ],
          },
          facts: facts.award(association.associationId),
        },
        ministry,
        at('2026-11-30'),
      );
    }

    const grants = driver.state(grantsDecider, streamId);
    expect(grantsInOrder(grants).map((grant) => grant.instrument.kind)).toEqual(
      range(30).map(() => 'decision'),
    );
    expect(
      coFunderLedger(grants).map(({ coFunderId, awarded, remaining }) => [coFunderId, awarded, remaining]),
    ).toEqual([
      [MINISTRY_FUNDER, 90_000_000, 0],
      [COUNCIL_FUNDER, 30_000_000, 15_000_000],
    ]);
  });

  it('14. releases every tranche requested, approved and paid by three different finance officers', () => {
    const streamId = grantsStreamId(ROLLOUT_ID);
    const grantIdOf = (associationId: string) =>
      grantOfAssociation(driver.state(grantsDecider, streamId), associationId)?.grantId ?? '';
    const tranche = (associationId: string, trancheNumber: number) => ({
      rolloutId: ROLLOUT_ID,
      grantId: grantIdOf(associationId),
      trancheNumber,
    });
    const evidenceOf = (trancheNumber: number) =>
      trancheNumber === 1 ? ('attendance-report' as const) : ('interim-report' as const);
    const request = (associationIndex: number, trancheNumber: number, now: string) => {
      const { associationId } = ASSOCIATIONS[associationIndex] ?? { associationId: '' };
      driver.run(
        grantsDecider,
        streamId,
        {
          type: 'RequestTranche',
          data: {
            ...tranche(associationId, trancheNumber),
            evidence: [
              {
                evidence: evidenceOf(trancheNumber),
                documentId: `doc-${associationId}-t${trancheNumber}-${now.slice(0, 10)}`,
              },
            ],
          },
        },
        pick(preparers, associationIndex),
        now,
      );
    };
    const rejectedOnce = ASSOCIATIONS[4]?.associationId ?? '';

    for (const [trancheNumber, requestDay] of [
      [1, '2026-12-01'],
      [2, '2027-03-01'],
    ] as const) {
      for (const association of ASSOCIATIONS) request(association.index, trancheNumber, at(requestDay));
      for (const association of ASSOCIATIONS) {
        const data = tranche(association.associationId, trancheNumber);
        if (trancheNumber === 1 && association.associationId === rejectedOnce) {
          driver.run(
            grantsDecider,
            streamId,
            {
              type: 'RejectTranche',
              data: {
                ...data,
                reason: { fr: "Rapport d'assiduité illisible", ar: 'تقرير الحضور غير مقروء' },
              },
            },
            approvers[0] as Actor,
            at(plusDays(requestDay, 2)),
          );
          continue;
        }
        driver.run(
          grantsDecider,
          streamId,
          { type: 'ApproveTranche', data },
          pick(approvers, association.index),
          at(plusDays(requestDay, 2)),
        );
      }
      if (trancheNumber === 1) {
        request(4, 1, at(plusDays(requestDay, 3)));
        driver.run(
          grantsDecider,
          streamId,
          { type: 'ApproveTranche', data: tranche(rejectedOnce, 1) },
          approvers[1] as Actor,
          at(plusDays(requestDay, 4)),
        );
        // The approver of a tranche, even holding the payer's role, may not pay it.
        given(grantsDecider, driver.stream(grantsDecider, streamId))
          .when(
            {
              type: 'PayTranche',
              data: { ...tranche(rejectedOnce, 1), paymentReference: 'pay-FM-2026-attempt' },
              facts: facts.payment(grantIdOf(rejectedOnce)),
            },
            {
              now: at(plusDays(requestDay, 5)),
              actor: { id: approvers[1]?.id ?? '', role: 'finance-payer' },
            },
          )
          .thenRefuses('FINANCE_STEPS_BY_SAME_PERSON', 'forbidden');
      }
      for (const association of ASSOCIATIONS) {
        const data = tranche(association.associationId, trancheNumber);
        driver.run(
          grantsDecider,
          streamId,
          {
            type: 'PayTranche',
            data: { ...data, paymentReference: `pay-${association.associationId}-t${trancheNumber}` },
            facts: facts.payment(data.grantId),
          },
          payer,
          at(plusDays(requestDay, 7)),
        );
      }
    }

    const grants = grantsInOrder(driver.state(grantsDecider, streamId));
    expect(grants.every((grant) => paidOfGrant(grant) === grant.amount)).toBe(true);
    expect(ofType('TrancheRejected')).toHaveLength(1);
    expect(ofType('TranchePaid')).toHaveLength(60);
  });

  it('15. closes the rollout with its figures against the targets', () => {
    const [completed] = driver.run(
      rolloutDecider,
      ROLLOUT_ID,
      { type: 'CompleteRollout', data: {}, facts: facts.completion() },
      workflow,
      at('2027-03-15'),
    );

    expect(completed?.type).toBe('RolloutCompleted');
    expect(driver.state(rolloutDecider, ROLLOUT_ID).status).toBe('closed');
  });

  describe('in the end', () => {
    it('meets every target: 30 associations, 120 members, 15 certified trainers, grants paid as awarded', () => {
      const rollout = driver.state(rolloutDecider, ROLLOUT_ID);
      if (rollout.status === 'not-launched') throw new Error('expected a launched rollout');

      expect(rollout.status).toBe('closed');
      expect(rollout.figures).toEqual({
        associationsEnrolled: rollout.targets.associations,
        membersEnrolled: rollout.targets.associations * rollout.targets.membersPerAssociation,
        associationsCompletedAxisOne: 30,
        membersCompletedAxisOne: 120,
        trainersCertified: rollout.targets.trainers,
        cascadeAssociationsReached: 26,
        grantsAwarded: 30,
        grantsAwardedCentimes: 30 * GRANT,
        grantsPaidCentimes: 30 * GRANT,
      });
      expect(facts.figures()).toEqual(rollout.figures);
      const figures = rollout.figures;
      expect(
        (figures?.associationsEnrolled ?? 0) + (figures?.cascadeAssociationsReached ?? 0),
      ).toBeLessThanOrEqual(rollout.targets.horizon);
    });

    it('has every member of every association complete all eight modules', () => {
      for (const association of ASSOCIATIONS) {
        const training = driver.state(
          trainingDecider,
          trainingStreamId(ROLLOUT_ID, association.associationId),
        );
        expect(hasCompletedAxisOne(training)).toBe(true);
        for (const memberId of association.memberIds)
          expect(completedModulesOf(training, memberId)).toEqual(MODULES);
      }
    });

    it('counts the cascade reach apart from the beneficiaries', () => {
      const reached = ofType('CascadeSessionReported').flatMap((event) => event.data.associationIds);
      const beneficiaries = new Set(ASSOCIATIONS.map((association) => association.associationId));
      expect(reached.length).toBeGreaterThan(0);
      expect(reached.filter((associationId) => beneficiaries.has(associationId))).toEqual([]);
    });

    it('entered every phase in order, each on its fact', () => {
      const advanced = ofType('RolloutPhaseAdvanced').map((event) => [
        event.data.from,
        event.data.to,
        event.data.condition,
      ]);
      expect(advanced).toEqual(
        ROLLOUT_PHASES.slice(1, -1).map((to, index) => [
          ROLLOUT_PHASES[index],
          to,
          PHASE_ENTRY_CONDITIONS[to],
        ]),
      );
      expect(ofType('RolloutCompleted')).toHaveLength(1);
    });

    it('kept every grant within its co-funders’ budgets, paid as awarded, each tranche by three people', () => {
      const ledger = coFunderLedger(driver.state(grantsDecider, grantsStreamId(ROLLOUT_ID)));
      for (const line of ledger) {
        expect(line.awarded).toBeLessThanOrEqual(line.committed);
        expect(line.paid).toBe(line.awarded);
      }
      const key = (event: { data: { grantId: string; trancheNumber: number } }) =>
        `${event.data.grantId}#${event.data.trancheNumber}`;
      const lastBy = <T extends { data: { grantId: string; trancheNumber: number } }>(events: readonly T[]) =>
        new Map(events.map((event) => [key(event), event]));
      const requests = lastBy(ofType('TrancheRequested'));
      const approvals = lastBy(ofType('TrancheApproved'));
      for (const paid of ofType('TranchePaid')) {
        const people = [
          requests.get(key(paid))?.data.preparerId,
          approvals.get(key(paid))?.data.approverId,
          paid.data.payerId,
        ];
        expect(new Set(people).size, key(paid)).toBe(3);
      }
    });

    it('wrote only events that the catalog accepts', () => {
      const events = driver.allEvents();
      expect(events.length).toBeGreaterThan(5000);
      const rejected = events.flatMap((event) => {
        try {
          encodeEvent(event);
          return [];
        } catch (error) {
          return [{ type: event.type, error: String(error) }];
        }
      });
      expect(rejected).toEqual([]);
    });
  });
});
