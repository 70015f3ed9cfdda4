import { InMemoryOutboundWebhookStore } from '../../../functions/webhooks/outbound/store.js';
import { describeOutboundWebhookStoreContract } from '../../support/bus-webhook-store-contract.js';

describeOutboundWebhookStoreContract(
  'InMemoryOutboundWebhookStore',
  async () => new InMemoryOutboundWebhookStore(),
);
