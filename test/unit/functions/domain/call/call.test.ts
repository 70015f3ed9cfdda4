import { describe, expect, it } from 'vitest';
import type { CallEvent } from '../../../../../events/selection/index.js';
import type { EligibilityRule } from '../../../../../events/selection/parts.js';
import {
  callDecider,
  callFacts,
  callStreamId,
  eligibleApplications,
  failedEligibilityRules,
} from '../../../../../functions/domain/call/call.js';
import type { OpenCall, SubmitApplication } from '../../../../../functions/domain/call/commands.js';
import { fold } from '../../../../../functions/domain/shared/decider.js';
import { callClosedEmpty } from '../../../../support/call-events.js';
import { given } from '../../../../support/given-when-then.js';

const callId = 'FM-2026-operator';
const now = '2026-01-12T09:00:00.000Z';
const deadline = '2026-02-06T16:00:00.000Z';
const afterDeadline = '2026-02-06T16:00:00.001Z';
const title = {
  fr: "Appel à manifestation d'intérêt — opérateur Fès-Meknès",
  ar: 'طلب إبداء الاهتمام — فاس-مكناس',
};

const finalReceipt: EligibilityRule = {
  ruleId: 'final-receipt',
  label: { fr: 'Récépissé définitif détenu', ar: 'التوفر على الوصل النهائي' },
  requirement: { kind: 'declared' },
};
const accountsFiled: EligibilityRule = {
  ruleId: 'accounts-filed',
  label: { fr: 'Comptes déposés', ar: 'إيداع الحسابات' },
  requirement: { kind: 'declared' },
};
const yearsOfExistence: EligibilityRule = {
  ruleId: 'years-of-existence',
  label: { fr: "Trois ans d'existence", ar: 'أقدمية ثلاث سنوات' },
  requirement: { kind: 'at-least', minimum: 3 },
};
const rules = [finalReceipt, accountsFiled, yearsOfExistence];

const openOperatorCall: OpenCall = {
  type: 'OpenCall',
  data: {
    callId,
    purpose: 'regional-operator',
    rolloutId: 'rollout-FM-2026',
    regionCode: 'FM',
    title,
    deadline,
    eligibilityRules: rules,
  },
};

// Literal: the OpenCall tests expect it.
const opened: CallEvent = {
  type: 'CallOpened',
  data: {
    callId,
    purpose: 'regional-operator',
    rolloutId: 'rollout-FM-2026',
    regionCode: 'FM',
    seats: 1,
    title,
    openedAt: now,
    lateEntry: null,
    deadline,
    eligibilityRules: rules,
  },
};

const amsedName = {
  fr: 'Association Marocaine de Solidarité et de Développement',
  ar: 'الجمعية المغربية للتضامن والتنمية',
};
const eligibleFacts = { 'final-receipt': true, 'accounts-filed': true, 'years-of-existence': 30 };

const submit = (
  associationId = 'assoc-amsed',
  declaredFacts: SubmitApplication['data']['declaredFacts'] = eligibleFacts,
): SubmitApplication => ({
  type: 'SubmitApplication',
  data: { callId, associationId, associationName: amsedName, province: 'Rabat', declaredFacts },
});

const submitted = (
  applicationId: string,
  submittedAt: string,
  associationId = 'assoc-amsed',
  declaredFacts: Record<string, boolean | number> = eligibleFacts,
): CallEvent => ({
  type: 'ApplicationSubmitted',
  data: {
    callId,
    applicationId,
    associationId,
    associationName: amsedName,
    province: 'Rabat',
    declaredFacts,
    submittedAt,
    receivedAt: submittedAt,
    lateEntry: null,
  },
});

const refused = (
  applicationId: string,
  refusedAt: string,
  reason: 'late' | 'ineligible',
  failed: EligibilityRule[] = [],
  associationId = 'assoc-amsed',
): CallEvent => ({
  type: 'ApplicationRefused',
  data: {
    callId,
    applicationId,
    associationId,
    reason,
    failedRules: failed.map(({ ruleId, label }) => ({ ruleId, label })),
    refusedAt,
  },
});

const closeCall = { type: 'CloseCall', data: { callId } } as const;

