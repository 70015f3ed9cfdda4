import { callStreamId, committeeStreamId, grantsStreamId } from '../../functions/domain/ids.js';
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
 * and the one excluded replaced from the reserve, with their members (a member who left replaced);
 * each grant weighs its amount as last amended, a cancelled grant what the association holds of it
 * (its tranches paid less what was recovered), and every grant is paid what it weighs.
 */
export interface DemoTargets {
  readonly associationsSelected: number;
  readonly associations: number;
  readonly members: number;
  readonly grants: number;
  readonly awardedCentimes: number;
  readonly paidCentimes: number;
}

/**
 * What a grant of `plan` weighs at the close: its amount as last amended, or for the cancelled
 * grant what the association holds of it (its tranches paid less what was recovered).
 */
export const weightOf = (plan: DemoRegionPlan, grant: DemoRegionPlan['grants'][number]): number => {
  const turbulence = plan.turbulence;
  if (grant.associationId === turbulence?.grantAmendment.associationId) {
    return turbulence.grantAmendment.amount;
  }
  if (grant.associationId === turbulence?.trancheReturn.associationId) {
    return turbulence.trancheReturn.amendment.amount;
  }
  const cancelled = turbulence?.grantCancellation;
  if (grant.associationId === cancelled?.associationId) {
    const paid = grant.tranches.slice(0, cancelled.trancheNumber).reduce((sum, amount) => sum + amount, 0);
    return paid - cancelled.recovered;
  }
  return grant.amount;
};

