import { createHash, randomBytes } from 'node:crypto';
import * as z from 'zod';
import type { BusEvent } from '../../application/bus/event-shape.js';
import { type EventPattern, validatePattern } from '../../application/bus/pattern.js';
import { withoutOfficers } from '../http/event-access.js';
import { PUBLIC_DESTINATIONS_ONLY, refusedUrlReason } from './destination.js';
import { invalidWebhookSubscriptionError } from './errors.js';

/**
 * A partner's subscription: the events it wants (any of its patterns, matched like EventBridge
 * rules), where to send them, and the secret deliveries are signed with. Locally the secret is
 * kept in the table with the subscription; on AWS it lives in Secrets Manager (see ADR 0020).
 */
export interface WebhookSubscription {
  readonly id: string;
  /** The partner organisation (an id, never a person). */
  readonly partnerId: string;
  readonly eventPatterns: readonly EventPattern[];
  readonly url: string;
  /** A Standard Webhooks signing secret: `whsec_` then base64 of 24 to 64 random bytes. */
  readonly secret: string;
  readonly active: boolean;
  readonly createdAt: string;
}

const SIGNING_SECRET = /^whsec_[A-Za-z0-9+/]+={0,2}$/;

/**
 * Where a partner's deliveries go: a public https URL, without credentials, naming no loopback,
 * private, link-local or reserved address (destination.ts; the host is resolved and checked again
 * at each delivery). Local development and tests reach this machine only through the dispatcher's
 * own option, never through a stored subscription.
 */
export const WebhookUrl = z
  .url()
  .max(2_000)
  .superRefine((url, context) => {
    const reason = refusedUrlReason(url, PUBLIC_DESTINATIONS_ONLY);
    if (reason !== undefined) context.addIssue({ code: 'custom', message: reason });
  });

/** The zod schema of a subscription; event patterns are checked by `validatePattern` as well. */
export const WebhookSubscriptionSchema = z.strictObject({
  id: z.string().min(1).max(200),
  partnerId: z.string().min(1).max(200),
  eventPatterns: z.array(z.record(z.string(), z.unknown())).min(1).max(20),
  url: WebhookUrl,
  secret: z
    .string()
    .regex(SIGNING_SECRET, 'must be whsec_ followed by base64')
    .refine((secret) => {
      const bytes = Buffer.from(secret.slice('whsec_'.length), 'base64').length;
      return bytes >= 24 && bytes <= 64;
    }, 'must hold 24 to 64 bytes'),
  active: z.boolean(),
  createdAt: z.iso.datetime(),
});

/** Checks a subscription (fields and event patterns); throws `InvalidWebhookSubscriptionError`. */
export const parseWebhookSubscription = (input: unknown): WebhookSubscription => {
  const parsed = WebhookSubscriptionSchema.safeParse(input);
  if (!parsed.success) {
    throw invalidWebhookSubscriptionError(
      parsed.error.issues.map((issue) => ({ path: issue.path.join('.'), message: issue.message })),
    );
  }
  const patternIssues = parsed.data.eventPatterns.flatMap((pattern, index) =>
    validatePattern(pattern).map((problem) => ({
      path: `eventPatterns.${index}${problem.path ? `.${problem.path}` : ''}`,
      message: problem.message,
    })),
  );
  if (patternIssues.length > 0) throw invalidWebhookSubscriptionError(patternIssues);
  return parsed.data as WebhookSubscription;
};

/** A fresh signing secret (32 random bytes), to hand to the partner once. */
export const generateSigningSecret = (): string => `whsec_${randomBytes(32).toString('base64')}`;

/**
 * The Standard Webhooks `webhook-id` of an event for a subscription: the same on every retry and
 * replay, so a partner de-duplicates by it; different per subscription.
 */
export const webhookIdFor = (subscriptionId: string, eventId: string): string =>
  `msg_${createHash('sha256').update(`${subscriptionId}\n${eventId}`).digest('hex').slice(0, 32)}`;

/**
 * The body a partner receives, in the Standard Webhooks shape `{ type, timestamp, data }`. `data`
 * is the event's envelope without the actor, and its data without the finance officers who acted
 * (partners do not need the ids of ministry staff; the feed shows them to the ministry only).
 */
export const webhookPayload = (event: BusEvent) => {
  const { actor: _actor, ...envelope } = event.detail;
  return {
    type: event['detail-type'],
    timestamp: event.detail.occurredAt,
    data: { ...envelope, data: withoutOfficers(envelope.data) },
  };
};
