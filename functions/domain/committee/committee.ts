import type { RegionCode } from '../../../events/reference.js';
import type { RankedApplication } from '../../../events/selection/ApplicationsRanked.v1.js';
import type { CommitteeEvent } from '../../../events/selection/index.js';
import type {
  AppealOutcome,
  CallPurpose,
  CriterionScore,
  ReopenedStage,
  ScoringCriterion,
} from '../../../events/selection/parts.js';
import type { CallFacts } from '../call/call.js';
import { committeeStreamId } from '../ids.js';
import { assertNever, type CommandContext, type Decider, type Fold } from '../shared/decider.js';
import { domainError } from '../shared/errors.js';
import {
  checkCommandFactDate,
  latestFactDate,
  type PriorFact,
  requireNotBefore,
} from '../shared/fact-date.js';
import type {
  AppointCommittee,
  CallFactsOfCommittee,
  CommitteeCommand,
  CorrectScores,
  DecideAppeal,
  DeclareConflict,
  LodgeAppeal,
  PublishSelection,
  RankApplications,
  RemindAppealWindowClosing,
  SelectAssociations,
  SubmitScores,
} from './commands.js';
import { type CountedSheet, rankFiles } from './ranking.js';

export { committeeStreamId };

/** One member's scores of one file, as submitted (counted only while the member is not conflicted). */
export type ScoreSheet = CountedSheet;

/** When a member really scored a file (its last dated sheet or correction, ADR 0159). */
export interface ScoreDate {
  readonly applicationId: string;
  readonly memberId: string;
  readonly scoredAt: string;
}

/** A lodged appeal and, once decided, its outcome. */
export interface Appeal {
  readonly appealId: string;
  readonly associationId: string;
  readonly outcome: AppealOutcome | null;
  /** The publication it was lodged against: 1 for the first, each re-publication adds one (issue 20). */
  readonly round?: number;
  /** Pending when an upheld appeal withdrew its publication: it will never be decided. */
  readonly lapsed?: boolean;
}

/**
 * An appointed committee and how far it went, in order: appointed (conflicts and scoring) →
 * ranked → selected → published (appeals).
 */
export interface AppointedCommittee {
  readonly status: 'appointed' | 'ranked' | 'selected' | 'published';
  readonly callId: string;
  readonly purpose: CallPurpose;
  readonly rolloutId: string | null;
  readonly regionCode: RegionCode | null;
  readonly seats: number;
  readonly memberIds: readonly string[];
  readonly chairId: string;
  readonly quorum: number;
  readonly scoringGrid: readonly ScoringCriterion[];
  readonly conflicts: readonly { readonly memberId: string; readonly applicationId: string }[];
  readonly scoreSheets: readonly ScoreSheet[];
  readonly ranking: readonly RankedApplication[];
  readonly selectedAssociationIds: readonly string[];
  readonly appealWindowEndsAt: string | null;
  /** When the selection in force was published (its true date; absent before the first publication). */
  readonly publishedAt?: string;
  readonly appeals: readonly Appeal[];
  /** When the workflow reminded the applicants that the appeal window closes soon (once). */
  readonly appealReminderSentAt: string | null;
  /** How many times the selection was published (absent: never; issue 20). */
  readonly publications?: number;
  /** Appellants an upheld appeal admitted to the selection: selected with the top of the ranking. */
  readonly admittedOnAppeal?: readonly string[];
  /**
   * The true dates the selection's steps rest on (ADR 0159): the appointment, each dated score sheet
   * and the ranking in force. Null or absent: recorded as it happened (or before ADR 0159), which
   * the rules do not see, so nothing is checked against it (ADR 0151).
   */
  readonly appointedAt?: string | null;
  readonly scoreDates?: readonly ScoreDate[];
  readonly rankedAt?: string | null;
}

export type CommitteeState = { readonly status: 'not-appointed' } | AppointedCommittee;

export const initialState = (): CommitteeState => ({ status: 'not-appointed' });

/** Events of other streams leave the state as it is; typing the event `never` keeps `evolve` exhaustive. */
const ignoreOtherStreams = <State>(_event: never, state: State): State => state;

