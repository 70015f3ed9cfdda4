import { describe, expect, it } from 'vitest';
import type {
  BeneficiaryList,
  EnrolBeneficiary,
  ReplaceBeneficiary,
  ReplaceMember,
  RolloutEnrolmentFacts,
  WithdrawBeneficiary,
} from '../../../../../functions/domain/enrolment/commands.js';
import {
  type EnrolmentEvent,
  enrolledAssociationIds,
  enrolmentDecider,
  formerAssociationOf,
  isEnrolmentComplete,
  membersOf,
  remainingReserve,
  withdrawnAssociations,
} from '../../../../../functions/domain/enrolment/enrolment.js';
import { fold } from '../../../../../functions/domain/shared/decider.js';
import { given } from '../../../../support/given-when-then.js';

// docs/adr/0085-beneficiaries-change.md and 0086-beneficiaries-from-their-call.md

const rolloutId = 'rollout-FM-2026';
const callId = 'FM-2026-beneficiaries';
const name = (id: string) => ({ fr: `Association ${id}`, ar: `جمعية ${id}` });
const reason = { fr: "L'assemblée générale a décidé de se retirer.", ar: 'قررت الجمعية العامة الانسحاب.' };

/** The committee ranked four files for two seats: a-1 and a-2 selected, r-3 and r-4 the reserve. */
const list: BeneficiaryList = {
  callId,
  published: true,
  ranking: [
    { associationId: 'a-1', name: name('a-1'), province: 'Fès', rank: 1, selected: true },
    { associationId: 'a-2', name: name('a-2'), province: 'Taza', rank: 2, selected: true },
    { associationId: 'r-3', name: name('r-3'), province: 'Sefrou', rank: 3, selected: false },
    { associationId: 'r-4', name: name('r-4'), province: 'Ifrane', rank: 4, selected: false },
  ],
};
const provinces = ['Fès', 'Taza', 'Sefrou', 'Ifrane'];
const facts = (beneficiaryList: BeneficiaryList | null = list): RolloutEnrolmentFacts => ({
  associationTarget: 2,
  memberTarget: 2,
  regionProvinces: provinces,
  beneficiaryList,
});

const enrol = (associationId: string, beneficiaryList: BeneficiaryList | null = list): EnrolBeneficiary => ({
  type: 'EnrolBeneficiary',
  data: { rolloutId, associationId, name: name(associationId), province: 'Fès' },
  facts: facts(beneficiaryList),
});
const enrolled = (associationId: string, province = 'Fès'): EnrolmentEvent => ({
  type: 'BeneficiaryEnrolled',
  data: {
    rolloutId,
    associationId,
    name: name(associationId),
    province,
    memberTarget: 2,
    enrolledAt: null,
    lateEntry: null,
  },
});
const nominated = (
  associationId: string,
  memberId: string,
  trainingTopic: 'M1' | 'M2' = 'M1',
): EnrolmentEvent => ({
  type: 'MemberNominated',
  data: { rolloutId, associationId, memberId, trainingTopic, nominatedAt: null, lateEntry: null },
});
const closed: EnrolmentEvent = {
  type: 'EnrolmentClosed',
  data: { rolloutId, associationCount: 2, memberCount: 4, closedAt: null, lateEntry: null },
};
const withdraw = (
  associationId: string,
  departure: 'withdrew' | 'excluded' = 'withdrew',
): WithdrawBeneficiary => ({
  type: 'WithdrawBeneficiary',
  data: { rolloutId, associationId, departure, reason },
  facts: { beneficiaryList: list },
});
const withdrawn = (
  associationId: string,
  memberIds: string[],
  departure: 'withdrew' | 'excluded' = 'withdrew',
): EnrolmentEvent => ({
  type: 'BeneficiaryWithdrawn',
  data: { rolloutId, associationId, departure, reason, memberIds },
});
const replace = (
  associationId: string,
  overrides: Partial<ReplaceBeneficiary['facts']> = {},
): ReplaceBeneficiary => ({
  type: 'ReplaceBeneficiary',
  data: { rolloutId, associationId },
  facts: { memberTarget: 2, beneficiaryList: list, trainingOpen: true, ...overrides },
});
const replaceMember = (leavingMemberId: string, replacementMemberId: string): ReplaceMember => ({
  type: 'ReplaceMember',
  data: { rolloutId, associationId: 'a-1', leavingMemberId, replacementMemberId, reason },
});

