import { describe, expect, it } from 'vitest';
import { committeeDecider, visibleScores } from '../../../../../functions/domain/committee/committee.js';
import { fold } from '../../../../../functions/domain/shared/decider.js';
import { appointed, conflict, scored } from './support.js';

const sheetsOf = (sheets: readonly { applicationId: string; memberId: string }[]) =>
  sheets.map(({ applicationId, memberId }) => `${applicationId}/${memberId}`);

describe('visibleScores: what a committee member may see', () => {
  it('shows a member every counted score of the files they are not conflicted on', () => {
    // Prepare
    const state = fold(committeeDecider, [
      appointed,
      conflict('member-3', 'file-2'),
      scored('member-1', 'file-1', 15, 15),
      scored('member-2', 'file-2', 12, 12),
      scored('member-3', 'file-1', 14, 14),
    ]);

    // Act
    const seenByMember1 = visibleScores(state, 'member-1');
    const seenByMember3 = visibleScores(state, 'member-3');

    // Assess
    expect(sheetsOf(seenByMember1)).toEqual(['file-1/member-1', 'file-2/member-2', 'file-1/member-3']);
    expect(sheetsOf(seenByMember3)).toEqual(['file-1/member-1', 'file-1/member-3']);
  });

  it('hides from everyone a score voided by its author’s later conflict', () => {
    // Prepare
    const state = fold(committeeDecider, [
      appointed,
      scored('member-2', 'file-2', 20, 20),
      conflict('member-2', 'file-2', true),
      scored('member-1', 'file-2', 12, 12),
    ]);

    // Act
    const seenByMember1 = visibleScores(state, 'member-1');

    // Assess
    expect(sheetsOf(seenByMember1)).toEqual(['file-2/member-1']);
    expect(visibleScores(state, 'member-2')).toEqual([]);
  });

  it('shows nothing to someone who is not a member, nor before appointment', () => {
    const state = fold(committeeDecider, [appointed, scored('member-1', 'file-1', 15, 15)]);

    expect(visibleScores(state, 'user-ministry-1')).toEqual([]);
    expect(visibleScores(committeeDecider.initialState(), 'member-1')).toEqual([]);
  });
});
