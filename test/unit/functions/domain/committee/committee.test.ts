import { describe, expect, it } from 'vitest';
import type { CommitteeEvent } from '../../../../../events/selection/index.js';
import type {
  DecideAppeal,
  LodgeAppeal,
  PublishSelection,
  RemindAppealWindowClosing,
  SubmitScores,
} from '../../../../../functions/domain/committee/commands.js';
import {
  committeeDecider,
  committeeStreamId,
  countedScoreSheets,
  selectedAssociations,
} from '../../../../../functions/domain/committee/committee.js';
import { fold } from '../../../../../functions/domain/shared/decider.js';
import { given } from '../../../../support/given-when-then.js';
import {
  appoint,
  appointed,
  asMember,
  callId,
  closed,
  closedCall,
  conflict,
  fullyScored,
  grid,
  scored,
  stillOpen,
} from './support.js';

const submitScores = (
  applicationId: string,
  scores: SubmitScores['data']['scores'] = [
    { criterionId: 'methodology', score: 15 },
    { criterionId: 'experience', score: 18 },
  ],
  facts = closed,
): SubmitScores => ({ type: 'SubmitScores', data: { callId, applicationId, scores }, facts });

const declareConflict = (applicationId: string, facts = closed) =>
  ({ type: 'DeclareConflict', data: { callId, applicationId }, facts }) as const;

const rank = (facts = closed) => ({ type: 'RankApplications', data: { callId }, facts }) as const;
const select = { type: 'SelectAssociations', data: { callId } } as const;

const rankingEvent = given(committeeDecider, fullyScored).when(rank()).events();
const ranked: CommitteeEvent[] = [...fullyScored, ...rankingEvent];

const selectedFile1: CommitteeEvent = {
  type: 'AssociationSelected',
  data: {
    callId,
    purpose: 'regional-operator',
    rolloutId: 'rollout-FM-2026',
    regionCode: 'FM',
    applicationId: 'file-1',
    associationId: 'assoc-1',
    associationName: { fr: 'Association 1', ar: 'الجمعية 1' },
    rank: 1,
    weightedAverage: 16.6,
  },
};
const selected: CommitteeEvent[] = [...ranked, selectedFile1];

const publishedAt = '2026-02-17T09:00:00.000Z';
const windowEnd = '2026-03-03T16:00:00.000Z';
const minutes = { fr: 'doc-pv-fr', ar: 'doc-pv-ar' };
const publish: PublishSelection = {
  type: 'PublishSelection',
  data: { callId, appealWindowEndsAt: windowEnd, minutes },
};
const published: CommitteeEvent[] = [
  ...selected,
  {
    type: 'SelectionPublished',
    data: {
      callId,
      publishedAt,
      lateEntry: null,
      appealWindowEndsAt: windowEnd,
      minutes,
      selectedAssociationIds: ['assoc-1'],
    },
  },
];

const lodge = (associationId = 'assoc-3'): LodgeAppeal => ({
  type: 'LodgeAppeal',
  data: { callId, associationId, groundsDocumentId: 'doc-appeal-3' },
  facts: closed,
});
const lodged = (
  appealId = 'appeal-1',
  associationId = 'assoc-3',
  lodgedAt = '2026-02-20T11:00:00.000Z',
): CommitteeEvent => ({
  type: 'AppealLodged',
  data: { callId, appealId, associationId, groundsDocumentId: 'doc-appeal-3', lodgedAt, lateEntry: null },
});
const reason = { fr: 'Comptes non déposés à la date limite.', ar: 'لم يتم إيداع الحسابات داخل الأجل.' };
const decide = (appealId = 'appeal-1'): DecideAppeal => ({
  type: 'DecideAppeal',
  data: { callId, appealId, outcome: 'dismissed', reason },
});