/** The targets of `plan`'s figures (the straight plan's are its own targets). */
export const targetsOf = (plan: DemoRegionPlan): DemoTargets => {
  const participants = participantsOf(plan);
  const awarded = plan.grants.reduce((sum, grant) => sum + weightOf(plan, grant), 0);
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
 * paper file on time by its date, the operator call relaunched, the miskeyed file selected, the
 * appellant selected, the associations replaced from the reserve, the member replaced, the
 * attendance corrected, the grants amended, the money returned and recovered, the payment record
 * corrected, the grant cancelled; and the grant ledger and the open data at the recomputed totals.
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
  const operatorCall = await client.read(`/calls/${plan.operatorCallId}`, tokens.ministry);
  const operatorHistory = (await client.streamEvents(callStreamId(plan.operatorCallId), tokens.ministry)).map(
    (event) => event.type,
  );
  const grantHistory = await client.streamEvents(grantsStreamId(plan.rolloutId), tokens.ministry);
  const ledger = await client.read(`/views/rollouts/${plan.rolloutId}/grant-ledger`, tokens.ministry);
  const openData = await client.read('/open-data/public-funding', tokens.reader);
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

  const replacedLine = (figure: string, leaving: string, replacement: string) => {
    const left = association(leaving) === undefined;
    const replaced = association(replacement) !== undefined;
    return line(
      figure,
      `${leaving} by ${replacement}`,
      left && replaced
        ? `${leaving} by ${replacement}`
        : `${leaving} ${left ? 'left' : 'still enrolled'}, ${replacement} ${replaced ? 'enrolled' : 'not enrolled'}`,
    );
  };

  const relaunched = ['CallEnded', 'CallRelaunched', 'CallClosed'].every((type) =>
    operatorHistory.slice(operatorHistory.indexOf('CallClosed') + 1).includes(type),
  );
  const miskey = turbulence.scoreCorrection;
  const miskeyedFile = (
    (call?.applications ?? []) as { associationId: string; applicationId: string }[]
  ).find((application) => application.associationId === miskey.associationId);
  type Scores = { score: number }[];
  const correction = (await client.streamEvents(committeeStreamId(plan.beneficiaryCallId), tokens.ministry))
    .filter((event) => event.type === 'ApplicationScoresCorrected')
    .map(
      (event) =>
        event.data as {
          memberId: string;
          applicationId: string;
          scores: Scores;
          previousScores: Scores;
          rankingWithdrawn: boolean;
        },
    )
    .find((data) => data.memberId === miskey.memberId && data.applicationId === miskeyedFile?.applicationId);
  const miskeyedSelected = ((call?.committee?.selectedAssociationIds ?? []) as string[]).includes(
    miskey.associationId,
  );

  const memberIds = (association(memberReplaced.associationId)?.members ?? []).map((each) => each.memberId);
  const corrected = association(attendanceCorrection.associationId)?.members?.find(
    (each) => each.memberId === attendanceCorrection.memberId,
  );
  type Grant = {
    grantId: string;
    associationId: string;
    status: string;
    amendments: number;
    paid: number;
    refunded: number;
  };
  const grantOf = (associationId: string): Grant | undefined =>
    ((grants?.grants ?? []) as Grant[]).find((each) => each.associationId === associationId);
  const expected = targetsOf(plan);
  const paymentFix = turbulence.paymentCorrection;
  const fixedPayment = {
    grantId: grantOf(paymentFix.associationId)?.grantId,
    reference: `pay-${paymentFix.associationId}-${paymentFix.trancheNumber}`,
  };
  const correctedPayment = grantHistory
    .filter((event) => event.type === 'TranchePaymentCorrected')
    .map((event) => event.data as { grantId: string; trancheNumber: number; paymentReference: string })
    .find((data) => data.grantId === fixedPayment.grantId && data.trancheNumber === paymentFix.trancheNumber);
  const cancelledGrant = grantOf(turbulence.grantCancellation.associationId);
  const planned = plan.grants.find(
    (grant) => grant.associationId === turbulence.grantCancellation.associationId,
  );
  const expectedHeld = planned === undefined ? 0 : weightOf(plan, planned);
  type Row = {
    rolloutId: string;
    grantStatus: string;
    amountAwardedCentimes: number;
    amountPaidCentimes: number;
  };
  const rows = ((openData?.rows ?? []) as Row[]).filter((row) => row.rolloutId === plan.rolloutId);
  const sumOf = (list: readonly Row[], field: 'amountAwardedCentimes' | 'amountPaidCentimes') =>
    list.reduce((sum, row) => sum + row[field], 0);

  return [
    line('paper file keyed in after the deadline, judged by its date received', 'on time', paperReached),
    line(
      'appeal upheld, the selection re-opened: appellant selected',
      `${appellant} selected`,
      `${appellant} ${upheld && selected ? 'selected' : upheld ? 'not selected' : 'appeal not upheld'}`,
    ),
    line(
      'operator call ended without result, relaunched, closed again',
      'relaunched, closed',
      `${relaunched ? 'relaunched' : 'not relaunched'}, ${operatorCall?.status ?? 'missing'}`,
    ),
    line(
      'score corrected before publication: ranked again, file selected',
      `${miskey.miskeyed} to ${miskey.score}, ranking withdrawn, selected`,
      `${
        correction === undefined
          ? 'not corrected'
          : `${correction.previousScores[0]?.score} to ${correction.scores[0]?.score}, ranking ${correction.rankingWithdrawn ? 'withdrawn' : 'kept'}`
      }, ${miskeyedSelected ? 'selected' : 'not selected'}`,
    ),
    replacedLine(
      'association withdrew, replaced from the reserve',
      withdrawal.associationId,
      withdrawal.replacement.associationId,
    ),
    replacedLine(
      'association excluded, replaced from the reserve',
      turbulence.exclusion.associationId,
      turbulence.exclusion.replacement.associationId,
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
    line(
      'payment record corrected: the transfer reference',
      fixedPayment.reference,
      correctedPayment?.paymentReference ?? 'not corrected',
    ),
    line(
      'tranche recovered, grant cancelled: held (amount)',
      `cancelled, ${mad(expectedHeld)}`,
      `${cancelledGrant?.status ?? 'missing'}, ${mad(cancelledGrant?.paid ?? 0)}`,
    ),
    line(
      'grant ledger: awarded, paid',
      `${mad(expected.awardedCentimes)}, ${mad(expected.paidCentimes)}`,
      `${mad(ledger?.totals?.awarded ?? 0)}, ${mad(ledger?.totals?.paid ?? 0)}`,
    ),
    line(
      'open data: awarded, paid, grants cancelled',
      `${mad(expected.awardedCentimes)}, ${mad(expected.paidCentimes)}, 1`,
      `${mad(sumOf(rows, 'amountAwardedCentimes'))}, ${mad(sumOf(rows, 'amountPaidCentimes'))}, ${rows.filter((row) => row.grantStatus === 'cancelled').length}`,
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
