import { lambdaHandler } from '../adapters/http/lambda.js';
import { rolloutRoutes } from '../adapters/http/routes/rollouts.js';
import { depsFromEnv } from './deps.js';

/** The Lambda entry of the `rollouts` route group (CDK bundles this module). */
export const routes = rolloutRoutes;
export const handler = lambdaHandler(routes, depsFromEnv());
