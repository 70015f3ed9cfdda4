import { lambdaHandler } from '../adapters/http/lambda.js';
import { grantRoutes } from '../adapters/http/routes/grants.js';
import { depsFromEnv } from './deps.js';

/** The Lambda entry of the `grants` route group (CDK bundles this module). */
export const handler = lambdaHandler(grantRoutes, depsFromEnv());
