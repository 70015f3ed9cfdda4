import type { RolloutPhase } from '../../events/rollout/schemas.js';

/**
 * How long each phase of a region's rollout may take before its wait times out and escalates to
 * the ministry, in days: data of the program office, set on entry into the phase as the
 * rollout's deadline (`RolloutPhaseAdvanced.deadline`), extended by `RolloutDeadlineExtended`.
 */
export const PHASE_DURATION_DAYS: Readonly<Record<Exclude<RolloutPhase, 'launch' | 'closed'>, number>> = {
  'regional-agreement': 90,
  'call-for-interest': 60,
  'committee-selection': 60,
  'partner-agreement': 45,
  enrolment: 60,
  'axis-1-training': 240,
  'axis-2-trainers-and-hub': 180,
  'axis-3-grants': 365,
};

/** How long a rollout's launch wait lasts before it looks again (cut at the generation's hand-over, ADR 0031). */
export const LAUNCH_WAIT_DAYS = 365;

/** How long the ministry's decision on an escalation is awaited before the wait parks again. */
export const MINISTRY_DECISION_WAIT_DAYS = 30;

/** How long the national plan waits for its configuration or for its next wave before it looks again. */
export const WAVE_WAIT_DAYS = 90;

/** How long the contact-centre call and its committee may take before the execution fails as stalled. */
export const CONTACT_CENTRE_WAIT_DAYS = { call: 120, committee: 90 } as const;
