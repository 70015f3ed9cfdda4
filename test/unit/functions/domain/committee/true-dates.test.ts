import { describe, expect, it } from 'vitest';
import { upcastEvent } from '../../../../../events/catalog.js';
import type { CommitteeEvent } from '../../../../../events/selection/index.js';
import type {
  CorrectScores,
  PublishSelection,
  RankApplications,
  SubmitScores,
} from '../../../../../functions/domain/committee/commands.js';
import { committeeDecider } from '../../../../../functions/domain/committee/committee.js';
import { given } from '../../../../support/given-when-then.js';
import { appoint, appointed, asMember, callId, closed, scored } from './support.js';

// The selection's steps on their true dates (ADR 0159): a past edition's committee appointed, its
// files scored and ranked as its minutes say, each not before the fact it rests on (ADR 0151). The
// call was opened on 12 January 2026 and closed on 6 February at 16:00 (support.ts); the facts are
// keyed in on 1 April 2026, more than a week later: late entries, with their reason.

const now = '2026-04-01T09:00:00.000Z';
const reason = { fr: 'Procès-verbaux saisis depuis les archives', ar: 'محاضر أدخلت من الأرشيف' };
const ministry = { actor: { id: 'user-ministry-1', role: 'ministry' }, now } as const;
const late = { lateEntryReason: reason };

const appointedOn = (appointedAt: string): CommitteeEvent => ({
  type: 'CommitteeAppointed',
  data: {
    ...(appointed.data as Extract<CommitteeEvent, { type: 'CommitteeAppointed' }>['data']),
    appointedAt,
    lateEntry: { reason },
  },
});
const sheet = [
  { criterionId: 'experience', score: 18 },
  { criterionId: 'methodology', score: 16 },
];
const score = (applicationId: string, data: Partial<SubmitScores['data']> = {}): SubmitScores => ({
  type: 'SubmitScores',
  data: { callId, applicationId, scores: sheet, ...data },
  facts: closed,
});
const scoredOn = (memberId: string, applicationId: string, scoredAt: string): CommitteeEvent => ({
  type: 'ApplicationScored',
  data: { callId, applicationId, memberId, scores: sheet, scoredAt, lateEntry: { reason } },
});
const rank = (data: Partial<RankApplications['data']> = {}): RankApplications => ({
  type: 'RankApplications',
  data: { callId, ...data },
  facts: closed,
});

/** Appointed on 9 February; each member scored both eligible files on the 12th, member-3 file-2 on the 13th. */
const scoredIn2026: CommitteeEvent[] = [
  appointedOn('2026-02-09T09:00:00.000Z'),
  ...['member-1', 'member-2', 'member-3'].flatMap((memberId) => [
    scoredOn(memberId, 'file-1', '2026-02-12T10:00:00.000Z'),
    scoredOn(
      memberId,
      'file-2',
      memberId === 'member-3' ? '2026-02-13T10:00:00.000Z' : '2026-02-12T11:00:00.000Z',
    ),
  ]),
];

describe('AppointCommittee on its true date', () => {
  it('records the date it was appointed and the reason it is keyed in late', () => {
    given(committeeDecider, [])
      .when(appoint({ appointedAt: '2026-02-09T09:00:00.000Z', ...late }), ministry)
      .then([appointedOn('2026-02-09T09:00:00.000Z')]);
  });

  it('appoints on the very instant the call was opened, and as recorded without a date', () => {
    given(committeeDecider, [])
      .when(appoint({ appointedAt: '2026-01-12T09:00:00.000Z', ...late }), ministry)
      .then([appointedOn('2026-01-12T09:00:00.000Z')]);
    given(committeeDecider, []).when(appoint(), ministry).then([appointed]);
  });

  it('refuses an appointment dated before the call was opened, naming appointedAt', () => {
    given(committeeDecider, [])
      .when(appoint({ appointedAt: '2026-01-12T08:59:59.999Z', ...late }), ministry)
      .thenRefusesWith('APPOINTED_BEFORE_CALL_OPENED', {
        field: 'appointedAt',
        restsOn: { fact: 'call opening', date: '2026-01-12T09:00:00.000Z' },
      });
  });

  it('refuses a late appointment without its reason, or keyed in by a committee member', () => {
    given(committeeDecider, [])
      .when(appoint({ appointedAt: '2026-02-09T09:00:00.000Z' }), ministry)
      .thenRefuses('LATE_ENTRY_REASON_REQUIRED', 'invalid');
    given(committeeDecider, [])
      .when(appoint({ appointedAt: '2026-02-09T09:00:00.000Z', ...late }), asMember('member-1', now))
      .thenRefuses('LATE_ENTRY_NOT_ALLOWED', 'forbidden');
  });
});