describe('AppointCommittee', () => {
  it('appoints members by id, a chair, a quorum and a grid, copying the call purpose and seats', () => {
    given(committeeDecider, []).when(appoint()).then([appointed]);
  });

  it('refuses a second appointment', () => {
    given(committeeDecider, [appointed])
      .when(appoint())
      .thenRefuses('COMMITTEE_ALREADY_APPOINTED', 'conflict');
  });

  it('refuses a committee for a call that was never opened', () => {
    given(committeeDecider, [])
      .when({ ...appoint(), facts: { call: null } })
      .thenRefuses('CALL_NOT_FOUND', 'not-found');
  });

  it('refuses a member listed twice', () => {
    given(committeeDecider, [])
      .when(appoint({ memberIds: ['member-1', 'member-1'] }))
      .thenRefuses('DUPLICATE_MEMBER', 'invalid');
  });

  it('refuses a chair who is not a member', () => {
    given(committeeDecider, [])
      .when(appoint({ chairId: 'member-9' }))
      .thenRefuses('CHAIR_NOT_A_MEMBER', 'invalid');
  });

  it('refuses a quorum above the number of members', () => {
    given(committeeDecider, [])
      .when(appoint({ quorum: 4 }))
      .thenRefuses('QUORUM_EXCEEDS_MEMBERS', 'invalid');
  });

  it('refuses a grid with a criterion listed twice', () => {
    given(committeeDecider, [])
      .when(appoint({ scoringGrid: [grid[0], grid[0]].filter((criterion) => criterion !== undefined) }))
      .thenRefuses('DUPLICATE_CRITERION', 'invalid');
  });
});

describe('DeclareConflict', () => {
  it('records the acting member’s conflict on a file', () => {
    given(committeeDecider, [appointed])
      .when(declareConflict('file-2'), asMember('member-2'))
      .then([conflict('member-2', 'file-2')]);
  });

  it('may be declared before the call closes', () => {
    given(committeeDecider, [appointed])
      .when(declareConflict('file-2', stillOpen), asMember('member-2'))
      .then([conflict('member-2', 'file-2')]);
  });

  it('voids the score the member already gave that file', () => {
    const history = [appointed, scored('member-2', 'file-2', 12, 12)];
    given(committeeDecider, history)
      .when(declareConflict('file-2'), asMember('member-2'))
      .then([conflict('member-2', 'file-2', true)]);
    expect(
      countedScoreSheets(fold(committeeDecider, [...history, conflict('member-2', 'file-2', true)])),
    ).toEqual([]);
  });

  it('refuses someone who is not a member of the committee', () => {
    given(committeeDecider, [appointed])
      .when(declareConflict('file-2'), asMember('member-9'))
      .thenRefuses('NOT_A_COMMITTEE_MEMBER', 'forbidden');
  });

  it('refuses before a committee is appointed', () => {
    given(committeeDecider, [])
      .when(declareConflict('file-2'), asMember('member-2'))
      .thenRefuses('COMMITTEE_NOT_APPOINTED', 'not-found');
  });

  it('refuses a file the call never received', () => {
    given(committeeDecider, [appointed])
      .when(declareConflict('file-9'), asMember('member-2'))
      .thenRefuses('APPLICATION_NOT_FOUND', 'not-found');
  });

  it('refuses the same conflict twice', () => {
    given(committeeDecider, [appointed, conflict('member-2', 'file-2')])
      .when(declareConflict('file-2'), asMember('member-2'))
      .thenRefuses('CONFLICT_ALREADY_DECLARED', 'conflict');
  });

  it('refuses a conflict once the files are ranked', () => {
    given(committeeDecider, ranked)
      .when(declareConflict('file-2'), asMember('member-2'))
      .thenRefuses('RANKING_ALREADY_DONE', 'conflict');
  });
});

