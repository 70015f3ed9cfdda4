import { DynamoDbPersonalDataVault } from '../adapters/dynamodb/personal-data.js';
import { lambdaHandler } from '../adapters/http/lambda.js';
import { documentRoutes } from '../adapters/http/routes/documents.js';
import { FoldedReadModels } from '../application/read-models/read-models.js';
import { depsFromEnv } from './deps.js';
import { tableFromEnv } from './environment.js';

/**
 * The Lambda entry of the `documents` route group (CDK bundles this module). HTML documents only:
 * no PDF renderer (no Chromium on Lambda: `format=pdf` answers 501, see docs/adr/0042-pdf-on-lambda.md)
 * People's names come from the personal-data vault at generation time (an erased one prints as
 * erased; docs/adr/0126-names-with-purpose-and-consent.md); the function only reads it.
 */
const table = tableFromEnv(process.env);
const deps = depsFromEnv(process.env, table);

/** The annual report folds the history on each request here: this function reads no stored views. */
export const routes = documentRoutes;
export const handler = lambdaHandler(routes, {
  ...deps,
  readModels: new FoldedReadModels(deps.store),
  personalData: new DynamoDbPersonalDataVault(table),
});
