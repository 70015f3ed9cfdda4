import { enrolmentChangeRoutes } from '../enrolment-changes.js';
import { trainingRoutes } from '../training.js';
import { trainingCorrectionRoutes } from '../training-corrections.js';
import { trainingPlanRoutes } from '../training-plan.js';

/**
 * The `training` function's routes: enrolment and its changes, the training plan, sessions and
 * their corrections. One list for the route table (../index.ts) and the Lambda entry
 * (functions/handlers/training.ts).
 */
export const trainingGroup = [
  ...trainingRoutes,
  ...enrolmentChangeRoutes,
  ...trainingPlanRoutes,
  ...trainingCorrectionRoutes,
] as const;
