import { InMemoryOutboundWebhookStore } from '../../../../../functions/adapters/webhooks/store.js';
import { describeOutboundWebhookStoreContract } from '../../../../support/bus-webhook-store-contract.js';

describeOutboundWebhookStoreContract(
  'InMemoryOutboundWebhookStore',
  async () => new InMemoryOutboundWebhookStore(),
);
