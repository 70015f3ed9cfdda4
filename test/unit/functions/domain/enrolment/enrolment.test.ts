import { describe, expect, it } from 'vitest';
import type {
  EnrolBeneficiary,
  NominateMember,
  RolloutEnrolmentFacts,
} from '../../../../../functions/domain/enrolment/commands.js';
import {
  associationOfMember,
  type EnrolmentEvent,
  enrolledAssociationIds,
  enrolmentDecider,
  enrolmentStreamId,
  isAssociationComplete,
  isEnrolmentClosed,
  isEnrolmentComplete,
  membersOf,
} from '../../../../../functions/domain/enrolment/enrolment.js';
import { fold } from '../../../../../functions/domain/shared/decider.js';
import { given } from '../../../../support/given-when-then.js';

const rolloutId = 'fm-2025';
const FES_MEKNES = [
  'Fès',
  'Meknès',
  'El Hajeb',
  'Ifrane',
  'Moulay Yacoub',
  'Sefrou',
  'Boulemane',
  'Taounate',
  'Taza',
];
const facts: RolloutEnrolmentFacts = {
  associationTarget: 2,
  memberTarget: 2,
  regionProvinces: FES_MEKNES,
  beneficiaryList: null,
};

const alAmal = { fr: 'Association Al Amal', ar: 'جمعية الأمل' };
const enrol = (
  associationId: string,
  overrides: Partial<EnrolBeneficiary['data']> = {},
): EnrolBeneficiary => ({
  type: 'EnrolBeneficiary',
  data: { rolloutId, associationId, name: alAmal, province: 'Sefrou', ...overrides },
  facts,
});
const enrolled = (associationId: string, memberTarget = 2): EnrolmentEvent => ({
  type: 'BeneficiaryEnrolled',
  data: {
    rolloutId,
    associationId,
    name: alAmal,
    province: 'Sefrou',
    memberTarget,
    enrolledAt: null,
    lateEntry: null,
  },
});
const nominate = (
  associationId: string,
  memberId: string,
  trainingTopic: NominateMember['data']['trainingTopic'] = 'M2',
): NominateMember => ({
  type: 'NominateMember',
  data: { rolloutId, associationId, memberId, trainingTopic },
});
const nominated = (
  associationId: string,
  memberId: string,
  trainingTopic: NominateMember['data']['trainingTopic'] = 'M2',
): EnrolmentEvent => ({
  type: 'MemberNominated',
  data: { rolloutId, associationId, memberId, trainingTopic, nominatedAt: null, lateEntry: null },
});
const close = { type: 'CloseEnrolment', data: { rolloutId } } as const;
const closed: EnrolmentEvent = {
  type: 'EnrolmentClosed',
  data: { rolloutId, associationCount: 1, memberCount: 2, closedAt: null, lateEntry: null },
};

describe('enrolment of beneficiary associations', () => {
  it('enrols an association with the member target of the rollout', () => {
    given(enrolmentDecider, [])
      .when(enrol('assoc-1'))
      .then([enrolled('assoc-1')]);
  });

  it('enrols up to the target number of associations', () => {
    given(enrolmentDecider, [enrolled('assoc-1')])
      .when(enrol('assoc-2'))
      .then([enrolled('assoc-2')]);
  });

  it('enrols beyond the target: more than 30 associations is a minimum, not a cap', () => {
    given(enrolmentDecider, [enrolled('assoc-1'), enrolled('assoc-2')])
      .when(enrol('assoc-3'))
      .then([enrolled('assoc-3')]);
  });

  it('treats the same enrolment reported twice as one fact', () => {
    given(enrolmentDecider, [enrolled('assoc-1')])
      .when(enrol('assoc-1'))
      .then([]);
  });

  it('refuses to enrol an association again with other details', () => {
    given(enrolmentDecider, [enrolled('assoc-1')])
      .when(enrol('assoc-1', { province: 'Taza' }))
      .thenRefuses('ASSOCIATION_ALREADY_ENROLLED', 'conflict');
  });

  it('refuses a province outside the region', () => {
    given(enrolmentDecider, [])
      .when(enrol('assoc-1', { province: 'Agadir' }))
      .thenRefuses('PROVINCE_OUTSIDE_REGION', 'invalid');
  });

  it('refuses a command of another rollout', () => {
    given(enrolmentDecider, [enrolled('assoc-1')])
      .when(enrol('assoc-2', { rolloutId: 'gon-2026' }))
      .thenRefuses('ROLLOUT_MISMATCH', 'invalid');
  });

  it('refuses to enrol once the enrolment is closed', () => {
    given(enrolmentDecider, [
      enrolled('assoc-1'),
      nominated('assoc-1', 'm-1'),
      nominated('assoc-1', 'm-2'),
      closed,
    ])
      .when(enrol('assoc-2'))
      .thenRefuses('ENROLMENT_CLOSED', 'conflict');
  });
});