describe('OpenCall', () => {
  it('opens a regional operator call with its deadline and eligibility rules (one seat)', () => {
    given(callDecider, []).when(openOperatorCall, { now }).then([opened]);
  });

  it('opens a beneficiary call that selects N associations', () => {
    const command: OpenCall = {
      type: 'OpenCall',
      data: { ...openOperatorCall.data, purpose: 'beneficiary-associations', seats: 30 },
    };
    given(callDecider, [])
      .when(command, { now })
      .then([
        { type: 'CallOpened', data: { ...opened.data, purpose: 'beneficiary-associations', seats: 30 } },
      ]);
  });

  it('opens the national contact-centre call with no rollout and no region', () => {
    const command: OpenCall = {
      type: 'OpenCall',
      data: {
        callId: 'national-2026-contact-centre',
        purpose: 'contact-centre-operator',
        title,
        deadline,
        eligibilityRules: [],
      },
    };
    given(callDecider, [])
      .when(command, { now })
      .then([
        {
          type: 'CallOpened',
          data: {
            callId: 'national-2026-contact-centre',
            purpose: 'contact-centre-operator',
            rolloutId: null,
            regionCode: null,
            seats: 1,
            title,
            openedAt: now,
            lateEntry: null,
            deadline,
            eligibilityRules: [],
          },
        },
      ]);
  });

  it('refuses to open a call twice', () => {
    given(callDecider, [opened])
      .when(openOperatorCall, { now })
      .thenRefuses('CALL_ALREADY_OPENED', 'conflict');
  });

  it('refuses a deadline that is not in the future', () => {
    given(callDecider, [])
      .when(openOperatorCall, { now: deadline })
      .thenRefuses('DEADLINE_NOT_IN_FUTURE', 'invalid');
  });

  it('refuses a regional call without its region or rollout', () => {
    const { regionCode: _region, ...withoutRegion } = openOperatorCall.data;
    given(callDecider, [])
      .when({ type: 'OpenCall', data: withoutRegion }, { now })
      .thenRefuses('CALL_SCOPE_INVALID', 'invalid');
  });

  it('refuses a contact-centre call that names a region', () => {
    given(callDecider, [])
      .when(
        { type: 'OpenCall', data: { ...openOperatorCall.data, purpose: 'contact-centre-operator' } },
        { now },
      )
      .thenRefuses('CALL_SCOPE_INVALID', 'invalid');
  });

  it('refuses a beneficiary call that does not say how many associations it selects', () => {
    given(callDecider, [])
      .when(
        { type: 'OpenCall', data: { ...openOperatorCall.data, purpose: 'beneficiary-associations' } },
        { now },
      )
      .thenRefuses('CALL_SEATS_REQUIRED', 'invalid');
  });

  it('refuses an operator call that would select more than one association', () => {
    given(callDecider, [])
      .when({ type: 'OpenCall', data: { ...openOperatorCall.data, seats: 2 } }, { now })
      .thenRefuses('CALL_SEATS_INVALID', 'invalid');
  });

  it('refuses an eligibility rule listed twice', () => {
    given(callDecider, [])
      .when(
        {
          type: 'OpenCall',
          data: { ...openOperatorCall.data, eligibilityRules: [finalReceipt, finalReceipt] },
        },
        { now },
      )
      .thenRefuses('DUPLICATE_ELIGIBILITY_RULE', 'invalid');
  });
});

describe('SubmitApplication', () => {
  const at = '2026-01-20T10:00:00.000Z';

  it('receives an eligible application before the deadline', () => {
    given(callDecider, [opened])
      .when(submit(), { now: at })
      .then([submitted('id-1', at)]);
  });

  it('receives an application at the deadline itself as on time', () => {
    given(callDecider, [opened])
      .when(submit(), { now: deadline })
      .then([submitted('id-1', deadline)]);
  });

  it('records an application after the deadline as received and refused as late', () => {
    given(callDecider, [opened])
      .when(submit(), { now: afterDeadline })
      .then([submitted('id-1', afterDeadline), refused('id-1', afterDeadline, 'late')]);
  });

  it('records an application to a closed call as late', () => {
    const closed = callClosedEmpty(callId, deadline);
    const later = '2026-02-10T08:00:00.000Z';
    given(callDecider, [opened, closed])
      .when(submit(), { now: later })
      .then([submitted('id-1', later), refused('id-1', later, 'late')]);
  });

  it('refuses as ineligible an application declaring a required fact false, naming the rule', () => {
    const facts = { ...eligibleFacts, 'accounts-filed': false };
    given(callDecider, [opened])
      .when(submit('assoc-amsed', facts), { now: at })
      .then([
        submitted('id-1', at, 'assoc-amsed', facts),
        refused('id-1', at, 'ineligible', [accountsFiled]),
      ]);
  });

  it('refuses as ineligible an application that does not declare a required fact', () => {
    const facts = { 'accounts-filed': true, 'years-of-existence': 4 };
    given(callDecider, [opened])
      .when(submit('assoc-amsed', facts), { now: at })
      .then([submitted('id-1', at, 'assoc-amsed', facts), refused('id-1', at, 'ineligible', [finalReceipt])]);
  });

  it('refuses as ineligible a number below the minimum and names every failed rule in the call order', () => {
    const facts = { 'final-receipt': false, 'accounts-filed': true, 'years-of-existence': 2 };
    given(callDecider, [opened])
      .when(submit('assoc-amsed', facts), { now: at })
      .then([
        submitted('id-1', at, 'assoc-amsed', facts),
        refused('id-1', at, 'ineligible', [finalReceipt, yearsOfExistence]),
      ]);
  });

  it('accepts a number exactly at the minimum', () => {
    const facts = { ...eligibleFacts, 'years-of-existence': 3 };
    given(callDecider, [opened])
      .when(submit('assoc-amsed', facts), { now: at })
      .then([submitted('id-1', at, 'assoc-amsed', facts)]);
  });

  it('refuses a second application by the same association as a conflict', () => {
    given(callDecider, [opened, submitted('file-1', at)])
      .when(submit(), { now: at })
      .thenRefuses('APPLICATION_ALREADY_SUBMITTED', 'conflict');
  });

  it('refuses a second application even when the first was refused', () => {
    given(callDecider, [
      opened,
      submitted('file-1', at),
      refused('file-1', at, 'ineligible', [accountsFiled]),
    ])
      .when(submit(), { now: at })
      .thenRefuses('APPLICATION_ALREADY_SUBMITTED', 'conflict');
  });

  it('refuses an application to a call that was never opened', () => {
    given(callDecider, []).when(submit(), { now: at }).thenRefuses('CALL_NOT_FOUND', 'not-found');
  });

  it('refuses an application naming another call', () => {
    given(callDecider, [opened])
      .when(
        { type: 'SubmitApplication', data: { ...submit().data, callId: 'GON-2026-operator' } },
        { now: at },
      )
      .thenRefuses('CALL_NOT_FOUND', 'not-found');
  });
});

