import { DynamoDbNotificationLedger } from '../adapters/dynamodb/notification-ledger.js';
import { DynamoDbViewStore } from '../adapters/dynamodb/view-store.js';
import { lambdaHandler } from '../adapters/http/lambda.js';
import { readModelsGroup } from '../adapters/http/routes/groups/read-models.js';
import { StoredReadModels } from '../application/read-models/read-models.js';
import { depsFromEnv } from './deps.js';
import { tableFromEnv } from './environment.js';

const deps = depsFromEnv();
const { client, tableName } = tableFromEnv();
const readModels = new StoredReadModels({
  store: deps.store,
  views: new DynamoDbViewStore({ client, tableName }),
});

/**
 * The Lambda entry of the `readModels` route group: current views from the view store, and the
 * caller's notifications (CDK bundles this module).
 */
export const routes = readModelsGroup;

export const handler = lambdaHandler(routes, {
  ...deps,
  readModels,
  notifications: new DynamoDbNotificationLedger({ client, tableName }),
});
