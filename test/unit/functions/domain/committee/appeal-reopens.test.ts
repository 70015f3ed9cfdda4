import { describe, expect, it } from 'vitest';
import type { CommitteeEvent } from '../../../../../events/selection/index.js';
import { isSelectionFinal, selectionSituation } from '../../../../../functions/application/rollout-facts.js';
import type { CommitteeCommand, DecideAppeal } from '../../../../../functions/domain/committee/commands.js';
import { committeeDecider } from '../../../../../functions/domain/committee/committee.js';
import { fold } from '../../../../../functions/domain/shared/decider.js';
import { given } from '../../../../support/given-when-then.js';
import { appointed, asMember, callId, closed, closedCall, fullyScored } from './support.js';

// Issue 20, item 4: an upheld appeal re-opens the ranking or the selection. The published
// selection is withdrawn (SelectionReopened, with the AppealDecided that caused it), the appeals
// still pending against it lapse, and the committee ranks or selects again, then publishes anew.

const reason = { fr: 'Les notes du dossier 2 ont été mal reportées.', ar: 'نقط الملف 2 نقلت خطأ.' };
const chair = asMember('member-1', '2026-02-27T10:00:00.000Z');
const minutes = { fr: 'doc-pv-fr', ar: 'doc-pv-ar' };
const windowEnd = '2026-03-03T16:00:00.000Z';

/** Runs commands through the decider from `history`, each at its own moment: the events recorded. */
const run = (
  history: readonly CommitteeEvent[],
  steps: readonly [Parameters<typeof committeeDecider.decide>[0], ReturnType<typeof asMember>][],
): CommitteeEvent[] => {
  const recorded = [...history];
  for (const [command, context] of steps) {
    recorded.push(...given(committeeDecider, recorded).when(command, context).events());
  }
  return recorded;
};

const rank = { type: 'RankApplications', data: { callId }, facts: closed } as const;
const select = { type: 'SelectAssociations', data: { callId } } as const;
const publish = (appealWindowEndsAt = windowEnd) =>
  ({ type: 'PublishSelection', data: { callId, appealWindowEndsAt, minutes } }) as const;
const lodge = (associationId: string, facts = closed) =>
  ({
    type: 'LodgeAppeal',
    data: { callId, associationId, groundsDocumentId: 'doc-grounds' },
    facts,
  }) as const;
const decide = (appealId: string, outcome: 'upheld' | 'dismissed', reopens?: 'ranking' | 'selection') =>
  ({
    type: 'DecideAppeal',
    data: { callId, appealId, outcome, reason, ...(reopens === undefined ? {} : { reopens }) },
  }) as DecideAppeal;

/** The operator call of support.ts, published with assoc-1 selected; assoc-2 and assoc-3 appealed. */
const operatorPublished = run(fullyScored, [
  [rank, asMember('member-1')],
  [select, asMember('member-1')],
  [publish(), asMember('member-1', '2026-02-17T09:00:00.000Z')],
]);
const operatorAppealed = run(operatorPublished, [
  [lodge('assoc-2'), { now: '2026-02-20T11:00:00.000Z', newId: () => 'appeal-2' }],
  [lodge('assoc-3'), { now: '2026-02-21T11:00:00.000Z', newId: () => 'appeal-3' }],
]);

/** The same files in a beneficiary call (one seat: a minimum, not a cap). */
const beneficiaryFacts = { call: { ...closedCall, purpose: 'beneficiary-associations' as const } };
const beneficiaryAppointed: CommitteeEvent = {
  type: 'CommitteeAppointed',
  data: {
    ...(appointed.data as Extract<CommitteeEvent, { type: 'CommitteeAppointed' }>['data']),
    purpose: 'beneficiary-associations',
  },
};
const beneficiaryAppealed = run(
  [beneficiaryAppointed, ...fullyScored.slice(1)],
  [
    [{ ...rank, facts: beneficiaryFacts }, asMember('member-1')],
    [select, asMember('member-1')],
    [publish(), asMember('member-1', '2026-02-17T09:00:00.000Z')],
    [lodge('assoc-2', beneficiaryFacts), { now: '2026-02-20T11:00:00.000Z', newId: () => 'appeal-2' }],
    [lodge('assoc-3', beneficiaryFacts), { now: '2026-02-21T11:00:00.000Z', newId: () => 'appeal-3' }],
  ],
);