export const evolve = (state: CommitteeState, event: CommitteeEvent): CommitteeState => {
  if (event.type === 'CommitteeAppointed') {
    const { lateEntry: _lateEntry, ...appointed } = event.data;
    return {
      status: 'appointed',
      ...appointed,
      conflicts: [],
      scoreSheets: [],
      ranking: [],
      selectedAssociationIds: [],
      appealWindowEndsAt: null,
      appeals: [],
      appealReminderSentAt: null,
    };
  }
  if (state.status === 'not-appointed') return state;
  switch (event.type) {
    case 'ConflictDeclared': {
      const { memberId, applicationId } = event.data;
      return { ...state, conflicts: [...state.conflicts, { memberId, applicationId }] };
    }
    case 'ApplicationScored': {
      const { applicationId, memberId, scores, scoredAt } = event.data;
      return {
        ...state,
        scoreSheets: [...state.scoreSheets, { applicationId, memberId, scores }],
        ...withScoreDate(state, applicationId, memberId, scoredAt),
      };
    }
    case 'ApplicationScoresCorrected': {
      const { applicationId, memberId, scores, rankingWithdrawn, scoredAt } = event.data;
      const scoreSheets = state.scoreSheets.map((sheet) =>
        sheet.applicationId === applicationId && sheet.memberId === memberId ? { ...sheet, scores } : sheet,
      );
      const dates = withScoreDate(state, applicationId, memberId, scoredAt);
      return rankingWithdrawn
        ? { ...state, status: 'appointed', scoreSheets, ranking: [], selectedAssociationIds: [], ...dates }
        : { ...state, scoreSheets, ...dates };
    }
    case 'ApplicationsRanked':
      return { ...state, status: 'ranked', ranking: event.data.ranking, rankedAt: event.data.rankedAt };
    case 'AssociationSelected':
      return {
        ...state,
        status: 'selected',
        selectedAssociationIds: [...state.selectedAssociationIds, event.data.associationId],
      };
    case 'ContactCentreOperatorSelected':
      return state;
    case 'SelectionPublished':
      return {
        ...state,
        status: 'published',
        appealWindowEndsAt: event.data.appealWindowEndsAt,
        publishedAt: event.data.publishedAt,
        publications: publicationsOf(state) + 1,
      };
    case 'AppealLodged': {
      const { appealId, associationId } = event.data;
      const appeal = { appealId, associationId, outcome: null, round: publicationsOf(state) };
      return { ...state, appeals: [...state.appeals, appeal] };
    }
    case 'SelectionReopened': {
      const { reopens, admittedAssociationId, lapsedAppealIds } = event.data;
      const lapsed = new Set(lapsedAppealIds);
      return {
        ...state,
        status: reopens === 'ranking' ? 'appointed' : 'ranked',
        ranking: reopens === 'ranking' ? [] : state.ranking,
        selectedAssociationIds: [],
        appealWindowEndsAt: null,
        appealReminderSentAt: null,
        appeals: state.appeals.map((appeal) =>
          lapsed.has(appeal.appealId) ? { ...appeal, lapsed: true } : appeal,
        ),
        admittedOnAppeal:
          admittedAssociationId === null
            ? (state.admittedOnAppeal ?? [])
            : [...(state.admittedOnAppeal ?? []), admittedAssociationId],
      };
    }
    case 'AppealWindowClosingReminded':
      return { ...state, appealReminderSentAt: event.data.remindedAt };
    case 'AppealDecided':
      return {
        ...state,
        appeals: state.appeals.map((appeal) =>
          appeal.appealId === event.data.appealId ? { ...appeal, outcome: event.data.outcome } : appeal,
        ),
      };
    default:
      return ignoreOtherStreams(event, state);
  }
};

/** A sheet's date, replacing the one it had: an undated sheet (as it happened) leaves the dates as they are. */
const withScoreDate = (
  state: AppointedCommittee,
  applicationId: string,
  memberId: string,
  scoredAt: string | null,
): { scoreDates?: readonly ScoreDate[] } =>
  scoredAt === null
    ? {}
    : {
        scoreDates: [
          ...(state.scoreDates ?? []).filter(
            (date) => date.applicationId !== applicationId || date.memberId !== memberId,
          ),
          { applicationId, memberId, scoredAt },
        ],
      };

// ---------------------------------------------------------------------------------------------
// Pure queries (also used by the HTTP layer and by projections)

/** How many times the selection was published: 0 before the first publication. */
export const publicationsOf = (state: CommitteeState): number =>
  state.status === 'not-appointed' ? 0 : (state.publications ?? (state.status === 'published' ? 1 : 0));

/**
 * The appeals against the selection as last published (issue 20): an upheld appeal withdraws a
 * publication, and the appeals lodged against an earlier one no longer weigh on the new one.
 */
export const currentAppeals = (state: CommitteeState): readonly Appeal[] => {
  if (state.status === 'not-appointed') return [];
  const round = publicationsOf(state);
  return state.appeals.filter((appeal) => (appeal.round ?? 1) === round && appeal.lapsed !== true);
};

/** Whether a member declared a conflict of interest on a file. */
export const isConflicted = (state: CommitteeState, memberId: string, applicationId: string): boolean =>
  state.status !== 'not-appointed' &&
  state.conflicts.some(
    (conflict) => conflict.memberId === memberId && conflict.applicationId === applicationId,
  );

/** The score sheets that count: those of members not conflicted on the file they scored. */
export const countedScoreSheets = (state: CommitteeState): readonly ScoreSheet[] =>
  state.status === 'not-appointed'
    ? []
    : state.scoreSheets.filter((sheet) => !isConflicted(state, sheet.memberId, sheet.applicationId));

/**
 * The score sheets a committee member may see: the counted sheets of every file except those the
 * member declared a conflict on (a conflicted member neither scores nor sees a file's scores).
 * Someone who is not a member of this committee sees nothing through this query.
 */
export const visibleScores = (state: CommitteeState, memberId: string): readonly ScoreSheet[] =>
  state.status === 'not-appointed' || !state.memberIds.includes(memberId)
    ? []
    : countedScoreSheets(state).filter((sheet) => !isConflicted(state, memberId, sheet.applicationId));

