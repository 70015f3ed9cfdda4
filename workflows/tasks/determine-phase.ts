import type { z } from 'zod';
import type { RolloutPhase } from '../../events/rollout/schemas.js';
import {
  gatherRolloutSituation,
  isSelectionFinal,
  type RolloutSituation,
} from '../../functions/application/rollout-facts.js';
import { nextPhase, PHASE_ENTRY_CONDITIONS } from '../../functions/domain/rollout/rollout.js';
import type { ExecutionContext, GenerationFields } from './generation-tasks.js';
import { generationOfExecution } from './generation-tasks.js';
import { LAUNCH_WAIT_DAYS, MINISTRY_DECISION_WAIT_DAYS, PHASE_DURATION_DAYS } from './phase-durations.js';
import { daysInSeconds, secondsUntil, type WorkflowServices } from './services.js';

/** Every step a region rollout's workflow can be at; the Choice state `RouteToPhaseStep` routes on it. */
export type RolloutStep =
  | 'await-launch'
  | 'advance'
  | 'await-regional-agreement'
  | 'await-operator-call'
  | 'wait-for-call-deadline'
  | 'await-committee-decision'
  | 'wait-for-appeal-window'
  | 'await-appeal-decisions'
  | 'await-partner-agreement'
  | 'await-enrolment'
  | 'await-axis-one'
  | 'await-competence-hub'
  | 'await-grants-settled'
  | 'complete'
  | 'await-ministry-decision'
  | 'closed'
  | 'cancelled'
  // The execution's generation (docs/adr/0031-workflow-generations.md): a later one runs, or this
  // one is old enough to start the next and end.
  | 'superseded'
  | 'continue';

/** What `DeterminePhase` returns: the workflow's whole state between two states. */
export interface RolloutPosition {
  readonly rolloutId: string;
  readonly phase: RolloutPhase;
  readonly step: RolloutStep;
  /** The phase `advance` moves to. */
  readonly nextPhase: RolloutPhase | null;
  /** The timeout of the step's callback wait (TimeoutSecondsPath). */
  readonly timeoutSeconds: number;
  /** The instant a Wait state waits for (call deadline, end of the appeal window). */
  readonly waitUntil: string | null;
}

/** The wait for the fact that lets the rollout leave each phase (null: nothing to wait for). */
const WAIT_OF_PHASE: Readonly<Record<RolloutPhase, RolloutStep | null>> = {
  launch: null,
  'regional-agreement': 'await-regional-agreement',
  'call-for-interest': 'await-operator-call',
  'committee-selection': 'await-committee-decision',
  'partner-agreement': 'await-partner-agreement',
  enrolment: 'await-enrolment',
  'axis-1-training': 'await-axis-one',
  'axis-2-trainers-and-hub': 'await-competence-hub',
  'axis-3-grants': 'await-grants-settled',
  closed: null,
};

const millis = (instant: string): number => Date.parse(instant);

/** The step of a phase, from the facts read for it. */
const stepOfPhase = (situation: RolloutSituation, phase: RolloutPhase, now: string): RolloutStep => {
  if (phase === 'call-for-interest') {
    const call = situation.operatorCall;
    // A call ended without result waits for its relaunch as a call not yet opened does (issue 20).
    if (call === null || call.status === 'not-opened' || call.cancelled === true)
      return 'await-operator-call';
    if (call.status !== 'open') return 'advance';
    // A past call keyed in late (ADR 0135) has a deadline already passed: the workflow waits for the
    // ministry or the coordinator to close it once its files are keyed in, not for the clock.
    return call.enteredLate === true ? 'await-operator-call' : 'wait-for-call-deadline';
  }
  if (phase === 'committee-selection') {
    // An operator call ended without result once closed waits for its relaunch, and the relaunched
    // call is closed at its new deadline before the committee decides (issue 20).
    const call = situation.operatorCall;
    if (call?.cancelled === true) return 'await-operator-call';
    if (call?.status === 'open') return 'wait-for-call-deadline';
    const selection = situation.selection;
    if (selection === null || !selection.published) return 'await-committee-decision';
    if (isSelectionFinal(selection, now)) return 'advance';
    if (selection.appealWindowEndsAt !== null && millis(now) < millis(selection.appealWindowEndsAt)) {
      return 'wait-for-appeal-window';
    }
    return 'await-appeal-decisions';
  }
  if (phase === 'axis-3-grants')
    return situation.completion?.grantsSettled === true ? 'complete' : 'await-grants-settled';
  const next = nextPhase(phase);
  const condition = next === null ? null : PHASE_ENTRY_CONDITIONS[next];
  if (condition === null || condition === 'grantsSettled') return 'advance';
  return situation.phaseFacts[condition] === true ? 'advance' : (WAIT_OF_PHASE[phase] ?? 'advance');
};

