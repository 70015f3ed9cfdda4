import type { DemoClient } from './client.js';
import type { DemoRegionPlan } from './scenario.js';
import type { DemoTokens } from './tokens.js';

// The figures a region's rollout ended with, read from the API as the dashboard reads them, set
// against what the demo aimed for: the program's targets, and what the demo itself planned.

/** One line of the table: what is measured, what was aimed for, what was reached, and whether it matches. */
export interface FigureLine {
  readonly regionCode: string;
  readonly figure: string;
  readonly target: string;
  readonly reached: string;
  readonly matches: boolean;
  /** Why a line that is not held against the run still needs the person's attention (a PDF not rendered). */
  readonly warning?: string;
}

/**
 * Makes a region's lines: a figure, what was aimed for and what was reached, matching when the two
 * read the same unless `matches` says otherwise.
 */
export const figureLineOf =
  (regionCode: string) =>
  (figure: string, target: string | number, reached: string | number, matches?: boolean): FigureLine => ({
    regionCode,
    figure,
    target: String(target),
    reached: String(reached),
    matches: matches ?? String(target) === String(reached),
  });

const mad = (centimes: number) => `${(centimes / 100).toLocaleString('fr-FR')} MAD`;

/** Reads a closed rollout and its training progress and compares them with the plan. */
export const readFigures = async (
  client: DemoClient,
  plan: DemoRegionPlan,
  tokens: DemoTokens,
): Promise<FigureLine[]> => {
  const rollout = await client.read(`/rollouts/${plan.rolloutId}`, tokens.reader);
  const training = await client.read(`/rollouts/${plan.rolloutId}/training`, tokens.reader);
  const call = await client.read(`/calls/${plan.operatorCallId}`, tokens.reader);
  const funnel = await client.read(`/views/regions/${plan.regionCode}/funnel`, tokens.reader);
  const stage = (name: string): number =>
    ((funnel?.stages ?? []) as { stage: string; actual: number }[]).find((each) => each.stage === name)
      ?.actual ?? 0;
  if (rollout === undefined || training === undefined || call === undefined) {
    return [
      {
        regionCode: plan.regionCode,
        figure: 'rollout',
        target: 'launched',
        reached: 'missing',
        matches: false,
      },
    ];
  }
  const { targets } = plan;
  const members = targets.associations * targets.membersPerAssociation;
  const awarded = plan.grants.reduce((sum, grant) => sum + grant.amount, 0);
  const cascade = new Set(plan.cascadeSessions.flatMap((session) => session.associationIds)).size;
  const figures = rollout.figures;
  const line = figureLineOf(plan.regionCode);
  const refusals = (call.counts?.refused as number | undefined) ?? 0;
  return [
    line('operator call: files received', plan.applicants.length, call.counts?.received ?? 0),
    line('operator call: files refused (late, ineligible)', '> 0', refusals, refusals > 0),
    line(
      'operator selected',
      plan.operator.associationId,
      (call.committee?.selectedAssociationIds ?? []).join(','),
    ),
    line(
      'beneficiary call: files received',
      plan.beneficiaries.length + plan.reserve.length,
      stage('applications-received'),
    ),
    line('associations selected (the rest in reserve)', targets.associations, stage('associations-selected')),
    line('associations enrolled', targets.associations, figures.associationsEnrolled),
    line('members enrolled', members, figures.membersEnrolled),
    line('associations that completed axis 1', targets.associations, figures.associationsCompletedAxisOne),
    line('members who completed the 8 modules', members, figures.membersCompletedAxisOne),
    line('trainers certified', targets.trainers, figures.trainersCertified),
    line(
      'competence hub',
      'established',
      training.hub === null ? 'none' : `${training.hub.trainerCount} trainers`,
      training.hub !== null,
    ),
    line('cascade: associations reached', cascade, figures.cascadeAssociationsReached),
    line('grants awarded', targets.associations, figures.grantsAwarded),
    line('grants awarded (amount)', mad(awarded), mad(figures.grantsAwardedCentimes)),
    line('grants paid (amount)', mad(awarded), mad(figures.grantsPaidCentimes)),
    line(
      'rollout',
      'closed, figures final',
      `${rollout.status}${rollout.figuresAreFinal ? ', figures final' : ''}`,
    ),
  ];
};

/** The table, in columns, with a mark per line. */
export const formatFigures = (lines: readonly FigureLine[]): string => {
  const header = { regionCode: 'region', figure: 'figure', target: 'target', reached: 'reached', mark: '' };
  const markOf = (line: FigureLine) =>
    !line.matches ? 'MISMATCH' : line.warning === undefined ? 'ok' : 'WARNING';
  const rows = [header, ...lines.map((line) => ({ ...line, mark: markOf(line) }))];
  const width = (key: keyof typeof header) => Math.max(...rows.map((row) => row[key].length));
  const widths = {
    regionCode: width('regionCode'),
    figure: width('figure'),
    target: width('target'),
    reached: width('reached'),
  };
  const rule = `${'-'.repeat(widths.regionCode)}-+-${'-'.repeat(widths.figure)}-+-${'-'.repeat(widths.target)}-+-${'-'.repeat(widths.reached)}-+---`;
  const format = (row: (typeof rows)[number]) =>
    `${row.regionCode.padEnd(widths.regionCode)} | ${row.figure.padEnd(widths.figure)} | ${row.target.padStart(widths.target)} | ${row.reached.padStart(widths.reached)} | ${row.mark}`;
  const warnings = lines.flatMap((line) =>
    line.warning === undefined ? [] : [`WARNING ${line.regionCode} ${line.figure}: ${line.warning}`],
  );
  return [
    format(header),
    rule,
    ...rows.slice(1).map(format),
    ...(warnings.length > 0 ? ['', ...warnings] : []),
  ].join('\n');
};
