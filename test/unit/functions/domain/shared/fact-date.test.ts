import { describe, expect, it } from 'vitest';
import {
  checkFactDate,
  checkOptionalFactDate,
  EARLIEST_FACT_DATE,
  FACT_DATE_RULES,
  latestFactDate,
  requireNotBefore,
} from '../../../../../functions/domain/shared/fact-date.js';

const reason = { fr: 'Feuille de présence signée retrouvée', ar: 'ورقة الحضور الموقعة' };
const check = (
  date: string,
  now: string,
  role: 'partner' | 'coordinator' | 'finance-payer',
  lateEntryReason?: typeof reason,
) =>
  checkFactDate({
    kind: 'session-held',
    field: 'date',
    date,
    now,
    role,
    lateEntryReason,
    reasonField: 'lateEntryReason',
  });
const refusal = (run: () => unknown) => {
  try {
    run();
  } catch (error) {
    return error;
  }
  return undefined;
};

describe('the rules of a fact date', () => {
  it('are data in one place: the program began in 2022; 7, 14 and 7 days on time; who may enter late', () => {
    expect(EARLIEST_FACT_DATE).toBe('2022-01-01T00:00:00.000Z');
    expect(FACT_DATE_RULES).toEqual({
      'application-received': { onTimeDays: 7, lateEntryRoles: ['ministry', 'coordinator'] },
      'session-held': { onTimeDays: 14, lateEntryRoles: ['ministry', 'coordinator'] },
      'tranche-paid': { onTimeDays: 7, lateEntryRoles: ['finance-payer'] },
      'agreement-signed': { onTimeDays: 30, lateEntryRoles: ['ministry', 'signatory', 'partner'] },
      'rollout-launched': { onTimeDays: 7, lateEntryRoles: ['ministry'] },
      'call-opened': { onTimeDays: 7, lateEntryRoles: ['ministry', 'coordinator'] },
      'selection-published': { onTimeDays: 7, lateEntryRoles: ['ministry'] },
      'appeal-lodged': { onTimeDays: 7, lateEntryRoles: ['ministry', 'coordinator'] },
      'module-completed': { onTimeDays: 14, lateEntryRoles: ['ministry', 'coordinator'] },
      // ADR 0137: a grant is the ministry's decision.
      'grant-awarded': { onTimeDays: 7, lateEntryRoles: ['ministry'] },
      // ADR 0152: axis 2 as axis 1.
      'trainer-module-completed': { onTimeDays: 14, lateEntryRoles: ['ministry', 'coordinator'] },
      'hub-established': { onTimeDays: 7, lateEntryRoles: ['ministry', 'coordinator'] },
      // ADR 0153: the money's other steps as its payment.
      'budget-committed': { onTimeDays: 7, lateEntryRoles: ['ministry'] },
      'tranche-requested': { onTimeDays: 7, lateEntryRoles: ['finance-preparer'] },
      'tranche-approved': { onTimeDays: 7, lateEntryRoles: ['finance-approver'] },
      // ADR 0154: an enrolment, by those who enrol.
      'beneficiary-enrolled': { onTimeDays: 7, lateEntryRoles: ['ministry', 'coordinator'] },
      // ADR 0159: the selection's steps, by those who take them.
      'call-closed': { onTimeDays: 7, lateEntryRoles: ['ministry', 'coordinator'] },
      'committee-appointed': { onTimeDays: 7, lateEntryRoles: ['ministry'] },
      'application-scored': { onTimeDays: 7, lateEntryRoles: ['committee-member'] },
      'applications-ranked': { onTimeDays: 7, lateEntryRoles: ['ministry', 'committee-member'] },
      // ADR 0161: a rejection as its approval.
      'tranche-rejected': { onTimeDays: 7, lateEntryRoles: ['finance-approver'] },
      // ADR 0161: a nomination and the enrolment's closing, by those who enrol.
      'member-nominated': { onTimeDays: 7, lateEntryRoles: ['ministry', 'coordinator'] },
      'enrolment-closed': { onTimeDays: 7, lateEntryRoles: ['ministry', 'coordinator'] },
      'trainees-selected': { onTimeDays: 7, lateEntryRoles: ['ministry', 'coordinator'] },
    });
  });

  it('accept a session held today, reported today', () => {
    expect(check('2026-03-01', '2026-03-01T00:00:00.000Z', 'partner')).toBeNull();
  });

  it('refuse a day that has not begun', () => {
    expect(refusal(() => check('2026-03-02', '2026-03-01T23:59:59.999Z', 'partner'))).toMatchObject({
      code: 'FACT_DATE_IN_FUTURE',
      details: { field: 'date' },
    });
  });

  it('refuse a date before the program began', () => {
    expect(
      refusal(() => check('2021-12-31', '2026-03-01T10:00:00.000Z', 'coordinator', reason)),
    ).toMatchObject({
      code: 'FACT_DATE_BEFORE_PROGRAM',
    });
  });

  it('count a day from its end: 14 days after the end of the day is still on time', () => {
    expect(check('2026-03-01', '2026-03-16T00:00:00.000Z', 'partner')).toBeNull();
    expect(refusal(() => check('2026-03-01', '2026-03-16T00:00:00.001Z', 'partner'))).toMatchObject({
      code: 'LATE_ENTRY_NOT_ALLOWED',
      kind: 'forbidden',
    });
  });

  it('let the coordinator enter a late session with a reason, kept as the late entry', () => {
    expect(check('2023-05-10', '2026-03-01T10:00:00.000Z', 'coordinator', reason)).toEqual({ reason });
  });
});

