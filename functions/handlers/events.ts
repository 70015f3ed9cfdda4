import { lambdaHandler } from '../adapters/http/lambda.js';
import { eventRoutes } from '../adapters/http/routes/events.js';
import { depsFromEnv } from './deps.js';

/** The Lambda entry of the `events` route group (CDK bundles this module). */
export const routes = eventRoutes;
export const handler = lambdaHandler(routes, depsFromEnv());
