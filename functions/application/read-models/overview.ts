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

/** The annual partnership report of `year`, per region and nationally (figures as of 31 December). */
export const partnershipReportOf = async (models: ReadModels, year: number): Promise<AnnualReport> => {
  const asOf = endOfYear(year);
  const overview = await nationalOverview(models, asOf);
  const regions = await Promise.all(
    overview.rollouts.map(async ({ funnel }) =>
      regionReport(
        year,
        funnel,
        (await models.view(grantLedgerProjection, funnel.standing.rolloutId, asOf))?.view,
      ),
    ),
  );
  return annualReport(year, regions);
};