/** Two selected associations enrolled with their two members each, enrolment closed. */
const complete: EnrolmentEvent[] = [
  enrolled('a-1'),
  enrolled('a-2', 'Taza'),
  nominated('a-1', 'm-1'),
  nominated('a-1', 'm-2', 'M2'),
  nominated('a-2', 'm-3'),
  nominated('a-2', 'm-4'),
  closed,
];

describe('enrolment from the beneficiary call', () => {
  it('enrols an association the committee selected', () => {
    given(enrolmentDecider, [])
      .when(enrol('a-1'))
      .then([enrolled('a-1')]);
  });

  it('refuses an association of the reserve: it only replaces one that left', () => {
    given(enrolmentDecider, [])
      .when(enrol('r-3'))
      .thenRefuses('NOT_SELECTED_BY_BENEFICIARY_CALL', 'conflict');
  });

  it('refuses an association the committee never ranked', () => {
    given(enrolmentDecider, [])
      .when(enrol('x-9'))
      .thenRefuses('NOT_SELECTED_BY_BENEFICIARY_CALL', 'conflict');
  });

  it('refuses while the beneficiary selection is not published', () => {
    given(enrolmentDecider, [])
      .when(enrol('a-1', { callId, published: false, ranking: [] }))
      .thenRefuses('BENEFICIARY_SELECTION_NOT_PUBLISHED', 'conflict');
  });

  it('enrols directly when the rollout opened no beneficiary call', () => {
    given(enrolmentDecider, [])
      .when(enrol('x-9', null))
      .then([enrolled('x-9')]);
  });
});

describe('an association withdraws or is excluded', () => {
  it('records a withdrawal with its reason and the members that leave with it', () => {
    given(enrolmentDecider, complete)
      .when(withdraw('a-1'), { actor: { id: 'coordinator-fm', role: 'coordinator' } })
      .then([withdrawn('a-1', ['m-1', 'm-2'])]);
  });

  it('records an exclusion decided by the ministry', () => {
    given(enrolmentDecider, complete)
      .when(withdraw('a-2', 'excluded'))
      .then([withdrawn('a-2', ['m-3', 'm-4'], 'excluded')]);
  });

  it('refuses an exclusion by a coordinator', () => {
    given(enrolmentDecider, complete)
      .when(withdraw('a-2', 'excluded'), { actor: { id: 'coordinator-fm', role: 'coordinator' } })
      .thenRefuses('EXCLUSION_BY_MINISTRY_ONLY', 'forbidden');
  });

  it('records that an association the call selected declined before its enrolment', () => {
    given(enrolmentDecider, [enrolled('a-1')])
      .when(withdraw('a-2'))
      .then([withdrawn('a-2', [])]);
  });

  it('lets the reserve replace an association that declined before its enrolment', () => {
    given(enrolmentDecider, [enrolled('a-1'), withdrawn('a-2', [])])
      .when(replace('a-2'))
      .then([
        {
          type: 'BeneficiaryReplaced',
          data: { rolloutId, replacedAssociationId: 'a-2', replacementAssociationId: 'r-3', callId, rank: 3 },
        },
        enrolled('r-3', 'Sefrou'),
      ]);
  });

  it('refuses an association that is not enrolled', () => {
    given(enrolmentDecider, complete)
      .when(withdraw('r-3'))
      .thenRefuses('ASSOCIATION_NOT_ENROLLED', 'not-found');
  });

  it('refuses an association that already left', () => {
    given(enrolmentDecider, [...complete, withdrawn('a-1', ['m-1', 'm-2'])])
      .when(withdraw('a-1'))
      .thenRefuses('ASSOCIATION_ALREADY_WITHDRAWN', 'conflict');
  });

  it('refuses to enrol again an association that left', () => {
    given(enrolmentDecider, [enrolled('a-1'), withdrawn('a-1', [])])
      .when(enrol('a-1'))
      .thenRefuses('ASSOCIATION_WITHDRAWN', 'conflict');
  });

  it('leaves the others complete: the enrolment is complete without the one that left', () => {
    // Prepare: a-2 never nominates its members, then withdraws
    const events = [enrolled('a-1'), enrolled('a-2'), nominated('a-1', 'm-1'), nominated('a-1', 'm-2')];

    // Act
    const before = fold(enrolmentDecider, events);
    const after = fold(enrolmentDecider, [...events, withdrawn('a-2', [])]);

    // Assess
    expect(isEnrolmentComplete(before)).toBe(false);
    expect(isEnrolmentComplete(after)).toBe(true);
    expect(enrolledAssociationIds(after)).toEqual(['a-1']);
    expect(withdrawnAssociations(after)).toEqual([
      { associationId: 'a-2', departure: 'withdrew', memberIds: [], replacementAssociationId: null },
    ]);
  });
});

