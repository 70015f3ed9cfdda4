import { lambdaHandler } from '../adapters/http/lambda.js';
import { documentRoutes } from '../adapters/http/routes/documents.js';
import { FoldedReadModels } from '../application/read-models/read-models.js';
import { depsFromEnv } from './deps.js';

/**
 * The Lambda entry of the `documents` route group (CDK bundles this module). HTML documents only:
 * no PDF renderer (no Chromium on Lambda: `format=pdf` answers 501, see docs/adr/0042-pdf-on-lambda.md)
 * and no personal-data vault yet, so names print as ids.
 */
const deps = depsFromEnv();

/** The annual report folds the history on each request here: this function reads no stored views. */
export const routes = documentRoutes;
export const handler = lambdaHandler(routes, {
  ...deps,
  readModels: new FoldedReadModels(deps.store),
});
