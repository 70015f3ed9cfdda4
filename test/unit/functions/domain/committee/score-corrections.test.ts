import { describe, expect, it } from 'vitest';
import type { CommitteeEvent } from '../../../../../events/selection/index.js';
import type { CorrectScores } from '../../../../../functions/domain/committee/commands.js';
import { committeeDecider } from '../../../../../functions/domain/committee/committee.js';
import { fold } from '../../../../../functions/domain/shared/decider.js';
import { given } from '../../../../support/given-when-then.js';
import { asMember, callId, closed, conflict, fullyScored } from './support.js';

// A score corrected before publication (ADR 0082): a new event with the reason, never a rewrite.

const reason = { fr: 'Note saisie sur la mauvaise ligne de la grille', ar: 'نقطة أدخلت في السطر الخطأ' };
const correct = (applicationId: string, experience: number, methodology: number): CorrectScores => ({
  type: 'CorrectScores',
  data: {
    callId,
    applicationId,
    scores: [
      { criterionId: 'experience', score: experience },
      { criterionId: 'methodology', score: methodology },
    ],
    reason,
  },
});
const corrected = (rankingWithdrawn: boolean): CommitteeEvent => ({
  type: 'ApplicationScoresCorrected',
  data: {
    callId,
    applicationId: 'file-1',
    memberId: 'member-2',
    scores: [
      { criterionId: 'experience', score: 0 },
      { criterionId: 'methodology', score: 0 },
    ],
    previousScores: [
      { criterionId: 'experience', score: 17 },
      { criterionId: 'methodology', score: 15 },
    ],
    reason,
    rankingWithdrawn,
    scoredAt: null,
    lateEntry: null,
  },
});
const chair = asMember('member-1');
const decideOn = (
  events: readonly CommitteeEvent[],
  command: Parameters<typeof committeeDecider.decide>[0],
) =>
  committeeDecider.decide(command, fold(committeeDecider, events), {
    now: '2026-02-12T09:00:00.000Z',
    newId: () => 'id-1',
    actor: { id: 'member-1', role: 'committee-member' },
  });
const rankedAndSelected = (): CommitteeEvent[] => {
  const ranked = decideOn(fullyScored, { type: 'RankApplications', data: { callId }, facts: closed });
  const selected = decideOn([...fullyScored, ...ranked], { type: 'SelectAssociations', data: { callId } });
  return [...fullyScored, ...ranked, ...selected];
};

describe('CorrectScores', () => {
  it('corrects the acting member’s own sheet before the ranking, with the reason and the scores it replaces', () => {
    given(committeeDecider, fullyScored)
      .when(correct('file-1', 0, 0), asMember('member-2'))
      .then([corrected(false)]);
  });

  it('withdraws a ranking and selection already made; the chair ranks again, now with file-2 first', () => {
    const before = rankedAndSelected();
    expect(before.map((event) => event.type)).toEqual([
      ...fullyScored.map((event) => event.type),
      'ApplicationsRanked',
      'AssociationSelected',
    ]);
    given(committeeDecider, before)
      .when(correct('file-1', 0, 0), asMember('member-2'))
      .then([corrected(true)]);
    const after = [...before, corrected(true)];
    const state = fold(committeeDecider, after);
    expect(state.status === 'appointed' && [state.ranking, state.selectedAssociationIds]).toEqual([[], []]);
    const reranked = decideOn(after, { type: 'RankApplications', data: { callId }, facts: closed });
    expect(
      reranked[0]?.type === 'ApplicationsRanked' &&
        reranked[0].data.ranking.map((file) => file.applicationId),
    ).toEqual(['file-2', 'file-1']);
  });

  it('refuses once the selection is published', () => {
    const publishedSelection: CommitteeEvent = {
      type: 'SelectionPublished',
      data: {
        callId,
        publishedAt: '2026-02-17T09:00:00.000Z',
        appealWindowEndsAt: '2026-03-03T09:00:00.000Z',
        minutes: { fr: 'doc-pv-fr', ar: 'doc-pv-ar' },
        selectedAssociationIds: ['assoc-1'],
      },
    } as CommitteeEvent;
    given(committeeDecider, [...rankedAndSelected(), publishedSelection])
      .when(correct('file-1', 0, 0), asMember('member-2'))
      .thenRefuses('SCORES_PUBLISHED', 'conflict');
  });

  it('refuses a sheet the member never gave', () => {
    given(committeeDecider, fullyScored.slice(0, 2))
      .when(correct('file-1', 0, 0), asMember('member-2'))
      .thenRefuses('SCORE_SHEET_NOT_FOUND', 'not-found');
  });

  it('lets the chair correct its own sheet (the acting member’s, never another’s)', () => {
    given(committeeDecider, fullyScored.slice(0, 2))
      .when(correct('file-1', 0, 0), chair)
      .then([
        {
          type: 'ApplicationScoresCorrected',
          data: {
            callId,
            applicationId: 'file-1',
            memberId: 'member-1',
            scores: [
              { criterionId: 'experience', score: 0 },
              { criterionId: 'methodology', score: 0 },
            ],
            previousScores: [
              { criterionId: 'experience', score: 18 },
              { criterionId: 'methodology', score: 16 },
            ],
            reason,
            rankingWithdrawn: false,
            scoredAt: null,
            lateEntry: null,
          },
        },
      ]);
  });

  it('refuses a sheet voided by a conflict', () => {
    given(committeeDecider, [...fullyScored, conflict('member-2', 'file-1', true)])
      .when(correct('file-1', 0, 0), asMember('member-2'))
      .thenRefuses('MEMBER_CONFLICTED', 'forbidden');
  });

  it('refuses a correction that changes nothing', () => {
    given(committeeDecider, fullyScored)
      .when(correct('file-1', 17, 15), asMember('member-2'))
      .thenRefuses('SCORES_UNCHANGED', 'conflict');
  });

  it('refuses someone who is not a member', () => {
    given(committeeDecider, fullyScored)
      .when(correct('file-1', 0, 0), asMember('outsider'))
      .thenRefuses('NOT_A_COMMITTEE_MEMBER', 'forbidden');
  });
});
