import { type HttpDependencies, lambdaHandler } from '../adapters/http/lambda.js';
import type { PartnerAdministrationDependencies } from '../adapters/http/routes/partners.js';
import { partnerRoutes } from '../adapters/http/routes/partners.js';
import { depsFromEnv } from './deps.js';
import { tableFromEnv } from './environment.js';
import { partnerAdministrationFromEnv } from './partner-deps.js';

const table = tableFromEnv();
const deps: HttpDependencies & PartnerAdministrationDependencies = {
  ...depsFromEnv(process.env, table),
  partnerAdministration: partnerAdministrationFromEnv(process.env, table),
};

/**
 * The Lambda entry of the `partners` route group (CDK bundles this module): the ministry registers
 * and rotates partner secrets and subscriptions; secrets go to Secrets Manager, records to the table.
 */
export const routes = partnerRoutes;
export const handler = lambdaHandler(routes, deps);
