import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Actor } from '../../../events/envelope.js';
import { DynamoDbNotificationLedger } from '../../../functions/adapters/dynamodb/notification-ledger.js';
import { DynamoDbPersonalDataVault } from '../../../functions/adapters/dynamodb/personal-data.js';
import { DynamoDbRecipientDirectory } from '../../../functions/adapters/dynamodb/recipients.js';
import { NOTIFICATIONS_TARGET } from '../../../functions/application/bus/rules.js';
import { NotificationConsumer } from '../../../functions/application/notifications/consumer.js';
import { callDecider, callFacts, callStreamId } from '../../../functions/domain/call/call.js';
import { committeeDecider, committeeStreamId } from '../../../functions/domain/committee/committee.js';
import { MailOutbox } from '../../../local/mail-outbox.js';
import {
  act,
  loadStream,
  typesOf,
  type WorkflowMachine,
  workflowLab,
} from '../../support/workflow-harness.js';
import { advanceDays, ministry } from '../../support/workflow-rollout-script.js';

// The national call for the operator of the contact and support centre, run by its own workflow
// over the same call and committee machinery as a region's operator call.

const CALL_ID = 'contact-centre-2026';
const applicant: Actor = { id: 'partner-applicant', role: 'partner' };
const member = (id: string): Actor => ({ id, role: 'committee-member' });
const MEMBERS = ['committee-1', 'committee-2', 'committee-3'];
const CONFLICTED = 'committee-3';
const APPLICANTS = ['assoc-cc-amal', 'assoc-cc-nour'];
const bilingual = (text: string) => ({ fr: text, ar: `${text} (ar)` });
const inDays = (machine: WorkflowMachine, count: number): string =>
  new Date(Date.parse(machine.services.clock()) + count * 86_400_000).toISOString();

const { freshMachine } = workflowLab();

const execution = (machine: WorkflowMachine) => machine.executor.describe('contact-centre-call', CALL_ID);
const waitingIn = async (machine: WorkflowMachine) => (await execution(machine))?.waitingIn ?? null;

const startCallWorkflow = (machine: WorkflowMachine) =>
  machine.executor.startExecution('contact-centre-call', CALL_ID, { callId: CALL_ID });

/** The ministry opens the national call with a deadline; two associations apply. */
const openCallWithApplications = async (machine: WorkflowMachine, deadlineDays: number): Promise<void> => {
  await act(machine, callDecider, callStreamId(CALL_ID), ministry, {
    type: 'OpenCall',
    data: {
      callId: CALL_ID,
      purpose: 'contact-centre-operator',
      title: bilingual('Centre de contact et de soutien'),
      deadline: inDays(machine, deadlineDays),
      eligibilityRules: [],
    },
  });
  for (const associationId of APPLICANTS) {
    await act(machine, callDecider, callStreamId(CALL_ID), applicant, {
      type: 'SubmitApplication',
      data: {
        callId: CALL_ID,
        associationId,
        associationName: bilingual(associationId),
        province: 'Rabat',
        declaredFacts: {},
      },
    });
  }
  await machine.propagate();
};

const callFactsNow = async (machine: WorkflowMachine) => ({
  call: callFacts((await loadStream(machine.services.store, callStreamId(CALL_ID), callDecider)).state),
});

/** The committee: a member declares a conflict on one file; the others score, rank, select, publish. */
const committeeSelectsAndPublishes = async (machine: WorkflowMachine, appealWindowDays: number) => {
  const streamId = committeeStreamId(CALL_ID);
  await act(machine, committeeDecider, streamId, ministry, {
    type: 'AppointCommittee',
    data: {
      callId: CALL_ID,
      memberIds: MEMBERS,
      chairId: 'committee-1',
      quorum: 2,
      scoringGrid: [{ criterionId: 'experience', label: bilingual('Expérience'), weight: 1, maxScore: 20 }],
    },
    facts: await callFactsNow(machine),
  });
  const facts = await callFactsNow(machine);
  const applications = facts.call?.applications ?? [];
  const conflictedFile = applications[0]?.applicationId ?? '';
  await act(machine, committeeDecider, streamId, member(CONFLICTED), {
    type: 'DeclareConflict',
    data: { callId: CALL_ID, applicationId: conflictedFile },
    facts,
  } as never);
  for (const memberId of MEMBERS) {
    for (const [index, application] of applications.entries()) {
      if (memberId === CONFLICTED && application.applicationId === conflictedFile) continue;
      await act(machine, committeeDecider, streamId, member(memberId), {
        type: 'SubmitScores',
        data: {
          callId: CALL_ID,
          applicationId: application.applicationId,
          scores: [{ criterionId: 'experience', score: 18 - index }],
        },
        facts,
      });
    }
  }
  await act(machine, committeeDecider, streamId, member('committee-1'), {
    type: 'RankApplications',
    data: { callId: CALL_ID },
    facts,
  });
  await act(machine, committeeDecider, streamId, member('committee-1'), {
    type: 'SelectAssociations',
    data: { callId: CALL_ID },
  });
  await act(machine, committeeDecider, streamId, ministry, {
    type: 'PublishSelection',
    data: {
      callId: CALL_ID,
      appealWindowEndsAt: inDays(machine, appealWindowDays),
      minutes: { fr: 'doc-pv-cc-fr', ar: 'doc-pv-cc-ar' },
    },
  });
  await machine.propagate();
};

