import { rolloutDecider, rolloutStreamId } from '../../domain/rollout/rollout.js';
import { commandHandler } from '../command-handler.js';
import { completionFacts, phaseEntryFacts } from '../rollout-facts.js';

// The handlers of a region's rollout (launch, targets, phases, escalation, deadline, cancellation,
// closing), each declared once (see command-handler.ts): the HTTP routes (adapters/http/routes/rollouts.ts)
// and the region rollout workflow's tasks (workflows/tasks/rollout-tasks.ts) call these.

const rollout = commandHandler(rolloutDecider);

/** The rollout a command changes: named by its path or its workflow, not by the command's data. */
export interface RolloutKey {
  readonly rolloutId: string;
}

/** A launched rollout's stream is its id. */
const stream = (_data: unknown, { rolloutId }: RolloutKey) => rolloutId;

export const launchRollout = rollout('LaunchRollout', {
  stream: ({ regionCode, edition }) => rolloutStreamId(regionCode, edition),
});

export const setRolloutTargets = rollout('SetRolloutTargets', { stream });

/**
 * The entry condition of the phase, read from the other aggregates on each attempt (a retry after a
 * conflict reads them again, as the workflow's task always did).
 */
export const advanceRolloutPhase = rollout('AdvanceRolloutPhase', {
  stream,
  factsOnEachAttempt: ({ to }, { store, clock }, { key }) =>
    phaseEntryFacts(store, key.rolloutId, to, clock()),
});

export const escalateRollout = rollout('EscalateRollout', { stream });
export const extendRolloutDeadline = rollout('ExtendRolloutDeadline', { stream });
export const cancelRollout = rollout('CancelRollout', { stream });

/** Whether the grants are settled and the final figures, read on each attempt. */
export const completeRollout = rollout('CompleteRollout', {
  stream,
  factsOnEachAttempt: (_data, { store }, { key }) => completionFacts(store, key.rolloutId),
});
