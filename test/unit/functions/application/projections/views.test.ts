import { describe, expect, it } from 'vitest';
import { InMemoryEventStore } from '../../../../../functions/adapters/in-memory/event-store.js';
import {
  auditKey,
  auditProjection,
  auditRegion,
} from '../../../../../functions/application/projections/audit.js';
import { callProjection } from '../../../../../functions/application/projections/call.js';
import {
  funnelFigures,
  funnelProjection,
  funnelStages,
} from '../../../../../functions/application/projections/funnel.js';
import { grantLedgerProjection } from '../../../../../functions/application/projections/grant-ledger.js';
import {
  NATIONAL_KEY,
  nationalProjection,
} from '../../../../../functions/application/projections/national.js';
import { foldAll, toProjectedEvent } from '../../../../../functions/application/projections/projection.js';
import {
  trainersProjection,
  trainersReach,
} from '../../../../../functions/application/projections/trainers.js';
import {
  associationProgress,
  trainingProjection,
} from '../../../../../functions/application/projections/training.js';
import { visibleScores } from '../../../../../functions/domain/committee/committee.js';
import { coFunderLedger, ledgerTotals } from '../../../../../functions/domain/grants/grants.js';
import {
  ASSOC_A,
  ASSOC_B,
  ASSOC_C,
  appendScenario,
  CALL,
  CO_FUNDER,
  countingIds,
  GRANT,
  ROLLOUT,
  readAllGlobal,
  steppingClock,
} from '../../../../support/projection-scenario.js';

const scenarioEvents = async () => {
  const store = new InMemoryEventStore({ clock: steppingClock(), newId: countingIds() });
  await appendScenario(store);
  return (await readAllGlobal(store)).map(toProjectedEvent);
};

