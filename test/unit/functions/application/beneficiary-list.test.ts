import { describe, expect, it } from 'vitest';
import type { CommitteeEvent } from '../../../../events/selection/index.js';
import { beneficiaryList } from '../../../../functions/application/beneficiary-list.js';
import { callDecider } from '../../../../functions/domain/call/call.js';
import { committeeDecider } from '../../../../functions/domain/committee/committee.js';
import { fold } from '../../../../functions/domain/shared/decider.js';
import { callOpened } from '../../../support/call-events.js';

// The list enrolment takes from carries the date its selection was published (ADR 0160).

const callId = 'FM-2023-beneficiaries';
const call = fold(callDecider, [
  callOpened({
    callId,
    purpose: 'beneficiary-associations',
    rolloutId: 'rollout-FM-2023',
    seats: 1,
    openedAt: '2023-03-01T09:00:00.000Z',
    deadline: '2023-03-31T17:00:00.000Z',
  }),
]);
const name = { fr: 'Association Al Amal', ar: 'جمعية الأمل' };
const selected: CommitteeEvent[] = [
  {
    type: 'CommitteeAppointed',
    data: {
      callId,
      purpose: 'beneficiary-associations',
      rolloutId: 'rollout-FM-2023',
      regionCode: 'FM',
      seats: 1,
      memberIds: ['member-1'],
      chairId: 'member-1',
      quorum: 1,
      scoringGrid: [{ criterionId: 'experience', label: name, weight: 1, maxScore: 20 }],
      appointedAt: null,
      lateEntry: null,
    },
  },
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
          associationName: name,
          weightedAverage: 18,
          firstCriterionAverage: 18,
          submittedAt: '2023-03-20T10:00:00.000Z',
          scoredBy: ['member-1'],
          decidedBy: 'first',
        },
      ],
      rankedAt: '2023-04-12T15:00:00.000Z',
      lateEntry: null,
    },
  },
  {
    type: 'AssociationSelected',
    data: {
      callId,
      purpose: 'beneficiary-associations',
      rolloutId: 'rollout-FM-2023',
      regionCode: 'FM',
      applicationId: 'file-1',
      associationId: 'assoc-1',
      associationName: name,
      rank: 1,
      weightedAverage: 18,
    },
  },
];
const published: CommitteeEvent = {
  type: 'SelectionPublished',
  data: {
    callId,
    publishedAt: '2023-04-20T09:00:00.000Z',
    appealWindowEndsAt: '2023-05-05T17:00:00.000Z',
    minutes: { fr: 'pv-fr', ar: 'pv-ar' },
    selectedAssociationIds: ['assoc-1'],
    lateEntry: null,
  },
};

describe('the beneficiary list of a rollout', () => {
  it('carries the date its selection was published, null before', () => {
    const before = beneficiaryList('rollout-FM-2023', callId, call, fold(committeeDecider, selected));
    expect(before).toMatchObject({ published: false, publishedAt: null });
    const after = beneficiaryList(
      'rollout-FM-2023',
      callId,
      call,
      fold(committeeDecider, [...selected, published]),
    );
    expect(after).toMatchObject({ published: true, publishedAt: '2023-04-20T09:00:00.000Z' });
  });
});
