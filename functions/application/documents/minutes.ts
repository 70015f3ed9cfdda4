import { decodeEvent, type NaseejEvent } from '../../../events/catalog.js';
import type { RankedApplication } from '../../../events/selection/ApplicationsRanked.v1.js';
import type { ScoringCriterion } from '../../../events/selection/parts.js';
import type { StoredEvent } from '../ports/event-store.js';
import type { BilingualText } from './certificates.js';

// The committee's minutes (procès-verbal, محضر) and the public notice of a selection, folded from
// the call's stream and its committee's stream alone. People appear by id; documents look their
// names up in the personal-data vault when they are rendered.

/** One file received by the call. */
export interface MinutesFile {
  readonly applicationId: string;
  readonly associationId: string;
  readonly associationName: BilingualText;
  readonly province: string;
  readonly submittedAt: string;
  /** `eligible`, or why it was refused. */
  readonly outcome: 'eligible' | 'late' | 'ineligible';
  readonly failedRules: readonly BilingualText[];
}

/** One member's scores of one file, and whether they counted. */
export interface MinutesScoreSheet {
  readonly applicationId: string;
  readonly memberId: string;
  readonly scores: readonly { readonly criterionId: string; readonly score: number }[];
  /** False when the member declared a conflict on the file afterwards (the score was voided). */
  readonly counted: boolean;
}

/** Everything the minutes of one call's committee state. */
export interface SelectionMinutes {
  readonly callId: string;
  readonly title: BilingualText;
  readonly purpose: string;
  readonly rolloutId: string | null;
  readonly regionCode: string | null;
  readonly openedAt: string;
  readonly deadline: string;
  readonly closedAt: string | null;
  readonly files: readonly MinutesFile[];
  readonly memberIds: readonly string[];
  readonly chairId: string;
  readonly quorum: number;
  readonly grid: readonly ScoringCriterion[];
  readonly conflicts: readonly {
    readonly memberId: string;
    readonly applicationId: string;
    readonly voidsScore: boolean;
  }[];
  readonly sheets: readonly MinutesScoreSheet[];
  readonly ranking: readonly RankedApplication[];
  readonly selected: readonly {
    readonly associationId: string;
    readonly associationName: BilingualText;
    readonly rank: number;
    readonly weightedAverage: number;
  }[];
  readonly publishedAt: string;
  readonly appealWindowEndsAt: string;
  /** Every event the minutes were made from, in stream order (call, then committee). */
  readonly sourceEventIds: readonly string[];
}

const decoded = (events: readonly StoredEvent[]): (StoredEvent & NaseejEvent)[] =>
  events.map((event) => decodeEvent(event) as StoredEvent & NaseejEvent);

/**
 * The minutes of a call's committee, or undefined while the selection is not published (the
 * minutes are published with it, never before).
 */
