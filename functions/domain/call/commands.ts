import * as z from 'zod';
import { Instant } from '../../../events/envelope.js';
import { Id, RegionCode } from '../../../events/reference.js';
import { EscalationReason } from '../../../events/rollout/schemas.js';
import {
  CallPurpose,
  CallWaitStep,
  DeclaredFacts,
  EligibilityRule,
} from '../../../events/selection/parts.js';
import type { CommandOf } from '../shared/decider.js';
import { BilingualInput, BilingualReasonInput, ProvinceInput } from '../shared/text.js';

/**
 * Opens a call for expression of interest. A regional call (operator or beneficiaries) names its
 * rollout and region; the contact-centre call names neither. `seats` is how many associations the
 * call selects: required for beneficiary calls (e.g. 30), 1 (the default) otherwise.
 */
export const OpenCallInput = z.strictObject({
  callId: Id,
  purpose: CallPurpose,
  rolloutId: Id.optional(),
  regionCode: RegionCode.optional(),
  seats: z.number().int().min(1).max(1000).optional(),
  title: BilingualInput,
  deadline: Instant,
  eligibilityRules: z.array(EligibilityRule.extend({ label: BilingualInput })).max(30),
  /**
   * When the call was really opened (a past edition entered from its files, ADR 0135); absent, as it
   * is recorded. Keyed in later than the rules allow, it is a late entry and needs `lateEntryReason`;
   * only then may the deadline be in the past (after the opening).
   */
  openedAt: Instant.optional(),
  lateEntryReason: BilingualReasonInput.optional(),
});

/**
 * An association applies to a call, declaring its eligibility facts (keyed by rule id).
 * `receivedAt` is when the file reached the ministry (a paper file's registry stamp): the deadline is
 * judged by it; absent, the file is received as it is recorded. A file keyed in more than the rules'
 * days after it was received is a late entry and needs `lateEntryReason` (functions/domain/shared/fact-date.ts).
 */
export const SubmitApplicationInput = z.strictObject({
  callId: Id,
  associationId: Id,
  associationName: BilingualInput,
  province: ProvinceInput,
  declaredFacts: DeclaredFacts,
  receivedAt: Instant.optional(),
  lateEntryReason: BilingualReasonInput.optional(),
});

/**
 * Corrects an application's record keyed in wrongly (ADR 0082), with the reason: the fields given
 * replace the recorded ones, and eligibility is judged again. Only before the committee ranked.
 */
export const CorrectApplicationInput = z.strictObject({
  callId: Id,
  applicationId: Id,
  associationName: BilingualInput.optional(),
  province: ProvinceInput.optional(),
  declaredFacts: DeclaredFacts.optional(),
  receivedAt: Instant.optional(),
  reason: BilingualReasonInput,
});

/** What a correction needs from the call's committee (filled by the application layer). */
export interface CorrectApplicationFacts {
  /** The committee ranked the files: the record is then part of a decision (an appeal is the way). */
  readonly ranked: boolean;
}

export type CorrectApplication = CommandOf<
  'CorrectApplication',
  typeof CorrectApplicationInput,
  CorrectApplicationFacts
>;

/**
 * Closes a call at (or after) its deadline. `closedAt` is when it was really closed (a past edition's
 * call, closed by a person once its files are keyed in, ADR 0159); absent, as it is recorded. Never
 * before its opening, its deadline, nor the last file it counts; keyed in later than the rules
 * allow, it needs `lateEntryReason`.
 */
export const CloseCallInput = z.strictObject({
  callId: Id,
  closedAt: Instant.optional(),
  lateEntryReason: BilingualReasonInput.optional(),
});

/** The contact-centre workflow escalates a wait that timed out or failed (never a regional call: its rollout escalates). */
export const EscalateCallInput = z.strictObject({
  callId: Id,
  step: CallWaitStep,
  reason: EscalationReason,
});

/** The ministry's answer to an escalated contact-centre call: the wait goes on until `until`. */
export const ExtendCallWaitInput = z.strictObject({
  until: Instant,
  reason: BilingualReasonInput.optional(),
});

/** The ministry's other answer to an escalated contact-centre call: it is cancelled, nobody selected. */
export const CancelCallInput = z.strictObject({
  reason: BilingualReasonInput,
});

/** The ministry extends an open call's deadline, with a reason. */
export const ExtendCallDeadlineInput = z.strictObject({
  deadline: Instant,
  reason: BilingualReasonInput,
});

/** The ministry ends a call without result (appel infructueux), with a reason. */
export const EndCallWithoutResultInput = z.strictObject({
  reason: BilingualReasonInput,
});

/** The ministry relaunches a call that ended without result or was cancelled, until a new deadline. */
export const RelaunchCallInput = z.strictObject({
  deadline: Instant,
  reason: BilingualReasonInput,
});

export type OpenCall = CommandOf<'OpenCall', typeof OpenCallInput>;
export type SubmitApplication = CommandOf<'SubmitApplication', typeof SubmitApplicationInput>;
export type CloseCall = CommandOf<'CloseCall', typeof CloseCallInput>;

export type EscalateCall = CommandOf<'EscalateCall', typeof EscalateCallInput>;
export type ExtendCallWait = {
  type: 'ExtendCallWait';
  data: z.infer<typeof ExtendCallWaitInput> & { callId: string };
};
export type CancelCall = { type: 'CancelCall'; data: z.infer<typeof CancelCallInput> & { callId: string } };
export type ExtendCallDeadline = {
  type: 'ExtendCallDeadline';
  data: z.infer<typeof ExtendCallDeadlineInput> & { callId: string };
};
export type EndCallWithoutResult = {
  type: 'EndCallWithoutResult';
  data: z.infer<typeof EndCallWithoutResultInput> & { callId: string };
  /** Whether the call's selection was published (the committee's stream), filled by the application layer. */
  facts: { readonly selectionPublished: boolean };
};
export type RelaunchCall = {
  type: 'RelaunchCall';
  data: z.infer<typeof RelaunchCallInput> & { callId: string };
};

/** Every command of a call for expression of interest. */
export type CallCommand =
  | OpenCall
  | SubmitApplication
  | CorrectApplication
  | CloseCall
  | EscalateCall
  | ExtendCallWait
  | CancelCall
  | ExtendCallDeadline
  | EndCallWithoutResult
  | RelaunchCall;