describe('an enrolment of a past edition, on its true date (ADR 0154)', () => {
  const reason = { fr: 'Édition 2023 saisie depuis ses dossiers', ar: 'دورة 2023 أدخلت من ملفاتها' };
  const coordinator = { id: 'coordinator-fm', role: 'coordinator' } as const;

  it('records the date it was enrolled and the reason it is keyed in late', () => {
    given(enrolmentDecider, [])
      .when(enrol('assoc-1', { enrolledAt: '2023-06-05T09:00:00.000Z', lateEntryReason: reason }), {
        actor: coordinator,
      })
      .then([
        {
          type: 'BeneficiaryEnrolled',
          data: {
            rolloutId,
            associationId: 'assoc-1',
            name: alAmal,
            province: 'Sefrou',
            memberTarget: 2,
            enrolledAt: '2023-06-05T09:00:00.000Z',
            lateEntry: { reason },
          },
        },
      ]);
  });

  it('refuses a late enrolment without its reason, by another role, or dated in the future', () => {
    given(enrolmentDecider, [])
      .when(enrol('assoc-1', { enrolledAt: '2023-06-05T09:00:00.000Z' }), { actor: coordinator })
      .thenRefuses('LATE_ENTRY_REASON_REQUIRED', 'invalid');
    given(enrolmentDecider, [])
      .when(enrol('assoc-1', { enrolledAt: '2023-06-05T09:00:00.000Z', lateEntryReason: reason }), {
        actor: { id: 'partner-amsed', role: 'partner' },
      })
      .thenRefuses('LATE_ENTRY_NOT_ALLOWED', 'forbidden');
    given(enrolmentDecider, [])
      .when(enrol('assoc-1', { enrolledAt: '2026-03-01T09:00:00.001Z' }), { actor: coordinator })
      .thenRefuses('FACT_DATE_IN_FUTURE', 'invalid');
  });
});

describe('an enrolment not before the publication of the selection it takes from (ADR 0160)', () => {
  const reason = { fr: 'Édition 2023 saisie depuis ses dossiers', ar: 'دورة 2023 أدخلت من ملفاتها' };
  const coordinator = { actor: { id: 'coordinator-fm', role: 'coordinator' } } as const;
  const fromList = (enrolledAt: string, publishedAt: string | null): EnrolBeneficiary => ({
    ...enrol('assoc-1', { enrolledAt, lateEntryReason: reason }),
    facts: {
      ...facts,
      beneficiaryList: {
        callId: 'fm-2025-beneficiaries',
        published: true,
        publishedAt,
        ranking: [{ associationId: 'assoc-1', name: alAmal, province: 'Sefrou', rank: 1, selected: true }],
      },
    },
  });

  it('refuses an enrolment dated before the selection was published, naming enrolledAt', () => {
    given(enrolmentDecider, [])
      .when(fromList('2023-04-19T09:00:00.000Z', '2023-04-20T09:00:00.000Z'), coordinator)
      .thenRefusesWith('ENROLLED_BEFORE_SELECTION_PUBLISHED', {
        field: 'enrolledAt',
        restsOn: { fact: 'beneficiary selection publication', date: '2023-04-20T09:00:00.000Z' },
      });
  });

  it('enrols on the very instant of the publication, and checks nothing against an unknown one', () => {
    const [atPublication] = given(enrolmentDecider, [])
      .when(fromList('2023-04-20T09:00:00.000Z', '2023-04-20T09:00:00.000Z'), coordinator)
      .events();
    expect(atPublication?.data).toMatchObject({
      enrolledAt: '2023-04-20T09:00:00.000Z',
      lateEntry: { reason },
    });
    const [unknown] = given(enrolmentDecider, [])
      .when(fromList('2023-04-19T09:00:00.000Z', null), coordinator)
      .events();
    expect(unknown?.data).toMatchObject({ enrolledAt: '2023-04-19T09:00:00.000Z' });
  });
});

