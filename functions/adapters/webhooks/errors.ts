import { codedError, isErrorWithCode } from '../../domain/shared/coded-error.js';

// Errors of the outbound partner webhooks: an interface, a `code`, a factory and an `isXError` guard
// (functions/domain/shared/coded-error.ts).

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
  codedError(
    'InvalidWebhookSubscriptionError',
    INVALID_WEBHOOK_SUBSCRIPTION,
    `Invalid webhook subscription: ${issues.map((issue) => `${issue.path}: ${issue.message}`).join('; ')}`,
    { issues },
  );

export const isInvalidWebhookSubscriptionError = isErrorWithCode<InvalidWebhookSubscriptionError>(
  INVALID_WEBHOOK_SUBSCRIPTION,
);

export const WEBHOOK_SUBSCRIPTION_NOT_FOUND = 'WEBHOOK_SUBSCRIPTION_NOT_FOUND';

/** No subscription has this id. */
export interface WebhookSubscriptionNotFoundError extends Error {
  readonly name: 'WebhookSubscriptionNotFoundError';
  readonly code: typeof WEBHOOK_SUBSCRIPTION_NOT_FOUND;
  readonly subscriptionId: string;
}

/** Builds a `WebhookSubscriptionNotFoundError`. */
export const webhookSubscriptionNotFoundError = (subscriptionId: string): WebhookSubscriptionNotFoundError =>
  codedError(
    'WebhookSubscriptionNotFoundError',
    WEBHOOK_SUBSCRIPTION_NOT_FOUND,
    `No webhook subscription ${subscriptionId}`,
    { subscriptionId },
  );

export const isWebhookSubscriptionNotFoundError = isErrorWithCode<WebhookSubscriptionNotFoundError>(
  WEBHOOK_SUBSCRIPTION_NOT_FOUND,
);

export const PARKED_DELIVERY_NOT_FOUND = 'PARKED_DELIVERY_NOT_FOUND';

/** No delivery with this webhook id is parked (never was, or it was replayed successfully). */
export interface ParkedDeliveryNotFoundError extends Error {
  readonly name: 'ParkedDeliveryNotFoundError';
  readonly code: typeof PARKED_DELIVERY_NOT_FOUND;
  readonly webhookId: string;
}

/** Builds a `ParkedDeliveryNotFoundError`. */
export const parkedDeliveryNotFoundError = (webhookId: string): ParkedDeliveryNotFoundError =>
  codedError('ParkedDeliveryNotFoundError', PARKED_DELIVERY_NOT_FOUND, `No parked delivery ${webhookId}`, {
    webhookId,
  });

export const isParkedDeliveryNotFoundError =
  isErrorWithCode<ParkedDeliveryNotFoundError>(PARKED_DELIVERY_NOT_FOUND);

export const INVALID_SIGNING_SECRET = 'INVALID_SIGNING_SECRET';

/**
 * A signing secret stored in Secrets Manager is not the JSON the adapters read
 * (`{"secrets":[{"secretId","secret","status"}]}`): a deployment fault, never the caller's.
 */
export interface InvalidSigningSecretError extends Error {
  readonly name: 'InvalidSigningSecretError';
  readonly code: typeof INVALID_SIGNING_SECRET;
  /** The secret's name (never its value). */
  readonly secretName: string;
}

/** Builds an `InvalidSigningSecretError`. */
export const invalidSigningSecretError = (
  secretName: string,
  reason: string,
  options: { cause?: unknown } = {},
): InvalidSigningSecretError =>
  codedError(
    'InvalidSigningSecretError',
    INVALID_SIGNING_SECRET,
    `The secret ${secretName} is not a signing-secret document: ${reason}`,
    { secretName },
    options,
  );

export const isInvalidSigningSecretError = isErrorWithCode<InvalidSigningSecretError>(INVALID_SIGNING_SECRET);

export const WEBHOOK_DESTINATION_REFUSED = 'WEBHOOK_DESTINATION_REFUSED';

/**
 * A delivery was not sent: its URL, or an address its host resolves to, is one deliveries may not
 * reach (functions/adapters/webhooks/destination.ts). Not retried: it is parked with this reason.
 */
export interface WebhookDestinationRefusedError extends Error {
  readonly name: 'WebhookDestinationRefusedError';
  readonly code: typeof WEBHOOK_DESTINATION_REFUSED;
  /** The URL or host refused. */
  readonly destination: string;
  readonly reason: string;
}

/** Builds a `WebhookDestinationRefusedError`. */
export const webhookDestinationRefusedError = (
  destination: string,
  reason: string,
): WebhookDestinationRefusedError =>
  codedError(
    'WebhookDestinationRefusedError',
    WEBHOOK_DESTINATION_REFUSED,
    `Destination refused: ${destination}: ${reason}`,
    { destination, reason },
  );

export const isWebhookDestinationRefusedError =
  isErrorWithCode<WebhookDestinationRefusedError>(WEBHOOK_DESTINATION_REFUSED);
