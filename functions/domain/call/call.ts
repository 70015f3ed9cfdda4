import type { RegionCode } from '../../../events/reference.js';
import type { EscalationReason } from '../../../events/rollout/schemas.js';
import type { CallEvent } from '../../../events/selection/index.js';
import type {
  CallPurpose,
  CallWaitStep,
  DeclaredFacts,
  EligibilityRule,
  RefusalReason,
} from '../../../events/selection/parts.js';
import { callStreamId } from '../ids.js';
import { assertNever, type CommandContext, type Decider, type Fold } from '../shared/decider.js';
import { domainError } from '../shared/errors.js';
import {
  checkCommandFactDate,
  checkFactDate,
  latestFactDate,
  requireNotBefore,
} from '../shared/fact-date.js';
import type {
  CallCommand,
  CancelCall,
  CloseCall,
  CorrectApplication,
  EndCallWithoutResult,
  EscalateCall,
  ExtendCallDeadline,
  ExtendCallWait,
  OpenCall,
  RelaunchCall,
  SubmitApplication,
} from './commands.js';

export { callStreamId };

/** One application (file) received by a call, and whether it is still eligible. */
export interface CallApplication {
  readonly applicationId: string;
  readonly associationId: string;
  readonly associationName: { readonly fr: string; readonly ar: string };
  readonly province: string;
  readonly submittedAt: string;
  /** When the file reached the ministry: the deadline is judged by it. */
  readonly receivedAt: string;
  readonly declaredFacts: DeclaredFacts;
  readonly refusal: { readonly reason: RefusalReason; readonly failedRuleIds: readonly string[] } | null;
}

/** A call that was opened: its terms, the files it received, and whether it is closed. */
export interface OpenedCall {
  readonly status: 'open' | 'closed';
  readonly callId: string;
  readonly purpose: CallPurpose;
  readonly rolloutId: string | null;
  readonly regionCode: RegionCode | null;
  readonly seats: number;
  readonly openedAt: string;
  readonly deadline: string;
  readonly eligibilityRules: readonly EligibilityRule[];
  /** In order of submission. */
  readonly applications: readonly CallApplication[];
  /** The national call's wait that escalated and awaits the ministry's answer, if any. */
  readonly escalation: {
    readonly step: CallWaitStep;
    readonly reason: EscalationReason;
    readonly since: string;
  } | null;
  /** The ministry's last extension: that step's wait now ends at `until`. */
  readonly waitExtension: { readonly step: CallWaitStep; readonly until: string } | null;
  /**
   * Cancelled by the ministry in answer to an escalation, or ended without result: nobody is
   * selected (until a relaunch).
   */
  readonly cancelled: boolean;
  /** 1 from the opening; each relaunch adds one. */
  readonly round?: number;
  /**
   * Opened as a late entry (a past edition keyed in from its files, ADR 0135): its deadline may have
   * passed when it is recorded, so a person closes it once its files are keyed in, not the clock.
   */
  readonly enteredLate?: boolean;
  /** When it was (last) closed: the closing's true date (absent while open, or before ADR 0159). */
  readonly closedAt?: string;
}

export type CallState = { readonly status: 'not-opened' } | OpenedCall;

export const initialState = (): CallState => ({ status: 'not-opened' });

/** Instants are ISO strings; they are compared as points in time, never as text. */
const millis = (instant: string): number => Date.parse(instant);

/** Events of other streams leave the state as it is; typing the event `never` keeps `evolve` exhaustive. */
const ignoreOtherStreams = <State>(_event: never, state: State): State => state;

