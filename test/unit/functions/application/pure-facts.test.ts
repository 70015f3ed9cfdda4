import { describe, expect, it } from 'vitest';
import { correctApplicationFactsOf, endCallFactsOf } from '../../../../functions/application/pure-facts.js';
import type { AppointedCommittee, CommitteeState } from '../../../../functions/domain/committee/committee.js';

// The facts a call's commands read from its committee, as pure functions of the committee's state.

const committeeAt = (status: AppointedCommittee['status']): CommitteeState => ({
  status,
  callId: 'call-FM-2026-beneficiaries',
  purpose: 'beneficiary-associations',
  rolloutId: 'rollout-FM-2026',
  regionCode: 'FM',
  seats: 3,
  memberIds: ['member-1', 'member-2', 'member-3'],
  chairId: 'member-1',
  quorum: 2,
  scoringGrid: [],
  conflicts: [],
  scoreSheets: [],
  ranking: [],
  selectedAssociationIds: [],
  appealWindowEndsAt: null,
  appeals: [],
  appealReminderSentAt: null,
});

describe('the facts of ending a call without result', () => {
  it('says the selection was published once the committee published it', () => {
    expect(endCallFactsOf(committeeAt('published'))).toEqual({ selectionPublished: true });
  });

  it('says the selection was not published before, or without a committee', () => {
    expect(endCallFactsOf(committeeAt('selected'))).toEqual({ selectionPublished: false });
    expect(endCallFactsOf({ status: 'not-appointed' })).toEqual({ selectionPublished: false });
  });
});

describe('the facts of correcting an application', () => {
  it('says the files were ranked once the committee ranked them, and still after', () => {
    expect(correctApplicationFactsOf(committeeAt('ranked'))).toEqual({ ranked: true });
    expect(correctApplicationFactsOf(committeeAt('published'))).toEqual({ ranked: true });
  });

  it('says the files were not ranked while the committee scores, or without a committee', () => {
    expect(correctApplicationFactsOf(committeeAt('appointed'))).toEqual({ ranked: false });
    expect(correctApplicationFactsOf({ status: 'not-appointed' })).toEqual({ ranked: false });
  });
});