describe('read models, given the events of a rollout', () => {
  it('counts the region funnel against the targets', async () => {
    // Prepare
    const events = await scenarioEvents();
    // Act
    const funnel = foldAll(funnelProjection, events).get(ROLLOUT)?.view;
    // Assess
    expect(funnel?.standing).toMatchObject({
      regionCode: 'FM',
      edition: '2026',
      status: 'active',
      phase: 'launch',
    });
    expect(funnel && funnelFigures(funnel)).toEqual({
      associationsEnrolled: 2,
      membersEnrolled: 4,
      associationsCompletedAxisOne: 1,
      membersCompletedAxisOne: 2,
      trainersCertified: 1,
      cascadeAssociationsReached: 2,
      grantsAwarded: 1,
      grantsAwardedCentimes: 3_000_000,
      grantsPaidCentimes: 2_000_000,
    });
    const stages = Object.fromEntries(
      (funnel ? funnelStages(funnel) : []).map((stage) => [stage.stage, stage]),
    );
    expect(stages['applications-received']).toEqual({
      stage: 'applications-received',
      actual: 3,
      target: null,
      targetKind: null,
      notRecorded: null,
    });
    expect(stages['applications-eligible']?.actual).toBe(2);
    expect(stages['associations-selected']).toMatchObject({
      actual: 2,
      target: 30,
      targetKind: 'target',
      notRecorded: null,
    });
    expect(stages['members-enrolled']).toMatchObject({ actual: 4, target: 120 });
    expect(stages['modules-completed']).toMatchObject({ actual: 3, target: 960 });
    expect(stages['cascade-associations-reached']).toMatchObject({
      actual: 2,
      target: 570,
      targetKind: 'horizon',
    });
  });

  it('marks the application and selection stages not recorded when associations were enrolled directly', async () => {
    // Given the rollout's events without its call for beneficiary associations (no call, committee or selection)
    const events = (await scenarioEvents()).filter((event) => !event.streamId.endsWith(CALL));
    // When the funnel is counted
    const funnel = foldAll(funnelProjection, events).get(ROLLOUT)?.view;
    const stages = funnel ? funnelStages(funnel) : [];
    // Then the first three stages say why they hold nothing, and the enrolment is counted as it is
    expect(stages.map((stage) => [stage.stage, stage.actual, stage.notRecorded]).slice(0, 4)).toEqual([
      ['applications-received', 0, 'enrolled-directly'],
      ['applications-eligible', 0, 'enrolled-directly'],
      ['associations-selected', 0, 'enrolled-directly'],
      ['associations-enrolled', 2, null],
    ]);
  });

  it('routes call and committee events to the call, by the stream head when the event does not name its rollout', async () => {
    // Prepare
    const events = await scenarioEvents();
    // Act
    const documents = foldAll(callProjection, events);
    const call = documents.get(CALL)?.view;
    // Assess: the conflicted member sees no score of the file they declared a conflict on
    expect(call?.call.status).toBe('closed');
    expect(call?.committee.status).toBe('published');
    expect(call && visibleScores(call.committee, 'judge-2').map((sheet) => sheet.applicationId)).toEqual([
      'application-2',
      'application-2',
    ]);
    expect(call && visibleScores(call.committee, 'judge-1')).toHaveLength(3);
    expect(call?.publication?.minutes).toEqual({ fr: 'doc-pv-fr', ar: 'doc-pv-ar' });
  });

  it('shows training progress per association and member, with the training decider’s figures', async () => {
    // Prepare
    const events = await scenarioEvents();
    // Act
    const view = foldAll(trainingProjection, events).get(ROLLOUT)?.view;
    const progress = view ? associationProgress(view) : [];
    // Assess
    expect(
      progress.map((association) => [
        association.associationId,
        association.modulesCompleted,
        association.axisOneCompleted,
      ]),
    ).toEqual([
      [ASSOC_A, 2, true],
      [ASSOC_B, 1, false],
    ]);
    // attendance records are not kept in the view: completions carry the sessions held and attended
    expect(view && Object.values(view.associations).flatMap((training) => training.attendance)).toEqual([]);
    expect(events.some((event) => event.type === 'AttendanceRecorded')).toBe(true);
    expect(progress[1]?.members).toEqual([
      {
        memberId: 'member-b1',
        trainingTopic: 'M1',
        modulesCompleted: ['M1'],
        attendanceRatePercent: 100,
        evaluationScore: 80,
      },
      {
        memberId: 'member-b2',
        trainingTopic: 'M1',
        modulesCompleted: [],
        attendanceRatePercent: 0,
        evaluationScore: null,
      },
    ]);
  });

  it('counts direct and cascade reach apart, as the funnel does', async () => {
    // Prepare
    const events = await scenarioEvents();
    // Act
    const trainers = foldAll(trainersProjection, events).get(ROLLOUT)?.view;
    const funnel = foldAll(funnelProjection, events).get(ROLLOUT)?.view;
    // Assess
    expect(trainers && trainersReach(trainers)).toMatchObject({
      directAssociations: 2,
      cascadeAssociations: 2,
      cascadeSessions: 1,
      cascadeParticipants: 12,
    });
    expect(trainers && trainersReach(trainers).cascadeAssociations).toBe(
      funnel && funnelFigures(funnel).cascadeAssociationsReached,
    );
  });

  it('keeps the grant ledger per co-funder with the grants decider’s queries', async () => {
    // Prepare
    const events = await scenarioEvents();
    // Act
    const ledger = foldAll(grantLedgerProjection, events).get(ROLLOUT)?.view;
    // Assess
    expect(ledger && coFunderLedger(ledger.grants)).toEqual([
      {
        coFunderId: CO_FUNDER,
        name: { fr: 'Ministère', ar: 'الوزارة' },
        committed: 10_000_000,
        awarded: 3_000_000,
        paid: 2_000_000,
        paidOut: 2_000_000,
        refunded: 0,
        remaining: 7_000_000,
      },
    ]);
    expect(ledger && ledgerTotals(ledger.grants).paid).toBe(2_000_000);
    expect(
      ledger?.payments.map((payment) => [payment.grantId, payment.trancheNumber, payment.amount]),
    ).toEqual([[GRANT, 1, 2_000_000]]);
    expect(ledger?.associations[ASSOC_A]?.province).toBe('Sefrou');
  });

  it('lists every rollout in the national directory', async () => {
    // Prepare
    const events = await scenarioEvents();
    // Act
    const national = foldAll(nationalProjection, events).get(NATIONAL_KEY)?.view;
    // Assess
    expect(Object.keys(national?.rollouts ?? {})).toEqual([ROLLOUT]);
    expect(national?.rollouts[ROLLOUT]?.targets?.associations).toBe(30);
  });

  it('keeps the audit trail of an entity: who, what, when, why, correlation id', async () => {
    // Prepare
    const events = await scenarioEvents();
    // Act
    const documents = foldAll(auditProjection, events);
    const trail = documents.get(auditKey('association', 'assoc-fm-ifrane-3'))?.view;
    // Assess
    expect(trail?.entries.map((entry) => [entry.type, entry.actor.role, entry.why])).toEqual([
      ['ApplicationSubmitted', 'partner', null],
      ['ApplicationRefused', 'system', 'ineligible'],
      ['CascadeSessionReported', 'partner', null],
    ]);
    expect(trail?.entries[1]?.correlationId).toBe('correlation-6');
    expect(trail && auditRegion(trail)).toBe('FM');
    expect(documents.get(auditKey('stream', ROLLOUT))?.view.entries.map((entry) => entry.type)).toEqual([
      'RolloutLaunched',
    ]);
    expect(documents.has('member:member-a1')).toBe(false);
  });

  it("gives the grounds of the rollout's decisions whose events record no reason: rank, counts, instrument", async () => {
    // Given the events of a rollout
    const events = await scenarioEvents();
    // When its trail is kept
    const trail = foldAll(auditProjection, events).get(auditKey('rollout', ROLLOUT))?.view;
    const why = (type: string) =>
      trail?.entries.filter((entry) => entry.type === type).map((entry) => entry.why);
    // Then each decision says what made it, in figures
    expect(why('CallClosed')).toEqual([
      { code: 'call-closed', values: { received: 3, refused: 1, eligible: 2 } },
    ]);
    expect(why('AssociationSelected')).toEqual([
      { code: 'ranked', values: { rank: 1, weightedAverage: 16 } },
      { code: 'ranked', values: { rank: 2, weightedAverage: 13 } },
    ]);
    expect(why('GrantAwarded')).toEqual([{ code: 'instrument-decision', values: { threshold: 5_000_000 } }]);
  });
});

