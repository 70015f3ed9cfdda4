import { lambdaHandler } from '../http/lambda.js';
import { routeGroups } from '../http/routes/index.js';
import { depsFromEnv } from './deps.js';

/** The Lambda entry of the `rollouts` route group (CDK bundles this module). */
export const handler = lambdaHandler(routeGroups.rollouts, depsFromEnv());
