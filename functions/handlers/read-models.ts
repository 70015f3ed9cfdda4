import { lambdaHandler } from '../http/lambda.js';
import { DynamoDbNotificationLedger } from '../notifications/ledger.js';
import { notificationRoutes } from '../notifications/routes.js';
import { DynamoDbViewStore } from '../read-models/dynamodb-view-store.js';
import { StoredReadModels } from '../read-models/read-models.js';
import { readModelRoutes } from '../read-models/routes.js';
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
export const handler = lambdaHandler([...readModelRoutes, ...notificationRoutes], {
  ...deps,
  readModels,
  notifications: new DynamoDbNotificationLedger({ client, tableName }),
} as typeof deps);
