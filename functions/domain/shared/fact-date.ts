import type { Role } from '../../../events/envelope.js';
import { domainError } from './errors.js';

/**
 * When things happened, not when they were typed (docs/program.md, "True dates"; ADR 0080).
 *
 * A command that records a fact of the world (a paper file received, a session held, a payment
 * made) carries the fact's date beside the moment it is recorded (the envelope's `recordedAt`,
 * stamped by the store). The rules judge by the fact's date, within the limits below, which are
 * the program's data and live here only:
 *
 * - a fact never happens after the moment it is recorded (the server's clock is the reference);
 * - a fact never happens before the program began (the strategy 2022–2026): `EARLIEST_FACT_DATE`;
 * - a fact recorded within its kind's `onTimeDays` needs nothing more; recorded later it is a late
 *   entry: only the roles its kind names may record it, and only with a reason, which the event
 *   keeps (`lateEntry`).
 */

/** The kinds of fact whose date a command carries. */
export type FactKind =
  | 'application-received'
  | 'session-held'
  | 'tranche-paid'
  | 'agreement-signed'
  | 'rollout-launched'
  | 'call-opened'
  | 'selection-published'
  | 'appeal-lodged'
  | 'module-completed'
  | 'grant-awarded'
  | 'trainer-module-completed'
  | 'hub-established'
  | 'budget-committed'
  | 'tranche-requested'
  | 'tranche-approved'
  | 'beneficiary-enrolled'
  | 'call-closed'
  | 'committee-appointed'
  | 'application-scored'
  | 'applications-ranked'
  | 'tranche-rejected'
  | 'member-nominated'
  | 'enrolment-closed'
  | 'trainees-selected';

export interface FactDateRule {
  /** A fact recorded at most this many days after it happened is on time. */
  readonly onTimeDays: number;
  /** Who may record it later than that (with a reason). */
  readonly lateEntryRoles: readonly Role[];
}

/** The first instant a fact of the program may carry: the strategy 2022–2026 began then. */
export const EARLIEST_FACT_DATE = '2022-01-01T00:00:00.000Z';

/**
 * Per kind of fact: how long after it happened it may be recorded without a reason, and who may
 * record it later. A paper file reaches the ministry's registry and is keyed in within the week; the
 * operator reports a session within a fortnight (later, the region's coordinator or the ministry
 * key it from the signed attendance sheet); a payer records a transfer within the week (later, the
 * payer still, since only a payer may record a payment, with the reason).
 */
export const FACT_DATE_RULES: Readonly<Record<FactKind, FactDateRule>> = {
  'application-received': { onTimeDays: 7, lateEntryRoles: ['ministry', 'coordinator'] },
  'session-held': { onTimeDays: 14, lateEntryRoles: ['ministry', 'coordinator'] },
  'tranche-paid': { onTimeDays: 7, lateEntryRoles: ['finance-payer'] },
  // A convention circulates among its signatories (a signing book, a ceremony): its signatures are
  // recorded within the month; later, by the ministry or the signer itself, with the reason.
  'agreement-signed': { onTimeDays: 30, lateEntryRoles: ['ministry', 'signatory', 'partner'] },
  // A past edition entered from its files (ADR 0135): the ministry's decisions (a launch, a
  // publication) are keyed in by the ministry; a call's opening and an appeal letter stamped by the
  // registry by the ministry or the region's coordinator; a module's completion, like its session,
  // from the signed sheets by the coordinator or the ministry (the operator reports within the fortnight).
  'rollout-launched': { onTimeDays: 7, lateEntryRoles: ['ministry'] },
  'call-opened': { onTimeDays: 7, lateEntryRoles: ['ministry', 'coordinator'] },
  'selection-published': { onTimeDays: 7, lateEntryRoles: ['ministry'] },
  'appeal-lodged': { onTimeDays: 7, lateEntryRoles: ['ministry', 'coordinator'] },
  'module-completed': { onTimeDays: 14, lateEntryRoles: ['ministry', 'coordinator'] },
  // A grant is the ministry's decision: keyed in within the week; later (a past edition's awards,
  // ADR 0137), by the ministry alone, with the reason.
  'grant-awarded': { onTimeDays: 7, lateEntryRoles: ['ministry'] },
  // Axis 2 as axis 1 (ADR 0152): a trainer module, like a module, from its signed sheet by the
  // coordinator or the ministry after the operator's fortnight; the hub, a decision of the
  // ministry or the region's coordinator, keyed in within the week.
  'trainer-module-completed': { onTimeDays: 14, lateEntryRoles: ['ministry', 'coordinator'] },
  'hub-established': { onTimeDays: 7, lateEntryRoles: ['ministry', 'coordinator'] },
  // The money's other steps as its payment (ADR 0153): a commitment is recorded by the ministry,
  // a tranche's request and approval by the finance officer whose step it is, within the week;
  // later, by the same, with the reason.
  'budget-committed': { onTimeDays: 7, lateEntryRoles: ['ministry'] },
  'tranche-requested': { onTimeDays: 7, lateEntryRoles: ['finance-preparer'] },
  'tranche-approved': { onTimeDays: 7, lateEntryRoles: ['finance-approver'] },
  // An enrolment, keyed in by the ministry or the region's coordinator who enrol (ADR 0154).
  'beneficiary-enrolled': { onTimeDays: 7, lateEntryRoles: ['ministry', 'coordinator'] },
  // The selection's steps (ADR 0159): a call's closing by those who close it (the ministry or the
  // region's coordinator), a committee's appointment by the ministry, a score sheet by the member
  // who scored, a ranking by the chair or the ministry; within the week, later with the reason.
  'call-closed': { onTimeDays: 7, lateEntryRoles: ['ministry', 'coordinator'] },
  'committee-appointed': { onTimeDays: 7, lateEntryRoles: ['ministry'] },
  'application-scored': { onTimeDays: 7, lateEntryRoles: ['committee-member'] },
  'applications-ranked': { onTimeDays: 7, lateEntryRoles: ['ministry', 'committee-member'] },
  // A tranche's rejection, as its approval, by a finance approver (ADR 0161).
  'tranche-rejected': { onTimeDays: 7, lateEntryRoles: ['finance-approver'] },
  // A nomination and the enrolment's closing, as the enrolment, by those who enrol (ADR 0161).
  'member-nominated': { onTimeDays: 7, lateEntryRoles: ['ministry', 'coordinator'] },
  'enrolment-closed': { onTimeDays: 7, lateEntryRoles: ['ministry', 'coordinator'] },
  // The selection of trainees, by the ministry or the coordinator who select (ADR 0161).
  'trainees-selected': { onTimeDays: 7, lateEntryRoles: ['ministry', 'coordinator'] },
};

