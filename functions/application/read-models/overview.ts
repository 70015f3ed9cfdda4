import { type AnnualReport, annualReport, endOfYear, regionReport } from '../open-data/annual-report.js';
import { type AuditProjection, auditProjection } from '../projections/audit.js';
import { type FunnelView, funnelProjection } from '../projections/funnel.js';
import { grantLedgerProjection } from '../projections/grant-ledger.js';
import type { RolloutStanding } from '../projections/lifecycle.js';
import { NATIONAL_KEY, nationalProjection } from '../projections/national.js';
import type { ReadModels } from './read-models.js';

// What the read-model routes and the documents share: the read models of a request's dependencies,
// the national overview and the annual partnership report computed from them. Apart from the
// routes' response schemas, so that the documents' function bundles only what it renders.

/** What query routes need besides the store: the runtime's read models (a view store). */
export interface ReadModelDependencies {
  readonly readModels: ReadModels;
  /** The audit read model the views were kept with (its stream page size); default `auditProjection`. */
  readonly auditProjection?: AuditProjection;
}

/** The audit read model of the runtime's views. */
export const auditProjectionOf = (deps: ReadModelDependencies): AuditProjection =>
  deps.auditProjection ?? auditProjection;

/** The runtime's read models, or views computed from the events when the runtime gives none. */
export const readModelsOf = (deps: ReadModelDependencies): ReadModels => deps.readModels;

export const emptyStanding = (standing: RolloutStanding): FunnelView => ({
  ...funnelProjection.initialView(standing.rolloutId),
  standing,
});

export const nationalOverview = async (models: ReadModels, asOf: string | undefined) => {
  const national = await models.view(nationalProjection, NATIONAL_KEY, asOf);
  const standings = Object.values(national?.view.rollouts ?? {}).sort((a, b) =>
    a.rolloutId.localeCompare(b.rolloutId),
  );
  const rollouts = await Promise.all(
    standings.map(async (standing) => {
      const funnel =
        (await models.view(funnelProjection, standing.rolloutId, asOf))?.view ?? emptyStanding(standing);
      return { standing, funnel };
    }),
  );
  return { asOf: national?.asOf ?? null, rollouts, waves: national?.view.waves ?? {} };
};

/**
 * The annual partnership report of `year`, per region and nationally: what is known now (or at
 * `knownAt`, by recording time) of the year by each fact's date, i.e. the read models over the
 * events whose fact happened by 31 December (ADR 0136). A payment keyed in later counts in the
 * year it was made; a past edition entered now appears in the reports of its own years.
 */
export const partnershipReportOf = async (
  models: ReadModels,
  year: number,
  knownAt?: string,
): Promise<AnnualReport> => {
  const until = endOfYear(year);
  const [national] = await models.viewsByFactDate(nationalProjection, [NATIONAL_KEY], until, knownAt);
  const standings = Object.values(national?.view.rollouts ?? {}).sort((a, b) =>
    a.rolloutId.localeCompare(b.rolloutId),
  );
  const rolloutIds = standings.map((standing) => standing.rolloutId);
  const [funnels, ledgers] = await Promise.all([
    models.viewsByFactDate(funnelProjection, rolloutIds, until, knownAt),
    models.viewsByFactDate(grantLedgerProjection, rolloutIds, until, knownAt),
  ]);
  const regions = standings.map((standing, index) =>
    regionReport(year, funnels[index]?.view ?? emptyStanding(standing), ledgers[index]?.view),
  );
  return annualReport(year, regions);
};