/** Members not conflicted on a file: each must score it before the ranking. */
export const nonConflictedMembers = (state: AppointedCommittee, applicationId: string): readonly string[] =>
  state.memberIds.filter((memberId) => !isConflicted(state, memberId, applicationId));

/** The associations selected by the committee, in rank order. */
export const selectedAssociations = (state: CommitteeState): readonly string[] =>
  state.status === 'not-appointed' ? [] : state.selectedAssociationIds;

// ---------------------------------------------------------------------------------------------
// Guards shared by the commands

const millis = (instant: string): number => Date.parse(instant);

const appointedCommittee = (state: CommitteeState, callId: string): AppointedCommittee => {
  if (state.status === 'not-appointed' || state.callId !== callId) {
    throw domainError(
      'not-found',
      'COMMITTEE_NOT_APPOINTED',
      `No committee was appointed for call ${callId}`,
      {
        callId,
      },
    );
  }
  return state;
};

/** The end of the appeal window of a published selection (`SELECTION_NOT_PUBLISHED` before it). */
const publishedAppealWindow = (committee: AppointedCommittee, callId: string): string => {
  if (committee.status !== 'published' || committee.appealWindowEndsAt === null) {
    throw domainError(
      'conflict',
      'SELECTION_NOT_PUBLISHED',
      'Appeals follow the publication of the selection',
      {
        callId,
      },
    );
  }
  return committee.appealWindowEndsAt;
};

const knownCall = (facts: CallFactsOfCommittee, callId: string): CallFacts => {
  if (facts.call === null || facts.call.callId !== callId) {
    throw domainError('not-found', 'CALL_NOT_FOUND', `No call ${callId} was opened`, { callId });
  }
  return facts.call;
};

const closedCall = (facts: CallFactsOfCommittee, callId: string): CallFacts => {
  const call = knownCall(facts, callId);
  if (!call.closed) {
    throw domainError(
      'conflict',
      'CALL_NOT_CLOSED',
      'Files are scored and ranked only once the call is closed',
      {
        callId,
      },
    );
  }
  if (call.cancelled) {
    throw domainError('conflict', 'CALL_CANCELLED', `Call ${callId} was cancelled by the ministry`, {
      callId,
    });
  }
  return call;
};

const applicationOf = (call: CallFacts, applicationId: string) => {
  const application = call.applications.find((candidate) => candidate.applicationId === applicationId);
  if (!application) {
    throw domainError(
      'not-found',
      'APPLICATION_NOT_FOUND',
      `Call ${call.callId} received no file ${applicationId}`,
      {
        callId: call.callId,
        applicationId,
      },
    );
  }
  return application;
};

const actingMember = (committee: AppointedCommittee, context: CommandContext): string => {
  if (!committee.memberIds.includes(context.actor.id)) {
    throw domainError('forbidden', 'NOT_A_COMMITTEE_MEMBER', 'Only a member of this committee may do this', {
      callId: committee.callId,
      actorId: context.actor.id,
    });
  }
  return context.actor.id;
};

/** Ranking, selecting and deciding appeals: among committee members, only the chair may. */
const chairIfMember = (committee: AppointedCommittee, context: CommandContext): void => {
  if (context.actor.role === 'committee-member' && context.actor.id !== committee.chairId) {
    throw domainError('forbidden', 'ONLY_THE_CHAIR', 'Among committee members, only the chair may do this', {
      callId: committee.callId,
      actorId: context.actor.id,
    });
  }
};

const beforeRanking = (committee: AppointedCommittee): void => {
  if (committee.status !== 'appointed') {
    throw domainError('conflict', 'RANKING_ALREADY_DONE', 'The files are already ranked', {
      callId: committee.callId,
    });
  }
};

/** A member of the call's appointed committee, acting on its files before they are ranked. */
const memberBeforeRanking = (
  state: CommitteeState,
  callId: string,
  context: CommandContext,
): { committee: AppointedCommittee; memberId: string } => {
  const committee = appointedCommittee(state, callId);
  const memberId = actingMember(committee, context);
  beforeRanking(committee);
  return { committee, memberId };
};

const firstDuplicate = (values: readonly string[]): string | undefined =>
  values.find((value, index) => values.indexOf(value) !== index);

// ---------------------------------------------------------------------------------------------
// Commands

