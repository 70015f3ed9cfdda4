import type { DemoClient } from './client.js';
import { type DemoRegionPlan, enrolledAtClosure, participantsOf } from './scenario.js';
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

/**
 * What a rollout must end with, recomputed from its plan as the program's rules say: the
 * associations selected are the seats and any appellant an upheld appeal admitted (the target is a
 * minimum, not a cap); those that end the program are the ones taking part, the one that withdrew
 * replaced from the reserve, with their members (a member who left replaced); each grant weighs
 * its amount as last amended, and every grant is paid what it weighs.
 */
export interface DemoTargets {
  readonly associationsSelected: number;
  readonly associations: number;
  readonly members: number;
  readonly grants: number;
  readonly awardedCentimes: number;
  readonly paidCentimes: number;
}

/** The targets of `plan`'s figures (the straight plan's are its own targets). */
export const targetsOf = (plan: DemoRegionPlan): DemoTargets => {
  const participants = participantsOf(plan);
  const turbulence = plan.turbulence;
  const amountOf = (grant: DemoRegionPlan['grants'][number]): number => {
    if (grant.associationId === turbulence?.grantAmendment.associationId) {
      return turbulence.grantAmendment.amount;
    }
    if (grant.associationId === turbulence?.trancheReturn.associationId) {
      return turbulence.trancheReturn.amendment.amount;
    }
    return grant.amount;
  };
  const awarded = plan.grants.reduce((sum, grant) => sum + amountOf(grant), 0);
  return {
    associationsSelected: enrolledAtClosure(plan).length,
    associations: participants.length,
    members: participants.reduce((sum, participant) => sum + participant.members.length, 0),
    grants: plan.grants.length,
    awardedCentimes: awarded,
    paidCentimes: awarded,
  };
};

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
  const expected = targetsOf(plan);
  const cascade = new Set(plan.cascadeSessions.flatMap((session) => session.associationIds)).size;
  const figures = rollout.figures;
  const line = figureLineOf(plan.regionCode);
  const refusals = (call.counts?.refused as number | undefined) ?? 0;
  const turbulence = plan.turbulence === null ? [] : await readTurbulence(client, plan, tokens);
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
    line(
      'associations selected (the rest in reserve)',
      expected.associationsSelected,
      stage('associations-selected'),
    ),
    line('associations enrolled', expected.associations, figures.associationsEnrolled),
    line('members enrolled', expected.members, figures.membersEnrolled),
    line('associations that completed axis 1', expected.associations, figures.associationsCompletedAxisOne),
    line('members who completed the 8 modules', expected.members, figures.membersCompletedAxisOne),
    line('trainers certified', targets.trainers, figures.trainersCertified),
    line(
      'competence hub',
      'established',
      training.hub === null ? 'none' : `${training.hub.trainerCount} trainers`,
      training.hub !== null,
    ),
    line('cascade: associations reached', cascade, figures.cascadeAssociationsReached),
    line('grants awarded', expected.grants, figures.grantsAwarded),
    line('grants awarded (amount)', mad(expected.awardedCentimes), mad(figures.grantsAwardedCentimes)),
    line('grants paid (amount)', mad(expected.paidCentimes), mad(figures.grantsPaidCentimes)),
    line(
      'rollout',
      'closed, figures final',
      `${rollout.status}${rollout.figuresAreFinal ? ', figures final' : ''}`,
    ),
    ...turbulence,
  ];
};

/**
 * A turbulent rollout's changes of course, each as the API shows it once the rollout closed: the
 * paper file on time by its date, the appellant selected, the association replaced from the
 * reserve, the member replaced, the attendance corrected, the grants amended, the money returned.
 */