describe('SubmitScores', () => {
  it('records the acting member’s scores on every criterion, in the grid’s order', () => {
    given(committeeDecider, [appointed])
      .when(submitScores('file-1'), asMember('member-2'))
      .then([scored('member-2', 'file-1', 18, 15)]);
  });

  it('accepts the bounds of each criterion', () => {
    given(committeeDecider, [appointed])
      .when(
        submitScores('file-1', [
          { criterionId: 'experience', score: 0 },
          { criterionId: 'methodology', score: 20 },
        ]),
        asMember('member-2'),
      )
      .then([scored('member-2', 'file-1', 0, 20)]);
  });

  it('refuses scoring before the call is closed', () => {
    given(committeeDecider, [appointed])
      .when(submitScores('file-1', undefined, stillOpen), asMember('member-2'))
      .thenRefuses('CALL_NOT_CLOSED', 'conflict');
  });

  it('refuses scoring a refused (ineligible or late) file', () => {
    given(committeeDecider, [appointed])
      .when(submitScores('file-3'), asMember('member-2'))
      .thenRefuses('APPLICATION_NOT_ELIGIBLE', 'conflict');
  });

  it('refuses scoring a file the call never received', () => {
    given(committeeDecider, [appointed])
      .when(submitScores('file-9'), asMember('member-2'))
      .thenRefuses('APPLICATION_NOT_FOUND', 'not-found');
  });

  it('forbids a conflicted member to score the file', () => {
    given(committeeDecider, [appointed, conflict('member-2', 'file-1')])
      .when(submitScores('file-1'), asMember('member-2'))
      .thenRefuses('MEMBER_CONFLICTED', 'forbidden');
  });

  it('refuses a second score of the same file by the same member', () => {
    given(committeeDecider, [appointed, scored('member-2', 'file-1', 10, 10)])
      .when(submitScores('file-1'), asMember('member-2'))
      .thenRefuses('FILE_ALREADY_SCORED', 'conflict');
  });

  it('refuses someone who is not a member', () => {
    given(committeeDecider, [appointed])
      .when(submitScores('file-1'), { actor: { id: 'user-ministry-1', role: 'ministry' } })
      .thenRefuses('NOT_A_COMMITTEE_MEMBER', 'forbidden');
  });

  it('refuses a sheet that leaves a criterion unscored', () => {
    given(committeeDecider, [appointed])
      .when(submitScores('file-1', [{ criterionId: 'experience', score: 10 }]), asMember('member-2'))
      .thenRefuses('CRITERION_NOT_SCORED', 'invalid');
  });

  it('refuses a criterion that is not in the grid', () => {
    given(committeeDecider, [appointed])
      .when(
        submitScores('file-1', [
          { criterionId: 'experience', score: 10 },
          { criterionId: 'methodology', score: 10 },
          { criterionId: 'charisma', score: 10 },
        ]),
        asMember('member-2'),
      )
      .thenRefuses('UNKNOWN_CRITERION', 'invalid');
  });

  it('refuses a criterion scored twice', () => {
    given(committeeDecider, [appointed])
      .when(
        submitScores('file-1', [
          { criterionId: 'experience', score: 10 },
          { criterionId: 'experience', score: 12 },
          { criterionId: 'methodology', score: 10 },
        ]),
        asMember('member-2'),
      )
      .thenRefuses('DUPLICATE_CRITERION_SCORE', 'invalid');
  });

  it('refuses a score above the criterion’s maximum', () => {
    given(committeeDecider, [appointed])
      .when(
        submitScores('file-1', [
          { criterionId: 'experience', score: 21 },
          { criterionId: 'methodology', score: 10 },
        ]),
        asMember('member-2'),
      )
      .thenRefuses('SCORE_OUT_OF_RANGE', 'invalid');
  });

  it('refuses scoring once the files are ranked', () => {
    given(committeeDecider, ranked)
      .when(submitScores('file-1'), asMember('member-2'))
      .thenRefuses('RANKING_ALREADY_DONE');
  });
});

