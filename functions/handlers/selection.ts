import { DynamoDbPersonalDataVault } from '../adapters/dynamodb/personal-data.js';
import { lambdaHandler } from '../adapters/http/lambda.js';
import { selectionGroup } from '../adapters/http/routes/groups/selection.js';
import { depsFromEnv } from './deps.js';
import { tableFromEnv } from './environment.js';

/**
 * The Lambda entry of the `selection` route group (CDK bundles this module): calls, committees, and
 * the associations' portal, whose registration keeps a legal representative's names in the
 * personal-data vault (docs/adr/0106-association-registration.md).
 */
const table = tableFromEnv(process.env);
export const routes = selectionGroup;
export const handler = lambdaHandler(routes, {
  ...depsFromEnv(process.env, table),
  personalData: new DynamoDbPersonalDataVault(table),
});