describe('nominations and the closing of a past edition, on their true dates (ADR 0161)', () => {
  const reason = { fr: 'Édition 2023 saisie depuis ses dossiers', ar: 'دورة 2023 أدخلت من ملفاتها' };
  const late = { reason };
  const coordinator = { id: 'coordinator-fm', role: 'coordinator' } as const;
  const enrolledOn5June = (associationId: string): EnrolmentEvent => ({
    type: 'BeneficiaryEnrolled',
    data: {
      rolloutId,
      associationId,
      name: alAmal,
      province: 'Sefrou',
      memberTarget: 2,
      enrolledAt: '2023-06-05T09:00:00.000Z',
      lateEntry: late,
    },
  });
  const nominateOn = (associationId: string, memberId: string, nominatedAt: string): NominateMember => ({
    type: 'NominateMember',
    data: { rolloutId, associationId, memberId, trainingTopic: 'M2', nominatedAt, lateEntryReason: reason },
  });
  const nominatedOn = (associationId: string, memberId: string, nominatedAt: string): EnrolmentEvent => ({
    type: 'MemberNominated',
    data: { rolloutId, associationId, memberId, trainingTopic: 'M2', nominatedAt, lateEntry: late },
  });
  const closeOn = (closedAt: string) =>
    ({ type: 'CloseEnrolment', data: { rolloutId, closedAt, lateEntryReason: reason } }) as const;

  it('records the day a member was nominated and the reason it is keyed in late', () => {
    given(enrolmentDecider, [enrolledOn5June('assoc-1')])
      .when(nominateOn('assoc-1', 'm-1', '2023-06-12T09:00:00.000Z'), { actor: coordinator })
      .then([nominatedOn('assoc-1', 'm-1', '2023-06-12T09:00:00.000Z')]);
  });

  it('refuses a nomination dated before its association was enrolled, naming nominatedAt', () => {
    expect(() =>
      given(enrolmentDecider, [enrolledOn5June('assoc-1')])
        .when(nominateOn('assoc-1', 'm-1', '2023-06-05T08:59:59.000Z'), { actor: coordinator })
        .events(),
    ).toThrow(
      expect.objectContaining({
        kind: 'invalid',
        code: 'NOMINATED_BEFORE_ENROLMENT',
        details: {
          field: 'nominatedAt',
          nominatedAt: '2023-06-05T08:59:59.000Z',
          restsOn: { fact: 'association enrolment', date: '2023-06-05T09:00:00.000Z' },
        },
      }),
    );
  });

  it('refuses it for its date before saying the enrolment is closed', () => {
    given(enrolmentDecider, [
      enrolledOn5June('assoc-1'),
      nominated('assoc-1', 'm-1'),
      nominated('assoc-1', 'm-2'),
      closed,
    ])
      .when(nominateOn('assoc-1', 'm-3', '2023-06-01T09:00:00.000Z'), { actor: coordinator })
      .thenRefuses('NOMINATED_BEFORE_ENROLMENT', 'invalid');
  });

  it('nominates at the very moment of the enrolment, and at any date in an undated enrolment', () => {
    given(enrolmentDecider, [enrolledOn5June('assoc-1')])
      .when(nominateOn('assoc-1', 'm-1', '2023-06-05T09:00:00.000Z'), { actor: coordinator })
      .then([nominatedOn('assoc-1', 'm-1', '2023-06-05T09:00:00.000Z')]);
    given(enrolmentDecider, [enrolled('assoc-1')])
      .when(nominateOn('assoc-1', 'm-1', '2023-01-02T09:00:00.000Z'), { actor: coordinator })
      .then([nominatedOn('assoc-1', 'm-1', '2023-01-02T09:00:00.000Z')]);
  });

  it('refuses a late nomination without its reason, or by the operator', () => {
    given(enrolmentDecider, [enrolledOn5June('assoc-1')])
      .when(
        {
          ...nominate('assoc-1', 'm-1'),
          data: { ...nominate('assoc-1', 'm-1').data, nominatedAt: '2023-06-12T09:00:00.000Z' },
        },
        { actor: coordinator },
      )
      .thenRefuses('LATE_ENTRY_REASON_REQUIRED', 'invalid');
    given(enrolmentDecider, [enrolledOn5June('assoc-1')])
      .when(nominateOn('assoc-1', 'm-1', '2023-06-12T09:00:00.000Z'), {
        actor: { id: 'partner-amsed', role: 'partner' },
      })
      .thenRefuses('LATE_ENTRY_NOT_ALLOWED', 'forbidden');
  });

  it('records the day the enrolment was closed and the reason it is keyed in late', () => {
    given(enrolmentDecider, [
      enrolledOn5June('assoc-1'),
      nominatedOn('assoc-1', 'm-1', '2023-06-12T09:00:00.000Z'),
      nominatedOn('assoc-1', 'm-2', '2023-06-09T09:00:00.000Z'),
    ])
      .when(closeOn('2023-06-30T15:00:00.000Z'), { actor: coordinator })
      .then([
        {
          type: 'EnrolmentClosed',
          data: {
            rolloutId,
            associationCount: 1,
            memberCount: 2,
            closedAt: '2023-06-30T15:00:00.000Z',
            lateEntry: late,
          },
        },
      ]);
  });

  it('refuses a closing dated before the last nomination it closes over, in whatever order they were keyed in', () => {
    expect(() =>
      given(enrolmentDecider, [
        enrolledOn5June('assoc-1'),
        nominatedOn('assoc-1', 'm-1', '2023-06-12T09:00:00.000Z'),
        nominatedOn('assoc-1', 'm-2', '2023-06-09T09:00:00.000Z'),
      ])
        .when(closeOn('2023-06-10T09:00:00.000Z'), { actor: coordinator })
        .events(),
    ).toThrow(
      expect.objectContaining({
        kind: 'invalid',
        code: 'CLOSED_BEFORE_LAST_NOMINATION',
        details: {
          field: 'closedAt',
          closedAt: '2023-06-10T09:00:00.000Z',
          restsOn: { fact: 'enrolment or nomination', date: '2023-06-12T09:00:00.000Z' },
        },
      }),
    );
  });

  it('closes over undated nominations checking only the dated enrolment', () => {
    const history = [enrolledOn5June('assoc-1'), nominated('assoc-1', 'm-1'), nominated('assoc-1', 'm-2')];
    given(enrolmentDecider, history)
      .when(closeOn('2023-06-04T09:00:00.000Z'), { actor: coordinator })
      .thenRefuses('CLOSED_BEFORE_LAST_NOMINATION', 'invalid');
    expect(
      given(enrolmentDecider, history)
        .when(closeOn('2023-06-05T09:00:00.000Z'), { actor: coordinator })
        .events()
        .map((event) => event.type),
    ).toEqual(['EnrolmentClosed']);
  });

  it('refuses a late closing without its reason', () => {
    given(enrolmentDecider, [
      enrolledOn5June('assoc-1'),
      nominated('assoc-1', 'm-1'),
      nominated('assoc-1', 'm-2'),
    ])
      .when(
        { type: 'CloseEnrolment', data: { rolloutId, closedAt: '2023-06-30T15:00:00.000Z' } },
        { actor: coordinator },
      )
      .thenRefuses('LATE_ENTRY_REASON_REQUIRED', 'invalid');
  });
});