export const appointCommittee = (
  command: AppointCommittee,
  state: CommitteeState,
  context: CommandContext,
): CommitteeEvent[] => {
  const { data } = command;
  if (state.status !== 'not-appointed') {
    throw domainError('conflict', 'COMMITTEE_ALREADY_APPOINTED', 'A call has one committee, appointed once', {
      callId: data.callId,
    });
  }
  const call = knownCall(command.facts, data.callId);
  const duplicateMember = firstDuplicate(data.memberIds);
  if (duplicateMember !== undefined) {
    throw domainError('invalid', 'DUPLICATE_MEMBER', `Member ${duplicateMember} is listed twice`, {
      memberId: duplicateMember,
    });
  }
  if (!data.memberIds.includes(data.chairId)) {
    throw domainError('invalid', 'CHAIR_NOT_A_MEMBER', 'The chair is one of the members', {
      chairId: data.chairId,
    });
  }
  if (data.quorum > data.memberIds.length) {
    throw domainError('invalid', 'QUORUM_EXCEEDS_MEMBERS', 'The quorum cannot exceed the number of members', {
      quorum: data.quorum,
      members: data.memberIds.length,
    });
  }
  const duplicateCriterion = firstDuplicate(data.scoringGrid.map((criterion) => criterion.criterionId));
  if (duplicateCriterion !== undefined) {
    throw domainError('invalid', 'DUPLICATE_CRITERION', `Criterion ${duplicateCriterion} is listed twice`, {
      criterionId: duplicateCriterion,
    });
  }
  // An appointment dated from the files (a past edition, ADR 0159): not before the call it serves.
  const { appointedAt, lateEntryReason } = data;
  const lateEntry = checkCommandFactDate(
    context,
    'committee-appointed',
    'appointedAt',
    appointedAt,
    lateEntryReason,
  );
  if (appointedAt !== undefined) {
    requireNotBefore('APPOINTED_BEFORE_CALL_OPENED', 'appointedAt', appointedAt, {
      fact: 'call opening',
      date: call.openedAt,
    });
  }
  return [
    {
      type: 'CommitteeAppointed',
      data: {
        callId: call.callId,
        purpose: call.purpose,
        rolloutId: call.rolloutId,
        regionCode: call.regionCode,
        seats: call.seats,
        memberIds: data.memberIds,
        chairId: data.chairId,
        quorum: data.quorum,
        scoringGrid: data.scoringGrid,
        appointedAt: appointedAt ?? null,
        lateEntry,
      },
    },
  ];
};

/**
 * A member declares a conflict on a file, before the ranking. Declared after the member scored
 * that file, it voids the score (kept in the history, no longer counted nor shown).
 */
export const declareConflict = (
  command: DeclareConflict,
  state: CommitteeState,
  context: CommandContext,
): CommitteeEvent[] => {
  const { callId, applicationId } = command.data;
  const { committee, memberId } = memberBeforeRanking(state, callId, context);
  applicationOf(knownCall(command.facts, callId), applicationId);
  if (isConflicted(committee, memberId, applicationId)) {
    throw domainError('conflict', 'CONFLICT_ALREADY_DECLARED', 'This conflict is already declared', {
      callId,
      memberId,
      applicationId,
    });
  }
  const voidsScore = committee.scoreSheets.some(
    (sheet) => sheet.memberId === memberId && sheet.applicationId === applicationId,
  );
  return [{ type: 'ConflictDeclared', data: { callId, memberId, applicationId, voidsScore } }];
};

/** Checks a score sheet against the grid: every criterion once, integer scores within bounds. */
const gridScores = (
  grid: readonly ScoringCriterion[],
  scores: readonly CriterionScore[],
): CriterionScore[] => {
  const duplicate = firstDuplicate(scores.map((score) => score.criterionId));
  if (duplicate !== undefined) {
    throw domainError('invalid', 'DUPLICATE_CRITERION_SCORE', `Criterion ${duplicate} is scored twice`, {
      criterionId: duplicate,
    });
  }
  const unknown = scores.find(
    (score) => !grid.some((criterion) => criterion.criterionId === score.criterionId),
  );
  if (unknown) {
    throw domainError('invalid', 'UNKNOWN_CRITERION', `Criterion ${unknown.criterionId} is not in the grid`, {
      criterionId: unknown.criterionId,
    });
  }
  return grid.map((criterion) => {
    const given = scores.find((score) => score.criterionId === criterion.criterionId);
    if (!given) {
      throw domainError(
        'invalid',
        'CRITERION_NOT_SCORED',
        `Criterion ${criterion.criterionId} has no score`,
        {
          criterionId: criterion.criterionId,
        },
      );
    }
    if (given.score > criterion.maxScore) {
      throw domainError(
        'invalid',
        'SCORE_OUT_OF_RANGE',
        `The score on ${criterion.criterionId} is between 0 and ${criterion.maxScore}`,
        { criterionId: criterion.criterionId, score: given.score, maxScore: criterion.maxScore },
      );
    }
    return { criterionId: criterion.criterionId, score: given.score };
  });
};

type LateEntryReason = NonNullable<SubmitScores['data']['lateEntryReason']>;

/**
 * A score sheet dated from the files (a past edition, ADR 0159), judged by its date: not before the
 * committee's appointment nor the facts given (the call's closing, the sheet a correction replaces).
 */
const scoreSheetDate = (
  context: CommandContext,
  committee: AppointedCommittee,
  data: { readonly scoredAt?: string | undefined; readonly lateEntryReason?: LateEntryReason | undefined },
  restsOn: readonly (readonly [code: string, prior: PriorFact])[],
): { scoredAt: string | null; lateEntry: { reason: LateEntryReason } | null } => {
  const { scoredAt, lateEntryReason } = data;
  const lateEntry = checkCommandFactDate(
    context,
    'application-scored',
    'scoredAt',
    scoredAt,
    lateEntryReason,
  );
  if (scoredAt === undefined) return { scoredAt: null, lateEntry };
  requireNotBefore('SCORED_BEFORE_APPOINTMENT', 'scoredAt', scoredAt, {
    fact: 'committee appointment',
    date: committee.appointedAt,
  });
  for (const [code, prior] of restsOn) requireNotBefore(code, 'scoredAt', scoredAt, prior);
  return { scoredAt, lateEntry };
};

