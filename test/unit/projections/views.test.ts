import { describe, expect, it } from 'vitest';
import { visibleScores } from '../../../functions/domain/committee/committee.js';
import { coFunderLedger, ledgerTotals } from '../../../functions/domain/grants/grants.js';
import { auditKey, auditProjection, auditRegion } from '../../../functions/projections/audit.js';
import { callProjection } from '../../../functions/projections/call.js';
import { funnelFigures, funnelProjection, funnelStages } from '../../../functions/projections/funnel.js';
import { grantLedgerProjection } from '../../../functions/projections/grant-ledger.js';
import { NATIONAL_KEY, nationalProjection } from '../../../functions/projections/national.js';
import { foldAll, toProjectedEvent } from '../../../functions/projections/projection.js';
import { trainersProjection, trainersReach } from '../../../functions/projections/trainers.js';
import { associationProgress, trainingProjection } from '../../../functions/projections/training.js';
import { InMemoryEventStore } from '../../../functions/store/in-memory.js';
import {
  ASSOC_A,
  ASSOC_B,
  appendScenario,
  CALL,
  CO_FUNDER,
  countingIds,
  GRANT,
  ROLLOUT,
  readAllGlobal,
  steppingClock,
} from '../../support/projection-scenario.js';

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