/** Where a rollout's workflow is, from its situation: pure, so the consumer computes the same. */
export const rolloutPosition = (situation: RolloutSituation, now: string): RolloutPosition => {
  const { rollout, rolloutId } = situation;
  const base = { rolloutId, nextPhase: null, waitUntil: null };
  if (rollout.status === 'not-launched') {
    return {
      ...base,
      phase: 'launch',
      step: 'await-launch',
      timeoutSeconds: daysInSeconds(LAUNCH_WAIT_DAYS),
    };
  }
  const { phase } = rollout;
  if (rollout.status === 'closed') return { ...base, phase, step: 'closed', timeoutSeconds: 1 };
  if (rollout.status === 'cancelled') return { ...base, phase, step: 'cancelled', timeoutSeconds: 1 };
  if (rollout.escalation !== null) {
    return {
      ...base,
      phase,
      step: 'await-ministry-decision',
      timeoutSeconds: daysInSeconds(MINISTRY_DECISION_WAIT_DAYS),
    };
  }
  const step = stepOfPhase(situation, phase, now);
  const timeoutSeconds =
    rollout.deadline !== null
      ? secondsUntil(rollout.deadline, now)
      : daysInSeconds(phase === 'launch' || phase === 'closed' ? 1 : PHASE_DURATION_DAYS[phase]);
  const waitUntil =
    step === 'wait-for-call-deadline'
      ? (situation.operatorCall?.deadline ?? null)
      : step === 'wait-for-appeal-window'
        ? (situation.selection?.appealWindowEndsAt ?? null)
        : null;
  return { rolloutId, phase, step, nextPhase: nextPhase(phase), timeoutSeconds, waitUntil };
};

/** Steps that end the execution (or lead straight to its end): they go before a continuation. */
const ENDING_STEPS: ReadonlySet<RolloutStep> = new Set(['complete', 'closed', 'cancelled']);

/**
 * Reads the store and answers where the rollout's workflow is. With the execution's context, it
 * also answers its generation: `superseded` when a later generation was started, `continue` when
 * it is old enough to hand over (or a Wait would outlast it); every wait's timeout ends by then.
 */
export const determineRolloutPosition = async (
  services: WorkflowServices,
  rolloutId: string,
  context?: z.output<typeof ExecutionContext>,
): Promise<RolloutPosition & Partial<Omit<GenerationFields, 'step'>>> => {
  const now = services.clock();
  const position = rolloutPosition(await gatherRolloutSituation(services.store, rolloutId, now), now);
  if (context === undefined) return position;
  const generation = await generationOfExecution(services, rolloutId, context);
  const { step: generationStep, ...next } = generation;
  if (generationStep === 'superseded') return { ...position, ...next, step: 'superseded' };
  if (ENDING_STEPS.has(position.step)) return { ...position, ...next };
  const waitOutlasts =
    position.waitUntil !== null &&
    Date.parse(position.waitUntil) > Date.parse(now) + next.secondsLeft * 1_000;
  if (generationStep === 'continue' || waitOutlasts) return { ...position, ...next, step: 'continue' };
  return { ...position, ...next, timeoutSeconds: Math.min(position.timeoutSeconds, next.secondsLeft) };
};
