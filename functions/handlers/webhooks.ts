import { lambdaHandler } from '../adapters/http/lambda.js';
import { partnerWebhookRoutes } from '../adapters/http/routes/partner-reports.js';
import { depsFromEnv } from './deps.js';
import { tableFromEnv } from './environment.js';
import { inboundWebhooksFromEnv } from './partner-deps.js';

const table = tableFromEnv();

/** The Lambda entry of the `webhooks` route group: partners' secrets from Secrets Manager (CDK bundles this module). */
export const routes = partnerWebhookRoutes;
export const handler = lambdaHandler(routes, {
  ...depsFromEnv(process.env, table),
  inboundWebhooks: inboundWebhooksFromEnv(process.env, table),
});
