import type { RegionCode } from '../../../events/reference.js';
import type { RolloutFigures, RolloutTargets } from '../../../events/rollout/schemas.js';
import { awardedOfGrant, coFunderLedger } from '../../domain/grants/grants.js';
import { addCentimes, sumCentimes } from '../../domain/shared/money.js';
import { type FunnelView, funnelFigures } from '../projections/funnel.js';
import { awardedAtAward, type GrantLedgerView } from '../projections/grant-ledger.js';

/**
 * The annual partnership report (circular 7/2003): per region and nationally, the figures at the
 * end of the year (the read models over the facts that happened by 31 December, 23:59:59.999 UTC,
 * by each fact's date: ADR 0136) and the money of the year (committed, awarded and paid during
 * it). Aggregates only: no personal data.
 */

/** One region's rollout in the report. */
export interface RegionReport {
  readonly rolloutId: string;
  readonly regionCode: RegionCode | null;
  readonly edition: string | null;
  readonly status: string;
  readonly phase: string | null;
  readonly targets: RolloutTargets | null;
  /** Cumulative at the end of the year. */
  readonly figures: RolloutFigures;
  /** Money of the year alone, in centimes. */
  readonly year: { readonly committed: number; readonly awarded: number; readonly paid: number };
  /** Per co-funder, cumulative at the end of the year. */
  readonly coFunders: readonly {
    readonly coFunderId: string;
    readonly name: { readonly fr: string; readonly ar: string };
    readonly committed: number;
    readonly awarded: number;
    readonly paid: number;
  }[];
}

/** The whole report. */
export interface AnnualReport {
  readonly year: number;
  /** The instant the figures are taken at: every fact dated at or before it (ADR 0136). */
  readonly asOf: string;
  readonly regions: readonly RegionReport[];
  readonly national: {
    readonly figures: RolloutFigures;
    readonly year: { readonly committed: number; readonly awarded: number; readonly paid: number };
  };
}

/** The last instant of a year, UTC. */
export const endOfYear = (year: number): string => `${year}-12-31T23:59:59.999Z`;

const inYear = (instant: string | undefined | null, year: number): boolean =>
  instant?.startsWith(`${year}-`) === true;

/** One rollout's part of the report, from its funnel and grant ledger at the end of the year. */
export const regionReport = (
  year: number,
  funnel: FunnelView,
  ledger: GrantLedgerView | undefined,
): RegionReport => ({
  rolloutId: funnel.standing.rolloutId,
  regionCode: funnel.standing.regionCode,
  edition: funnel.standing.edition,
  status: funnel.standing.status,
  phase: funnel.standing.phase,
  targets: funnel.standing.targets,
  figures: funnelFigures(funnel),
  year: {
    committed: sumCentimes(
      (ledger?.commitments ?? []).filter((item) => inYear(item.committedAt, year)).map((item) => item.amount),
    ),
    // Awards of the year at their amount when awarded, then every amendment, cancellation and
    // refund of the year at its own date: the years of a ledger add up to its totals.
    awarded: ledger
      ? addCentimes(
          sumCentimes(
            Object.entries(ledger.awardedAt)
              .filter(([, at]) => inYear(at, year))
              .map(([grantId]) => {
                const grant = Object.hasOwn(ledger.grants.grants, grantId)
                  ? ledger.grants.grants[grantId]
                  : undefined;
                return grant ? awardedAtAward(ledger, grantId, awardedOfGrant(grant)) : 0;
              }),
          ),
          sumCentimes(
            ledger.changes.filter((item) => inYear(item.at, year)).map((item) => item.awardedDelta),
          ),
        )
      : 0,
    paid: addCentimes(
      sumCentimes(
        (ledger?.payments ?? []).filter((item) => inYear(item.paidAt, year)).map((item) => item.amount),
      ),
      sumCentimes(
        (ledger?.changes ?? []).filter((item) => inYear(item.at, year)).map((item) => item.paidDelta),
      ),
    ),
  },
  coFunders: ledger
    ? coFunderLedger(ledger.grants).map(({ coFunderId, name, committed, awarded, paid }) => ({
        coFunderId,
        name,
        committed,
        awarded,
        paid,
      }))
    : [],
});

const FIGURE_KEYS = [
  'associationsEnrolled',
  'membersEnrolled',
  'associationsCompletedAxisOne',
  'membersCompletedAxisOne',
  'trainersCertified',
  'cascadeAssociationsReached',
  'grantsAwarded',
  'grantsAwardedCentimes',
  'grantsPaidCentimes',
] as const satisfies readonly (keyof RolloutFigures)[];

/** The report: each rollout's part and their national sum. */
export const annualReport = (year: number, regions: readonly RegionReport[]): AnnualReport => ({
  year,
  asOf: endOfYear(year),
  regions,
  national: {
    figures: Object.fromEntries(
      FIGURE_KEYS.map((key) => [key, sumCentimes(regions.map((region) => region.figures[key]))]),
    ) as unknown as RolloutFigures,
    year: {
      committed: sumCentimes(regions.map((region) => region.year.committed)),
      awarded: sumCentimes(regions.map((region) => region.year.awarded)),
      paid: sumCentimes(regions.map((region) => region.year.paid)),
    },
  },
});