export const evolve = (state: CallState, event: CallEvent): CallState => {
  switch (event.type) {
    case 'CallOpened':
      return {
        status: 'open',
        callId: event.data.callId,
        purpose: event.data.purpose,
        rolloutId: event.data.rolloutId,
        regionCode: event.data.regionCode,
        seats: event.data.seats,
        openedAt: event.data.openedAt,
        deadline: event.data.deadline,
        eligibilityRules: event.data.eligibilityRules,
        applications: [],
        escalation: null,
        waitExtension: null,
        cancelled: false,
        ...(event.data.lateEntry === null ? {} : { enteredLate: true }),
      };
    case 'ApplicationSubmitted': {
      if (state.status === 'not-opened') return state;
      const {
        applicationId,
        associationId,
        associationName,
        province,
        submittedAt,
        receivedAt,
        declaredFacts,
      } = event.data;
      const application = {
        applicationId,
        associationId,
        associationName,
        province,
        submittedAt,
        receivedAt,
        declaredFacts,
      };
      return { ...state, applications: [...state.applications, { ...application, refusal: null }] };
    }
    case 'ApplicationRefused': {
      if (state.status === 'not-opened') return state;
      const refusal = {
        reason: event.data.reason,
        failedRuleIds: event.data.failedRules.map((rule) => rule.ruleId),
      };
      return {
        ...state,
        applications: state.applications.map((application) =>
          application.applicationId === event.data.applicationId ? { ...application, refusal } : application,
        ),
      };
    }
    case 'ApplicationCorrected': {
      if (state.status === 'not-opened') return state;
      const { applicationId, associationName, province, declaredFacts, receivedAt, refusal } = event.data;
      return {
        ...state,
        applications: state.applications.map((application) =>
          application.applicationId === applicationId
            ? {
                ...application,
                associationName,
                province,
                declaredFacts,
                receivedAt,
                refusal:
                  refusal === null
                    ? null
                    : {
                        reason: refusal.reason,
                        failedRuleIds: refusal.failedRules.map((rule) => rule.ruleId),
                      },
              }
            : application,
        ),
      };
    }
    case 'CallClosed':
      return state.status === 'not-opened'
        ? state
        : { ...state, status: 'closed', closedAt: event.data.closedAt };
    case 'CallEscalated': {
      if (state.status === 'not-opened') return state;
      const { step, reason, since } = event.data;
      return { ...state, escalation: { step, reason, since } };
    }
    case 'CallWaitExtended':
      return state.status === 'not-opened'
        ? state
        : { ...state, escalation: null, waitExtension: { step: event.data.step, until: event.data.until } };
    case 'CallCancelled':
      return state.status === 'not-opened' ? state : { ...state, escalation: null, cancelled: true };
    case 'CallDeadlineExtended':
      return state.status === 'not-opened' ? state : { ...state, deadline: event.data.deadline };
    case 'CallEnded':
      return state.status === 'not-opened' ? state : { ...state, escalation: null, cancelled: true };
    case 'CallRelaunched':
      return state.status === 'not-opened'
        ? state
        : {
            ...state,
            status: 'open',
            deadline: event.data.deadline,
            escalation: null,
            waitExtension: null,
            cancelled: false,
            round: event.data.round,
          };
    default:
      return ignoreOtherStreams(event, state);
  }
};

/** The rules of a call an application's declared facts fail (empty when it is eligible). */
export const failedEligibilityRules = (
  rules: readonly EligibilityRule[],
  declared: DeclaredFacts,
): EligibilityRule[] =>
  rules.filter((rule) => {
    const fact = declared[rule.ruleId];
    switch (rule.requirement.kind) {
      case 'declared':
        return fact !== true;
      case 'at-least':
        return typeof fact !== 'number' || fact < rule.requirement.minimum;
      default:
        return assertNever(rule.requirement);
    }
  });

const openedCall = (state: CallState, callId: string): OpenedCall => {
  if (state.status === 'not-opened' || state.callId !== callId) {
    throw domainError('not-found', 'CALL_NOT_FOUND', `No call ${callId} was opened`, { callId });
  }
  return state;
};

const notCancelled = (call: OpenedCall): OpenedCall => {
  if (call.cancelled) {
    throw domainError('conflict', 'CALL_CANCELLED', `Call ${call.callId} was cancelled by the ministry`, {
      callId: call.callId,
    });
  }
  return call;
};