describe('an upheld appeal re-opens the ranking', () => {
  it('withdraws the published selection and lets the other pending appeals lapse', () => {
    given(committeeDecider, operatorAppealed)
      .when(decide('appeal-2', 'upheld', 'ranking'), chair)
      .then([
        {
          type: 'AppealDecided',
          data: {
            callId,
            appealId: 'appeal-2',
            associationId: 'assoc-2',
            outcome: 'upheld',
            reason,
            decidedAt: '2026-02-27T10:00:00.000Z',
          },
        },
        {
          type: 'SelectionReopened',
          data: {
            callId,
            appealId: 'appeal-2',
            reopens: 'ranking',
            withdrawnAssociationIds: ['assoc-1'],
            admittedAssociationId: null,
            lapsedAppealIds: ['appeal-3'],
          },
        },
      ]);
  });

  it('lets members correct their scores, the chair rank, select and publish anew, and the selection change', () => {
    // Given: appeal upheld; two members find they swapped the two files' scores
    const reopened = run(operatorAppealed, [[decide('appeal-2', 'upheld', 'ranking'), chair]]);
    const correct = (memberId: string): [CommitteeCommand, ReturnType<typeof asMember>] => [
      {
        type: 'CorrectScores',
        data: {
          callId,
          applicationId: 'file-2',
          scores: [
            { criterionId: 'experience', score: 20 },
            { criterionId: 'methodology', score: 20 },
          ],
          reason,
        },
      },
      asMember(memberId, '2026-02-28T09:00:00.000Z'),
    ];
    const corrected = run(reopened, [correct('member-1'), correct('member-2')]);
    // When: ranked, selected and published again
    const republished = run(corrected, [
      [rank, asMember('member-1', '2026-03-01T09:00:00.000Z')],
      [select, asMember('member-1', '2026-03-01T09:10:00.000Z')],
      [publish('2026-03-20T16:00:00.000Z'), asMember('member-1', '2026-03-01T10:00:00.000Z')],
    ]);
    // Then: assoc-2 is selected, published with a new window; the corrections were recorded before the new ranking
    const last = republished.at(-1);
    expect(last?.type === 'SelectionPublished' && last.data.selectedAssociationIds).toEqual(['assoc-2']);
    const state = fold(committeeDecider, republished);
    expect(state.status === 'published' && [state.appealWindowEndsAt, state.publications]).toEqual([
      '2026-03-20T16:00:00.000Z',
      2,
    ]);
  });

  it('refuses to decide an appeal that lapsed with the withdrawn selection, which may be lodged anew', () => {
    const reopened = run(operatorAppealed, [[decide('appeal-2', 'upheld', 'ranking'), chair]]);
    given(committeeDecider, reopened)
      .when(decide('appeal-3', 'dismissed'), chair)
      .thenRefuses('APPEAL_LAPSED', 'conflict');
    const republished = run(reopened, [
      [rank, asMember('member-1', '2026-03-01T09:00:00.000Z')],
      [select, asMember('member-1', '2026-03-01T09:10:00.000Z')],
      [publish('2026-03-20T16:00:00.000Z'), asMember('member-1', '2026-03-01T10:00:00.000Z')],
    ]);
    given(committeeDecider, republished)
      .when(lodge('assoc-3'), { now: '2026-03-02T09:00:00.000Z', newId: () => 'appeal-3b' })
      .then([
        {
          type: 'AppealLodged',
          data: {
            callId,
            appealId: 'appeal-3b',
            associationId: 'assoc-3',
            groundsDocumentId: 'doc-grounds',
            lodgedAt: '2026-03-02T09:00:00.000Z',
            lateEntry: null,
          },
        },
      ]);
  });

  it('keeps the rollout waiting while re-opened, and lets the new publication become final', () => {
    const reopened = run(operatorAppealed, [[decide('appeal-2', 'upheld', 'ranking'), chair]]);
    expect(selectionSituation(fold(committeeDecider, reopened))).toEqual({
      published: false,
      appealWindowEndsAt: null,
      appealsPending: 0,
      appealsUpheld: 0,
    });
    const republished = run(reopened, [
      [rank, asMember('member-1', '2026-03-01T09:00:00.000Z')],
      [select, asMember('member-1', '2026-03-01T09:10:00.000Z')],
      [publish('2026-03-20T16:00:00.000Z'), asMember('member-1', '2026-03-01T10:00:00.000Z')],
    ]);
    const situation = selectionSituation(fold(committeeDecider, republished));
    expect(situation).toEqual({
      published: true,
      appealWindowEndsAt: '2026-03-20T16:00:00.000Z',
      appealsPending: 0,
      appealsUpheld: 0,
    });
    expect(isSelectionFinal(situation, '2026-03-20T15:59:59.999Z')).toBe(false);
    expect(isSelectionFinal(situation, '2026-03-20T16:00:00.000Z')).toBe(true);
  });
});