describe('RankApplications', () => {
  const everyone = ['member-1', 'member-2', 'member-3'];
  const name = (n: number) => ({ fr: `Association ${n}`, ar: `الجمعية ${n}` });

  it('ranks every eligible file by weighted average, with what placed each file', () => {
    given(committeeDecider, fullyScored)
      .when(rank(), asMember('member-1'))
      .then([
        {
          type: 'ApplicationsRanked',
          data: {
            callId,
            firstWeightedCriterionId: 'experience',
            ranking: [
              {
                rank: 1,
                applicationId: 'file-1',
                associationId: 'assoc-1',
                associationName: name(1),
                weightedAverage: 16.6,
                firstCriterionAverage: 17,
                submittedAt: '2026-01-20T10:00:00.000Z',
                scoredBy: everyone,
                decidedBy: 'first',
              },
              {
                rank: 2,
                applicationId: 'file-2',
                associationId: 'assoc-2',
                associationName: name(2),
                weightedAverage: 13.6,
                firstCriterionAverage: 14,
                submittedAt: '2026-01-21T10:00:00.000Z',
                scoredBy: everyone,
                decidedBy: 'weighted-average',
              },
            ],
            rankedAt: null,
            lateEntry: null,
          },
        },
      ]);
  });

  const order = (events: CommitteeEvent[]) =>
    events.flatMap((event) =>
      event.type === 'ApplicationsRanked'
        ? event.data.ranking.map(({ applicationId, decidedBy }) => `${applicationId}:${decidedBy}`)
        : [],
    );

  it('breaks a tie on weighted average by the higher score on the first-weighted criterion', () => {
    // Both files average 14 (30×10 + 20×20 = 30×14 + 20×14 = 700); file-2 has more experience.
    const history = [
      appointed,
      ...everyone.flatMap((member) => [scored(member, 'file-1', 10, 20), scored(member, 'file-2', 14, 14)]),
    ];
    expect(order(given(committeeDecider, history).when(rank()).events())).toEqual([
      'file-2:first',
      'file-1:first-weighted-criterion',
    ]);
  });

  it('then by the earlier submission', () => {
    const history = [
      appointed,
      ...everyone.flatMap((member) => [scored(member, 'file-2', 12, 12), scored(member, 'file-1', 12, 12)]),
    ];
    expect(order(given(committeeDecider, history).when(rank()).events())).toEqual([
      'file-1:first',
      'file-2:submission-time',
    ]);
  });

  it('then by association id', () => {
    const sameTime = '2026-01-20T10:00:00.000Z';
    const facts = {
      call: {
        ...closedCall,
        applications: [
          {
            ...closedCall.applications[0],
            applicationId: 'file-1',
            associationId: 'assoc-b',
            associationName: name(1),
            submittedAt: sameTime,
            eligible: true,
          },
          {
            ...closedCall.applications[1],
            applicationId: 'file-2',
            associationId: 'assoc-a',
            associationName: name(2),
            submittedAt: sameTime,
            eligible: true,
          },
        ],
      },
    };
    const history = [
      appointed,
      ...everyone.flatMap((member) => [scored(member, 'file-1', 12, 12), scored(member, 'file-2', 12, 12)]),
    ];
    expect(order(given(committeeDecider, history).when(rank(facts)).events())).toEqual([
      'file-2:first',
      'file-1:association-id',
    ]);
  });

  it('leaves out the score a member gave before declaring a conflict', () => {
    // member-3 scored file-2 very high, then declared a conflict: file-2 is averaged on two members.
    const history = [
      appointed,
      scored('member-3', 'file-2', 20, 20),
      conflict('member-3', 'file-2', true),
      scored('member-1', 'file-1', 15, 15),
      scored('member-2', 'file-1', 15, 15),
      scored('member-3', 'file-1', 15, 15),
      scored('member-1', 'file-2', 10, 10),
      scored('member-2', 'file-2', 12, 12),
    ];
    const [event] = given(committeeDecider, history).when(rank()).events();
    expect(event?.type === 'ApplicationsRanked' && event.data.ranking[1]).toMatchObject({
      applicationId: 'file-2',
      weightedAverage: 11,
      scoredBy: ['member-1', 'member-2'],
    });
  });

  it('refuses while a non-conflicted member has not scored every eligible file', () => {
    given(committeeDecider, fullyScored.slice(0, -1))
      .when(rank())
      .thenRefuses('SCORING_INCOMPLETE', 'conflict');
  });

  it('names the missing scores', () => {
    let details: unknown;
    try {
      given(committeeDecider, fullyScored.slice(0, -1)).when(rank()).events();
    } catch (error) {
      details = (error as { details?: unknown }).details;
    }
    expect(details).toEqual({ callId, missing: [{ applicationId: 'file-2', memberIds: ['member-3'] }] });
  });

  it('does not wait for a conflicted member', () => {
    const history = [
      ...fullyScored.filter(
        (event) =>
          !(
            event.type === 'ApplicationScored' &&
            event.data.memberId === 'member-3' &&
            event.data.applicationId === 'file-2'
          ),
      ),
      conflict('member-3', 'file-2'),
    ];
    expect(order(given(committeeDecider, history).when(rank()).events())).toEqual([
      'file-1:first',
      'file-2:weighted-average',
    ]);
  });

  it('refuses when conflicts leave fewer non-conflicted members than the quorum on a file', () => {
    const history = [
      appointed,
      conflict('member-2', 'file-2'),
      conflict('member-3', 'file-2'),
      ...everyone.map((member) => scored(member, 'file-1', 10, 10)),
      scored('member-1', 'file-2', 10, 10),
    ];
    given(committeeDecider, history).when(rank()).thenRefuses('QUORUM_NOT_MET', 'conflict');
  });

  it('forbids a committee member other than the chair to rank', () => {
    given(committeeDecider, fullyScored)
      .when(rank(), asMember('member-2'))
      .thenRefuses('ONLY_THE_CHAIR', 'forbidden');
  });

  it('lets the ministry rank', () => {
    expect(given(committeeDecider, fullyScored).when(rank()).events()).toHaveLength(1);
  });

  it('refuses before the call is closed', () => {
    given(committeeDecider, fullyScored).when(rank(stillOpen)).thenRefuses('CALL_NOT_CLOSED', 'conflict');
  });

  it('refuses when the call has no eligible file', () => {
    const facts = {
      call: { ...closedCall, applications: closedCall.applications.map((a) => ({ ...a, eligible: false })) },
    };
    given(committeeDecider, [appointed]).when(rank(facts)).thenRefuses('NO_ELIGIBLE_FILES', 'conflict');
  });

  it('refuses to rank twice', () => {
    given(committeeDecider, ranked).when(rank()).thenRefuses('RANKING_ALREADY_DONE', 'conflict');
  });

  it('refuses before a committee is appointed', () => {
    given(committeeDecider, []).when(rank()).thenRefuses('COMMITTEE_NOT_APPOINTED', 'not-found');
  });
});