/** The scope of a call: a regional call names its rollout and region, the national one neither. */
const callScope = (data: OpenCall['data']) => {
  const { purpose, rolloutId, regionCode, seats } = data;
  const regional = purpose !== 'contact-centre-operator';
  if (regional && (rolloutId === undefined || regionCode === undefined)) {
    throw domainError('invalid', 'CALL_SCOPE_INVALID', 'A regional call names its rollout and its region', {
      purpose,
    });
  }
  if (!regional && (rolloutId !== undefined || regionCode !== undefined)) {
    throw domainError(
      'invalid',
      'CALL_SCOPE_INVALID',
      'The national contact-centre call names no rollout and no region',
      { purpose },
    );
  }
  if (purpose === 'beneficiary-associations' && seats === undefined) {
    throw domainError(
      'invalid',
      'CALL_SEATS_REQUIRED',
      'A beneficiary call says how many associations it selects',
      {
        purpose,
      },
    );
  }
  if (purpose !== 'beneficiary-associations' && seats !== undefined && seats !== 1) {
    throw domainError('invalid', 'CALL_SEATS_INVALID', 'An operator call selects exactly one association', {
      purpose,
      seats,
    });
  }
  return { rolloutId: rolloutId ?? null, regionCode: regionCode ?? null, seats: seats ?? 1 };
};

export const openCall = (command: OpenCall, state: CallState, context: CommandContext): CallEvent[] => {
  const { data } = command;
  if (state.status !== 'not-opened') {
    throw domainError('conflict', 'CALL_ALREADY_OPENED', `Call ${data.callId} is already open`, {
      callId: data.callId,
    });
  }
  const openedAt = data.openedAt ?? context.now;
  const lateEntry = checkCommandFactDate(context, 'call-opened', 'openedAt', openedAt, data.lateEntryReason);
  // An ordinary new call closes in the future. A call really opened earlier, keyed in late with its
  // reason (a past edition, ADR 0135), keeps its true deadline, even past: it closes at once.
  if (lateEntry === null && millis(data.deadline) <= millis(context.now)) {
    throw domainError(
      'invalid',
      'DEADLINE_NOT_IN_FUTURE',
      'The deadline of a new call must be in the future',
      {
        field: 'deadline',
        deadline: data.deadline,
        now: context.now,
      },
    );
  }
  if (millis(data.deadline) <= millis(openedAt)) {
    throw domainError(
      'invalid',
      'DEADLINE_BEFORE_OPENING',
      'The deadline of a call comes after its opening',
      {
        field: 'deadline',
        deadline: data.deadline,
        openedAt,
      },
    );
  }
  const ruleIds = data.eligibilityRules.map((rule) => rule.ruleId);
  const duplicate = ruleIds.find((ruleId, index) => ruleIds.indexOf(ruleId) !== index);
  if (duplicate !== undefined) {
    throw domainError(
      'invalid',
      'DUPLICATE_ELIGIBILITY_RULE',
      `Eligibility rule ${duplicate} is listed twice`,
      {
        ruleId: duplicate,
      },
    );
  }
  return [
    {
      type: 'CallOpened',
      data: {
        callId: data.callId,
        purpose: data.purpose,
        ...callScope(data),
        title: data.title,
        openedAt,
        deadline: data.deadline,
        eligibilityRules: data.eligibilityRules,
        lateEntry,
      },
    },
  ];
};

/**
 * Receives an application. A late or ineligible one is received AND refused in the same decision
 * (two events): the refusal is an expected outcome, not an error. A second application by the same
 * association is refused as an error, whatever became of the first.
 *
 * Late is judged by the date the file was received (`receivedAt`, by default the moment it is
 * recorded), within the limits of `checkFactDate`: a paper file received before the deadline and
 * keyed in after it, even once the call is closed, is on time. It cannot have been received before
 * the call was opened.
 */