describe('SubmitScores on the day the member scored', () => {
  const history = [appointedOn('2026-02-09T09:00:00.000Z')];

  it('records the date of the sheet and the reason it is keyed in late', () => {
    given(committeeDecider, history)
      .when(score('file-1', { scoredAt: '2026-02-12T10:00:00.000Z', ...late }), asMember('member-2', now))
      .then([scoredOn('member-2', 'file-1', '2026-02-12T10:00:00.000Z')]);
  });

  it('refuses a sheet dated before the committee was appointed, naming scoredAt', () => {
    given(committeeDecider, history)
      .when(score('file-1', { scoredAt: '2026-02-08T10:00:00.000Z', ...late }), asMember('member-2', now))
      .thenRefusesWith('SCORED_BEFORE_APPOINTMENT', {
        field: 'scoredAt',
        restsOn: { fact: 'committee appointment', date: '2026-02-09T09:00:00.000Z' },
      });
  });

  it('refuses a sheet dated before the call was closed, naming scoredAt', () => {
    // Given a committee appointed while the call was open (18 January), when a member's sheet is dated 2 February
    given(committeeDecider, [appointedOn('2026-01-18T09:00:00.000Z')])
      .when(score('file-1', { scoredAt: '2026-02-02T10:00:00.000Z', ...late }), asMember('member-2', now))
      .thenRefusesWith('SCORED_BEFORE_CALL_CLOSED', {
        field: 'scoredAt',
        restsOn: { fact: 'call closing', date: '2026-02-06T16:00:00.000Z' },
      });
  });

  it('checks nothing against an appointment recorded as it happened', () => {
    given(committeeDecider, [appointed])
      .when(score('file-1', { scoredAt: '2026-02-06T16:00:00.000Z', ...late }), asMember('member-2', now))
      .then([scoredOn('member-2', 'file-1', '2026-02-06T16:00:00.000Z')]);
  });

  it('refuses a reason for a sheet recorded as it happens', () => {
    given(committeeDecider, history)
      .when(score('file-1', late), asMember('member-2', now))
      .thenRefuses('LATE_ENTRY_REASON_UNEXPECTED', 'invalid');
  });

  it('refuses a late sheet without its reason, or keyed in by the ministry for the member', () => {
    given(committeeDecider, history)
      .when(score('file-1', { scoredAt: '2026-02-12T10:00:00.000Z' }), asMember('member-2', now))
      .thenRefuses('LATE_ENTRY_REASON_REQUIRED', 'invalid');
    given(committeeDecider, history)
      .when(score('file-1', { scoredAt: '2026-02-12T10:00:00.000Z', ...late }), {
        actor: { id: 'member-2', role: 'ministry' },
        now,
      })
      .thenRefuses('LATE_ENTRY_NOT_ALLOWED', 'forbidden');
  });
});

describe('CorrectScores on the day the member corrected', () => {
  const correct = (data: Partial<CorrectScores['data']>): CorrectScores => ({
    type: 'CorrectScores',
    data: {
      callId,
      applicationId: 'file-1',
      scores: [
        { criterionId: 'experience', score: 14 },
        { criterionId: 'methodology', score: 16 },
      ],
      reason,
      ...data,
    },
  });

  it('records the date of the correction', () => {
    const [event] = given(committeeDecider, scoredIn2026)
      .when(correct({ scoredAt: '2026-02-14T10:00:00.000Z', ...late }), asMember('member-2', now))
      .events();
    expect(event?.data).toMatchObject({ scoredAt: '2026-02-14T10:00:00.000Z', lateEntry: { reason } });
  });

  it('refuses a correction dated before the sheet it corrects, naming scoredAt', () => {
    given(committeeDecider, scoredIn2026)
      .when(correct({ scoredAt: '2026-02-11T10:00:00.000Z', ...late }), asMember('member-2', now))
      .thenRefusesWith('CORRECTED_BEFORE_SCORED', {
        field: 'scoredAt',
        restsOn: { fact: 'score sheet', date: '2026-02-12T10:00:00.000Z' },
      });
  });
});