/** A non-conflicted member scores an eligible file of a closed call, once, on the whole grid. */
export const submitScores = (
  command: SubmitScores,
  state: CommitteeState,
  context: CommandContext,
): CommitteeEvent[] => {
  const { callId, applicationId } = command.data;
  const { committee, memberId } = memberBeforeRanking(state, callId, context);
  const call = closedCall(command.facts, callId);
  const application = applicationOf(call, applicationId);
  if (!application.eligible) {
    throw domainError('conflict', 'APPLICATION_NOT_ELIGIBLE', 'A refused file is not scored', {
      callId,
      applicationId,
    });
  }
  if (isConflicted(committee, memberId, applicationId)) {
    throw domainError(
      'forbidden',
      'MEMBER_CONFLICTED',
      'A member who declared a conflict on a file may not score it',
      {
        callId,
        memberId,
        applicationId,
      },
    );
  }
  if (
    committee.scoreSheets.some(
      (sheet) => sheet.memberId === memberId && sheet.applicationId === applicationId,
    )
  ) {
    throw domainError('conflict', 'FILE_ALREADY_SCORED', 'A member scores a file once', {
      callId,
      memberId,
      applicationId,
    });
  }
  const scores = gridScores(committee.scoringGrid, command.data.scores);
  const dated = scoreSheetDate(context, committee, command.data, [
    ['SCORED_BEFORE_CALL_CLOSED', { fact: 'call closing', date: call.closedAt }],
  ]);
  return [{ type: 'ApplicationScored', data: { callId, applicationId, memberId, scores, ...dated } }];
};

/**
 * A member corrects the scores it gave a file (ADR 0082): only its own sheet, only before the
 * selection is published (after it, the published decision stands and an appeal is the way), and
 * never a sheet voided by a conflict. A ranking already made (and any selection) is withdrawn in the
 * same event: the chair ranks and selects again, and the workflow keeps waiting for the publication.
 */
export const correctScores = (
  command: CorrectScores,
  state: CommitteeState,
  context: CommandContext,
): CommitteeEvent[] => {
  const { callId, applicationId, reason } = command.data;
  const committee = appointedCommittee(state, callId);
  const memberId = actingMember(committee, context);
  if (committee.status === 'published') {
    throw domainError(
      'conflict',
      'SCORES_PUBLISHED',
      'The selection is published: its scores can no longer be corrected (an appeal is the way)',
      { callId, applicationId, memberId },
    );
  }
  const sheet = committee.scoreSheets.find(
    (candidate) => candidate.memberId === memberId && candidate.applicationId === applicationId,
  );
  if (sheet === undefined) {
    throw domainError(
      'not-found',
      'SCORE_SHEET_NOT_FOUND',
      'This member gave this file no scores to correct',
      {
        callId,
        applicationId,
        memberId,
      },
    );
  }
  if (isConflicted(committee, memberId, applicationId)) {
    throw domainError('forbidden', 'MEMBER_CONFLICTED', 'A sheet voided by a conflict is not corrected', {
      callId,
      memberId,
      applicationId,
    });
  }
  const scores = gridScores(committee.scoringGrid, command.data.scores);
  const same = (left: readonly CriterionScore[], right: readonly CriterionScore[]) =>
    left.length === right.length &&
    left.every((score) =>
      right.some((other) => other.criterionId === score.criterionId && other.score === score.score),
    );
  if (same(scores, sheet.scores)) {
    throw domainError('conflict', 'SCORES_UNCHANGED', 'The sheet already holds these scores', {
      callId,
      applicationId,
      memberId,
    });
  }
  const dated = scoreSheetDate(context, committee, command.data, [
    [
      'CORRECTED_BEFORE_SCORED',
      {
        fact: 'score sheet',
        date: committee.scoreDates?.find(
          (date) => date.applicationId === applicationId && date.memberId === memberId,
        )?.scoredAt,
      },
    ],
  ]);
  return [
    {
      type: 'ApplicationScoresCorrected',
      data: {
        callId,
        applicationId,
        memberId,
        scores,
        previousScores: [...sheet.scores],
        reason,
        rankingWithdrawn: committee.status !== 'appointed',
        ...dated,
      },
    },
  ];
};

/**
 * Ranks every eligible file, once every non-conflicted member scored every one of them and at
 * least a quorum of non-conflicted members scored each (see ranking.ts for the order and ties).
 */