export const submitApplication = (
  command: SubmitApplication,
  state: CallState,
  context: CommandContext,
): CallEvent[] => {
  const { data } = command;
  const call = notCancelled(openedCall(state, data.callId));
  if (call.applications.some((application) => application.associationId === data.associationId)) {
    throw domainError('conflict', 'APPLICATION_ALREADY_SUBMITTED', 'An association applies once to a call', {
      callId: call.callId,
      associationId: data.associationId,
    });
  }
  const receivedAt = data.receivedAt ?? context.now;
  if (millis(receivedAt) < millis(call.openedAt)) {
    throw domainError('invalid', 'RECEIVED_BEFORE_CALL_OPENED', 'receivedAt is before the call was opened', {
      field: 'receivedAt',
      receivedAt,
      openedAt: call.openedAt,
    });
  }
  const lateEntry = checkFactDate({
    kind: 'application-received',
    field: 'receivedAt',
    date: receivedAt,
    now: context.now,
    role: context.actor.role,
    lateEntryReason: data.lateEntryReason,
    reasonField: 'lateEntryReason',
  });
  const applicationId = context.newId();
  const submitted: CallEvent = {
    type: 'ApplicationSubmitted',
    data: {
      callId: call.callId,
      applicationId,
      associationId: data.associationId,
      associationName: data.associationName,
      province: data.province,
      declaredFacts: data.declaredFacts,
      submittedAt: context.now,
      receivedAt,
      lateEntry,
    },
  };
  const refused = (reason: RefusalReason, failedRules: readonly EligibilityRule[]): CallEvent => ({
    type: 'ApplicationRefused',
    data: {
      callId: call.callId,
      applicationId,
      associationId: data.associationId,
      reason,
      failedRules: failedRules.map(({ ruleId, label }) => ({ ruleId, label })),
      refusedAt: context.now,
    },
  });
  // A call closes at its deadline, so anything received after it (closed or not yet) is late.
  if (millis(receivedAt) > millis(call.deadline)) {
    return [submitted, refused('late', [])];
  }
  const failed = failedEligibilityRules(call.eligibilityRules, data.declaredFacts);
  return failed.length > 0 ? [submitted, refused('ineligible', failed)] : [submitted];
};

/**
 * Corrects an application's record (ADR 0082): the fields given replace the recorded ones, with
 * the reason, and the file is judged again as on the day it was received (late by its reception
 * date, eligible by the call's rules). Refused once the committee ranked: the record is then part
 * of a decision, and an appeal is the way.
 */
export const correctApplication = (
  command: CorrectApplication,
  state: CallState,
  context: CommandContext,
): CallEvent[] => {
  const { data, facts } = command;
  const call = notCancelled(openedCall(state, data.callId));
  const application = call.applications.find((candidate) => candidate.applicationId === data.applicationId);
  if (application === undefined) {
    throw domainError(
      'not-found',
      'APPLICATION_NOT_FOUND',
      `Call ${call.callId} received no ${data.applicationId}`,
      {
        callId: call.callId,
        applicationId: data.applicationId,
      },
    );
  }
  if (facts.ranked) {
    throw domainError(
      'conflict',
      'APPLICATION_ALREADY_RANKED',
      'The committee ranked the files: an application can no longer be corrected (an appeal is the way)',
      { callId: call.callId, applicationId: data.applicationId },
    );
  }
  const corrected = {
    associationName: data.associationName ?? application.associationName,
    province: data.province ?? application.province,
    declaredFacts: data.declaredFacts ?? application.declaredFacts,
    receivedAt: data.receivedAt ?? application.receivedAt,
  };
  const correctedFields = (['associationName', 'province', 'declaredFacts', 'receivedAt'] as const).filter(
    (field) =>
      data[field] !== undefined && JSON.stringify(data[field]) !== JSON.stringify(application[field]),
  );
  if (correctedFields.length === 0) {
    throw domainError('conflict', 'APPLICATION_UNCHANGED', 'The record already says this', {
      callId: call.callId,
      applicationId: data.applicationId,
    });
  }
  if (data.receivedAt !== undefined) {
    if (millis(data.receivedAt) < millis(call.openedAt)) {
      throw domainError(
        'invalid',
        'RECEIVED_BEFORE_CALL_OPENED',
        'receivedAt is before the call was opened',
        {
          field: 'receivedAt',
          receivedAt: data.receivedAt,
          openedAt: call.openedAt,
        },
      );
    }
    if (millis(data.receivedAt) > millis(context.now)) {
      throw domainError('invalid', 'FACT_DATE_IN_FUTURE', 'receivedAt is after the moment it is recorded', {
        field: 'receivedAt',
        receivedAt: data.receivedAt,
        now: context.now,
      });
    }
  }
  const failed = failedEligibilityRules(call.eligibilityRules, corrected.declaredFacts);
  const refusal =
    millis(corrected.receivedAt) > millis(call.deadline)
      ? { reason: 'late' as const, failedRules: [] }
      : failed.length > 0
        ? {
            reason: 'ineligible' as const,
            failedRules: failed.map(({ ruleId, label }) => ({ ruleId, label })),
          }
        : null;
  return [
    {
      type: 'ApplicationCorrected',
      data: {
        callId: call.callId,
        applicationId: application.applicationId,
        associationId: application.associationId,
        ...corrected,
        correctedFields: [...correctedFields],
        previousRefusal: application.refusal?.reason ?? null,
        refusal,
        reason: data.reason,
      },
    },
  ];
};

