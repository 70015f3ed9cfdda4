import { lambdaHandler } from '../http/lambda.js';
import { routeGroups } from '../http/routes/index.js';
import { depsFromEnv, inboundWebhooksFromEnv } from './deps.js';
import { tableFromEnv } from './environment.js';

const table = tableFromEnv();

/** The Lambda entry of the `webhooks` route group: partners' secrets from Secrets Manager (CDK bundles this module). */
export const handler = lambdaHandler(routeGroups.webhooks, {
  ...depsFromEnv(process.env, table),
  inboundWebhooks: inboundWebhooksFromEnv(process.env, table),
});
