import * as z from 'zod';
import { Id } from '../../../events/reference.js';

/**
 * The most centimes one amount may carry when it enters (a commitment, a grant, a share, a
 * tranche): 10^12 centimes, ten billion dirhams. No amount of the program comes near it (a grant
 * above 50,000 MAD already needs a convention; a region's whole budget is counted in millions),
 * yet 9,007 such amounts are needed before a sum leaves the safe-integer range (2^53 − 1), so the
 * totals of any history accepted under this bound stay exact.
 *
 * The bound is on command input only. The event schemas (v1) keep accepting any safe integer:
 * bounding them would make events already stored unreadable, and events are never removed.
 */
export const MAX_AMOUNT_CENTIMES = 1_000_000_000_000;

/** An amount of money as a command receives it: whole centimes, more than nothing, at most the ceiling. */
export const AmountCentimes = z
  .number()
  .int()
  .min(1, 'at least 1 centime')
  .max(MAX_AMOUNT_CENTIMES, `at most ${MAX_AMOUNT_CENTIMES} centimes (10 billion MAD)`);

/** A co-funder's part of an amount, as a command receives it. */
export const FundingShareInput = z.strictObject({ coFunderId: Id, amount: AmountCentimes });

/**
 * Adds amounts of centimes, saturating at `Number.MAX_SAFE_INTEGER` (and at its negative).
 *
 * Events accepted before `MAX_AMOUNT_CENTIMES` existed may each carry up to 2^53 − 1 centimes, and
 * their sum may not be representable: a plain `+` then yields a number every view's schema
 * refuses, and since events are never removed, the view would fail for good. A saturated total
 * reads 9007199254740991: a floor of the true total, which no history accepted under the bound
 * reaches. The comparison is exact: two safe integers add to at most 2^54 in magnitude, and
 * rounding to the nearest double never crosses 2^53.
 */
export const addCentimes = (left: number, right: number): number => {
  const total = left + right;
  if (total > Number.MAX_SAFE_INTEGER) return Number.MAX_SAFE_INTEGER;
  if (total < -Number.MAX_SAFE_INTEGER) return -Number.MAX_SAFE_INTEGER;
  return total;
};

/** The saturating sum of amounts of centimes (see `addCentimes`). */
export const sumCentimes = (amounts: readonly number[]): number => amounts.reduce(addCentimes, 0);