export const closeCall = (command: CloseCall, state: CallState, context: CommandContext): CallEvent[] => {
  const call = notCancelled(openedCall(state, command.data.callId));
  if (call.status === 'closed') {
    throw domainError('conflict', 'CALL_ALREADY_CLOSED', `Call ${call.callId} is already closed`, {
      callId: call.callId,
    });
  }
  if (millis(context.now) < millis(call.deadline)) {
    throw domainError('conflict', 'CALL_DEADLINE_NOT_REACHED', 'A call closes at its deadline, not before', {
      callId: call.callId,
      deadline: call.deadline,
      now: context.now,
    });
  }
  // A closing dated from the files (a past edition's call, closed once its files are keyed in, ADR
  // 0159) is judged by its date, and is never before its opening, its deadline, nor the last file
  // it counts (ADR 0151's rule).
  const { closedAt, lateEntryReason } = command.data;
  const lateEntry = checkCommandFactDate(context, 'call-closed', 'closedAt', closedAt, lateEntryReason);
  if (closedAt !== undefined) {
    requireNotBefore('CLOSED_BEFORE_OPENING', 'closedAt', closedAt, {
      fact: 'call opening',
      date: call.openedAt,
    });
    requireNotBefore('CLOSED_BEFORE_DEADLINE', 'closedAt', closedAt, {
      fact: 'deadline',
      date: call.deadline,
    });
    requireNotBefore('CLOSED_BEFORE_LAST_APPLICATION', 'closedAt', closedAt, {
      fact: 'application received',
      date: latestFactDate(call.applications.map((application) => application.receivedAt)),
    });
  }
  const countRefused = (reason: RefusalReason) =>
    call.applications.filter((application) => application.refusal?.reason === reason).length;
  return [
    {
      type: 'CallClosed',
      data: {
        callId: call.callId,
        closedAt: closedAt ?? context.now,
        received: call.applications.length,
        refusedLate: countRefused('late'),
        refusedIneligible: countRefused('ineligible'),
        eligibleApplicationIds: call.applications
          .filter((application) => application.refusal === null)
          .map((application) => application.applicationId),
        lateEntry,
      },
    },
  ];
};

/** The national call, escalated: only the contact-centre call escalates itself (a regional one through its rollout). */
const nationalCall = (call: OpenedCall): OpenedCall => {
  if (call.rolloutId !== null) {
    throw domainError(
      'invalid',
      'CALL_ESCALATES_THROUGH_ROLLOUT',
      'A regional call is escalated, extended or cancelled through its rollout',
      { callId: call.callId, rolloutId: call.rolloutId },
    );
  }
  return call;
};

const escalatedCall = (
  call: OpenedCall,
): OpenedCall & { escalation: NonNullable<OpenedCall['escalation']> } => {
  if (call.escalation === null) {
    throw domainError(
      'conflict',
      'CALL_NOT_ESCALATED',
      "The ministry extends or cancels a call in answer to an escalation; this call's waits are on time",
      { callId: call.callId },
    );
  }
  return { ...call, escalation: call.escalation };
};

/**
 * The workflow escalates a wait that timed out or failed. Escalating an escalated call changes
 * nothing (a retried task); a step the call has already passed cannot escalate.
 */
