import { setTrainingPlan } from '../../../application/commands/training.js';
import { rolloutScope } from '../../../application/scope.js';
import { SetTrainingPlanInput } from '../../../domain/training/plan.js';
import { handlerRoute } from '../command.js';
import type { HttpRoute } from '../route.js';
import { MINISTRY_OR_COORDINATOR, RolloutParams } from './common.js';

// The region's axis-1 plan by training topic (docs/adr/0087-training-plan-by-topic.md).

/** Routes of the training plan (the ministry, or the region's coordinator). */
export const trainingPlanRoutes: readonly HttpRoute[] = [
  handlerRoute(setTrainingPlan)({
    method: 'PUT',
    path: '/rollouts/{rolloutId}/training-plan',
    operationId: 'setTrainingPlan',
    summary:
      "Set the region's axis-1 plan: the modules the members of each training topic follow, before the first session",
    tags: ['training'],
    access: MINISTRY_OR_COORDINATOR,
    request: { params: RolloutParams, body: SetTrainingPlanInput.omit({ rolloutId: true }) },
    data: ({ params, body }) => ({ ...body, rolloutId: params.rolloutId }),
    scope: ({ input }) => rolloutScope(input.params.rolloutId),
  }),
];
