import { lambdaHandler } from '../adapters/http/lambda.js';
import { selectionRoutes } from '../adapters/http/routes/selection.js';
import { depsFromEnv } from './deps.js';

/** The Lambda entry of the `selection` route group (CDK bundles this module). */
export const handler = lambdaHandler(selectionRoutes, depsFromEnv());