describe('read models, given corrections (ADR 0082)', () => {
  const reason = { fr: 'Feuille de présence mal saisie', ar: 'ورقة حضور أدخلت خطأ' };
  const corrections = async () => {
    const store = new InMemoryEventStore({ clock: steppingClock(), newId: countingIds() });
    await appendScenario(store);
    await store.append({
      streamId: `training-${ROLLOUT}-${ASSOC_B}`,
      expectedVersion: 'any',
      events: [
        {
          type: 'AttendanceCorrected',
          schemaVersion: 1,
          data: {
            rolloutId: ROLLOUT,
            associationId: ASSOC_B,
            sessionId: 'session-m1-1',
            module: 'M1',
            memberId: 'member-b1',
            recorded: true,
            attended: false,
            reason,
          },
        },
        {
          type: 'ModuleCompletionWithdrawn',
          schemaVersion: 1,
          data: {
            rolloutId: ROLLOUT,
            associationId: ASSOC_B,
            memberId: 'member-b1',
            module: 'M1',
            cause: 'attendance-corrected',
            attendance: {
              sessionsHeld: 1,
              sessionsAttended: 0,
              attendanceRatePercent: 0,
              thresholdPercent: 75,
            },
            reason,
          },
        },
      ],
      metadata: { actor: { id: 'coord-fm', role: 'coordinator' }, correlationId: 'c-1', causationId: null },
    });
    return (await readAllGlobal(store)).map(toProjectedEvent);
  };

  it('take a withdrawn completion out of the member’s progress', async () => {
    // Prepare
    const events = await corrections();
    // Act
    const view = foldAll(trainingProjection, events).get(ROLLOUT)?.view;
    const progress = view ? associationProgress(view) : [];
    // Assess
    expect(progress.map((association) => [association.associationId, association.modulesCompleted])).toEqual([
      [ASSOC_A, 2],
      [ASSOC_B, 0],
    ]);
    expect(progress[1]?.members[0]).toEqual({
      memberId: 'member-b1',
      trainingTopic: 'M1',
      modulesCompleted: [],
      attendanceRatePercent: 0,
      evaluationScore: null,
    });
  });

  it('count the modules completed in the funnel net of the withdrawn one', async () => {
    // Prepare
    const before = foldAll(funnelProjection, await scenarioEvents()).get(ROLLOUT)?.view;
    // Act
    const after = foldAll(funnelProjection, await corrections()).get(ROLLOUT)?.view;
    // Assess
    expect([before?.modulesCompleted, after?.modulesCompleted]).toEqual([3, 2]);
  });

  it('show the correction in the association’s trail with its reason and who made it', async () => {
    // Prepare
    const events = await corrections();
    // Act
    const trail = foldAll(auditProjection, events).get(auditKey('association', ASSOC_B))?.view;
    // Assess
    expect(
      trail?.entries
        .filter((entry) => entry.type === 'AttendanceCorrected' || entry.type === 'ModuleCompletionWithdrawn')
        .map((entry) => [entry.type, entry.actor.role, entry.why]),
    ).toEqual([
      ['AttendanceCorrected', 'coordinator', reason],
      ['ModuleCompletionWithdrawn', 'coordinator', reason],
    ]);
  });
});

