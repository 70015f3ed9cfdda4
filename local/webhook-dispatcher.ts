import {
  WebhookDispatcher,
  type WebhookDispatcherOptions,
} from '../functions/adapters/webhooks/dispatcher.js';
import { WEBHOOK_DISPATCHER_TARGET } from '../functions/application/bus/rules.js';
import type { LocalBus } from './bus.js';

/**
 * Runs the outbound partner-webhook dispatcher on the local bus: registers it as the handler of
 * the `webhook-dispatcher` target, so every event the rules send there is delivered to matching
 * subscriptions with the same signatures, retries and parking as on AWS. A page of the change
 * feed reads the subscriptions once.
 */
export const startLocalWebhookDispatcher = (
  bus: LocalBus,
  options: WebhookDispatcherOptions,
): WebhookDispatcher => {
  const dispatcher = new WebhookDispatcher(options);
  bus.register(
    WEBHOOK_DISPATCHER_TARGET,
    async (event) => {
      await dispatcher.dispatch(event);
    },
    async (events) => {
      await dispatcher.dispatchAll(events);
    },
  );
  return dispatcher;
};
