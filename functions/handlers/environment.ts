import { DynamoDBClient } from '@aws-sdk/client-dynamodb';

// The environment variables the CDK app sets on the Lambda functions, in one place so infra/ and
// the handlers cannot disagree on a name.

/** The environment variable naming the event store's table (set by CDK). */
export const TABLE_NAME_VARIABLE = 'NASEEJ_TABLE_NAME';

/** The environment variable naming the bus the commit splitter publishes on (set by CDK). */
export const EVENT_BUS_NAME_VARIABLE = 'NASEEJ_EVENT_BUS_NAME';

/** Which workflow task a task function runs (a key of `workflowFunctions`, e.g. `ParkTaskTokenFunctionArn`). */
export const WORKFLOW_TASK_VARIABLE = 'NASEEJ_WORKFLOW_TASK';

/** State machine ARNs the workflow callback function starts executions of, one variable each. */
export const STATE_MACHINE_ARN_VARIABLES = {
  'region-rollout': 'NASEEJ_REGION_ROLLOUT_ARN',
  'national-waves': 'NASEEJ_NATIONAL_WAVES_ARN',
  'contact-centre-call': 'NASEEJ_CONTACT_CENTRE_CALL_ARN',
} as const;

/** The Secrets Manager name prefix of partners' inbound signing secrets (`<prefix><partnerId>`). */
export const PARTNER_SECRETS_PREFIX_VARIABLE = 'NASEEJ_PARTNER_SECRETS_PREFIX';

/** The Secrets Manager name prefix of outbound subscriptions' signing secrets (`<prefix><subscriptionId>`). */
export const SUBSCRIPTION_SECRETS_PREFIX_VARIABLE = 'NASEEJ_SUBSCRIPTION_SECRETS_PREFIX';

/** A required environment variable, or an error naming it. */
export const requiredVariable = (name: string, env: NodeJS.ProcessEnv = process.env): string => {
  const value = env[name];
  if (value === undefined || value.length === 0) {
    throw new Error(`${name} is not set: the CDK app sets it on every function that needs it`);
  }
  return value;
};

/** The event store table and a DynamoDB client, created once per container. */
export const tableFromEnv = (
  env: NodeJS.ProcessEnv = process.env,
): { readonly client: DynamoDBClient; readonly tableName: string } => ({
  client: new DynamoDBClient({}),
  tableName: requiredVariable(TABLE_NAME_VARIABLE, env),
});

/** The sender address of notification e-mails (a verified SES identity's domain). */
export const MAIL_FROM_VARIABLE = 'NASEEJ_MAIL_FROM';

/** The SES configuration set notification e-mails are sent with. */
export const MAIL_CONFIGURATION_SET_VARIABLE = 'NASEEJ_MAIL_CONFIGURATION_SET';

/** The environment variable naming the bucket of attached files (set by CDK; infra/constructs/documents-bucket.ts). */
export const DOCUMENTS_BUCKET_VARIABLE = 'NASEEJ_DOCUMENTS_BUCKET';