describe('SelectAssociations', () => {
  it('selects the top file of an operator call', () => {
    given(committeeDecider, ranked).when(select, asMember('member-1')).then([selectedFile1]);
  });

  it('selects the top N files of a beneficiary call', () => {
    const beneficiaries = {
      ...appointed,
      data: { ...appointed.data, purpose: 'beneficiary-associations', seats: 2 },
    } as CommitteeEvent;
    const history = [beneficiaries, ...fullyScored.slice(1), ...rankingEvent];
    const events = given(committeeDecider, history).when(select).events();
    expect(
      events.map(
        (event) => event.type === 'AssociationSelected' && [event.data.associationId, event.data.rank],
      ),
    ).toEqual([
      ['assoc-1', 1],
      ['assoc-2', 2],
    ]);
  });

  it('selects every ranked file when fewer than N were ranked', () => {
    const beneficiaries = {
      ...appointed,
      data: { ...appointed.data, purpose: 'beneficiary-associations', seats: 30 },
    } as CommitteeEvent;
    const events = given(committeeDecider, [beneficiaries, ...fullyScored.slice(1), ...rankingEvent])
      .when(select)
      .events();
    expect(events).toHaveLength(2);
  });

  it('also names the contact-centre operator, seated in Rabat', () => {
    const contactCentre = {
      ...appointed,
      data: { ...appointed.data, purpose: 'contact-centre-operator', rolloutId: null, regionCode: null },
    } as CommitteeEvent;
    given(committeeDecider, [contactCentre, ...fullyScored.slice(1), ...rankingEvent])
      .when(select)
      .then([
        {
          type: 'AssociationSelected',
          data: {
            ...(selectedFile1.data as object),
            purpose: 'contact-centre-operator',
            rolloutId: null,
            regionCode: null,
          },
        } as CommitteeEvent,
        {
          type: 'ContactCentreOperatorSelected',
          data: {
            callId,
            associationId: 'assoc-1',
            associationName: { fr: 'Association 1', ar: 'الجمعية 1' },
            seat: { fr: 'Rabat', ar: 'الرباط' },
          },
        },
      ]);
  });

  it('refuses before the ranking', () => {
    given(committeeDecider, fullyScored).when(select).thenRefuses('RANKING_NOT_DONE', 'conflict');
  });

  it('refuses to select twice', () => {
    given(committeeDecider, selected).when(select).thenRefuses('SELECTION_ALREADY_MADE', 'conflict');
  });

  it('forbids a committee member other than the chair to select', () => {
    given(committeeDecider, ranked)
      .when(select, asMember('member-3'))
      .thenRefuses('ONLY_THE_CHAIR', 'forbidden');
  });

  it('makes the selected associations known to other modules', () => {
    expect(selectedAssociations(fold(committeeDecider, selected))).toEqual(['assoc-1']);
  });
});

