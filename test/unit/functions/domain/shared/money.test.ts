import { describe, expect, it } from 'vitest';
import { AmountCentimes, addCentimes, sumCentimes } from '../../../../../functions/domain/shared/money.js';

const MAX_SAFE = 9_007_199_254_740_991;

describe('amounts as commands receive them', () => {
  it('accept whole centimes from 1 to 10^12', () => {
    expect(
      [1, 5_000_000, 1_000_000_000_000].map((amount) => AmountCentimes.safeParse(amount).success),
    ).toEqual([true, true, true]);
  });

  it('refuse nothing, fractions and anything past 10^12, saying why', () => {
    // Act
    const reasons = [0, 1.5, 1_000_000_000_001, MAX_SAFE, Number.POSITIVE_INFINITY].map(
      (amount) => AmountCentimes.safeParse(amount).error?.issues[0]?.message,
    );
    // Assess
    expect(reasons).toEqual([
      'at least 1 centime',
      'Invalid input: expected int, received number',
      'at most 1000000000000 centimes (10 billion MAD)',
      'at most 1000000000000 centimes (10 billion MAD)',
      'Invalid input: expected number, received Infinity',
    ]);
  });
});

describe('totals of centimes', () => {
  it('are exact within the safe-integer range', () => {
    expect(sumCentimes([1_000_000_000_000, 2_500_000, 1])).toBe(1_000_002_500_001);
    expect(addCentimes(MAX_SAFE - 1, 1)).toBe(MAX_SAFE);
  });

  it('saturate at 2^53 − 1 past it, and stay there', () => {
    expect(addCentimes(MAX_SAFE, 1)).toBe(MAX_SAFE);
    expect(sumCentimes([MAX_SAFE, MAX_SAFE, MAX_SAFE])).toBe(MAX_SAFE);
    expect(addCentimes(-MAX_SAFE, -1)).toBe(-MAX_SAFE);
  });

  it('add nothing to 0', () => {
    expect(sumCentimes([])).toBe(0);
  });
});