export const rankApplications = (
  command: RankApplications,
  state: CommitteeState,
  context: CommandContext,
): CommitteeEvent[] => {
  const { callId } = command.data;
  const committee = appointedCommittee(state, callId);
  chairIfMember(committee, context);
  beforeRanking(committee);
  const eligible = closedCall(command.facts, callId).applications.filter(
    (application) => application.eligible,
  );
  if (eligible.length === 0) {
    throw domainError('conflict', 'NO_ELIGIBLE_FILES', 'The call has no eligible file to rank', { callId });
  }
  const counted = countedScoreSheets(committee);
  const belowQuorum = eligible
    .filter(
      (application) => nonConflictedMembers(committee, application.applicationId).length < committee.quorum,
    )
    .map((application) => application.applicationId);
  if (belowQuorum.length > 0) {
    throw domainError(
      'conflict',
      'QUORUM_NOT_MET',
      'Too many members are conflicted on some files for a quorum to score them',
      { callId, quorum: committee.quorum, applicationIds: belowQuorum },
    );
  }
  const missing = eligible.flatMap((application) => {
    const memberIds = nonConflictedMembers(committee, application.applicationId).filter(
      (memberId) =>
        !counted.some(
          (sheet) => sheet.memberId === memberId && sheet.applicationId === application.applicationId,
        ),
    );
    return memberIds.length > 0 ? [{ applicationId: application.applicationId, memberIds }] : [];
  });
  if (missing.length > 0) {
    throw domainError(
      'conflict',
      'SCORING_INCOMPLETE',
      'Every non-conflicted member scores every eligible file',
      {
        callId,
        missing,
      },
    );
  }
  // A ranking dated from the minutes (a past edition, ADR 0159): not before the last score it ranks by.
  const { rankedAt, lateEntryReason } = command.data;
  const lateEntry = checkCommandFactDate(
    context,
    'applications-ranked',
    'rankedAt',
    rankedAt,
    lateEntryReason,
  );
  if (rankedAt !== undefined) {
    requireNotBefore('RANKED_BEFORE_LAST_SCORE', 'rankedAt', rankedAt, {
      fact: 'score',
      date: latestFactDate((committee.scoreDates ?? []).map((date) => date.scoredAt)),
    });
  }
  const { firstWeightedCriterionId, ranking } = rankFiles(committee.scoringGrid, eligible, counted);
  return [
    {
      type: 'ApplicationsRanked',
      data: { callId, firstWeightedCriterionId, ranking, rankedAt: rankedAt ?? null, lateEntry },
    },
  ];
};

/** The contact centre's seat (program.md: Rabat; regional centres may follow). */
export const CONTACT_CENTRE_SEAT = { fr: 'Rabat', ar: 'الرباط' } as const;

/**
 * Selects the top of the ranking: the first file, or the first `seats` files of a beneficiary
 * call (all of them when fewer were ranked). The contact-centre call also names its operator.
 */
export const selectAssociations = (
  command: SelectAssociations,
  state: CommitteeState,
  context: CommandContext,
): CommitteeEvent[] => {
  const committee = appointedCommittee(state, command.data.callId);
  chairIfMember(committee, context);
  if (committee.status === 'appointed') {
    throw domainError('conflict', 'RANKING_NOT_DONE', 'The committee selects from its ranking', {
      callId: committee.callId,
    });
  }
  if (committee.status !== 'ranked') {
    throw domainError('conflict', 'SELECTION_ALREADY_MADE', 'The committee selects once', {
      callId: committee.callId,
    });
  }
  const { callId, purpose, rolloutId, regionCode } = committee;
  // The top of the ranking, and the appellants an upheld appeal admitted (issue 20: the seats are
  // a minimum, not a cap), in rank order.
  const admitted = new Set(committee.admittedOnAppeal ?? []);
  const chosen = committee.ranking.filter(
    (file, index) => index < committee.seats || admitted.has(file.associationId),
  );
  return chosen.flatMap((file): CommitteeEvent[] => {
    const { applicationId, associationId, associationName, rank, weightedAverage } = file;
    const selected: CommitteeEvent = {
      type: 'AssociationSelected',
      data: {
        callId,
        purpose,
        rolloutId,
        regionCode,
        applicationId,
        associationId,
        associationName,
        rank,
        weightedAverage,
      },
    };
    if (purpose !== 'contact-centre-operator') return [selected];
    return [
      selected,
      {
        type: 'ContactCentreOperatorSelected',
        data: { callId, associationId, associationName, seat: { ...CONTACT_CENTRE_SEAT } },
      },
    ];
  });
};

