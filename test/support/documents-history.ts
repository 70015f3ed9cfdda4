import { readFileSync } from 'node:fs';
import type { Actor } from '../../events/envelope.js';
import { TRAINER_MODULES, TRAINING_MODULES } from '../../events/reference.js';
import { InMemoryEventStore } from '../../functions/adapters/in-memory/event-store.js';
import { InMemoryPersonalDataVault } from '../../functions/adapters/in-memory/personal-data.js';
import { callStreamId } from '../../functions/domain/call/call.js';
import { committeeStreamId } from '../../functions/domain/committee/committee.js';
import { enrolmentStreamId } from '../../functions/domain/enrolment/enrolment.js';
import { trainersStreamId } from '../../functions/domain/trainers/trainers.js';
import { trainingStreamId } from '../../functions/domain/training/training.js';

// A small history for the documents' tests, from the catalog's fixtures: the Fès-Meknès operator
// call (three files, one conflict declared after a score, AMSED selected), one beneficiary
// association with a member who completed the eight modules and became a trainer, and one who
// completed seven. Names of people are in the vault, one of them erased.

export const CALL_ID = 'FM-2026-operator';
export const ROLLOUT_ID = 'rollout-FM-2026';
export const ASSOCIATION_ID = 'assoc-fm-sefrou-007';
export const ASSOCIATION_AR = 'جمعية الأمل للتنمية المحلية';
export const COMPLETED_MEMBER = 'member-fm-007-1';
export const INCOMPLETE_MEMBER = 'member-fm-007-2';
export const CONFLICTED_MEMBER = 'committee-fm-2';
export const ERASED_MEMBER = 'committee-fm-5';
export const MEMBER_NAMES: Record<string, { fr: string; ar: string }> = {
  'committee-fm-1': { fr: 'Samira Bennani', ar: 'سميرة بناني' },
  'committee-fm-2': { fr: 'Youssef Alaoui', ar: 'يوسف العلوي' },
  'committee-fm-3': { fr: 'Khadija Tazi', ar: 'خديجة التازي' },
  'committee-fm-4': { fr: 'Omar Idrissi', ar: 'عمر الإدريسي' },
  'committee-fm-5': { fr: 'Nadia Fassi', ar: 'نادية الفاسي' },
  [COMPLETED_MEMBER]: { fr: 'Hicham Berrada', ar: 'هشام برادة' },
};

const fixture = (type: string): Record<string, unknown> =>
  JSON.parse(readFileSync(new URL(`../../events/fixtures/${type}.v1.json`, import.meta.url), 'utf8'));

const MINISTRY: Actor = { id: 'ministry-office-1', role: 'ministry' };
const PARTNER: Actor = { id: 'partner-amsed', role: 'partner' };

