import * as z from 'zod';
import { Instant } from '../../../events/envelope.js';
import { RegionCode } from '../../../events/reference.js';
import {
  EscalationReason,
  ProgramEdition,
  type RolloutFigures,
  RolloutPhase,
} from '../../../events/rollout/schemas.js';
import type { CommandOf } from '../shared/decider.js';
import { BilingualReasonInput } from '../shared/text.js';

/**
 * The program's default targets per region (program.md): 30 associations, 4 members each,
 * up to 15 trainers, a horizon of about 600 associations. They are data: a command may set others.
 */
export const DEFAULT_ROLLOUT_TARGETS = {
  associations: 30,
  membersPerAssociation: 4,
  trainers: 15,
  horizon: 600,
} as const;

/** Targets as a request gives them: each field defaults to the program's value. */
export const RolloutTargetsInput = z.strictObject({
  associations: z.number().int().min(1).max(1_000_000).default(DEFAULT_ROLLOUT_TARGETS.associations),
  membersPerAssociation: z
    .number()
    .int()
    .min(1)
    .max(1_000_000)
    .default(DEFAULT_ROLLOUT_TARGETS.membersPerAssociation),
  trainers: z.number().int().nonnegative().max(1_000_000).default(DEFAULT_ROLLOUT_TARGETS.trainers),
  horizon: z.number().int().min(1).max(1_000_000).default(DEFAULT_ROLLOUT_TARGETS.horizon),
});

/** Launch a region's rollout for one program edition (stream `rollout-<region>-<edition>`). */
export const LaunchRolloutInput = z.strictObject({
  regionCode: RegionCode,
  edition: ProgramEdition,
  targets: RolloutTargetsInput.default(DEFAULT_ROLLOUT_TARGETS),
  /**
   * When the rollout was really launched (a past edition entered from its files, ADR 0135); absent,
   * as it is recorded. Keyed in later than the rules allow, it needs `lateEntryReason`.
   */
  launchedAt: Instant.optional(),
  lateEntryReason: BilingualReasonInput.optional(),
});

/** Set (revise) the targets of a launched rollout. */
export const SetRolloutTargetsInput = z.strictObject({
  targets: RolloutTargetsInput,
  reason: BilingualReasonInput.optional(),
});

/** Move to the next phase; `to` names it, so a repeated or stale request cannot skip one. */
export const AdvanceRolloutPhaseInput = z.strictObject({
  to: RolloutPhase,
  /** When the new phase's wait times out (set by the workflow from its configuration). */
  deadline: Instant.optional(),
});

/** Appended by the system when a phase's wait times out or fails. */
export const EscalateRolloutInput = z.strictObject({
  phase: RolloutPhase,
  reason: EscalationReason,
});

/** The ministry's answer to an escalation: a new deadline for the current phase. */
export const ExtendRolloutDeadlineInput = z.strictObject({
  deadline: Instant,
  reason: BilingualReasonInput.optional(),
});

/** The ministry cancels the rollout. */
export const CancelRolloutInput = z.strictObject({
  reason: BilingualReasonInput,
});

/** Close the rollout once grants are settled; the figures come as facts, not from the request. */
export const CompleteRolloutInput = z.strictObject({});

/**
 * What the other aggregates say about a rollout, filled by the application layer from their
 * pure queries (never from an HTTP body). Each fact is needed only to enter the phase named.
 */
export interface RolloutPhaseFacts {
  /** To enter `call-for-interest`: agreements' `isInForce` on the rollout's regional-partnership agreement. */
  readonly regionalAgreementInForce?: boolean;
  /** To enter `committee-selection`: the call for the operator (implementing partner) is closed. */
  readonly operatorCallClosed?: boolean;
  /** To enter `partner-agreement`: the committee selected the operator and published its decision. */
  readonly operatorSelected?: boolean;
  /** To enter `enrolment`: agreements' `isInForce` on the partner agreement with the operator. */
  readonly partnerAgreementInForce?: boolean;
  /** To enter `axis-1-training`: enrolment is complete (target associations, each with its members). */
  readonly enrolmentComplete?: boolean;
  /** To enter `axis-2-trainers-and-hub`: every enrolled association completed axis 1. */
  readonly axisOneCompleted?: boolean;
  /** To enter `axis-3-grants`: the regional competence hub is established. */
  readonly competenceHubEstablished?: boolean;
}

/** What closing needs from the other aggregates. */
export interface RolloutCompletionFacts {
  /** Grants: every awarded tranche is paid or refused (nothing left in flight). */
  readonly grantsSettled: boolean;
  /** The final figures, from enrolment, training, trainers and grants queries. */
  readonly figures: RolloutFigures;
}

export type LaunchRollout = CommandOf<'LaunchRollout', typeof LaunchRolloutInput>;
export type SetRolloutTargets = CommandOf<'SetRolloutTargets', typeof SetRolloutTargetsInput>;
export type AdvanceRolloutPhase = {
  type: 'AdvanceRolloutPhase';
  data: z.infer<typeof AdvanceRolloutPhaseInput>;
  facts?: RolloutPhaseFacts;
};
export type EscalateRollout = CommandOf<'EscalateRollout', typeof EscalateRolloutInput>;
export type ExtendRolloutDeadline = CommandOf<'ExtendRolloutDeadline', typeof ExtendRolloutDeadlineInput>;
export type CancelRollout = CommandOf<'CancelRollout', typeof CancelRolloutInput>;
export type CompleteRollout = {
  type: 'CompleteRollout';
  data: z.infer<typeof CompleteRolloutInput>;
  facts?: RolloutCompletionFacts;
};

/** Every command of a region's rollout. */
export type RolloutCommand =
  | LaunchRollout
  | SetRolloutTargets
  | AdvanceRolloutPhase
  | EscalateRollout
  | ExtendRolloutDeadline
  | CancelRollout
  | CompleteRollout;