describe('the reserve replaces an association that left', () => {
  const replaced = (replacedAssociationId: string, replacement: string, rank: number): EnrolmentEvent => ({
    type: 'BeneficiaryReplaced',
    data: { rolloutId, replacedAssociationId, replacementAssociationId: replacement, callId, rank },
  });

  it('enrols the first of the reserve, in rank order, with the province of its application', () => {
    given(enrolmentDecider, [...complete, withdrawn('a-1', ['m-1', 'm-2'])])
      .when(replace('a-1'))
      .then([replaced('a-1', 'r-3', 3), enrolled('r-3', 'Sefrou')]);
  });

  it('takes the next of the reserve for a second departure', () => {
    given(enrolmentDecider, [
      ...complete,
      withdrawn('a-1', ['m-1', 'm-2']),
      replaced('a-1', 'r-3', 3),
      enrolled('r-3', 'Sefrou'),
      withdrawn('a-2', ['m-3', 'm-4'], 'excluded'),
    ])
      .when(replace('a-2'))
      .then([replaced('a-2', 'r-4', 4), enrolled('r-4', 'Ifrane')]);
  });

  it('refuses when the reserve is exhausted', () => {
    given(enrolmentDecider, [
      ...complete,
      withdrawn('a-1', []),
      replaced('a-1', 'r-3', 3),
      enrolled('r-3', 'Sefrou'),
      withdrawn('r-3', []),
      replaced('r-3', 'r-4', 4),
      enrolled('r-4', 'Ifrane'),
      withdrawn('a-2', []),
    ])
      .when(replace('a-2'))
      .thenRefuses('RESERVE_EXHAUSTED', 'conflict');
  });

  it('treats the same replacement asked twice as one fact', () => {
    given(enrolmentDecider, [...complete, withdrawn('a-1', []), replaced('a-1', 'r-3', 3), enrolled('r-3')])
      .when(replace('a-1'))
      .then([]);
  });

  it('refuses to replace an association that did not leave', () => {
    given(enrolmentDecider, complete)
      .when(replace('a-1'))
      .thenRefuses('ASSOCIATION_NOT_WITHDRAWN', 'conflict');
  });

  it('refuses without a published beneficiary selection to take a reserve from', () => {
    given(enrolmentDecider, [enrolled('x-1'), withdrawn('x-1', [])])
      .when(replace('x-1', { beneficiaryList: null }))
      .thenRefuses('NO_BENEFICIARY_RESERVE', 'conflict');
  });

  it('refuses once the rollout is past axis 1', () => {
    given(enrolmentDecider, [...complete, withdrawn('a-1', [])])
      .when(replace('a-1', { trainingOpen: false }))
      .thenRefuses('REPLACEMENT_TOO_LATE', 'conflict');
  });

  /** The given of the nominations after a replacement: a-1 left with m-1 and m-2, r-3 took its seat. */
  const a1ReplacedByR3 = [
    ...complete,
    withdrawn('a-1', ['m-1', 'm-2']),
    replaced('a-1', 'r-3', 3),
    enrolled('r-3'),
  ];

  it('lets the replacement nominate its members after the closure, and no one else', () => {
    given(enrolmentDecider, a1ReplacedByR3)
      .when({
        type: 'NominateMember',
        data: { rolloutId, associationId: 'r-3', memberId: 'm-5', trainingTopic: 'M1' },
      })
      .then([nominated('r-3', 'm-5')]);
    given(enrolmentDecider, a1ReplacedByR3)
      .when({
        type: 'NominateMember',
        data: { rolloutId, associationId: 'a-2', memberId: 'm-6', trainingTopic: 'M1' },
      })
      .thenRefuses('ENROLMENT_CLOSED', 'conflict');
  });

  it('refuses to nominate again a member who left', () => {
    given(enrolmentDecider, a1ReplacedByR3)
      .when({
        type: 'NominateMember',
        data: { rolloutId, associationId: 'r-3', memberId: 'm-1', trainingTopic: 'M1' },
      })
      .thenRefuses('MEMBER_LEFT', 'conflict');
  });

  it('knows what remains of the reserve', () => {
    const state = fold(enrolmentDecider, [
      ...complete,
      withdrawn('a-1', []),
      replaced('a-1', 'r-3', 3),
      enrolled('r-3'),
    ]);
    expect(remainingReserve(state, list).map((ranked) => ranked.associationId)).toEqual(['r-4']);
  });
});

