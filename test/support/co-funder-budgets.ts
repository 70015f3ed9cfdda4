import type { GrantsEvent } from '../../events/grants/index.js';

// The co-funders' budgets that grant tests start from (issue 23: one declaration of a given that
// several test files wrote out). Each test still writes the amounts it expects.

/**
 * A co-funder's first commitment to a rollout's budget (so its total is the amount), dated
 * `committedAt`; `null` is a commitment recorded before facts carried their date
 * (docs/adr/0153-the-money-on-its-true-dates.md).
 */
export const budgetCommitted = (
  rolloutId: string,
  coFunderId: string,
  name: { readonly fr: string; readonly ar: string },
  amount: number,
  committedAt: string | null = null,
): Extract<GrantsEvent, { type: 'CoFunderBudgetCommitted' }> => ({
  type: 'CoFunderBudgetCommitted',
  data: { rolloutId, coFunderId, name, amount, totalCommitted: amount, committedAt, lateEntry: null },
});

/** The Fès-Meknès region's name as a co-funder. */
export const REGION_FES_MEKNES = { fr: 'Conseil de la Région Fès-Meknès', ar: 'مجلس جهة فاس-مكناس' };

/**
 * The two co-funders of a Fès-Meknès rollout: the ministry (`ministry`, named `ministryName`)
 * commits 100,000 MAD and the region (`region-fm`) 60,000 MAD, both on `committedAt`.
 */
export const fesMeknesBudgets = (
  rolloutId: string,
  ministryName: { readonly fr: string; readonly ar: string },
  committedAt: string | null,
): GrantsEvent[] => [
  budgetCommitted(rolloutId, 'ministry', ministryName, 10_000_000, committedAt),
  budgetCommitted(rolloutId, 'region-fm', REGION_FES_MEKNES, 6_000_000, committedAt),
];
