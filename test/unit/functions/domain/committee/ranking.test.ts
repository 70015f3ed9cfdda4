import { describe, expect, it } from 'vitest';
import type { ScoringCriterion } from '../../../../../events/selection/parts.js';
import { firstWeightedCriterion, rankFiles } from '../../../../../functions/domain/committee/ranking.js';

const criterion = (criterionId: string, weight: number, maxScore = 20): ScoringCriterion => ({
  criterionId,
  label: { fr: criterionId, ar: criterionId },
  weight,
  maxScore,
});

const file = (applicationId: string, associationId: string, submittedAt = '2026-01-20T10:00:00.000Z') => ({
  applicationId,
  associationId,
  associationName: { fr: associationId, ar: associationId },
  submittedAt,
});

/** A member's sheet on a grid of one criterion, `only`. */
const sheet = (applicationId: string, memberId: string, score: number) => ({
  applicationId,
  memberId,
  scores: [{ criterionId: 'only', score }],
});

describe('the ranking rule', () => {
  it('takes the heaviest criterion as first tie-break, the first in the grid among equals', () => {
    expect(
      firstWeightedCriterion([criterion('a', 20), criterion('b', 30), criterion('c', 30)]).criterionId,
    ).toBe('b');
    expect(firstWeightedCriterion([criterion('a', 25), criterion('b', 25)]).criterionId).toBe('a');
  });

  it('averages raw points weighted by the grid, then over the members who scored', () => {
    // Prepare: (30×20 + 10×0) / 40 = 15 and (30×0 + 10×20) / 40 = 5, averaged: 10.
    const grid = [criterion('experience', 30), criterion('budget', 10)];
    const sheets = [
      {
        applicationId: 'f1',
        memberId: 'm1',
        scores: [
          { criterionId: 'experience', score: 20 },
          { criterionId: 'budget', score: 0 },
        ],
      },
      {
        applicationId: 'f1',
        memberId: 'm2',
        scores: [
          { criterionId: 'experience', score: 0 },
          { criterionId: 'budget', score: 20 },
        ],
      },
    ];

    // Act
    const { ranking } = rankFiles(grid, [file('f1', 'a1')], sheets);

    // Assess
    expect(ranking[0]).toMatchObject({
      weightedAverage: 10,
      firstCriterionAverage: 10,
      scoredBy: ['m1', 'm2'],
    });
  });

  it('compares files scored by different numbers of members on their means, exactly', () => {
    // Prepare: f1 = (7 + 7 + 8) / 3 = 22/3 and f2 = (7 + 8) / 2 = 15/2 > 22/3; both round to 7.33 / 7.5.
    const grid = [criterion('only', 1)];
    const sheets = [
      sheet('f1', 'm1', 7),
      sheet('f1', 'm2', 7),
      sheet('f1', 'm3', 8),
      sheet('f2', 'm1', 7),
      sheet('f2', 'm2', 8),
    ];

    // Act
    const { ranking } = rankFiles(grid, [file('f1', 'a1'), file('f2', 'a2')], sheets);

    // Assess
    expect(ranking.map(({ applicationId, weightedAverage }) => [applicationId, weightedAverage])).toEqual([
      ['f2', 7.5],
      ['f1', 7.33],
    ]);
  });

  it('treats equal means from different numbers of members as a tie, broken by the next rule', () => {
    // Prepare: f1 = (6 + 8 + 7) / 3 = 7 and f2 = (7 + 7) / 2 = 7; f2 was submitted first.
    const grid = [criterion('only', 1)];
    const sheets = [
      sheet('f1', 'm1', 6),
      sheet('f1', 'm2', 8),
      sheet('f1', 'm3', 7),
      sheet('f2', 'm1', 7),
      sheet('f2', 'm2', 7),
    ];

    // Act
    const { ranking } = rankFiles(
      grid,
      [file('f1', 'a1', '2026-01-21T10:00:00.000Z'), file('f2', 'a2', '2026-01-20T10:00:00.000Z')],
      sheets,
    );

    // Assess
    expect(ranking.map(({ applicationId, decidedBy }) => [applicationId, decidedBy])).toEqual([
      ['f2', 'first'],
      ['f1', 'submission-time'],
    ]);
  });

  it('refuses to rank a file nobody scored (the committee checks quorum first)', () => {
    expect(() => rankFiles([criterion('only', 1)], [file('f1', 'a1')], [])).toThrow(/no counted score/);
  });
});