/** A store holding the history, and a vault with the people's names. */
export const documentsHistory = async () => {
  let tick = Date.parse('2026-01-12T09:00:00.000Z');
  let ids = 0;
  const store = new InMemoryEventStore({
    clock: () => {
      tick += 60_000;
      return new Date(tick);
    },
    // Ids from a counter, so that what derives from them (a certificate's code) is a literal.
    newId: () => {
      ids += 1;
      return `documents-event-${ids}`;
    },
  });
  const append = async (streamId: string, actor: Actor, events: { type: string; data: unknown }[]) =>
    store.append({
      streamId,
      expectedVersion: 'any',
      events: events.map((event) => ({ ...event, schemaVersion: 1 })),
      metadata: { actor, correlationId: 'documents-test', causationId: null },
    });

  const files = (['01', '02', '03'] as const).map((n) => ({
    ...fixture('ApplicationSubmitted'),
    applicationId: `${CALL_ID}-file-${n}`,
    ...(n === '01'
      ? {}
      : {
          associationId: `assoc-fm-candidate-${n}`,
          associationName: { fr: `Association candidate n° ${n}`, ar: `الجمعية المترشحة رقم ${n}` },
        }),
  }));
  await append(callStreamId(CALL_ID), MINISTRY, [{ type: 'CallOpened', data: fixture('CallOpened') }]);
  for (const file of files)
    await append(callStreamId(CALL_ID), PARTNER, [{ type: 'ApplicationSubmitted', data: file }]);
  await append(callStreamId(CALL_ID), MINISTRY, [
    {
      type: 'CallClosed',
      data: {
        callId: CALL_ID,
        closedAt: '2026-02-06T16:00:00.000Z',
        received: 3,
        refusedLate: 0,
        refusedIneligible: 0,
        eligibleApplicationIds: files.map((file) => file.applicationId),
      },
    },
  ]);

  const committee = committeeStreamId(CALL_ID);
  const appointed = fixture('CommitteeAppointed');
  await append(committee, MINISTRY, [{ type: 'CommitteeAppointed', data: appointed }]);
  const grid = appointed.scoringGrid as { criterionId: string }[];
  const members = appointed.memberIds as string[];
  const sheet = (applicationId: string, memberId: string, score: number) => ({
    type: 'ApplicationScored',
    data: {
      callId: CALL_ID,
      applicationId,
      memberId,
      scores: grid.map((criterion) => ({ criterionId: criterion.criterionId, score })),
    },
  });
  await append(committee, { id: CONFLICTED_MEMBER, role: 'committee-member' }, [
    sheet(`${CALL_ID}-file-02`, CONFLICTED_MEMBER, 19),
  ]);
  await append(committee, { id: CONFLICTED_MEMBER, role: 'committee-member' }, [
    {
      type: 'ConflictDeclared',
      data: {
        callId: CALL_ID,
        memberId: CONFLICTED_MEMBER,
        applicationId: `${CALL_ID}-file-02`,
        voidsScore: true,
      },
    },
  ]);
  for (const memberId of members) {
    for (const [index, file] of files.entries()) {
      if (memberId === CONFLICTED_MEMBER && index === 1) continue;
      await append(committee, { id: memberId, role: 'committee-member' }, [
        sheet(file.applicationId, memberId, 18 - index * 2),
      ]);
    }
  }
  const ranked = fixture('ApplicationsRanked');
  await append(committee, MINISTRY, [
    { type: 'ApplicationsRanked', data: ranked },
    { type: 'AssociationSelected', data: fixture('AssociationSelected') },
  ]);
  await append(committee, MINISTRY, [{ type: 'SelectionPublished', data: fixture('SelectionPublished') }]);

  await append(enrolmentStreamId(ROLLOUT_ID), MINISTRY, [
    { type: 'BeneficiaryEnrolled', data: { ...fixture('BeneficiaryEnrolled'), rolloutId: ROLLOUT_ID } },
  ]);
  const training = trainingStreamId(ROLLOUT_ID, ASSOCIATION_ID);
  for (const [index, module] of TRAINING_MODULES.entries()) {
    for (const memberId of [COMPLETED_MEMBER, INCOMPLETE_MEMBER]) {
      if (memberId === INCOMPLETE_MEMBER && index === 7) continue;
      await append(training, PARTNER, [
        {
          type: 'ModuleCompleted',
          data: { ...fixture('ModuleCompleted'), rolloutId: ROLLOUT_ID, memberId, module: module.code },
        },
      ]);
    }
  }
  const trainers = trainersStreamId(ROLLOUT_ID);
  for (const module of TRAINER_MODULES) {
    await append(trainers, PARTNER, [
      {
        type: 'TrainerModuleCompleted',
        data: {
          rolloutId: ROLLOUT_ID,
          associationId: ASSOCIATION_ID,
          memberId: COMPLETED_MEMBER,
          module: module.code,
        },
      },
    ]);
  }
  await append(trainers, MINISTRY, [
    {
      type: 'TrainerCertified',
      data: { rolloutId: ROLLOUT_ID, associationId: ASSOCIATION_ID, memberId: COMPLETED_MEMBER },
    },
  ]);

  const vault = new InMemoryPersonalDataVault({ clock: () => new Date('2026-06-01T00:00:00.000Z') });
  for (const [personId, displayName] of Object.entries(MEMBER_NAMES)) {
    await vault.record({ personId, displayName, contact: {} });
  }
  await vault.erase(ERASED_MEMBER);
  return { store, vault };
};
