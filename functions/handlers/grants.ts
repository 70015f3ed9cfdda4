import { lambdaHandler } from '../adapters/http/lambda.js';
import { grantsGroup } from '../adapters/http/routes/groups/grants.js';
import { depsFromEnv } from './deps.js';

/** The Lambda entry of the `grants` route group (CDK bundles this module). */
export const routes = grantsGroup;
export const handler = lambdaHandler(routes, depsFromEnv());