const DAY_MILLIS = 86_400_000;

/** A calendar day (`2026-02-06`) as the instant it begins (UTC); an instant as it is. */
export const instantOfFactDate = (date: string): string =>
  date.length === 10 ? `${date}T00:00:00.000Z` : date;

/** A late entry's record: why the fact is recorded late. */
export interface LateEntry<Reason> {
  readonly reason: Reason;
}

export interface FactDateCheck<Reason> {
  readonly kind: FactKind;
  /** The command's field that carries the date (named in a refusal). */
  readonly field: string;
  /** An instant, or a calendar day (a session's date): a day is judged by its first instant. */
  readonly date: string;
  /** The moment of recording (`context.now`). */
  readonly now: string;
  readonly role: Role;
  /** The reason the command gives for a late entry, if any. */
  readonly lateEntryReason: Reason | undefined;
  /** The field that carries the reason (named in a refusal). */
  readonly reasonField: string;
}

/**
 * Checks a fact's date against the rules above and returns the late entry to record (null when on
 * time). Refusals name the field: `FACT_DATE_IN_FUTURE`, `FACT_DATE_BEFORE_PROGRAM` (invalid,
 * 422), `LATE_ENTRY_REASON_REQUIRED` (invalid, 422), `LATE_ENTRY_NOT_ALLOWED` (forbidden, 403).
 * A reason given for an entry on time is refused too (`LATE_ENTRY_REASON_UNEXPECTED`): a reason
 * recorded for nothing would mislead whoever reads the history.
 */
export const checkFactDate = <Reason>(check: FactDateCheck<Reason>): LateEntry<Reason> | null => {
  const rule = FACT_DATE_RULES[check.kind];
  const at = Date.parse(instantOfFactDate(check.date));
  const now = Date.parse(check.now);
  // A day is in the future only once it has not begun yet: today's session may be reported today.
  if (at > now) {
    throw domainError('invalid', 'FACT_DATE_IN_FUTURE', `${check.field} is after the moment it is recorded`, {
      field: check.field,
      [check.field]: check.date,
      now: check.now,
    });
  }
  if (at < Date.parse(EARLIEST_FACT_DATE)) {
    throw domainError('invalid', 'FACT_DATE_BEFORE_PROGRAM', `${check.field} is before the program began`, {
      field: check.field,
      [check.field]: check.date,
      earliest: EARLIEST_FACT_DATE,
    });
  }
  // A day counts from its end: a session of 2026-03-01 reported on 2026-03-15 is 14 days late at most.
  const end = check.date.length === 10 ? at + DAY_MILLIS : at;
  const onTime = now - end <= rule.onTimeDays * DAY_MILLIS;
  if (onTime) {
    if (check.lateEntryReason !== undefined) {
      throw domainError(
        'invalid',
        'LATE_ENTRY_REASON_UNEXPECTED',
        `${check.field} is within ${rule.onTimeDays} days: this is not a late entry`,
        { field: check.reasonField, onTimeDays: rule.onTimeDays },
      );
    }
    return null;
  }
  if (!rule.lateEntryRoles.includes(check.role)) {
    throw domainError(
      'forbidden',
      'LATE_ENTRY_NOT_ALLOWED',
      `A fact recorded more than ${rule.onTimeDays} days after ${check.field} is a late entry, which only ${rule.lateEntryRoles.join(' or ')} may record`,
      { field: check.field, onTimeDays: rule.onTimeDays, lateEntryRoles: [...rule.lateEntryRoles] },
    );
  }
  if (check.lateEntryReason === undefined) {
    throw domainError(
      'invalid',
      'LATE_ENTRY_REASON_REQUIRED',
      `A fact recorded more than ${rule.onTimeDays} days after ${check.field} needs a reason`,
      { field: check.reasonField, onTimeDays: rule.onTimeDays },
    );
  }
  return { reason: check.lateEntryReason };
};