describe('CloseCall', () => {
  const history: CallEvent[] = [
    opened,
    submitted('file-1', '2026-01-20T10:00:00.000Z'),
    submitted('file-2', '2026-01-21T10:00:00.000Z', 'assoc-2', { 'final-receipt': true }),
    refused('file-2', '2026-01-21T10:00:00.000Z', 'ineligible', [accountsFiled, yearsOfExistence], 'assoc-2'),
    submitted('file-3', '2026-01-22T10:00:00.000Z', 'assoc-3'),
  ];

  it('closes the call at its deadline, counting the files and listing the eligible ones', () => {
    given(callDecider, history)
      .when(closeCall, { now: deadline })
      .then([
        {
          type: 'CallClosed',
          data: {
            callId,
            closedAt: deadline,
            received: 3,
            refusedLate: 0,
            refusedIneligible: 1,
            eligibleApplicationIds: ['file-1', 'file-3'],
            lateEntry: null,
          },
        },
      ]);
  });

  it('counts late files apart', () => {
    given(callDecider, [
      ...history,
      submitted('file-4', afterDeadline, 'assoc-4'),
      refused('file-4', afterDeadline, 'late', [], 'assoc-4'),
    ])
      .when(closeCall, { now: afterDeadline })
      .then([
        {
          type: 'CallClosed',
          data: {
            callId,
            closedAt: afterDeadline,
            received: 4,
            refusedLate: 1,
            refusedIneligible: 1,
            eligibleApplicationIds: ['file-1', 'file-3'],
            lateEntry: null,
          },
        },
      ]);
  });

  it('refuses to close before the deadline', () => {
    given(callDecider, history)
      .when(closeCall, { now: '2026-02-06T15:59:59.999Z' })
      .thenRefuses('CALL_DEADLINE_NOT_REACHED', 'conflict');
  });

  it('refuses to close twice', () => {
    const closed = given(callDecider, history).when(closeCall, { now: deadline }).events();
    given(callDecider, [...history, ...closed])
      .when(closeCall, { now: deadline })
      .thenRefuses('CALL_ALREADY_CLOSED', 'conflict');
  });

  it('refuses to close a call that was never opened', () => {
    given(callDecider, []).when(closeCall, { now: deadline }).thenRefuses('CALL_NOT_FOUND', 'not-found');
  });
});

describe('queries of a call', () => {
  it('names its stream after the call', () => {
    expect(callStreamId(callId)).toBe('call-FM-2026-operator');
  });

  it('gives the committee no facts about a call that was never opened', () => {
    expect(callFacts(callDecider.initialState())).toBeNull();
  });

  it('gives the committee every file with its eligibility, and whether the call is closed', () => {
    // Prepare
    const events: CallEvent[] = [
      opened,
      submitted('file-1', '2026-01-20T10:00:00.000Z'),
      submitted('file-2', '2026-01-21T10:00:00.000Z', 'assoc-2'),
      refused('file-2', '2026-01-21T10:00:00.000Z', 'ineligible', [accountsFiled], 'assoc-2'),
    ];

    // Act
    const facts = callFacts(fold(callDecider, events));

    // Assess
    expect(facts).toMatchObject({ callId, purpose: 'regional-operator', seats: 1, closed: false });
    expect(facts?.applications.map(({ applicationId, eligible }) => ({ applicationId, eligible }))).toEqual([
      { applicationId: 'file-1', eligible: true },
      { applicationId: 'file-2', eligible: false },
    ]);
    expect(
      eligibleApplications(fold(callDecider, events)).map((application) => application.applicationId),
    ).toEqual(['file-1']);
  });

  it('evaluates eligibility rules on declared facts alone', () => {
    expect(failedEligibilityRules(rules, eligibleFacts)).toEqual([]);
    expect(failedEligibilityRules(rules, { 'years-of-existence': true })).toEqual(rules);
  });
});