describe('a member leaves and is replaced', () => {
  const memberReplaced = (
    leavingMemberId: string,
    replacementMemberId: string,
    trainingTopic: 'M1' | 'M2',
  ): EnrolmentEvent => ({
    type: 'MemberReplaced',
    data: { rolloutId, associationId: 'a-1', leavingMemberId, replacementMemberId, trainingTopic, reason },
  });

  it('gives the leaver’s place and training topic to the replacement, after the closure too', () => {
    given(enrolmentDecider, complete)
      .when(replaceMember('m-2', 'm-7'))
      .then([memberReplaced('m-2', 'm-7', 'M2')]);
  });

  it('keeps the association complete, the replacement in the leaver’s place', () => {
    const state = fold(enrolmentDecider, [...complete, memberReplaced('m-2', 'm-7', 'M2')]);
    expect(membersOf(state, 'a-1')).toEqual(['m-1', 'm-7']);
    expect(isEnrolmentComplete(state)).toBe(true);
  });

  it('treats the same replacement asked twice as one fact', () => {
    given(enrolmentDecider, [...complete, memberReplaced('m-2', 'm-7', 'M2')])
      .when(replaceMember('m-2', 'm-7'))
      .then([]);
  });

  it('refuses a leaver who is not a member of the association', () => {
    given(enrolmentDecider, complete)
      .when(replaceMember('m-3', 'm-7'))
      .thenRefuses('MEMBER_NOT_IN_ASSOCIATION', 'not-found');
  });

  it('refuses a replacement who is a member of another association', () => {
    given(enrolmentDecider, complete)
      .when(replaceMember('m-2', 'm-3'))
      .thenRefuses('MEMBER_IN_ANOTHER_ASSOCIATION', 'conflict');
  });

  it('refuses a replacement who is already a member of this association', () => {
    given(enrolmentDecider, complete)
      .when(replaceMember('m-2', 'm-1'))
      .thenRefuses('MEMBER_ALREADY_NOMINATED', 'conflict');
  });

  it('remembers the association each member who left belonged to, whether they left alone or with it', () => {
    const state = fold(enrolmentDecider, [
      ...complete,
      memberReplaced('m-2', 'm-7', 'M2'),
      withdrawn('a-2', ['m-3', 'm-4']),
    ]);
    expect(['m-2', 'm-3', 'm-7', 'm-9'].map((memberId) => formerAssociationOf(state, memberId))).toEqual([
      'a-1',
      'a-2',
      null,
      null,
    ]);
  });

  it('refuses a replacement who left before', () => {
    given(enrolmentDecider, [...complete, memberReplaced('m-2', 'm-7', 'M2')])
      .when(replaceMember('m-1', 'm-2'))
      .thenRefuses('MEMBER_LEFT', 'conflict');
  });
});
