import { lambdaHandler } from '../adapters/http/lambda.js';
import { trainingRoutes } from '../adapters/http/routes/training.js';
import { depsFromEnv } from './deps.js';

/** The Lambda entry of the `training` route group (CDK bundles this module). */
export const handler = lambdaHandler(trainingRoutes, depsFromEnv());
