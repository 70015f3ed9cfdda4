import { DynamoDbViewStore } from '../adapters/dynamodb/view-store.js';
import { lambdaHandler } from '../adapters/http/lambda.js';
import { readModelRoutes } from '../adapters/http/routes/views.js';
import { StoredReadModels } from '../application/read-models/read-models.js';
import { depsFromEnv } from './deps.js';
import { tableFromEnv } from './environment.js';

const deps = depsFromEnv();
const { client, tableName } = tableFromEnv();
const readModels = new StoredReadModels({
  store: deps.store,
  views: new DynamoDbViewStore({ client, tableName }),
});

/** The Lambda entry of the `readModels` route group: current views from the view store (CDK bundles this module). */
export const handler = lambdaHandler(readModelRoutes, { ...deps, readModels });
