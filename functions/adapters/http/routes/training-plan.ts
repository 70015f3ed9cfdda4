import { loadStream } from '../../../application/execute-command.js';
import { launchedRollout } from '../../../application/facts.js';
import { rolloutScope } from '../../../application/scope.js';
import {
  SetTrainingPlanInput,
  trainingPlanDecider,
  trainingPlanStreamId,
} from '../../../domain/training/plan.js';
import {
  heldSessions,
  trainingScheduleDecider,
  trainingScheduleStreamId,
} from '../../../domain/training/schedule.js';
import { commandRoute } from '../command.js';
import type { HttpRoute } from '../route.js';
import { MINISTRY_OR_COORDINATOR, RolloutParams } from './common.js';

// The region's axis-1 plan by training topic (docs/adr/0087-training-plan-by-topic.md).

const planCommand = commandRoute(trainingPlanDecider);

/** Routes of the training plan (the ministry, or the region's coordinator). */
export const trainingPlanRoutes: readonly HttpRoute[] = [
  planCommand({
    method: 'PUT',
    path: '/rollouts/{rolloutId}/training-plan',
    operationId: 'setTrainingPlan',
    summary:
      "Set the region's axis-1 plan: the modules the members of each training topic follow, before the first session",
    tags: ['training'],
    access: MINISTRY_OR_COORDINATOR,
    request: { params: RolloutParams, body: SetTrainingPlanInput.omit({ rolloutId: true }) },
    stream: ({ params }) => trainingPlanStreamId(params.rolloutId),
    command: async ({ params, body }, { deps }) => {
      await launchedRollout(deps.store, params.rolloutId);
      const schedule = await loadStream(
        deps.store,
        trainingScheduleStreamId(params.rolloutId),
        trainingScheduleDecider,
      );
      return {
        type: 'SetTrainingPlan',
        data: { ...body, rolloutId: params.rolloutId },
        facts: { trainingStarted: heldSessions(schedule.state).length > 0 },
      };
    },
    scope: ({ input }) => rolloutScope(input.params.rolloutId),
  }),
];