describe('read models, given an application corrected (ADR 0082)', () => {
  it('count the file judged again in the funnel and the call view', async () => {
    // Prepare: application-3 (refused as ineligible) is corrected and becomes eligible
    const store = new InMemoryEventStore({ clock: steppingClock(), newId: countingIds() });
    await appendScenario(store);
    await store.append({
      streamId: `call-${CALL}`,
      expectedVersion: 'any',
      events: [
        {
          type: 'ApplicationCorrected',
          schemaVersion: 1,
          data: {
            callId: CALL,
            applicationId: 'application-3',
            associationId: ASSOC_C,
            associationName: { fr: 'Association Ifrane Verte', ar: 'جمعية Association Ifrane Verte' },
            province: 'Ifrane',
            declaredFacts: { 'final-receipt': true },
            receivedAt: '2026-01-20T10:00:00.000Z',
            correctedFields: ['declaredFacts'],
            previousRefusal: 'ineligible',
            refusal: null,
            reason: { fr: 'Récépissé non coché à la saisie', ar: 'الوصل لم يؤشر عليه عند الإدخال' },
          },
        },
      ],
      metadata: { actor: { id: 'coord-fm', role: 'coordinator' }, correlationId: 'c-2', causationId: null },
    });
    const events = (await readAllGlobal(store)).map(toProjectedEvent);
    // Act
    const funnel = foldAll(funnelProjection, events).get(ROLLOUT)?.view;
    const call = foldAll(callProjection, events).get(CALL)?.view;
    // Assess
    const stages = Object.fromEntries(
      (funnel ? funnelStages(funnel) : []).map((stage) => [stage.stage, stage]),
    );
    expect([stages['applications-received']?.actual, stages['applications-eligible']?.actual]).toEqual([
      3, 3,
    ]);
    expect(
      call?.call.status !== 'not-opened' &&
        call?.call.applications.map((application) => [application.applicationId, application.refusal]),
    ).toEqual([
      ['application-1', null],
      ['application-2', null],
      ['application-3', null],
    ]);
  });
});

describe('read models, given a payment record corrected (ADR 0082)', () => {
  it('date the payment in the ledger at its corrected value date', async () => {
    // Prepare
    const store = new InMemoryEventStore({ clock: steppingClock(), newId: countingIds() });
    await appendScenario(store);
    await store.append({
      streamId: `grants-${ROLLOUT}`,
      expectedVersion: 'any',
      events: [
        {
          type: 'TranchePaymentCorrected',
          schemaVersion: 1,
          data: {
            rolloutId: ROLLOUT,
            grantId: GRANT,
            associationId: ASSOC_A,
            trancheNumber: 1,
            paymentReference: 'pay-0001',
            paidAt: '2025-12-30T10:00:00.000Z',
            previous: { paymentReference: 'pay-0001', paidAt: null },
            reason: { fr: 'Date de valeur du virement', ar: 'تاريخ قيمة التحويل' },
          },
        },
      ],
      metadata: {
        actor: { id: 'finance-pay', role: 'finance-payer' },
        correlationId: 'c-3',
        causationId: null,
      },
    });
    const events = (await readAllGlobal(store)).map(toProjectedEvent);
    // Act
    const ledger = foldAll(grantLedgerProjection, events).get(ROLLOUT)?.view;
    // Assess
    expect(
      ledger?.payments.map((payment) => [
        payment.grantId,
        payment.trancheNumber,
        payment.amount,
        payment.paidAt,
      ]),
    ).toEqual([[GRANT, 1, 2_000_000, '2025-12-30T10:00:00.000Z']]);
  });
});
