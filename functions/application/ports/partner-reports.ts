/**
 * Ports of inbound partner webhooks: who the partners are and their secrets, which deliveries were
 * already received, and where refusals leave their trace.
 */

/** One signing secret of a partner: `whsec_…` (base64), active or retired by a rotation. */
export interface PartnerSecret {
  readonly secretId: string;
  readonly secret: string;
  /** Retired secrets never verify; they are kept only to name a rotated-out delivery as such. */
  readonly status: 'active' | 'retired';
}

/** A partner (an operator association) allowed to call its webhook endpoint, and its scope. */
export interface PartnerRecord {
  readonly partnerId: string;
  /** The operator association the partner acts for. */
  readonly associationId: string;
  /** The only rollout it may report for. */
  readonly rolloutId: string;
  readonly secrets: readonly PartnerSecret[];
}

/** Where partners and their secrets live: in memory or DynamoDB locally, Secrets Manager on AWS. */
export interface PartnerRegistry {
  find(partnerId: string): Promise<PartnerRecord | undefined>;
}

/**
 * Remembers webhook ids received per partner (at least three days), so a replay is refused: the
 * ids of deliveries that recorded nothing (refused by a rule, or nothing new). A delivery that
 * records something is remembered by its commit, whose command id names it (ADR 0145).
 */
export interface WebhookDeliveryLog {
  /** Records the delivery; false when this partner's webhook id was already received. */
  claim(partnerId: string, webhookId: string, now: string): Promise<boolean>;
}

/** Why an inbound delivery was refused. */
export type WebhookRefusalReason =
  | 'UNKNOWN_PARTNER'
  | 'MISSING_SIGNATURE_HEADERS'
  | 'FORGED_SIGNATURE'
  | 'ROTATED_OUT_SECRET'
  | 'STALE_TIMESTAMP'
  | 'REPLAYED_DELIVERY'
  | 'CROSS_PARTNER_REPORT';

/** The trace a refused delivery leaves (never its body: it may be forged or hold anything). */
export interface WebhookRefusal {
  readonly partnerId: string;
  readonly webhookId: string | undefined;
  readonly reason: WebhookRefusalReason;
  readonly correlationId: string;
  readonly at: string;
}

/** Security records of refused deliveries (besides the warn log and the metric). */
export interface SecurityTrace {
  record(refusal: WebhookRefusal): Promise<void>;
}

/** What the inbound webhook route needs besides the event store. */
export interface InboundWebhookDependencies {
  readonly partners: PartnerRegistry;
  readonly deliveries: WebhookDeliveryLog;
  readonly security: SecurityTrace;
}

/** Partition key of a received delivery in the event table. */
export const webhookDeliveryKey = (partnerId: string, webhookId: string): string =>
  `webhook#${partnerId}#${webhookId}`;

/** Partition key of a partner's record (scope and secrets) in the event table. */
export const partnerSecretKey = (partnerId: string): string => `partner-secret#${partnerId}`;

/** Deliveries are remembered this long: the Standard Webhooks retry schedule ends well within it. */
export const DELIVERY_RETENTION_SECONDS = 7 * 24 * 60 * 60;