/** Publishes the selection, once, with its minutes and an appeal window that ends in the future. */
export const publishSelection = (
  command: PublishSelection,
  state: CommitteeState,
  context: CommandContext,
): CommitteeEvent[] => {
  const { callId, appealWindowEndsAt, minutes } = command.data;
  const committee = appointedCommittee(state, callId);
  if (committee.status === 'published') {
    throw domainError('conflict', 'SELECTION_ALREADY_PUBLISHED', 'The selection is published once', {
      callId,
    });
  }
  if (committee.status !== 'selected') {
    throw domainError('conflict', 'SELECTION_NOT_MADE', 'Only a selection that was made can be published', {
      callId,
    });
  }
  const publishedAt = command.data.publishedAt ?? context.now;
  const lateEntry = checkCommandFactDate(
    context,
    'selection-published',
    'publishedAt',
    publishedAt,
    command.data.lateEntryReason,
  );
  // Never before the ranking it publishes (ADR 0159; ADR 0151's rule).
  requireNotBefore('PUBLISHED_BEFORE_RANKING', 'publishedAt', publishedAt, {
    fact: 'ranking',
    date: committee.rankedAt,
  });
  // The window ends after the publication; for a publication keyed in on time, in the future. One
  // keyed in late with its reason (a past edition, ADR 0135) keeps its true window, even ended.
  const windowStart = lateEntry === null ? context.now : publishedAt;
  if (millis(appealWindowEndsAt) <= millis(windowStart)) {
    throw domainError(
      'invalid',
      'APPEAL_WINDOW_NOT_IN_FUTURE',
      lateEntry === null
        ? 'The appeal window must end in the future'
        : 'The appeal window must end after the publication',
      { field: 'appealWindowEndsAt', appealWindowEndsAt, now: context.now, publishedAt },
    );
  }
  return [
    {
      type: 'SelectionPublished',
      data: {
        callId,
        publishedAt,
        appealWindowEndsAt,
        minutes,
        selectedAssociationIds: [...committee.selectedAssociationIds],
        lateEntry,
      },
    },
  ];
};

/** An association that applied to the call appeals, once, before the appeal window ends. */
export const lodgeAppeal = (
  command: LodgeAppeal,
  state: CommitteeState,
  context: CommandContext,
): CommitteeEvent[] => {
  const { callId, associationId, groundsDocumentId } = command.data;
  const committee = appointedCommittee(state, callId);
  const appealWindowEndsAt = publishedAppealWindow(committee, callId);
  // The window is judged by when the letter reached the ministry (ADR 0135), within the limits of
  // checkFactDate, and never before the publication it appeals.
  const lodgedAt = command.data.lodgedAt ?? context.now;
  if (committee.publishedAt !== undefined && millis(lodgedAt) < millis(committee.publishedAt)) {
    throw domainError(
      'invalid',
      'LODGED_BEFORE_PUBLICATION',
      'lodgedAt is before the selection was published',
      {
        field: 'lodgedAt',
        lodgedAt,
        publishedAt: committee.publishedAt,
      },
    );
  }
  const lateEntry = checkCommandFactDate(
    context,
    'appeal-lodged',
    'lodgedAt',
    lodgedAt,
    command.data.lateEntryReason,
  );
  if (millis(lodgedAt) > millis(appealWindowEndsAt)) {
    throw domainError('conflict', 'APPEAL_WINDOW_CLOSED', 'The appeal window has ended', {
      callId,
      appealWindowEndsAt,
      lodgedAt,
      now: context.now,
    });
  }
  const call = knownCall(command.facts, callId);
  if (!call.applications.some((application) => application.associationId === associationId)) {
    throw domainError(
      'forbidden',
      'NOT_AN_APPLICANT',
      'Only an association that applied to the call may appeal',
      {
        callId,
        associationId,
      },
    );
  }
  if (currentAppeals(committee).some((appeal) => appeal.associationId === associationId)) {
    throw domainError(
      'conflict',
      'APPEAL_ALREADY_LODGED',
      'An association appeals once against a selection',
      {
        callId,
        associationId,
      },
    );
  }
  return [
    {
      type: 'AppealLodged',
      data: { callId, appealId: context.newId(), associationId, groundsDocumentId, lodgedAt, lateEntry },
    },
  ];
};

/** Decides an appeal, once, upheld or dismissed, with a reason in French and Arabic. */
export const decideAppeal = (
  command: DecideAppeal,
  state: CommitteeState,
  context: CommandContext,
): CommitteeEvent[] => {
  const { callId, appealId, outcome, reason, reopens } = command.data;
  const committee = appointedCommittee(state, callId);
  chairIfMember(committee, context);
  const appeal = committee.appeals.find((candidate) => candidate.appealId === appealId);
  if (!appeal) {
    throw domainError('not-found', 'APPEAL_NOT_FOUND', `No appeal ${appealId} was lodged`, {
      callId,
      appealId,
    });
  }
  if (appeal.outcome !== null) {
    throw domainError('conflict', 'APPEAL_ALREADY_DECIDED', 'An appeal is decided once', {
      callId,
      appealId,
      outcome: appeal.outcome,
    });
  }
  if (appeal.lapsed === true) {
    throw domainError(
      'conflict',
      'APPEAL_LAPSED',
      'The selection this appeal contested was withdrawn by another upheld appeal; it may be lodged anew',
      { callId, appealId },
    );
  }
  const decided: CommitteeEvent = {
    type: 'AppealDecided',
    data: { callId, appealId, associationId: appeal.associationId, outcome, reason, decidedAt: context.now },
  };
  if (outcome === 'dismissed') {
    if (reopens !== undefined) {
      throw domainError(
        'invalid',
        'DISMISSED_APPEAL_REOPENS_NOTHING',
        'A dismissed appeal re-opens nothing',
        {
          callId,
          appealId,
          reopens,
        },
      );
    }
    return [decided];
  }
  return [decided, reopenedBy(committee, appeal, reopens)];
};

/**
 * The re-opening an upheld appeal causes (issue 20, item 4): the published selection is withdrawn,
 * the appeals still pending against it lapse, and the committee ranks again (`ranking`) or selects
 * again with the appellant admitted (`selection`, which needs the appellant's file in the ranking).
 */
