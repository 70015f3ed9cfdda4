// Errors of the outbound partner webhooks: an interface, a `code`, a factory and an `isXError` guard.

export const INVALID_WEBHOOK_SUBSCRIPTION = 'INVALID_WEBHOOK_SUBSCRIPTION';

/** A subscription was refused: a bad URL, secret or event pattern. `issues` say which field and why. */
export interface InvalidWebhookSubscriptionError extends Error {
  readonly name: 'InvalidWebhookSubscriptionError';
  readonly code: typeof INVALID_WEBHOOK_SUBSCRIPTION;
  readonly issues: readonly { readonly path: string; readonly message: string }[];
}

/** Builds an `InvalidWebhookSubscriptionError`. */
export const invalidWebhookSubscriptionError = (
  issues: readonly { path: string; message: string }[],
): InvalidWebhookSubscriptionError =>
  Object.assign(
    new Error(
      `Invalid webhook subscription: ${issues.map((issue) => `${issue.path}: ${issue.message}`).join('; ')}`,
    ),
    {
      name: 'InvalidWebhookSubscriptionError' as const,
      code: INVALID_WEBHOOK_SUBSCRIPTION as typeof INVALID_WEBHOOK_SUBSCRIPTION,
      issues,
    },
  );

export const isInvalidWebhookSubscriptionError = (error: unknown): error is InvalidWebhookSubscriptionError =>
  error instanceof Error && (error as { code?: unknown }).code === INVALID_WEBHOOK_SUBSCRIPTION;

export const WEBHOOK_SUBSCRIPTION_NOT_FOUND = 'WEBHOOK_SUBSCRIPTION_NOT_FOUND';

/** No subscription has this id. */
export interface WebhookSubscriptionNotFoundError extends Error {
  readonly name: 'WebhookSubscriptionNotFoundError';
  readonly code: typeof WEBHOOK_SUBSCRIPTION_NOT_FOUND;
  readonly subscriptionId: string;
}

/** Builds a `WebhookSubscriptionNotFoundError`. */
export const webhookSubscriptionNotFoundError = (subscriptionId: string): WebhookSubscriptionNotFoundError =>
  Object.assign(new Error(`No webhook subscription ${subscriptionId}`), {
    name: 'WebhookSubscriptionNotFoundError' as const,
    code: WEBHOOK_SUBSCRIPTION_NOT_FOUND as typeof WEBHOOK_SUBSCRIPTION_NOT_FOUND,
    subscriptionId,
  });

export const isWebhookSubscriptionNotFoundError = (
  error: unknown,
): error is WebhookSubscriptionNotFoundError =>
  error instanceof Error && (error as { code?: unknown }).code === WEBHOOK_SUBSCRIPTION_NOT_FOUND;

export const PARKED_DELIVERY_NOT_FOUND = 'PARKED_DELIVERY_NOT_FOUND';

/** No delivery with this webhook id is parked (never was, or it was replayed successfully). */
export interface ParkedDeliveryNotFoundError extends Error {
  readonly name: 'ParkedDeliveryNotFoundError';
  readonly code: typeof PARKED_DELIVERY_NOT_FOUND;
  readonly webhookId: string;
}

/** Builds a `ParkedDeliveryNotFoundError`. */
export const parkedDeliveryNotFoundError = (webhookId: string): ParkedDeliveryNotFoundError =>
  Object.assign(new Error(`No parked delivery ${webhookId}`), {
    name: 'ParkedDeliveryNotFoundError' as const,
    code: PARKED_DELIVERY_NOT_FOUND as typeof PARKED_DELIVERY_NOT_FOUND,
    webhookId,
  });

export const isParkedDeliveryNotFoundError = (error: unknown): error is ParkedDeliveryNotFoundError =>
  error instanceof Error && (error as { code?: unknown }).code === PARKED_DELIVERY_NOT_FOUND;
