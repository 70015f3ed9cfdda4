import { DynamoDbNotificationLedger } from '../adapters/dynamodb/notification-ledger.js';
import { DynamoDbViewStore } from '../adapters/dynamodb/view-store.js';
import { lambdaHandler } from '../adapters/http/lambda.js';
import type { HttpRoute } from '../adapters/http/route.js';
import {
  type NotificationRoutesDependencies,
  notificationRoutes,
} from '../adapters/http/routes/notifications.js';
import { type ReadModelRouteDependencies, readModelRoutes } from '../adapters/http/routes/views.js';
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
const routes: readonly HttpRoute<ReadModelRouteDependencies & NotificationRoutesDependencies>[] = [
  ...readModelRoutes,
  ...notificationRoutes,
];

export const handler = lambdaHandler(routes, {
  ...deps,
  readModels,
  notifications: new DynamoDbNotificationLedger({ client, tableName }),
});
