import type { RankedApplication } from '../../../events/selection/ApplicationsRanked.v1.js';
import type { CriterionScore, RankDecidedBy, ScoringCriterion } from '../../../events/selection/parts.js';

/**
 * How the committee ranks files (also in README.md). Pure, and exact: averages are compared as
 * fractions of integers, so that rounding can never decide a rank.
 *
 * A file's score is its weighted average: for each counted member, Σ(weight × score) / Σ weight
 * over the grid's criteria (raw points, not rescaled by each criterion's maximum), then the mean
 * over the counted members. Files are ordered by, in turn:
 *   1. the higher weighted average;
 *   2. the higher mean score on the first-weighted criterion (the criterion of greatest weight;
 *      among equal weights, the first in the grid);
 *   3. the earlier submission time;
 *   4. the association id, in ascending code-unit order (unique in a call, so the order is total).
 */

/** A file to rank: an eligible application of the call. */
export interface FileToRank {
  readonly applicationId: string;
  readonly associationId: string;
  readonly associationName: { readonly fr: string; readonly ar: string };
  readonly submittedAt: string;
}

/** A counted score sheet: a non-conflicted member's scores of one file. */
export interface CountedSheet {
  readonly applicationId: string;
  readonly memberId: string;
  readonly scores: readonly CriterionScore[];
}

/** The criterion of greatest weight; among equal weights, the first in the grid. */
export const firstWeightedCriterion = (grid: readonly ScoringCriterion[]): ScoringCriterion => {
  const [first, ...rest] = grid;
  if (!first) throw new Error('A scoring grid has at least one criterion');
  return rest.reduce((best, criterion) => (criterion.weight > best.weight ? criterion : best), first);
};

interface Tally extends FileToRank {
  /** Σ over counted members of Σ(weight × score): an integer. */
  readonly weightedSum: number;
  /** Σ over counted members of the score on the first-weighted criterion. */
  readonly firstSum: number;
  readonly scoredBy: readonly string[];
}

const scoreOn = (sheet: CountedSheet, criterionId: string): number =>
  sheet.scores.find((score) => score.criterionId === criterionId)?.score ?? 0;

/** Compares a/n with b/m exactly (n, m > 0): negative when the first is smaller. */
const compareFractions = (a: number, n: number, b: number, m: number): number => a * m - b * n;

/** Each tie-break in turn: a negative result puts `left` first. */
const tieBreaks: readonly [RankDecidedBy, (left: Tally, right: Tally) => number][] = [
  [
    'weighted-average',
    (left, right) =>
      compareFractions(right.weightedSum, right.scoredBy.length, left.weightedSum, left.scoredBy.length),
  ],
  [
    'first-weighted-criterion',
    (left, right) =>
      compareFractions(right.firstSum, right.scoredBy.length, left.firstSum, left.scoredBy.length),
  ],
  ['submission-time', (left, right) => Date.parse(left.submittedAt) - Date.parse(right.submittedAt)],
  [
    'association-id',
    (left, right) =>
      left.associationId < right.associationId ? -1 : left.associationId > right.associationId ? 1 : 0,
  ],
];

const compareTallies = (left: Tally, right: Tally): number => {
  for (const [, compare] of tieBreaks) {
    const order = compare(left, right);
    if (order !== 0) return order;
  }
  return 0;
};

/** The rule that separates a file from the one ranked just above it. */
const decidedBy = (above: Tally, below: Tally): RankDecidedBy =>
  tieBreaks.find(([, compare]) => compare(above, below) !== 0)?.[0] ?? 'association-id';

const twoDecimals = (value: number): number => Math.round(value * 100) / 100;

/**
 * Ranks files from their counted score sheets. Every file must have at least one sheet (the
 * committee checks quorum before ranking).
 */
export const rankFiles = (
  grid: readonly ScoringCriterion[],
  files: readonly FileToRank[],
  sheets: readonly CountedSheet[],
): { firstWeightedCriterionId: string; ranking: RankedApplication[] } => {
  const first = firstWeightedCriterion(grid);
  const totalWeight = grid.reduce((sum, criterion) => sum + criterion.weight, 0);
  const tallies: Tally[] = files.map((file) => {
    const own = sheets.filter((sheet) => sheet.applicationId === file.applicationId);
    if (own.length === 0) throw new Error(`File ${file.applicationId} has no counted score`);
    return {
      ...file,
      weightedSum: own.reduce(
        (sum, sheet) =>
          sum +
          grid.reduce(
            (inner, criterion) => inner + criterion.weight * scoreOn(sheet, criterion.criterionId),
            0,
          ),
        0,
      ),
      firstSum: own.reduce((sum, sheet) => sum + scoreOn(sheet, first.criterionId), 0),
      scoredBy: own.map((sheet) => sheet.memberId),
    };
  });
  const ordered = [...tallies].sort(compareTallies);
  return {
    firstWeightedCriterionId: first.criterionId,
    ranking: ordered.map((tally, index) => {
      const above = ordered[index - 1];
      const counted = tally.scoredBy.length;
      return {
        rank: index + 1,
        applicationId: tally.applicationId,
        associationId: tally.associationId,
        associationName: tally.associationName,
        weightedAverage: twoDecimals(tally.weightedSum / (counted * totalWeight)),
        firstCriterionAverage: twoDecimals(tally.firstSum / counted),
        submittedAt: tally.submittedAt,
        scoredBy: [...tally.scoredBy],
        decidedBy: above ? decidedBy(above, tally) : 'first',
      };
    }),
  };
};