describe('RankApplications on the day the committee ranked', () => {
  it('records the date of the ranking and the reason it is keyed in late', () => {
    const [event] = given(committeeDecider, scoredIn2026)
      .when(rank({ rankedAt: '2026-02-13T15:00:00.000Z', ...late }), asMember('member-1', now))
      .events();
    expect(event).toMatchObject({
      type: 'ApplicationsRanked',
      data: { rankedAt: '2026-02-13T15:00:00.000Z', lateEntry: { reason } },
    });
  });

  it('refuses a ranking dated before the last score, naming rankedAt', () => {
    given(committeeDecider, scoredIn2026)
      .when(rank({ rankedAt: '2026-02-12T15:00:00.000Z', ...late }), ministry)
      .thenRefusesWith('RANKED_BEFORE_LAST_SCORE', {
        field: 'rankedAt',
        restsOn: { fact: 'score', date: '2026-02-13T10:00:00.000Z' },
      });
  });

  it('refuses a late ranking by a member other than the chair, or without its reason', () => {
    given(committeeDecider, scoredIn2026)
      .when(rank({ rankedAt: '2026-02-13T15:00:00.000Z', ...late }), asMember('member-2', now))
      .thenRefuses('ONLY_THE_CHAIR', 'forbidden');
    given(committeeDecider, scoredIn2026)
      .when(rank({ rankedAt: '2026-02-13T15:00:00.000Z' }), ministry)
      .thenRefuses('LATE_ENTRY_REASON_REQUIRED', 'invalid');
  });

  it('checks nothing against scores recorded as they happened', () => {
    const undated = [
      appointed,
      ...['member-1', 'member-2', 'member-3'].flatMap((m) => [
        scored(m, 'file-1', 18, 16),
        scored(m, 'file-2', 14, 12),
      ]),
    ];
    const [event] = given(committeeDecider, undated)
      .when(rank({ rankedAt: '2026-02-07T15:00:00.000Z', ...late }), ministry)
      .events();
    expect(event?.data).toMatchObject({ rankedAt: '2026-02-07T15:00:00.000Z' });
  });
});

describe('PublishSelection not before its ranking', () => {
  const rankedOn13 = [
    ...scoredIn2026,
    ...given(committeeDecider, scoredIn2026)
      .when(rank({ rankedAt: '2026-02-13T15:00:00.000Z', ...late }), ministry)
      .events(),
  ];
  const selected = [
    ...rankedOn13,
    ...given(committeeDecider, rankedOn13)
      .when({ type: 'SelectAssociations', data: { callId } }, ministry)
      .events(),
  ];
  const publish = (publishedAt: string): PublishSelection => ({
    type: 'PublishSelection',
    data: {
      callId,
      appealWindowEndsAt: '2026-03-03T16:00:00.000Z',
      minutes: { fr: 'doc-pv-fr', ar: 'doc-pv-ar' },
      publishedAt,
      ...late,
    },
  });

  it('refuses a publication dated before the ranking, naming publishedAt', () => {
    given(committeeDecider, selected)
      .when(publish('2026-02-13T14:59:59.999Z'), ministry)
      .thenRefusesWith('PUBLISHED_BEFORE_RANKING', {
        field: 'publishedAt',
        restsOn: { fact: 'ranking', date: '2026-02-13T15:00:00.000Z' },
      });
  });

  it('publishes on the very instant of the ranking', () => {
    const [event] = given(committeeDecider, selected)
      .when(publish('2026-02-13T15:00:00.000Z'), ministry)
      .events();
    expect(event).toMatchObject({
      type: 'SelectionPublished',
      data: { publishedAt: '2026-02-13T15:00:00.000Z' },
    });
  });
});

describe('the selection events of before ADR 0159, read as their new versions', () => {
  it('were recorded as they happened: undated, never late entries', () => {
    const scoredV1 = { callId, applicationId: 'file-1', memberId: 'member-1', scores: sheet };
    expect(upcastEvent('ApplicationScored', 1, scoredV1)).toEqual({
      schemaVersion: 2,
      data: { ...scoredV1, scoredAt: null, lateEntry: null },
    });
    const { appointedAt: _a, lateEntry: _l, ...appointedV1 } = appointed.data as Record<string, unknown>;
    expect(upcastEvent('CommitteeAppointed', 1, appointedV1)).toEqual({
      schemaVersion: 2,
      data: { ...appointedV1, appointedAt: null, lateEntry: null },
    });
  });
});