describe('the contact-centre call workflow, run locally on dynalite', () => {
  it('runs the national call and its committee to the choice of the operator', async () => {
    // Prepare
    const machine = await freshMachine();
    const first = await startCallWorkflow(machine);
    const second = await startCallWorkflow(machine);
    await machine.propagate();
    expect([first.started, second.started]).toEqual([true, false]);
    expect(await waitingIn(machine)).toBe('AwaitCallOpening');
    // Act: the call opens with a deadline in 30 days and receives two files
    await openCallWithApplications(machine, 30);
    // Assess: the workflow waits for the deadline, and the call is still open the day before
    expect(await waitingIn(machine)).toBe('WaitForCallDeadline');
    await advanceDays(machine, 29);
    expect(await typesOf(machine, callStreamId(CALL_ID))).not.toContain('CallClosed');
    // Act: the deadline passes on the clock
    await advanceDays(machine, 2);
    // Assess: the workflow closed the call, and waits for the committee
    expect((await typesOf(machine, callStreamId(CALL_ID))).at(-1)).toBe('CallClosed');
    expect(await waitingIn(machine)).toBe('AwaitCommitteeDecision');
    // Act: the committee decides and publishes with a 15-day appeal window; an applicant appeals
    await committeeSelectsAndPublishes(machine, 15);
    expect(await waitingIn(machine)).toBe('WaitForAppealWindowToEnd');
    await act(machine, committeeDecider, committeeStreamId(CALL_ID), applicant, {
      type: 'LodgeAppeal',
      data: { callId: CALL_ID, associationId: APPLICANTS[1] ?? '', groundsDocumentId: 'doc-appeal-cc' },
      facts: await callFactsNow(machine),
    });
    await advanceDays(machine, 16);
    // Assess: the window is over, the appeal is not decided: the workflow waits for it
    expect(await waitingIn(machine)).toBe('AwaitAppealDecisions');
    // Act: the appeal is dismissed
    const committee = (await loadStream(machine.services.store, committeeStreamId(CALL_ID), committeeDecider))
      .state as { appeals?: readonly { appealId: string }[] };
    await act(machine, committeeDecider, committeeStreamId(CALL_ID), ministry, {
      type: 'DecideAppeal',
      data: {
        callId: CALL_ID,
        appealId: committee.appeals?.[0]?.appealId ?? '',
        outcome: 'dismissed',
        reason: bilingual('Motifs non fondés'),
      },
    });
    await machine.propagate();
    // Assess: the operator is chosen; the committee's events in order
    const ended = await execution(machine);
    expect(ended?.record.status).toBe('SUCCEEDED');
    expect(ended?.waitingIn).toBeNull();
    expect(await typesOf(machine, committeeStreamId(CALL_ID))).toEqual([
      'CommitteeAppointed',
      'ConflictDeclared',
      // three members, two files, one conflicted: five score sheets
      ...Array.from({ length: 5 }, () => 'ApplicationScored'),
      'ApplicationsRanked',
      'AssociationSelected',
      'ContactCentreOperatorSelected',
      'SelectionPublished',
      'AppealLodged',
      // two days before the window closes; the applicant that appealed is not reminded
      'AppealWindowClosingReminded',
      'AppealDecided',
    ]);
    expect(await typesOf(machine, callStreamId(CALL_ID))).toEqual([
      'CallOpened',
      'ApplicationSubmitted',
      'ApplicationSubmitted',
      'CallClosed',
    ]);
  });

  it('reminds the applicants that may still appeal, from its own timer two days before the window closes, once, by e-mail in their language', async () => {
    // Prepare: the notifications consumer on the machine's bus, with each applicant's contact
    const machine = await freshMachine();
    const { dynamo, tableName } = machine.table;
    const clock = () => new Date(machine.services.clock());
    const folder = await mkdtemp(join(tmpdir(), 'naseej-reminder-outbox-'));
    const outbox = new MailOutbox({ folder, clock });
    const directory = new DynamoDbRecipientDirectory({ client: dynamo.client, tableName });
    const vault = new DynamoDbPersonalDataVault({ client: dynamo.client, tableName, clock });
    const contacts = [
      { associationId: 'assoc-cc-amal', recipientId: 'contact-amal', language: 'fr' },
      { associationId: 'assoc-cc-nour', recipientId: 'contact-nour', language: 'ar' },
    ] as const;
    for (const { associationId, recipientId, language } of contacts) {
      await directory.record({ recipientId, language, roles: [], regions: [], associationId });
      await vault.record({
        personId: recipientId,
        displayName: { fr: recipientId, ar: recipientId },
        contact: { email: `${recipientId}@example.org` },
      });
    }
    const consumer = new NotificationConsumer({
      directory,
      vault,
      ledger: new DynamoDbNotificationLedger({ client: dynamo.client, tableName }),
      mail: outbox,
      from: 'notifications@example.org',
      clock,
    });
    machine.bus.register(NOTIFICATIONS_TARGET, async (event) => {
      await consumer.handle(event);
    });
    const sent = async () =>
      (await outbox.list()).map(({ to, subject, language }) => ({ to, subject, language }));
    const selectionMail = {
      to: 'contact-amal@example.org',
      subject: `Votre candidature est retenue : appel ${CALL_ID}`,
      language: 'fr',
    };
    try {
      await startCallWorkflow(machine);
      await machine.propagate();
      await openCallWithApplications(machine, 30);
      await advanceDays(machine, 31);
      // Act: the selection is published with a 15-day appeal window (AMAL selected, NOUR not)
      await committeeSelectsAndPublishes(machine, 15);
      await advanceDays(machine, 12);
      // Assess: day 12 of 15, no reminder yet; only the selected association was told
      expect(await sent()).toEqual([selectionMail]);
      expect(await typesOf(machine, committeeStreamId(CALL_ID))).not.toContain('AppealWindowClosingReminded');
      // Act: day 13, the workflow's timer is due; then the window ends
      await advanceDays(machine, 1);
      await advanceDays(machine, 3);
      // Assess: one reminder, to the applicant that may still appeal, in Arabic; recorded once
      expect(await sent()).toEqual([
        selectionMail,
        {
          to: 'contact-nour@example.org',
          subject: `أجل الطعن يقترب من نهايته: الدعوة ${CALL_ID}`,
          language: 'ar',
        },
      ]);
      const reminders = (await typesOf(machine, committeeStreamId(CALL_ID))).filter(
        (type) => type === 'AppealWindowClosingReminded',
      );
      expect(reminders).toEqual(['AppealWindowClosingReminded']);
      expect((await execution(machine))?.record.status).toBe('SUCCEEDED');
    } finally {
      await rm(folder, { recursive: true, force: true });
    }
  });

  it('escalates to the ministry when the committee does not decide in time, and goes on once the wait is extended', async () => {
    // Prepare: the call opened and closed at its deadline
    const machine = await freshMachine();
    await startCallWorkflow(machine);
    await machine.propagate();
    await openCallWithApplications(machine, 10);
    await advanceDays(machine, 11);
    expect(await waitingIn(machine)).toBe('AwaitCommitteeDecision');
    // Act: the committee's wait times out (90 days)
    await advanceDays(machine, 91);
    // Assess: escalated, visibly, waiting for the ministry; the call's events were not repeated
    expect(await waitingIn(machine)).toBe('AwaitMinistryDecision');
    expect((await execution(machine))?.record.status).toBe('RUNNING');
    const escalated = await typesOf(machine, callStreamId(CALL_ID));
    expect(escalated.filter((type) => type === 'CallClosed')).toHaveLength(1);
    expect(escalated.at(-1)).toBe('CallEscalated');
    // Act: the ministry gives the committee 30 more days, and the committee decides within them
    await act(machine, callDecider, callStreamId(CALL_ID), ministry, {
      type: 'ExtendCallWait',
      data: { callId: CALL_ID, until: inDays(machine, 30), reason: bilingual('Quorum retrouvé') },
    });
    await machine.propagate();
    expect(await waitingIn(machine)).toBe('AwaitCommitteeDecision');
    await advanceDays(machine, 20);
    expect(await waitingIn(machine)).toBe('AwaitCommitteeDecision');
    await committeeSelectsAndPublishes(machine, 5);
    await advanceDays(machine, 6);
    // Assess: the operator is chosen; one escalation, one extension, in the call's history
    expect((await execution(machine))?.record.status).toBe('SUCCEEDED');
    const history = await typesOf(machine, callStreamId(CALL_ID));
    expect(history.filter((type) => type === 'CallEscalated')).toHaveLength(1);
    expect(history.filter((type) => type === 'CallWaitExtended')).toHaveLength(1);
  });

  it('escalates again when the extended wait also ends, and ends without an operator once the ministry cancels', async () => {
    // Prepare: the committee's wait escalated, then was extended by 10 days
    const machine = await freshMachine();
    await startCallWorkflow(machine);
    await machine.propagate();
    await openCallWithApplications(machine, 10);
    await advanceDays(machine, 102);
    expect(await waitingIn(machine)).toBe('AwaitMinistryDecision');
    await act(machine, callDecider, callStreamId(CALL_ID), ministry, {
      type: 'ExtendCallWait',
      data: { callId: CALL_ID, until: inDays(machine, 10) },
    });
    await machine.propagate();
    // Act: the extension passes with no decision, then the ministry cancels
    await advanceDays(machine, 11);
    expect(await waitingIn(machine)).toBe('AwaitMinistryDecision');
    await act(machine, callDecider, callStreamId(CALL_ID), ministry, {
      type: 'CancelCall',
      data: { callId: CALL_ID, reason: bilingual('Aucune décision possible') },
    });
    await machine.propagate();
    // Assess: the execution succeeded in CallCancelled, two escalations on record, nothing selected
    const ended = await execution(machine);
    expect(ended?.record.status).toBe('SUCCEEDED');
    const history = await typesOf(machine, callStreamId(CALL_ID));
    expect(history.filter((type) => type === 'CallEscalated')).toHaveLength(2);
    expect(history.at(-1)).toBe('CallCancelled');
    expect(await typesOf(machine, committeeStreamId(CALL_ID))).toEqual([]);
  });

  it('recovers a failed execution by its next generation: a redrive, as Step Functions does it, fails again in the Fail state', async () => {
    // Prepare: the workflow started but the call was never opened: after 120 days it failed
    const machine = await freshMachine();
    await startCallWorkflow(machine);
    await machine.propagate();
    await advanceDays(machine, 121);
    const failed = await execution(machine);
    // Act: the ministry opens the call; a redrive re-enters CallNeverOpened; a new start is refused;
    // the operator's recovery starts the next generation
    await openCallWithApplications(machine, 10);
    await machine.executor.redriveExecution('contact-centre-call', CALL_ID);
    await machine.propagate();
    const redriven = await execution(machine);
    const restart = await startCallWorkflow(machine).then(
      () => 'started',
      (error: Error) => error.name,
    );
    const recovered = await machine.recoverExecution('contact-centre-call', CALL_ID);
    await machine.propagate();
    const nextGeneration = await machine.executor.describe('contact-centre-call', `${CALL_ID}-g1`);
    const again = await machine.recoverExecution('contact-centre-call', CALL_ID).then(
      () => 'recovered',
      (error: Error) => error.name,
    );
    await advanceDays(machine, 11);
    // Assess: the next generation carried on from the events, to the committee, nothing repeated
    expect(failed?.record).toMatchObject({
      status: 'FAILED',
      error: expect.stringMatching(/No CallOpened before the wait timed out/),
    });
    expect(redriven?.record).toMatchObject({ status: 'FAILED', redriveCount: 1 });
    expect(restart).toBe('ExecutionAlreadyExists');
    expect(recovered.name).toBe(`${CALL_ID}-g1`);
    expect(nextGeneration?.waitingIn).toBe('WaitForCallDeadline');
    expect(again).toBe('ExecutionNotRecoverable');
    expect((await machine.executor.describe('contact-centre-call', `${CALL_ID}-g1`))?.waitingIn).toBe(
      'AwaitCommitteeDecision',
    );
    expect(await typesOf(machine, callStreamId(CALL_ID))).toEqual([
      'CallOpened',
      'ApplicationSubmitted',
      'ApplicationSubmitted',
      'CallClosed',
    ]);
  });
});
