import type { CommitteeEvent } from '../../../../../events/selection/index.js';
import type { ScoringCriterion } from '../../../../../events/selection/parts.js';
import type { CallFacts } from '../../../../../functions/domain/call/call.js';
import type {
  AppointCommittee,
  CallFactsOfCommittee,
} from '../../../../../functions/domain/committee/commands.js';
import type { CommandContext } from '../../../../../functions/domain/shared/decider.js';

/** Shared givens of the committee's tests: a Fès-Meknès operator call with three files. */
export const callId = 'FM-2026-operator';

export const grid: ScoringCriterion[] = [
  { criterionId: 'experience', label: { fr: 'Expérience', ar: 'التجربة' }, weight: 30, maxScore: 20 },
  { criterionId: 'methodology', label: { fr: 'Méthodologie', ar: 'المنهجية' }, weight: 20, maxScore: 20 },
];

const name = (n: number) => ({ fr: `Association ${n}`, ar: `الجمعية ${n}` });

/** file-1 and file-2 are eligible; file-3 was refused as ineligible. */
export const closedCall: CallFacts = {
  callId,
  purpose: 'regional-operator',
  rolloutId: 'rollout-FM-2026',
  regionCode: 'FM',
  seats: 1,
  openedAt: '2026-01-12T09:00:00.000Z',
  closedAt: '2026-02-06T16:00:00.000Z',
  closed: true,
  cancelled: false,
  applications: [
    {
      applicationId: 'file-1',
      associationId: 'assoc-1',
      associationName: name(1),
      submittedAt: '2026-01-20T10:00:00.000Z',
      eligible: true,
    },
    {
      applicationId: 'file-2',
      associationId: 'assoc-2',
      associationName: name(2),
      submittedAt: '2026-01-21T10:00:00.000Z',
      eligible: true,
    },
    {
      applicationId: 'file-3',
      associationId: 'assoc-3',
      associationName: name(3),
      submittedAt: '2026-01-22T10:00:00.000Z',
      eligible: false,
    },
  ],
};

export const closed: CallFactsOfCommittee = { call: closedCall };
export const stillOpen: CallFactsOfCommittee = { call: { ...closedCall, closedAt: null, closed: false } };

export const appointed: CommitteeEvent = {
  type: 'CommitteeAppointed',
  data: {
    callId,
    purpose: 'regional-operator',
    rolloutId: 'rollout-FM-2026',
    regionCode: 'FM',
    seats: 1,
    memberIds: ['member-1', 'member-2', 'member-3'],
    chairId: 'member-1',
    quorum: 2,
    scoringGrid: grid,
    appointedAt: null,
    lateEntry: null,
  },
};

/** The ministry appoints the three members, member-1 in the chair, while the call is open. */
export const appoint = (data: Partial<AppointCommittee['data']> = {}): AppointCommittee => ({
  type: 'AppointCommittee',
  data: {
    callId,
    memberIds: ['member-1', 'member-2', 'member-3'],
    chairId: 'member-1',
    quorum: 2,
    scoringGrid: grid,
    ...data,
  },
  facts: stillOpen,
});

/** The context of a committee member acting. */
export const asMember = (id: string, now = '2026-02-10T09:00:00.000Z'): Partial<CommandContext> => ({
  actor: { id, role: 'committee-member' },
  now,
});

export const scored = (
  memberId: string,
  applicationId: string,
  experience: number,
  methodology: number,
): CommitteeEvent => ({
  type: 'ApplicationScored',
  data: {
    callId,
    applicationId,
    memberId,
    scores: [
      { criterionId: 'experience', score: experience },
      { criterionId: 'methodology', score: methodology },
    ],
    scoredAt: null,
    lateEntry: null,
  },
});

export const conflict = (memberId: string, applicationId: string, voidsScore = false): CommitteeEvent => ({
  type: 'ConflictDeclared',
  data: { callId, memberId, applicationId, voidsScore },
});

/** Every member scored both eligible files: file-1 ahead of file-2. */
export const fullyScored: CommitteeEvent[] = [
  appointed,
  scored('member-1', 'file-1', 18, 16),
  scored('member-2', 'file-1', 17, 15),
  scored('member-3', 'file-1', 16, 17),
  scored('member-1', 'file-2', 14, 12),
  scored('member-2', 'file-2', 15, 13),
  scored('member-3', 'file-2', 13, 14),
];
