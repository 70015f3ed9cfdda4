import { describe, expect, it } from 'vitest';
import { upcastEvent } from '../../../../../events/catalog.js';
import type { CallEvent } from '../../../../../events/selection/index.js';
import { callDecider, callFacts } from '../../../../../functions/domain/call/call.js';
import type {
  CloseCall,
  OpenCall,
  SubmitApplication,
} from '../../../../../functions/domain/call/commands.js';
import { fold } from '../../../../../functions/domain/shared/decider.js';
import { callClosedEmpty, callOpened } from '../../../../support/call-events.js';
import { given } from '../../../../support/given-when-then.js';

// A paper file that reached the ministry before the deadline and was keyed in after it (ADR 0080).

const callId = 'FM-2026-beneficiaries';
const openedAt = '2026-01-12T09:00:00.000Z';
const deadline = '2026-02-06T16:00:00.000Z';
const name = { fr: 'Association Atlas pour le Développement', ar: 'جمعية الأطلس للتنمية' };
const reason = {
  fr: "Dossier papier reçu au bureau d'ordre le 5 février, saisi le 16",
  ar: 'ملف ورقي توصل به مكتب الضبط يوم 5 فبراير وأدخل يوم 16',
};
const coordinator = { id: 'user-coordinator-fm', role: 'coordinator' } as const;
const partner = { id: 'account-amsed', role: 'partner' } as const;

const opened = callOpened({
  callId,
  purpose: 'beneficiary-associations',
  seats: 30,
  title: { fr: 'Appel — bénéficiaires', ar: 'طلب — المستفيدون' },
  openedAt,
  deadline,
});
const closed = callClosedEmpty(callId, '2026-02-06T16:00:05.000Z');

const submit = (extra: Partial<SubmitApplication['data']> = {}): SubmitApplication => ({
  type: 'SubmitApplication',
  data: {
    callId,
    associationId: 'assoc-atlas',
    associationName: name,
    province: 'Ifrane',
    declaredFacts: {},
    ...extra,
  },
});

const submitted = (submittedAt: string, receivedAt: string, lateEntry: { reason: typeof reason } | null) =>
  ({
    type: 'ApplicationSubmitted',
    data: {
      callId,
      applicationId: 'id-1',
      associationId: 'assoc-atlas',
      associationName: name,
      province: 'Ifrane',
      declaredFacts: {},
      submittedAt,
      receivedAt,
      lateEntry,
    },
  }) as const satisfies CallEvent;