describe('an upheld appeal re-opens the selection', () => {
  it('admits the ranked appellant: the chair selects the top of the ranking and the appellant', () => {
    const reopened = run(beneficiaryAppealed, [[decide('appeal-2', 'upheld', 'selection'), chair]]);
    expect(reopened.at(-1)).toEqual({
      type: 'SelectionReopened',
      data: {
        callId,
        appealId: 'appeal-2',
        reopens: 'selection',
        withdrawnAssociationIds: ['assoc-1'],
        admittedAssociationId: 'assoc-2',
        lapsedAppealIds: ['appeal-3'],
      },
    });
    const selected = given(committeeDecider, reopened)
      .when(select, asMember('member-1', '2026-02-28T09:00:00.000Z'))
      .events();
    expect(
      selected.map(
        (event) => event.type === 'AssociationSelected' && [event.data.associationId, event.data.rank],
      ),
    ).toEqual([
      ['assoc-1', 1],
      ['assoc-2', 2],
    ]);
  });

  it('refuses to re-open the selection for an appellant whose file is not ranked', () => {
    given(committeeDecider, beneficiaryAppealed)
      .when(decide('appeal-3', 'upheld', 'selection'), chair)
      .thenRefuses('APPELLANT_NOT_RANKED', 'conflict');
  });

  it('refuses to re-open the selection of an operator call, which chooses one association', () => {
    given(committeeDecider, operatorAppealed)
      .when(decide('appeal-2', 'upheld', 'selection'), chair)
      .thenRefuses('ONE_SEAT_REOPENS_RANKING', 'conflict');
  });
});

describe('what an appeal decision says it re-opens', () => {
  it('requires an upheld appeal to say what it re-opens, naming the field', () => {
    given(committeeDecider, operatorAppealed)
      .when(decide('appeal-2', 'upheld'), chair)
      .thenRefuses('UPHELD_APPEAL_REOPENS_REQUIRED', 'invalid');
  });

  it('refuses a dismissed appeal that would re-open something', () => {
    given(committeeDecider, operatorAppealed)
      .when(decide('appeal-2', 'dismissed', 'ranking'), chair)
      .thenRefuses('DISMISSED_APPEAL_REOPENS_NOTHING', 'invalid');
  });

  it('leaves a dismissed appeal’s selection as published', () => {
    const dismissed = run(operatorAppealed, [[decide('appeal-2', 'dismissed'), chair]]);
    const state = fold(committeeDecider, dismissed);
    expect(state.status === 'published' && state.selectedAssociationIds).toEqual(['assoc-1']);
  });
});