export const escalateCall = (
  { data }: EscalateCall,
  state: CallState,
  context: CommandContext,
): CallEvent[] => {
  const call = nationalCall(notCancelled(openedCall(state, data.callId)));
  if (call.escalation !== null) return [];
  const closing = data.step === 'call-closing';
  if (closing !== (call.status === 'open')) {
    throw domainError(
      'conflict',
      'CALL_STEP_NOT_CURRENT',
      `The call is ${call.status}: its ${data.step} wait is not the current one`,
      { callId: call.callId, step: data.step, status: call.status },
    );
  }
  return [
    {
      type: 'CallEscalated',
      data: { callId: call.callId, step: data.step, reason: data.reason, since: context.now },
    },
  ];
};

/** The ministry answers an escalation with a new end for the wait that escalated. */
export const extendCallWait = (
  { data }: ExtendCallWait,
  state: CallState,
  context: CommandContext,
): CallEvent[] => {
  const call = escalatedCall(nationalCall(notCancelled(openedCall(state, data.callId))));
  if (millis(data.until) <= millis(context.now)) {
    throw domainError('invalid', 'DEADLINE_NOT_IN_FUTURE', 'An extended wait ends in the future', {
      until: data.until,
      now: context.now,
    });
  }
  return [
    {
      type: 'CallWaitExtended',
      data: {
        callId: call.callId,
        step: call.escalation.step,
        until: data.until,
        reason: data.reason ?? null,
      },
    },
  ];
};

/** The ministry answers an escalation by cancelling the call: nobody is selected. */
export const cancelCall = ({ data }: CancelCall, state: CallState): CallEvent[] => {
  const call = escalatedCall(nationalCall(notCancelled(openedCall(state, data.callId))));
  return [
    { type: 'CallCancelled', data: { callId: call.callId, step: call.escalation.step, reason: data.reason } },
  ];
};

/** A new deadline is in the future: a past one would refuse every file as late. */
const requireFutureDeadline = (deadline: string, now: string): void => {
  if (millis(deadline) <= millis(now)) {
    throw domainError('invalid', 'DEADLINE_NOT_IN_FUTURE', 'A deadline is in the future', { deadline, now });
  }
};

/**
 * The ministry extends an open call's deadline (never shortens it): files received until the new
 * deadline are on time, and the workflow, waking at the old one, finds the call not yet due.
 */
export const extendCallDeadline = (
  { data }: ExtendCallDeadline,
  state: CallState,
  context: CommandContext,
): CallEvent[] => {
  const call = notCancelled(openedCall(state, data.callId));
  if (call.status === 'closed') {
    throw domainError('conflict', 'CALL_ALREADY_CLOSED', `Call ${call.callId} is already closed`, {
      callId: call.callId,
    });
  }
  requireFutureDeadline(data.deadline, context.now);
  if (millis(data.deadline) <= millis(call.deadline)) {
    throw domainError('invalid', 'DEADLINE_NOT_LATER', 'An extension moves the deadline later', {
      deadline: data.deadline,
      currentDeadline: call.deadline,
    });
  }
  return [
    {
      type: 'CallDeadlineExtended',
      data: {
        callId: call.callId,
        previousDeadline: call.deadline,
        deadline: data.deadline,
        reason: data.reason,
      },
    },
  ];
};

/**
 * The ministry ends a call without result, open or closed, as long as nobody was selected from it
 * (facts: `selectionPublished`, from the committee's stream): nobody is selected; it may be relaunched.
 */
export const endCallWithoutResult = (
  command: EndCallWithoutResult,
  state: CallState,
  context: CommandContext,
): CallEvent[] => {
  const { data } = command;
  const call = notCancelled(openedCall(state, data.callId));
  if (command.facts.selectionPublished) {
    throw domainError(
      'conflict',
      'CALL_SELECTION_PUBLISHED',
      'A call whose selection is published has a result; an appeal or a withdrawal changes it',
      { callId: call.callId },
    );
  }
  return [
    {
      type: 'CallEnded',
      data: {
        callId: call.callId,
        endedAt: context.now,
        received: call.applications.length,
        eligible: call.applications.filter((application) => application.refusal === null).length,
        reason: data.reason,
      },
    },
  ];
};