export const minutesOf = (
  callEvents: readonly StoredEvent[],
  committeeEvents: readonly StoredEvent[],
): SelectionMinutes | undefined => {
  const call = decoded(callEvents);
  const committee = decoded(committeeEvents);
  const opened = call.find((event) => event.type === 'CallOpened');
  const appointed = committee.find((event) => event.type === 'CommitteeAppointed');
  // The selection as last published; none while an upheld appeal has re-opened it (issue 20).
  const published = [...committee].reverse().find((event) => event.type === 'SelectionPublished');
  const lastReopened = committee.findLastIndex((event) => event.type === 'SelectionReopened');
  if (opened?.type !== 'CallOpened' || appointed?.type !== 'CommitteeAppointed') return undefined;
  if (published?.type !== 'SelectionPublished') return undefined;
  if (lastReopened > committee.indexOf(published)) return undefined;

  const files = new Map<string, MinutesFile>();
  let closedAt: string | null = null;
  for (const event of call) {
    if (event.type === 'ApplicationSubmitted') {
      files.set(event.data.applicationId, {
        applicationId: event.data.applicationId,
        associationId: event.data.associationId,
        associationName: event.data.associationName,
        province: event.data.province,
        // The date the file reached the ministry (a paper file keyed in later shows when it arrived).
        submittedAt: event.data.receivedAt,
        outcome: 'eligible',
        failedRules: [],
      });
    } else if (event.type === 'ApplicationRefused') {
      const file = files.get(event.data.applicationId);
      if (file !== undefined) {
        files.set(file.applicationId, {
          ...file,
          outcome: event.data.reason,
          failedRules: event.data.failedRules.map((rule) => rule.label),
        });
      }
    } else if (event.type === 'ApplicationCorrected') {
      // The record as corrected before the ranking (ADR 0082), judged again.
      const file = files.get(event.data.applicationId);
      if (file !== undefined) {
        files.set(file.applicationId, {
          ...file,
          associationName: event.data.associationName,
          province: event.data.province,
          submittedAt: event.data.receivedAt,
          outcome: event.data.refusal?.reason ?? 'eligible',
          failedRules: event.data.refusal?.failedRules.map((rule) => rule.label) ?? [],
        });
      }
    } else if (event.type === 'CallClosed') {
      closedAt = event.data.closedAt;
    }
  }

  const conflicts: { memberId: string; applicationId: string; voidsScore: boolean }[] = [];
  const sheets: MinutesScoreSheet[] = [];
  let ranking: readonly RankedApplication[] = [];
  const selected: SelectionMinutes['selected'][number][] = [];
  for (const event of committee) {
    switch (event.type) {
      case 'ConflictDeclared':
        conflicts.push({ ...event.data });
        for (const [index, sheet] of sheets.entries()) {
          if (sheet.memberId === event.data.memberId && sheet.applicationId === event.data.applicationId) {
            sheets[index] = { ...sheet, counted: false };
          }
        }
        break;
      case 'ApplicationScored':
        sheets.push({
          applicationId: event.data.applicationId,
          memberId: event.data.memberId,
          scores: event.data.scores,
          counted: true,
        });
        break;
      case 'ApplicationScoresCorrected': {
        // The minutes show the scores as corrected before publication (ADR 0082).
        const { applicationId, memberId, scores, rankingWithdrawn } = event.data;
        for (const [index, sheet] of sheets.entries()) {
          if (sheet.memberId === memberId && sheet.applicationId === applicationId) {
            sheets[index] = { ...sheet, scores };
          }
        }
        if (rankingWithdrawn) {
          ranking = [];
          selected.length = 0;
        }
        break;
      }
      case 'ApplicationsRanked':
        ranking = event.data.ranking;
        break;
      case 'SelectionReopened':
        // An upheld appeal withdrew the selection (and the ranking, when it re-opened it).
        if (event.data.reopens === 'ranking') ranking = [];
        selected.length = 0;
        break;
      case 'AssociationSelected':
        selected.push({
          associationId: event.data.associationId,
          associationName: event.data.associationName,
          rank: event.data.rank,
          weightedAverage: event.data.weightedAverage,
        });
        break;
      default:
        break;
    }
  }

  return {
    callId: opened.data.callId,
    title: opened.data.title,
    purpose: opened.data.purpose,
    rolloutId: opened.data.rolloutId,
    regionCode: opened.data.regionCode,
    openedAt: opened.data.openedAt,
    deadline: opened.data.deadline,
    closedAt,
    files: [...files.values()],
    memberIds: appointed.data.memberIds,
    chairId: appointed.data.chairId,
    quorum: appointed.data.quorum,
    grid: appointed.data.scoringGrid,
    conflicts,
    sheets,
    ranking,
    selected,
    publishedAt: published.data.publishedAt,
    appealWindowEndsAt: published.data.appealWindowEndsAt,
    sourceEventIds: [...call, ...committee].map((event) => event.eventId),
  };
};
