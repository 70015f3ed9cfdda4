import { readFileSync } from 'node:fs';
import type { Actor } from '../../events/envelope.js';
import { InMemoryEventStore } from '../../functions/adapters/in-memory/event-store.js';
import { callStreamId } from '../../functions/domain/call/call.js';
import { committeeStreamId } from '../../functions/domain/committee/committee.js';

// A published selection whose three ranked files belong to associations with Arabic names, for the
// checks of reading order in the Arabic minutes. The files arrive in another order than their
// ranking (third, first, second), so the ranking table's order is not the files table's.

export const RANKED_CALL_ID = 'FM-2026-operator';

/** The ranked associations, best first, with the score every member gave them on every criterion. */
export const RANKED_ASSOCIATIONS = [
  {
    associationId: 'assoc-fm-nour',
    name: { fr: 'Association Annour pour le développement', ar: 'جمعية النور للتنمية والتضامن' },
    score: 18,
  },
  {
    associationId: 'assoc-fm-atlas',
    name: { fr: "Association Atlas pour l'éducation", ar: 'جمعية الأطلس للتربية والثقافة' },
    score: 16,
  },
  {
    associationId: 'assoc-fm-sais',
    name: { fr: 'Association Saïss pour l’environnement', ar: 'جمعية سايس للبيئة والتنمية المستدامة' },
    score: 14,
  },
] as const;

const SUBMISSION_ORDER = [2, 0, 1] as const;

const fixture = (type: string): Record<string, unknown> =>
  JSON.parse(readFileSync(new URL(`../../events/fixtures/${type}.v1.json`, import.meta.url), 'utf8'));

const MINISTRY: Actor = { id: 'ministry-office-1', role: 'ministry' };

const applicationIdOf = (rankIndex: number) => `${RANKED_CALL_ID}-file-${rankIndex + 1}`;

/** An in-memory store holding the call, its committee's scores, ranking, selection and publication. */
export const rankedCallHistory = async (): Promise<InMemoryEventStore> => {
  let tick = Date.parse('2026-01-12T09:00:00.000Z');
  const store = new InMemoryEventStore({
    clock: () => {
      tick += 60_000;
      return new Date(tick);
    },
  });
  const append = (streamId: string, actor: Actor, events: { type: string; data: unknown }[]) =>
    store.append({
      streamId,
      expectedVersion: 'any',
      events: events.map((event) => ({ ...event, schemaVersion: 1 })),
      metadata: { actor, correlationId: 'documents-ranked-call', causationId: null },
    });
  const submittedAt = (order: number) => `2026-01-2${order}T10:00:00.000Z`;

  const call = callStreamId(RANKED_CALL_ID);
  await append(call, MINISTRY, [{ type: 'CallOpened', data: fixture('CallOpened') }]);
  for (const [order, rankIndex] of SUBMISSION_ORDER.entries()) {
    const association = RANKED_ASSOCIATIONS[rankIndex];
    await append(call, { id: 'partner-amsed', role: 'partner' }, [
      {
        type: 'ApplicationSubmitted',
        data: {
          ...fixture('ApplicationSubmitted'),
          applicationId: applicationIdOf(rankIndex),
          associationId: association.associationId,
          associationName: association.name,
          province: 'Fès',
          submittedAt: submittedAt(order),
        },
      },
    ]);
  }
  await append(call, MINISTRY, [
    {
      type: 'CallClosed',
      data: {
        callId: RANKED_CALL_ID,
        closedAt: '2026-02-06T16:00:00.000Z',
        received: 3,
        refusedLate: 0,
        refusedIneligible: 0,
        eligibleApplicationIds: SUBMISSION_ORDER.map(applicationIdOf),
      },
    },
  ]);

  const committee = committeeStreamId(RANKED_CALL_ID);
  const appointed = fixture('CommitteeAppointed');
  await append(committee, MINISTRY, [{ type: 'CommitteeAppointed', data: appointed }]);
  const grid = appointed.scoringGrid as { criterionId: string }[];
  const members = appointed.memberIds as string[];
  for (const memberId of members) {
    for (const rankIndex of SUBMISSION_ORDER) {
      await append(committee, { id: memberId, role: 'committee-member' }, [
        {
          type: 'ApplicationScored',
          data: {
            callId: RANKED_CALL_ID,
            applicationId: applicationIdOf(rankIndex),
            memberId,
            scores: grid.map(({ criterionId }) => ({
              criterionId,
              score: RANKED_ASSOCIATIONS[rankIndex].score,
            })),
          },
        },
      ]);
    }
  }
  const ranking = RANKED_ASSOCIATIONS.map((association, rankIndex) => ({
    rank: rankIndex + 1,
    applicationId: applicationIdOf(rankIndex),
    associationId: association.associationId,
    associationName: association.name,
    weightedAverage: association.score,
    firstCriterionAverage: association.score,
    submittedAt: submittedAt(SUBMISSION_ORDER.indexOf(rankIndex as 0 | 1 | 2)),
    scoredBy: members,
    decidedBy: rankIndex === 0 ? 'first' : 'weighted-average',
  }));
  const [first] = RANKED_ASSOCIATIONS;
  await append(committee, MINISTRY, [
    {
      type: 'ApplicationsRanked',
      data: { callId: RANKED_CALL_ID, firstWeightedCriterionId: grid[0]?.criterionId, ranking },
    },
    {
      type: 'AssociationSelected',
      data: {
        ...fixture('AssociationSelected'),
        applicationId: applicationIdOf(0),
        associationId: first.associationId,
        associationName: first.name,
        weightedAverage: first.score,
      },
    },
  ]);
  await append(committee, MINISTRY, [
    {
      type: 'SelectionPublished',
      data: { ...fixture('SelectionPublished'), selectedAssociationIds: [first.associationId] },
    },
  ]);
  return store;
};