describe('SubmitApplication with the date the file was received', () => {
  it('accepts a file received before the deadline and keyed in after it, with its true date', () => {
    // Given an open call whose deadline passed, when the coordinator keys in a file received the day before
    given(callDecider, [opened])
      .when(submit({ receivedAt: '2026-02-05T11:30:00.000Z' }), {
        now: '2026-02-09T08:00:00.000Z',
        actor: coordinator,
      })
      // Then it is received on its true date and not refused as late
      .then([submitted('2026-02-09T08:00:00.000Z', '2026-02-05T11:30:00.000Z', null)]);
  });

  it('accepts it even once the call is closed, and the committee sees it eligible with its true date', () => {
    const events = callDecider.decide(
      submit({ receivedAt: '2026-02-05T11:30:00.000Z' }),
      fold(callDecider, [opened, closed]),
      { now: '2026-02-10T08:00:00.000Z', newId: () => 'id-1', actor: coordinator },
    );
    expect(events).toEqual([submitted('2026-02-10T08:00:00.000Z', '2026-02-05T11:30:00.000Z', null)]);
    expect(callFacts(fold(callDecider, [opened, closed, ...events]))?.applications).toEqual([
      {
        applicationId: 'id-1',
        associationId: 'assoc-atlas',
        associationName: name,
        submittedAt: '2026-02-05T11:30:00.000Z',
        eligible: true,
      },
    ]);
  });

  it('refuses as late a file received after the deadline, whenever it is keyed in', () => {
    given(callDecider, [opened])
      .when(submit({ receivedAt: '2026-02-06T16:00:00.001Z' }), {
        now: '2026-02-07T08:00:00.000Z',
        actor: coordinator,
      })
      .then([
        submitted('2026-02-07T08:00:00.000Z', '2026-02-06T16:00:00.001Z', null),
        {
          type: 'ApplicationRefused',
          data: {
            callId,
            applicationId: 'id-1',
            associationId: 'assoc-atlas',
            reason: 'late',
            failedRules: [],
            refusedAt: '2026-02-07T08:00:00.000Z',
          },
        },
      ]);
  });

  it('receives a file without a date as it is recorded', () => {
    given(callDecider, [opened])
      .when(submit(), { now: '2026-02-01T10:00:00.000Z', actor: coordinator })
      .then([submitted('2026-02-01T10:00:00.000Z', '2026-02-01T10:00:00.000Z', null)]);
  });

  it('refuses a date in the future, naming the field', () => {
    let thrown: unknown;
    try {
      callDecider.decide(submit({ receivedAt: '2026-02-01T10:00:00.001Z' }), fold(callDecider, [opened]), {
        now: '2026-02-01T10:00:00.000Z',
        newId: () => 'id-1',
        actor: coordinator,
      });
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toMatchObject({
      code: 'FACT_DATE_IN_FUTURE',
      kind: 'invalid',
      details: { field: 'receivedAt' },
    });
  });

  it('refuses a date before the call was opened', () => {
    given(callDecider, [opened])
      .when(submit({ receivedAt: '2026-01-12T08:59:59.999Z' }), {
        now: '2026-02-01T10:00:00.000Z',
        actor: coordinator,
      })
      .thenRefuses('RECEIVED_BEFORE_CALL_OPENED', 'invalid');
  });

  it('records a file keyed in more than 7 days after it was received as a late entry, with its reason', () => {
    given(callDecider, [opened])
      .when(submit({ receivedAt: '2026-02-05T11:30:00.000Z', lateEntryReason: reason }), {
        now: '2026-02-16T08:00:00.000Z',
        actor: coordinator,
      })
      .then([submitted('2026-02-16T08:00:00.000Z', '2026-02-05T11:30:00.000Z', { reason })]);
  });

  it('refuses a late entry without a reason', () => {
    given(callDecider, [opened])
      .when(submit({ receivedAt: '2026-02-05T11:30:00.000Z' }), {
        now: '2026-02-16T08:00:00.000Z',
        actor: coordinator,
      })
      .thenRefuses('LATE_ENTRY_REASON_REQUIRED', 'invalid');
  });

  it('refuses a late entry by a role the rules do not allow', () => {
    given(callDecider, [opened])
      .when(submit({ receivedAt: '2026-02-05T11:30:00.000Z', lateEntryReason: reason }), {
        now: '2026-02-16T08:00:00.000Z',
        actor: partner,
      })
      .thenRefuses('LATE_ENTRY_NOT_ALLOWED', 'forbidden');
  });

  it('refuses a reason for an entry that is on time', () => {
    given(callDecider, [opened])
      .when(submit({ receivedAt: '2026-02-05T11:30:00.000Z', lateEntryReason: reason }), {
        now: '2026-02-12T11:30:00.000Z',
        actor: coordinator,
      })
      .thenRefuses('LATE_ENTRY_REASON_UNEXPECTED', 'invalid');
  });
});

describe('ApplicationSubmitted v1 read as v2', () => {
  it('was received when it was keyed in, never a late entry', () => {
    const v1 = {
      callId,
      applicationId: 'file-01',
      associationId: 'assoc-atlas',
      associationName: name,
      province: 'Ifrane',
      declaredFacts: {},
      submittedAt: '2026-01-20T10:00:00.000Z',
    };
    expect(upcastEvent('ApplicationSubmitted', 1, v1)).toEqual({
      schemaVersion: 2,
      data: { ...v1, receivedAt: '2026-01-20T10:00:00.000Z', lateEntry: null },
    });
  });
});

describe('a call of a past edition, keyed in from its files (ADR 0135)', () => {
  const now = '2026-12-07T10:00:00.000Z';
  const ministry = { id: 'user-ministry-1', role: 'ministry' } as const;
  const archive = { fr: 'Édition 2023 saisie depuis ses archives', ar: 'دورة 2023 أدخلت من أرشيفها' };
  const open = (extra: Partial<OpenCall['data']> = {}): OpenCall => ({
    type: 'OpenCall',
    data: {
      callId: 'FM-2023-operator',
      purpose: 'regional-operator',
      rolloutId: 'rollout-FM-2023',
      regionCode: 'FM',
      title: { fr: 'Appel 2023', ar: 'طلب 2023' },
      deadline: '2023-03-31T17:00:00.000Z',
      eligibilityRules: [],
      openedAt: '2023-03-01T09:00:00.000Z',
      lateEntryReason: archive,
      ...extra,
    },
  });

  it('opens on its true date with its past deadline, keeping the reason', () => {
    given(callDecider, [])
      .when(open(), { now, actor: ministry })
      .then([
        {
          type: 'CallOpened',
          data: {
            callId: 'FM-2023-operator',
            purpose: 'regional-operator',
            rolloutId: 'rollout-FM-2023',
            regionCode: 'FM',
            seats: 1,
            title: { fr: 'Appel 2023', ar: 'طلب 2023' },
            openedAt: '2023-03-01T09:00:00.000Z',
            deadline: '2023-03-31T17:00:00.000Z',
            eligibilityRules: [],
            lateEntry: { reason: archive },
          },
        },
      ]);
  });

  it('still refuses a past deadline to a call opened now', () => {
    given(callDecider, [])
      .when(open({ openedAt: undefined, lateEntryReason: undefined }), { now, actor: ministry })
      .thenRefuses('DEADLINE_NOT_IN_FUTURE', 'invalid');
  });

  it('refuses a deadline before the opening', () => {
    given(callDecider, [])
      .when(open({ deadline: '2023-02-28T17:00:00.000Z' }), { now, actor: ministry })
      .thenRefuses('DEADLINE_BEFORE_OPENING', 'invalid');
  });

  it('refuses a late opening without its reason, by the operator, dated ahead or before 2022', () => {
    given(callDecider, [])
      .when(open({ lateEntryReason: undefined }), { now, actor: ministry })
      .thenRefuses('LATE_ENTRY_REASON_REQUIRED', 'invalid');
    given(callDecider, [])
      .when(open(), { now, actor: partner })
      .thenRefuses('LATE_ENTRY_NOT_ALLOWED', 'forbidden');
    given(callDecider, [])
      .when(open({ openedAt: '2026-12-08T09:00:00.000Z' }), { now, actor: ministry })
      .thenRefuses('FACT_DATE_IN_FUTURE', 'invalid');
    given(callDecider, [])
      .when(open({ openedAt: '2021-12-31T09:00:00.000Z' }), { now, actor: ministry })
      .thenRefuses('FACT_DATE_BEFORE_PROGRAM', 'invalid');
  });

  it('receives its files on their true dates, on time by its deadline', () => {
    const [openedIn2023] = given(callDecider, []).when(open(), { now, actor: ministry }).events();
    given(callDecider, [openedIn2023 as CallEvent])
      .when(
        {
          type: 'SubmitApplication',
          data: {
            callId: 'FM-2023-operator',
            associationId: 'assoc-atlas',
            associationName: name,
            province: 'Ifrane',
            declaredFacts: {},
            receivedAt: '2023-03-20T10:00:00.000Z',
            lateEntryReason: archive,
          },
        },
        { now, actor: coordinator, newId: () => 'file-1' },
      )
      .then([
        {
          type: 'ApplicationSubmitted',
          data: {
            callId: 'FM-2023-operator',
            applicationId: 'file-1',
            associationId: 'assoc-atlas',
            associationName: name,
            province: 'Ifrane',
            declaredFacts: {},
            submittedAt: now,
            receivedAt: '2023-03-20T10:00:00.000Z',
            lateEntry: { reason: archive },
          },
        },
      ]);
  });
});

describe('CloseCall on the date the call was closed (ADR 0159)', () => {
  const ministry = { id: 'user-ministry-1', role: 'ministry' } as const;
  const close = (extra: Partial<CloseCall['data']> = {}): CloseCall => ({
    type: 'CloseCall',
    data: { callId, ...extra },
  });
  const closedOn = (closedAt: string, lateEntry: { reason: typeof reason } | null, received = 1) => ({
    type: 'CallClosed' as const,
    data: {
      callId,
      closedAt,
      received,
      refusedLate: received - 1,
      refusedIneligible: 0,
      eligibleApplicationIds: ['id-1'],
      lateEntry,
    },
  });
  // A file received on 5 February, on time, keyed in on the 9th.
  const onTimeFile = submitted('2026-02-09T08:00:00.000Z', '2026-02-05T11:30:00.000Z', null);
  const lateFile: CallEvent[] = [
    {
      type: 'ApplicationSubmitted',
      data: {
        ...onTimeFile.data,
        applicationId: 'id-2',
        associationId: 'assoc-late',
        receivedAt: '2026-02-10T09:00:00.000Z',
      },
    },
    {
      type: 'ApplicationRefused',
      data: {
        callId,
        applicationId: 'id-2',
        associationId: 'assoc-late',
        reason: 'late',
        failedRules: [],
        refusedAt: '2026-02-10T09:00:00.000Z',
      },
    },
  ];

  it('closes a call on its true date, keyed in late by the ministry with its reason', () => {
    // Given a call whose deadline (6 February) passed and its file, when the ministry keys in on
    // 1 March its closing at the deadline
    given(callDecider, [opened, onTimeFile])
      .when(close({ closedAt: deadline, lateEntryReason: reason }), {
        now: '2026-03-01T09:00:00.000Z',
        actor: ministry,
      })
      // Then the call is closed at its deadline, a late entry with its reason
      .then([closedOn(deadline, { reason })]);
  });

  it('keeps a date within the week with no reason, and closes as recorded without one', () => {
    given(callDecider, [opened, onTimeFile])
      .when(close({ closedAt: '2026-02-07T09:00:00.000Z' }), {
        now: '2026-02-10T09:00:00.000Z',
        actor: coordinator,
      })
      .then([closedOn('2026-02-07T09:00:00.000Z', null)]);
    given(callDecider, [opened, onTimeFile])
      .when(close(), { now: '2026-02-10T09:00:00.000Z', actor: coordinator })
      .then([closedOn('2026-02-10T09:00:00.000Z', null)]);
  });

  it('closes after the last file it counts, even one received late, on the same instant', () => {
    given(callDecider, [opened, onTimeFile, ...lateFile])
      .when(close({ closedAt: '2026-02-10T09:00:00.000Z', lateEntryReason: reason }), {
        now: '2026-03-01T09:00:00.000Z',
        actor: ministry,
      })
      .then([closedOn('2026-02-10T09:00:00.000Z', { reason }, 2)]);
  });

  it('refuses a closing dated before the call was opened, naming closedAt', () => {
    given(callDecider, [opened])
      .when(close({ closedAt: '2026-01-12T08:59:59.999Z', lateEntryReason: reason }), {
        now: '2026-03-01T09:00:00.000Z',
        actor: ministry,
      })
      .thenRefusesWith('CLOSED_BEFORE_OPENING', {
        field: 'closedAt',
        restsOn: { fact: 'call opening', date: '2026-01-12T09:00:00.000Z' },
      });
  });

  it('refuses a closing dated before the deadline, naming closedAt', () => {
    given(callDecider, [opened, onTimeFile])
      .when(close({ closedAt: '2026-02-06T15:59:59.999Z', lateEntryReason: reason }), {
        now: '2026-03-01T09:00:00.000Z',
        actor: ministry,
      })
      .thenRefusesWith('CLOSED_BEFORE_DEADLINE', {
        field: 'closedAt',
        restsOn: { fact: 'deadline', date: '2026-02-06T16:00:00.000Z' },
      });
  });

  it('refuses a closing dated before the last file it counts was received, naming closedAt', () => {
    given(callDecider, [opened, onTimeFile, ...lateFile])
      .when(close({ closedAt: deadline, lateEntryReason: reason }), {
        now: '2026-03-01T09:00:00.000Z',
        actor: ministry,
      })
      .thenRefusesWith('CLOSED_BEFORE_LAST_APPLICATION', {
        field: 'closedAt',
        restsOn: { fact: 'application received', date: '2026-02-10T09:00:00.000Z' },
      });
  });

  it('refuses a reason for a closing recorded as it happens', () => {
    given(callDecider, [opened])
      .when(close({ lateEntryReason: reason }), { now: '2026-03-01T09:00:00.000Z', actor: ministry })
      .thenRefuses('LATE_ENTRY_REASON_UNEXPECTED', 'invalid');
  });

  it('refuses a late closing without its reason, by a role that does not close calls, or in the future', () => {
    given(callDecider, [opened])
      .when(close({ closedAt: deadline }), { now: '2026-03-01T09:00:00.000Z', actor: ministry })
      .thenRefuses('LATE_ENTRY_REASON_REQUIRED', 'invalid');
    given(callDecider, [opened])
      .when(close({ closedAt: deadline, lateEntryReason: reason }), {
        now: '2026-03-01T09:00:00.000Z',
        actor: { id: 'member-1', role: 'committee-member' },
      })
      .thenRefuses('LATE_ENTRY_NOT_ALLOWED', 'forbidden');
    given(callDecider, [opened])
      .when(close({ closedAt: '2026-03-01T09:00:00.001Z' }), {
        now: '2026-03-01T09:00:00.000Z',
        actor: ministry,
      })
      .thenRefuses('FACT_DATE_IN_FUTURE', 'invalid');
  });

  it('gives the committee the dates of the opening and of the closing', () => {
    const closing = closedOn(deadline, { reason });
    expect(callFacts(fold(callDecider, [opened, onTimeFile, closing]))).toMatchObject({
      openedAt: '2026-01-12T09:00:00.000Z',
      closedAt: '2026-02-06T16:00:00.000Z',
    });
    expect(callFacts(fold(callDecider, [opened, onTimeFile]))).toMatchObject({ closedAt: null });
  });
});

describe('CallClosed v1 read as v2', () => {
  it('was closed when it was recorded, never a late entry', () => {
    const v1 = {
      callId,
      closedAt: '2026-02-06T16:00:05.000Z',
      received: 0,
      refusedLate: 0,
      refusedIneligible: 0,
      eligibleApplicationIds: [],
    };
    expect(upcastEvent('CallClosed', 1, v1)).toEqual({ schemaVersion: 2, data: { ...v1, lateEntry: null } });
  });
});