describe('PublishSelection', () => {
  it('publishes the selection with its minutes and the end of the appeal window', () => {
    given(committeeDecider, selected).when(publish, { now: publishedAt }).then(published.slice(-1));
  });

  it('refuses before a selection is made', () => {
    given(committeeDecider, ranked)
      .when(publish, { now: publishedAt })
      .thenRefuses('SELECTION_NOT_MADE', 'conflict');
  });

  it('refuses to publish twice', () => {
    given(committeeDecider, published)
      .when(publish, { now: publishedAt })
      .thenRefuses('SELECTION_ALREADY_PUBLISHED', 'conflict');
  });

  it('refuses an appeal window that ends before publication', () => {
    given(committeeDecider, selected)
      .when(publish, { now: windowEnd })
      .thenRefuses('APPEAL_WINDOW_NOT_IN_FUTURE', 'invalid');
  });
});

describe('LodgeAppeal', () => {
  it('records an applicant’s appeal within the window, even from a refused applicant', () => {
    given(committeeDecider, published)
      .when(lodge(), { now: '2026-02-20T11:00:00.000Z', newId: () => 'appeal-1' })
      .then([lodged()]);
  });

  it('accepts an appeal at the very end of the window', () => {
    given(committeeDecider, published)
      .when(lodge(), { now: windowEnd, newId: () => 'appeal-1' })
      .then([lodged('appeal-1', 'assoc-3', windowEnd)]);
  });

  it('refuses an appeal after the window', () => {
    given(committeeDecider, published)
      .when(lodge(), { now: '2026-03-03T16:00:00.001Z' })
      .thenRefuses('APPEAL_WINDOW_CLOSED', 'conflict');
  });

  it('refuses an appeal before publication', () => {
    given(committeeDecider, selected).when(lodge()).thenRefuses('SELECTION_NOT_PUBLISHED', 'conflict');
  });

  it('refuses an appeal from an association that did not apply', () => {
    given(committeeDecider, published)
      .when(lodge('assoc-9'), { now: '2026-02-20T11:00:00.000Z' })
      .thenRefuses('NOT_AN_APPLICANT', 'forbidden');
  });

  it('refuses a second appeal by the same association', () => {
    given(committeeDecider, [...published, lodged()])
      .when(lodge(), { now: '2026-02-21T11:00:00.000Z' })
      .thenRefuses('APPEAL_ALREADY_LODGED', 'conflict');
  });
});

describe('DecideAppeal', () => {
  const decidedAt = '2026-02-27T10:00:00.000Z';

  it('decides an appeal with its reason', () => {
    given(committeeDecider, [...published, lodged()])
      .when(decide(), { now: decidedAt })
      .then([
        {
          type: 'AppealDecided',
          data: {
            callId,
            appealId: 'appeal-1',
            associationId: 'assoc-3',
            outcome: 'dismissed',
            reason,
            decidedAt,
          },
        },
      ]);
  });

  it('refuses an appeal that was never lodged', () => {
    given(committeeDecider, published).when(decide('appeal-9')).thenRefuses('APPEAL_NOT_FOUND', 'not-found');
  });

  it('refuses to decide an appeal twice', () => {
    const decided = given(committeeDecider, [...published, lodged()])
      .when(decide(), { now: decidedAt })
      .events();
    given(committeeDecider, [...published, lodged(), ...decided])
      .when(decide(), { now: decidedAt })
      .thenRefuses('APPEAL_ALREADY_DECIDED', 'conflict');
  });

  it('forbids a committee member other than the chair to decide', () => {
    given(committeeDecider, [...published, lodged()])
      .when(decide(), asMember('member-2'))
      .thenRefuses('ONLY_THE_CHAIR', 'forbidden');
  });
});

describe('RemindAppealWindowClosing', () => {
  const remind: RemindAppealWindowClosing = {
    type: 'RemindAppealWindowClosing',
    data: { callId },
    facts: closed,
  };
  const remindedAt = '2026-03-01T16:00:00.000Z';
  const reminded = (associationIds: string[]): CommitteeEvent => ({
    type: 'AppealWindowClosingReminded',
    data: { callId, appealWindowEndsAt: windowEnd, remindedAt, associationIds },
  });

  it('reminds every applicant not selected, refused ones included, while the window is open', () => {
    given(committeeDecider, published)
      .when(remind, { now: remindedAt })
      .then([reminded(['assoc-2', 'assoc-3'])]);
  });

  it('leaves out an applicant that already appealed', () => {
    given(committeeDecider, [...published, lodged('appeal-1', 'assoc-3')])
      .when(remind, { now: remindedAt })
      .then([reminded(['assoc-2'])]);
  });

  it('reminds once', () => {
    given(committeeDecider, [...published, reminded(['assoc-2', 'assoc-3'])])
      .when(remind, { now: remindedAt })
      .thenRefuses('APPEAL_REMINDER_ALREADY_SENT', 'conflict');
  });

  it('refuses before the selection is published, and once the window has ended', () => {
    given(committeeDecider, selected)
      .when(remind, { now: remindedAt })
      .thenRefuses('SELECTION_NOT_PUBLISHED', 'conflict');
    given(committeeDecider, published)
      .when(remind, { now: windowEnd })
      .thenRefuses('APPEAL_WINDOW_CLOSED', 'conflict');
  });
});