const reopenedBy = (
  committee: AppointedCommittee,
  appeal: Appeal,
  reopens: ReopenedStage | undefined,
): CommitteeEvent => {
  const { callId } = committee;
  if (reopens === undefined) {
    throw domainError(
      'invalid',
      'UPHELD_APPEAL_REOPENS_REQUIRED',
      'An upheld appeal says what it re-opens: the ranking or the selection',
      { callId, appealId: appeal.appealId, field: 'reopens' },
    );
  }
  if (reopens === 'selection' && committee.purpose !== 'beneficiary-associations') {
    throw domainError(
      'conflict',
      'ONE_SEAT_REOPENS_RANKING',
      'An operator call chooses one association: an appeal upheld against it re-opens the ranking',
      { callId, appealId: appeal.appealId, purpose: committee.purpose },
    );
  }
  const ranked = committee.ranking.some((file) => file.associationId === appeal.associationId);
  if (reopens === 'selection' && !ranked) {
    throw domainError(
      'conflict',
      'APPELLANT_NOT_RANKED',
      "The appellant's file is not in the ranking: only re-opening the ranking can admit it",
      { callId, appealId: appeal.appealId, associationId: appeal.associationId },
    );
  }
  if (reopens === 'selection' && committee.selectedAssociationIds.includes(appeal.associationId)) {
    throw domainError('conflict', 'APPELLANT_ALREADY_SELECTED', 'The appellant is already selected', {
      callId,
      appealId: appeal.appealId,
      associationId: appeal.associationId,
    });
  }
  return {
    type: 'SelectionReopened',
    data: {
      callId,
      appealId: appeal.appealId,
      reopens,
      withdrawnAssociationIds: [...committee.selectedAssociationIds],
      admittedAssociationId: reopens === 'selection' ? appeal.associationId : null,
      lapsedAppealIds: currentAppeals(committee)
        .filter((other) => other.outcome === null && other.appealId !== appeal.appealId)
        .map((other) => other.appealId),
    },
  };
};

/**
 * The workflow reminds, once, while the appeal window is open, the applicants that may still
 * appeal (applied, not selected, no appeal lodged) that it closes soon.
 */
export const remindAppealWindowClosing = (
  command: RemindAppealWindowClosing,
  state: CommitteeState,
  context: CommandContext,
): CommitteeEvent[] => {
  const { callId } = command.data;
  const committee = appointedCommittee(state, callId);
  const appealWindowEndsAt = publishedAppealWindow(committee, callId);
  if (millis(context.now) >= millis(appealWindowEndsAt)) {
    throw domainError('conflict', 'APPEAL_WINDOW_CLOSED', 'The appeal window has ended', {
      callId,
      appealWindowEndsAt,
      now: context.now,
    });
  }
  if (committee.appealReminderSentAt !== null) {
    throw domainError('conflict', 'APPEAL_REMINDER_ALREADY_SENT', 'The appeal window is reminded once', {
      callId,
      remindedAt: committee.appealReminderSentAt,
    });
  }
  const call = knownCall(command.facts, callId);
  const appealed = new Set(currentAppeals(committee).map((appeal) => appeal.associationId));
  const selected = new Set(committee.selectedAssociationIds);
  const associationIds = [
    ...new Set(call.applications.map((application) => application.associationId)),
  ].filter((associationId) => !selected.has(associationId) && !appealed.has(associationId));
  return [
    {
      type: 'AppealWindowClosingReminded',
      data: {
        callId,
        appealWindowEndsAt,
        remindedAt: context.now,
        associationIds,
      },
    },
  ];
};

export const decide = (
  command: CommitteeCommand,
  state: CommitteeState,
  context: CommandContext,
): CommitteeEvent[] => {
  switch (command.type) {
    case 'AppointCommittee':
      return appointCommittee(command, state, context);
    case 'CorrectScores':
      return correctScores(command, state, context);
    case 'DeclareConflict':
      return declareConflict(command, state, context);
    case 'SubmitScores':
      return submitScores(command, state, context);
    case 'RankApplications':
      return rankApplications(command, state, context);
    case 'SelectAssociations':
      return selectAssociations(command, state, context);
    case 'PublishSelection':
      return publishSelection(command, state, context);
    case 'LodgeAppeal':
      return lodgeAppeal(command, state, context);
    case 'DecideAppeal':
      return decideAppeal(command, state, context);
    case 'RemindAppealWindowClosing':
      return remindAppealWindowClosing(command, state, context);
    default:
      return assertNever(command);
  }
};

/** A call's selection committee: conflicts, scoring, ranking, selection, publication and appeals. */
export const committeeDecider: Decider<CommitteeCommand, CommitteeState, CommitteeEvent> = {
  initialState,
  evolve,
  decide,
};

/**
 * The fold alone (no `decide`): what readers of this stream load it with, so that a bundle that
 * only reads it does not carry its rules (docs/adr/0066-bundles-within-300-kb.md).
 */
export const committeeFold: Fold<CommitteeState, CommitteeEvent> = { initialState, evolve };