describe('nomination of members', () => {
  it('nominates a member of an enrolled association for a training topic', () => {
    given(enrolmentDecider, [enrolled('assoc-1')])
      .when(nominate('assoc-1', 'm-1', 'M5'))
      .then([nominated('assoc-1', 'm-1', 'M5')]);
  });

  it('refuses a member of an association that is not enrolled', () => {
    given(enrolmentDecider, [enrolled('assoc-1')])
      .when(nominate('assoc-9', 'm-1'))
      .thenRefuses('ASSOCIATION_NOT_ENROLLED', 'not-found');
  });

  it('refuses more members than the target', () => {
    given(enrolmentDecider, [enrolled('assoc-1'), nominated('assoc-1', 'm-1'), nominated('assoc-1', 'm-2')])
      .when(nominate('assoc-1', 'm-3'))
      .thenRefuses('ASSOCIATION_MEMBERS_COMPLETE', 'conflict');
  });

  it('refuses a member already nominated by another association of the rollout', () => {
    given(enrolmentDecider, [enrolled('assoc-1'), enrolled('assoc-2'), nominated('assoc-1', 'm-1')])
      .when(nominate('assoc-2', 'm-1'))
      .thenRefuses('MEMBER_IN_ANOTHER_ASSOCIATION', 'conflict');
  });

  it('treats the same nomination reported twice as one fact', () => {
    given(enrolmentDecider, [enrolled('assoc-1'), nominated('assoc-1', 'm-1')])
      .when(nominate('assoc-1', 'm-1'))
      .then([]);
  });

  it('refuses the same member nominated again for another topic', () => {
    given(enrolmentDecider, [enrolled('assoc-1'), nominated('assoc-1', 'm-1', 'M2')])
      .when(nominate('assoc-1', 'm-1', 'M3'))
      .thenRefuses('MEMBER_ALREADY_NOMINATED', 'conflict');
  });

  it('refuses to nominate once the enrolment is closed', () => {
    given(enrolmentDecider, [
      enrolled('assoc-1'),
      nominated('assoc-1', 'm-1'),
      nominated('assoc-1', 'm-2'),
      closed,
    ])
      .when(nominate('assoc-1', 'm-3'))
      .thenRefuses('ENROLMENT_CLOSED', 'conflict');
  });

  it('refuses a nomination for another rollout', () => {
    given(enrolmentDecider, [enrolled('assoc-1')])
      .when({
        ...nominate('assoc-1', 'm-1'),
        data: { ...nominate('assoc-1', 'm-1').data, rolloutId: 'cs-2026' },
      })
      .thenRefuses('ROLLOUT_MISMATCH', 'invalid');
  });
});