describe('the committee stream', () => {
  it('is named after its call', () => {
    expect(committeeStreamId(callId)).toBe('committee-FM-2026-operator');
  });
});

describe('a past publication and its appeals, keyed in from their files (ADR 0135)', () => {
  const later = '2026-11-30T10:00:00.000Z';
  const reason = { fr: 'Procès-verbal archivé, saisi après coup', ar: 'محضر مؤرشف أدخل لاحقا' };
  const coordinator = { id: 'coordinator-fm', role: 'coordinator' } as const;
  const publishLate = (extra: Partial<PublishSelection['data']> = {}): PublishSelection => ({
    type: 'PublishSelection',
    data: { ...publish.data, publishedAt, lateEntryReason: reason, ...extra },
  });

  it('publishes on its true date with its ended window, keeping the reason', () => {
    given(committeeDecider, selected)
      .when(publishLate(), { now: later })
      .then([
        {
          type: 'SelectionPublished',
          data: {
            callId,
            publishedAt,
            appealWindowEndsAt: windowEnd,
            minutes,
            selectedAssociationIds: ['assoc-1'],
            lateEntry: { reason },
          },
        },
      ]);
  });

  it('still refuses an ended window for a publication keyed in on time', () => {
    given(committeeDecider, selected)
      .when(publish, { now: later })
      .thenRefuses('APPEAL_WINDOW_NOT_IN_FUTURE', 'invalid');
  });

  it('refuses a window that ends before the publication', () => {
    given(committeeDecider, selected)
      .when(publishLate({ appealWindowEndsAt: '2026-02-16T09:00:00.000Z' }), { now: later })
      .thenRefuses('APPEAL_WINDOW_NOT_IN_FUTURE', 'invalid');
  });

  it('refuses a late publication without its reason, or by a coordinator', () => {
    given(committeeDecider, selected)
      .when(publishLate({ lateEntryReason: undefined }), { now: later })
      .thenRefuses('LATE_ENTRY_REASON_REQUIRED', 'invalid');
    given(committeeDecider, selected)
      .when(publishLate(), { now: later, actor: coordinator })
      .thenRefuses('LATE_ENTRY_NOT_ALLOWED', 'forbidden');
  });

  it('receives an appeal letter stamped within the window, keyed in months later with its reason', () => {
    given(committeeDecider, published)
      .when(
        {
          ...lodge(),
          data: { ...lodge().data, lodgedAt: '2026-02-20T11:00:00.000Z', lateEntryReason: reason },
        },
        { now: later, actor: coordinator, newId: () => 'appeal-1' },
      )
      .then([
        {
          type: 'AppealLodged',
          data: {
            callId,
            appealId: 'appeal-1',
            associationId: 'assoc-3',
            groundsDocumentId: 'doc-appeal-3',
            lodgedAt: '2026-02-20T11:00:00.000Z',
            lateEntry: { reason },
          },
        },
      ]);
  });

  it('refuses a letter stamped after the window, or before the publication', () => {
    const lodgedOn = (lodgedAt: string): LodgeAppeal => ({
      ...lodge(),
      data: { ...lodge().data, lodgedAt, lateEntryReason: reason },
    });
    given(committeeDecider, published)
      .when(lodgedOn('2026-03-04T09:00:00.000Z'), { now: later, actor: coordinator })
      .thenRefuses('APPEAL_WINDOW_CLOSED', 'conflict');
    given(committeeDecider, published)
      .when(lodgedOn('2026-02-16T09:00:00.000Z'), { now: later, actor: coordinator })
      .thenRefuses('LODGED_BEFORE_PUBLICATION', 'invalid');
  });
});