const readTurbulence = async (
  client: DemoClient,
  plan: DemoRegionPlan,
  tokens: DemoTokens,
): Promise<FigureLine[]> => {
  const turbulence = plan.turbulence;
  if (turbulence === null) return [];
  const line = figureLineOf(plan.regionCode);
  const call = await client.read(`/calls/${plan.beneficiaryCallId}`, tokens.ministry);
  const training = await client.read(`/rollouts/${plan.rolloutId}/training`, tokens.coordinator);
  const grants = await client.read(`/rollouts/${plan.rolloutId}/grants`, tokens.ministry);
  type Application = { associationId: string; submittedAt: string; receivedAt: string; refusal: unknown };
  type Association = {
    associationId: string;
    members?: { memberId: string; sessionsAttended: number; modulesCompleted: string[] }[];
  };
  const associations: Association[] = training?.associations ?? [];
  const association = (associationId: string) =>
    associations.find((each) => each.associationId === associationId);

  const { paperFile, appeal, withdrawal, memberReplaced, attendanceCorrection } = turbulence;
  const paper = ((call?.applications ?? []) as Application[]).find(
    (application) => application.associationId === paperFile.associationId,
  );
  const deadline = Date.parse(call?.deadline);
  const paperReached =
    paper === undefined
      ? 'not keyed in'
      : paper.refusal !== null
        ? 'refused'
        : Date.parse(paper.submittedAt) <= deadline
          ? 'keyed in before the deadline'
          : Date.parse(paper.receivedAt) > deadline
            ? 'received after the deadline'
            : 'on time';

  const appellant = appeal.appellant.associationId;
  const upheld = (
    (call?.committee?.appeals ?? []) as { associationId: string; outcome: string | null }[]
  ).some((each) => each.associationId === appellant && each.outcome === 'upheld');
  const selected = ((call?.committee?.selectedAssociationIds ?? []) as string[]).includes(appellant);

  const replacement = withdrawal.replacement.associationId;
  const left = association(withdrawal.associationId) === undefined;
  const replaced = association(replacement) !== undefined;

  const memberIds = (association(memberReplaced.associationId)?.members ?? []).map((each) => each.memberId);
  const corrected = association(attendanceCorrection.associationId)?.members?.find(
    (each) => each.memberId === attendanceCorrection.memberId,
  );
  type Grant = { associationId: string; amendments: number; refunded: number };
  const grantOf = (associationId: string): Grant | undefined =>
    ((grants?.grants ?? []) as Grant[]).find((each) => each.associationId === associationId);
  const mad = (centimes: number) => `${(centimes / 100).toLocaleString('fr-FR')} MAD`;

  return [
    line('paper file keyed in after the deadline, judged by its date received', 'on time', paperReached),
    line(
      'appeal upheld, the selection re-opened: appellant selected',
      `${appellant} selected`,
      `${appellant} ${upheld && selected ? 'selected' : upheld ? 'not selected' : 'appeal not upheld'}`,
    ),
    line(
      'association withdrew, replaced from the reserve',
      `${withdrawal.associationId} by ${replacement}`,
      left && replaced
        ? `${withdrawal.associationId} by ${replacement}`
        : `${withdrawal.associationId} ${left ? 'left' : 'still enrolled'}, ${replacement} ${replaced ? 'enrolled' : 'not enrolled'}`,
    ),
    line(
      'member replaced',
      `${memberReplaced.leavingMemberId} by ${memberReplaced.replacementMemberId}`,
      memberIds.includes(memberReplaced.replacementMemberId) &&
        !memberIds.includes(memberReplaced.leavingMemberId)
        ? `${memberReplaced.leavingMemberId} by ${memberReplaced.replacementMemberId}`
        : `members ${memberIds.join(',') || 'not shown'}`,
    ),
    line(
      `attendance corrected: sessions attended by ${attendanceCorrection.memberId}`,
      8,
      corrected?.sessionsAttended ?? 'not shown',
    ),
    line(
      'grants amended (a new schedule; after a return)',
      2,
      (grantOf(turbulence.grantAmendment.associationId)?.amendments ?? 0) +
        (grantOf(turbulence.trancheReturn.associationId)?.amendments ?? 0),
    ),
    line(
      'tranche returned (amount)',
      mad(turbulence.trancheReturn.amount),
      mad(grantOf(turbulence.trancheReturn.associationId)?.refunded ?? 0),
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
