import { lambdaHandler } from '../http/lambda.js';
import { routeGroups } from '../http/routes/index.js';
import { depsFromEnv } from './deps.js';

/** The Lambda entry of the `partners` route group (CDK bundles this module). */
export const handler = lambdaHandler(routeGroups.partners, depsFromEnv());