/**
 * `checkFactDate` for a command's own date field and its `lateEntryReason`, judged at the command's
 * moment and by its actor's role (the commands of a past edition, ADR 0135). An absent date (the
 * fact happens as it is recorded) is on time: null, and a reason given with it is refused.
 */
export const checkCommandFactDate = <Reason>(
  context: { readonly now: string; readonly actor: { readonly role: Role } },
  kind: FactKind,
  field: string,
  date: string | undefined,
  lateEntryReason: Reason | undefined,
): LateEntry<Reason> | null =>
  checkFactDate({
    kind,
    field,
    date: date ?? context.now,
    now: context.now,
    role: context.actor.role,
    lateEntryReason,
    reasonField: 'lateEntryReason',
  });

/** What a dated fact rests on: the earlier fact's name (in the refusal) and its date, if known. */
export interface PriorFact {
  /** What the refusal calls it (`grant award`, `axis-1 completion`, `tranche request`...). */
  readonly fact: string;
  /** An instant or a day; null or undefined: not dated, nothing to check. */
  readonly date: string | null | undefined;
}

/**
 * A fact is never dated before a fact it rests on (docs/adr/0151-facts-in-their-order.md): a
 * payment before its grant's award, an award before the association completed axis 1, an
 * approval before its request. A day stands for the whole day (a fact of the same day as the one
 * it rests on is not before it). Refused as invalid (422) with `code`, naming `field`.
 */
export const requireNotBefore = (code: string, field: string, date: string, prior: PriorFact): void => {
  if (prior.date === null || prior.date === undefined) return;
  const at = Date.parse(instantOfFactDate(date)) + (date.length === 10 ? DAY_MILLIS - 1 : 0);
  const priorAt = Date.parse(instantOfFactDate(prior.date));
  if (at >= priorAt) return;
  throw domainError('invalid', code, `${field} is before the ${prior.fact} it rests on (${prior.date})`, {
    field,
    [field]: date,
    restsOn: { fact: prior.fact, date: prior.date },
  });
};

/** An earlier fact a dated fact rests on, and the code of the refusal when it is dated before it. */
export interface RestsOn {
  readonly code: string;
  readonly prior: PriorFact;
}

/**
 * A command's optional fact date (ADR 0154, 0159, 0161): `checkCommandFactDate` judges it (absent,
 * the fact happened as it is recorded: on time, and a late entry's reason without a date is
 * refused); given, it is not before any fact it rests on (`requireNotBefore`, in the order given).
 * Returns the late entry to record.
 */
export const checkOptionalFactDate = <Reason>(
  context: { readonly now: string; readonly actor: { readonly role: Role } },
  kind: FactKind,
  field: string,
  date: string | undefined,
  lateEntryReason: Reason | undefined,
  restsOn: readonly RestsOn[] = [],
): LateEntry<Reason> | null => {
  const lateEntry = checkCommandFactDate(context, kind, field, date, lateEntryReason);
  if (date !== undefined) for (const { code, prior } of restsOn) requireNotBefore(code, field, date, prior);
  return lateEntry;
};

/**
 * The latest of some fact dates (instants or days, a day by its first instant), the undated left
 * out (their date is their recording, which the rules do not see); null when none is dated.
 */
export const latestFactDate = (dates: readonly (string | null | undefined)[]): string | null =>
  dates.reduce<string | null>(
    (latest, date) =>
      date === null ||
      date === undefined ||
      (latest !== null && Date.parse(instantOfFactDate(latest)) >= Date.parse(instantOfFactDate(date)))
        ? latest
        : date,
    null,
  );