describe('closing the enrolment', () => {
  it('closes when every enrolled association has exactly its members', () => {
    given(enrolmentDecider, [enrolled('assoc-1'), nominated('assoc-1', 'm-1'), nominated('assoc-1', 'm-2')])
      .when(close)
      .then([closed]);
  });

  it('refuses while an association misses members', () => {
    given(enrolmentDecider, [enrolled('assoc-1'), nominated('assoc-1', 'm-1')])
      .when(close)
      .thenRefuses('ENROLMENT_INCOMPLETE', 'conflict');
  });

  it('refuses when nothing is enrolled', () => {
    given(enrolmentDecider, []).when(close).thenRefuses('NOTHING_ENROLLED', 'conflict');
  });

  it('treats closing twice as one fact', () => {
    given(enrolmentDecider, [
      enrolled('assoc-1'),
      nominated('assoc-1', 'm-1'),
      nominated('assoc-1', 'm-2'),
      closed,
    ])
      .when(close)
      .then([]);
  });
});

describe('enrolment queries', () => {
  it('answer who is enrolled, with whom, and whether it is complete', () => {
    // Prepare
    const events = [
      enrolled('assoc-1'),
      enrolled('assoc-2'),
      nominated('assoc-1', 'm-1'),
      nominated('assoc-1', 'm-2'),
    ];

    // Act
    const state = fold(enrolmentDecider, events);

    // Assess
    expect(enrolmentStreamId(rolloutId)).toBe('enrolment-fm-2025');
    expect(enrolledAssociationIds(state)).toEqual(['assoc-1', 'assoc-2']);
    expect(membersOf(state, 'assoc-1')).toEqual(['m-1', 'm-2']);
    expect(membersOf(state, 'assoc-9')).toEqual([]);
    expect(associationOfMember(state, 'm-2')).toBe('assoc-1');
    expect(associationOfMember(state, 'm-9')).toBeNull();
    expect(isAssociationComplete(state, 'assoc-1')).toBe(true);
    expect(isAssociationComplete(state, 'assoc-2')).toBe(false);
    expect(isAssociationComplete(state, 'assoc-9')).toBe(false);
    expect(isEnrolmentComplete(state)).toBe(false);
    expect(isEnrolmentClosed(state)).toBe(false);
  });
});
