import { lambdaHandler } from '../adapters/http/lambda.js';
import { trainingGroup } from '../adapters/http/routes/groups/training.js';
import { depsFromEnv } from './deps.js';

/** The Lambda entry of the `training` route group (CDK bundles this module). */
export const routes = trainingGroup;
export const handler = lambdaHandler(routes, depsFromEnv());
