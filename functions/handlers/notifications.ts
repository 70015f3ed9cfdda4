import { SESv2Client } from '@aws-sdk/client-sesv2';
import { DynamoDbNotificationLedger } from '../adapters/dynamodb/notification-ledger.js';
import { DynamoDbPersonalDataVault } from '../adapters/dynamodb/personal-data.js';
import { DynamoDbRecipientDirectory } from '../adapters/dynamodb/recipients.js';
import { SesMailSender } from '../adapters/ses/sender.js';
import { NotificationConsumer } from '../application/notifications/consumer.js';
import {
  MAIL_CONFIGURATION_SET_VARIABLE,
  MAIL_FROM_VARIABLE,
  requiredVariable,
  tableFromEnv,
} from './environment.js';
import { consumeQueueBatch, type SqsBatchResponse, type SqsDeliveryEvent } from './queue-batch.js';

// The notifications on AWS (docs/adr/0103-notifications.md): the bus rule
// `naseej-events-to-notifications` puts each notifying event on a queue; this function reads it,
// tells each recipient once (the ledger's claim), and e-mails through SES. A message fails (and
// returns to the queue) when SES throttled or could not send; a refused address does not.

const table = tableFromEnv();
const consumer = new NotificationConsumer({
  directory: new DynamoDbRecipientDirectory(table),
  vault: new DynamoDbPersonalDataVault(table),
  ledger: new DynamoDbNotificationLedger(table),
  mail: new SesMailSender({
    client: new SESv2Client({}),
    configurationSetName: requiredVariable(MAIL_CONFIGURATION_SET_VARIABLE),
  }),
  from: requiredVariable(MAIL_FROM_VARIABLE),
  clock: () => new Date(),
});

/** The Lambda entry of the notifications queue (CDK bundles this module); reports partial batch failures. */
export const handler = (event: SqsDeliveryEvent): Promise<SqsBatchResponse> =>
  consumeQueueBatch(event, {
    one: async (busEvent) => {
      await consumer.handle(busEvent);
    },
  });