describe('facts in their order (ADR 0151)', () => {
  it('refuse a fact dated before the one it rests on; a day stands for the whole day', () => {
    const prior = { fact: 'tranche approval', date: '2024-05-06T09:00:00.000Z' };
    expect(() =>
      requireNotBefore('PAID_BEFORE_APPROVAL', 'paidAt', '2024-05-06T08:59:59.999Z', prior),
    ).toThrow(
      expect.objectContaining({
        code: 'PAID_BEFORE_APPROVAL',
        kind: 'invalid',
        details: {
          field: 'paidAt',
          paidAt: '2024-05-06T08:59:59.999Z',
          restsOn: { fact: 'tranche approval', date: '2024-05-06T09:00:00.000Z' },
        },
      }),
    );
    expect(() => requireNotBefore('X', 'paidAt', '2024-05-06T09:00:00.000Z', prior)).not.toThrow();
    expect(() => requireNotBefore('X', 'completedOn', '2024-05-06', prior)).not.toThrow();
    expect(() => requireNotBefore('X', 'completedOn', '2024-05-05', prior)).toThrow();
    expect(() =>
      requireNotBefore('X', 'paidAt', '2022-01-01T00:00:00.000Z', { fact: 'v1', date: null }),
    ).not.toThrow();
  });

  it('take the latest of dated facts, days and instants alike, leaving the undated out', () => {
    expect(latestFactDate(['2024-01-29', null, '2024-02-07', undefined, '2024-02-02'])).toBe('2024-02-07');
    expect(latestFactDate(['2024-02-07', '2024-02-07T10:00:00.000Z'])).toBe('2024-02-07T10:00:00.000Z');
    expect(latestFactDate([null, undefined])).toBeNull();
  });

  it('judge an optional date by its row, then, when given, after each fact it rests on (ADR 0159, 0161)', () => {
    const coordinator = { now: '2026-03-01T09:00:00.000Z', actor: { role: 'coordinator' as const } };
    const restsOn = [
      {
        code: 'NOMINATED_BEFORE_ENROLMENT',
        prior: { fact: 'association enrolment', date: '2023-06-05T09:00:00.000Z' },
      },
    ];
    // Absent: recorded as it happens, on time; a late entry's reason for it is refused.
    expect(
      checkOptionalFactDate(coordinator, 'member-nominated', 'nominatedAt', undefined, undefined, restsOn),
    ).toBeNull();
    expect(
      refusal(() =>
        checkOptionalFactDate(coordinator, 'member-nominated', 'nominatedAt', undefined, reason, restsOn),
      ),
    ).toMatchObject({ code: 'LATE_ENTRY_REASON_UNEXPECTED', details: { field: 'lateEntryReason' } });
    expect(
      checkOptionalFactDate(
        coordinator,
        'member-nominated',
        'nominatedAt',
        '2023-06-12T09:00:00.000Z',
        reason,
        restsOn,
      ),
    ).toEqual({ reason });
    expect(
      refusal(() =>
        checkOptionalFactDate(
          coordinator,
          'member-nominated',
          'nominatedAt',
          '2023-06-01T09:00:00.000Z',
          reason,
          restsOn,
        ),
      ),
    ).toMatchObject({ code: 'NOMINATED_BEFORE_ENROLMENT', details: { field: 'nominatedAt' } });
    // Its own row first: a late entry without its reason is refused as such.
    expect(
      refusal(() =>
        checkOptionalFactDate(
          coordinator,
          'member-nominated',
          'nominatedAt',
          '2023-06-01T09:00:00.000Z',
          undefined,
          restsOn,
        ),
      ),
    ).toMatchObject({ code: 'LATE_ENTRY_REASON_REQUIRED' });
  });
});
