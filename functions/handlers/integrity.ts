import { DynamoDbCommitLog } from '../adapters/dynamodb/commit-log.js';
import { lambdaHandler } from '../adapters/http/lambda.js';
import { integrityRoutes } from '../adapters/http/routes/integrity.js';
import { depsFromEnv } from './deps.js';
import { tableFromEnv } from './environment.js';

const deps = depsFromEnv();
const { client, tableName } = tableFromEnv();

/** The Lambda entry of the `integrity` route group, over the table's commit log (CDK bundles this module). */
export const routes = integrityRoutes;
export const handler = lambdaHandler(routes, {
  ...deps,
  commitLog: new DynamoDbCommitLog({ client, tableName }),
});