/** The ministry relaunches a call that ended without result (or a cancelled contact-centre call). */
export const relaunchCall = (
  { data }: RelaunchCall,
  state: CallState,
  context: CommandContext,
): CallEvent[] => {
  const call = openedCall(state, data.callId);
  if (!call.cancelled) {
    throw domainError(
      'conflict',
      'CALL_NOT_ENDED',
      'Only a call that ended without result, or was cancelled, is relaunched',
      { callId: call.callId },
    );
  }
  requireFutureDeadline(data.deadline, context.now);
  return [
    {
      type: 'CallRelaunched',
      data: {
        callId: call.callId,
        purpose: call.purpose,
        round: (call.round ?? 1) + 1,
        deadline: data.deadline,
        reason: data.reason,
      },
    },
  ];
};

export const decide = (command: CallCommand, state: CallState, context: CommandContext): CallEvent[] => {
  switch (command.type) {
    case 'OpenCall':
      return openCall(command, state, context);
    case 'SubmitApplication':
      return submitApplication(command, state, context);
    case 'CorrectApplication':
      return correctApplication(command, state, context);
    case 'CloseCall':
      return closeCall(command, state, context);
    case 'EscalateCall':
      return escalateCall(command, state, context);
    case 'ExtendCallWait':
      return extendCallWait(command, state, context);
    case 'ExtendCallDeadline':
      return extendCallDeadline(command, state, context);
    case 'EndCallWithoutResult':
      return endCallWithoutResult(command, state, context);
    case 'RelaunchCall':
      return relaunchCall(command, state, context);
    case 'CancelCall':
      return cancelCall(command, state);
    default:
      return assertNever(command);
  }
};

/** A call for expression of interest: opening, applications (refused when late or ineligible), closing. */
export const callDecider: Decider<CallCommand, CallState, CallEvent> = { initialState, evolve, decide };

/**
 * The fold alone (no `decide`): what readers of this stream load it with, so that a bundle that
 * only reads it does not carry its rules (docs/adr/0066-bundles-within-300-kb.md).
 */
export const callFold: Fold<CallState, CallEvent> = { initialState, evolve };

/**
 * What the committee needs to know of its call, filled by the application layer from the call's
 * stream (never from an HTTP body): `null` when the call was never opened. Once the call is
 * closed its eligible files never change (a later application is refused as late), so facts read
 * after closing cannot go stale.
 */
export interface CallFacts {
  readonly callId: string;
  readonly purpose: CallPurpose;
  readonly rolloutId: string | null;
  readonly regionCode: RegionCode | null;
  readonly seats: number;
  /** When it was opened, and (last) closed: the dates the committee's facts rest on (ADR 0159). */
  readonly openedAt: string;
  readonly closedAt: string | null;
  readonly closed: boolean;
  /** Cancelled by the ministry: the committee scores and ranks nothing more. */
  readonly cancelled: boolean;
  /**
   * Every file received, in order of recording; `eligible` is false once refused; `submittedAt`
   * is when the file reached the ministry (the event's `receivedAt`).
   */
  readonly applications: readonly {
    readonly applicationId: string;
    readonly associationId: string;
    readonly associationName: { readonly fr: string; readonly ar: string };
    readonly submittedAt: string;
    readonly eligible: boolean;
  }[];
}

/** The committee's facts about a call (see `CallFacts`). */
export const callFacts = (state: CallState): CallFacts | null =>
  state.status === 'not-opened'
    ? null
    : {
        callId: state.callId,
        purpose: state.purpose,
        rolloutId: state.rolloutId,
        regionCode: state.regionCode,
        seats: state.seats,
        openedAt: state.openedAt,
        closedAt: state.status === 'closed' ? (state.closedAt ?? null) : null,
        closed: state.status === 'closed',
        cancelled: state.cancelled,
        applications: state.applications.map(
          ({ applicationId, associationId, associationName, receivedAt, refusal }) => ({
            applicationId,
            associationId,
            associationName,
            // The file's true date (a paper file keyed in later ranks by when it arrived).
            submittedAt: receivedAt,
            eligible: refusal === null,
          }),
        ),
      };

/** The files a call received that are still eligible, in order of submission. */
export const eligibleApplications = (state: CallState): readonly CallApplication[] =>
  state.status === 'not-opened'
    ? []
    : state.applications.filter((application) => application.refusal === null);
