import * as z from 'zod';
import { Id } from '../../../../events/reference.js';
import type { EventPattern } from '../../../application/bus/pattern.js';
import type {
  PartnerRecord,
  PartnerRegistry,
  PartnerSecret,
} from '../../../application/ports/partner-reports.js';
import type { DeliveryOutcome } from '../../webhooks/dispatcher.js';
import { isInvalidWebhookSubscriptionError } from '../../webhooks/errors.js';
import type { OutboundWebhookStore, ParkedDelivery } from '../../webhooks/store.js';
import { generateSigningSecret, parseWebhookSubscription, WebhookUrl } from '../../webhooks/subscription.js';
import { httpError } from '../problem.js';
import {
  checkRouteDeclaration,
  type HttpRoute,
  type RouteDependencies,
  type RouteRequest,
} from '../route.js';
import { MINISTRY } from './common.js';
import { RegisterSecretBody } from './partner-bodies.js';

// The ministry's administration of partners (operator associations): the secrets a partner signs
// its inbound webhooks with (rotation: add a new secret, retire an old one) and its subscriptions
// to outbound deliveries. A secret is shown once, in the answer that creates it; reads show ids.

/** A partner registry the ministry can write to (the DynamoDB and in-memory adapters can). */
export interface WritablePartnerRegistry extends PartnerRegistry {
  put(partner: PartnerRecord): Promise<void>;
}

/** What the partner routes need besides the store; the runtime passes them in its dependencies. */
export interface PartnerAdministrationDependencies {
  readonly partnerAdministration: {
    readonly partners: WritablePartnerRegistry;
    readonly subscriptions: OutboundWebhookStore;
    /** The outbound dispatcher's parked deliveries and their replay. */
    readonly deliveries: ParkedDeliveries;
  };
}

/** What the partner routes need: the store and the partner administration. */
export type PartnerRouteDependencies = RouteDependencies & PartnerAdministrationDependencies;

/** What the replay route needs of the outbound dispatcher. */
export interface ParkedDeliveries {
  listParked(): Promise<readonly ParkedDelivery[]>;
  replay(webhookId: string): Promise<DeliveryOutcome>;
}

const partnersOf = (deps: PartnerRouteDependencies): WritablePartnerRegistry =>
  deps.partnerAdministration.partners;

const subscriptionsOf = (deps: PartnerRouteDependencies): OutboundWebhookStore =>
  deps.partnerAdministration.subscriptions;

const deliveriesOf = (deps: PartnerRouteDependencies): ParkedDeliveries =>
  deps.partnerAdministration.deliveries;

const PartnerParams = z.strictObject({ partnerId: Id });
const SecretParams = z.strictObject({ partnerId: Id, secretId: Id });
const SubscriptionParams = z.strictObject({ partnerId: Id, subscriptionId: Id });

const PartnerSecrets = z
  .strictObject({
    partnerId: z.string(),
    associationId: z.string(),
    rolloutId: z.string(),
    secrets: z.array(z.strictObject({ secretId: z.string(), status: z.enum(['active', 'retired']) })),
  })
  .meta({ id: 'PartnerSecrets' });

const NewPartnerSecret = PartnerSecrets.extend({
  secretId: z.string(),
  /** The new Standard Webhooks secret (`whsec_…`), shown this once. */
  secret: z.string(),
}).meta({ id: 'NewPartnerSecret' });

const SubscribeBody = z.strictObject({
  /** Where deliveries are POSTed: a public https URL (no credentials, no private or loopback host). */
  url: WebhookUrl,
  /** The event types delivered (a shorthand for one `detail-type` pattern). */
  eventTypes: z.array(z.string().min(1).max(100)).min(1).max(100).optional(),
  /** EventBridge-style patterns, for finer choices; with `eventTypes`, either matches. */
  eventPatterns: z.array(z.record(z.string(), z.unknown())).min(1).max(20).optional(),
  active: z.boolean().optional(),
  /** Replaces the signing secret of an existing subscription (a new one is shown once). */
  rotateSecret: z.boolean().optional(),
});

const Subscription = z
  .strictObject({
    subscriptionId: z.string(),
    partnerId: z.string(),
    url: z.string(),
    eventPatterns: z.array(z.record(z.string(), z.unknown())),
    active: z.boolean(),
    createdAt: z.string(),
    /** The signing secret, only in the answer that creates or rotates it. */
    secret: z.string().optional(),
  })
  .meta({ id: 'PartnerSubscription' });

const secretsView = (partner: PartnerRecord) =>
  PartnerSecrets.parse({
    partnerId: partner.partnerId,
    associationId: partner.associationId,
    rolloutId: partner.rolloutId,
    secrets: partner.secrets.map(({ secretId, status }) => ({ secretId, status })),
  });

const registerSecret = async (request: RouteRequest, deps: PartnerRouteDependencies) => {
  const { partnerId } = request.params as z.output<typeof PartnerParams>;
  const body = request.body as z.output<typeof RegisterSecretBody>;
  const partners = partnersOf(deps);
  const existing = await partners.find(partnerId);
  if (existing === undefined && (body.associationId === undefined || body.rolloutId === undefined)) {
    throw httpError(422, 'PARTNER_SCOPE_REQUIRED', 'A new partner needs its associationId and rolloutId');
  }
  if (
    existing !== undefined &&
    ((body.associationId !== undefined && body.associationId !== existing.associationId) ||
      (body.rolloutId !== undefined && body.rolloutId !== existing.rolloutId))
  ) {
    throw httpError(409, 'PARTNER_SCOPE_CONFLICT', 'This partner acts for another association or rollout');
  }
  const known = new Set(existing?.secrets.map((secret) => secret.secretId) ?? []);
  const unknown = (body.retireSecretIds ?? []).filter((secretId) => !known.has(secretId));
  if (unknown.length > 0) {
    throw httpError(404, 'PARTNER_SECRET_NOT_FOUND', `No secret ${unknown.join(', ')} for this partner`);
  }
  const retire = new Set(body.retireSecretIds ?? []);
  const fresh: PartnerSecret = {
    secretId: `secret-${deps.newId()}`,
    secret: generateSigningSecret(),
    status: 'active',
  };
  const partner: PartnerRecord = {
    partnerId,
    associationId: existing?.associationId ?? (body.associationId as string),
    rolloutId: existing?.rolloutId ?? (body.rolloutId as string),
    secrets: [
      ...(existing?.secrets ?? []).map((secret) =>
        retire.has(secret.secretId) ? { ...secret, status: 'retired' as const } : secret,
      ),
      fresh,
    ],
  };
  await partners.put(partner);
  return {
    status: 201,
    body: NewPartnerSecret.parse({ ...secretsView(partner), secretId: fresh.secretId, secret: fresh.secret }),
    headers: { 'cache-control': 'no-store' },
  };
};

const retireSecret = async (request: RouteRequest, deps: PartnerRouteDependencies) => {
  const { partnerId, secretId } = request.params as z.output<typeof SecretParams>;
  const partners = partnersOf(deps);
  const existing = await partners.find(partnerId);
  if (existing === undefined || !existing.secrets.some((secret) => secret.secretId === secretId)) {
    throw httpError(404, 'PARTNER_SECRET_NOT_FOUND', 'No such secret for this partner');
  }
  const partner: PartnerRecord = {
    ...existing,
    secrets: existing.secrets.map((secret) =>
      secret.secretId === secretId ? { ...secret, status: 'retired' as const } : secret,
    ),
  };
  await partners.put(partner);
  return { status: 200, body: secretsView(partner) };
};

const readSecrets = async (request: RouteRequest, deps: PartnerRouteDependencies) => {
  const { partnerId } = request.params as z.output<typeof PartnerParams>;
  const partner = await partnersOf(deps).find(partnerId);
  if (partner === undefined) throw httpError(404, 'NOT_FOUND', 'No such resource');
  return { status: 200, body: secretsView(partner) };
};

const subscribe = async (request: RouteRequest, deps: PartnerRouteDependencies) => {
  const { partnerId, subscriptionId } = request.params as z.output<typeof SubscriptionParams>;
  const body = request.body as z.output<typeof SubscribeBody>;
  const store = subscriptionsOf(deps);
  const patterns: EventPattern[] = [
    ...(body.eventTypes === undefined ? [] : [{ 'detail-type': [...body.eventTypes] }]),
    ...((body.eventPatterns ?? []) as EventPattern[]),
  ];
  if (patterns.length === 0) {
    throw httpError(422, 'SUBSCRIPTION_MATCHES_NOTHING', 'Give eventTypes or eventPatterns');
  }
  const existing = await store.getSubscription(subscriptionId);
  if (existing !== undefined && existing.partnerId !== partnerId) {
    throw httpError(
      409,
      'SUBSCRIPTION_OF_ANOTHER_PARTNER',
      'This subscription id belongs to another partner',
    );
  }
  const newSecret =
    existing === undefined || body.rotateSecret === true ? generateSigningSecret() : undefined;
  let subscription: ReturnType<typeof parseWebhookSubscription>;
  try {
    subscription = parseWebhookSubscription({
      id: subscriptionId,
      partnerId,
      eventPatterns: patterns,
      url: body.url,
      secret: newSecret ?? existing?.secret,
      active: body.active ?? true,
      createdAt: existing?.createdAt ?? deps.clock(),
    });
  } catch (error) {
    if (!isInvalidWebhookSubscriptionError(error)) throw error;
    throw httpError(422, 'INVALID_SUBSCRIPTION', 'The subscription is not valid', {
      errors: error.issues.map((issue) => ({
        pointer: `/body/${issue.path.replaceAll('.', '/')}`,
        field: `body.${issue.path}`,
        reason: issue.message,
      })),
      cause: error,
    });
  }
  await store.putSubscription(subscription);
  return {
    status: existing === undefined ? 201 : 200,
    body: Subscription.parse({
      subscriptionId: subscription.id,
      partnerId,
      url: subscription.url,
      eventPatterns: subscription.eventPatterns,
      active: subscription.active,
      createdAt: subscription.createdAt,
      ...(newSecret === undefined ? {} : { secret: newSecret }),
    }),
    headers: { 'cache-control': 'no-store' },
  };
};

const ReplayedDeliveries = z
  .object({
    partnerId: z.string(),
    replayed: z.array(
      z.object({
        webhookId: z.string(),
        outcome: z.enum(['delivered', 'parked']).describe('`parked` again when the partner still fails'),
        attempts: z.number().int(),
      }),
    ),
  })
  .meta({ id: 'ReplayedDeliveries' });

/** Delivers a partner's parked deliveries again, one after the other, under their webhook ids. */
const replayParked = async (request: RouteRequest, deps: PartnerRouteDependencies) => {
  const { partnerId } = request.params as z.output<typeof PartnerParams>;
  const deliveries = deliveriesOf(deps);
  const replayed: z.output<typeof ReplayedDeliveries>['replayed'] = [];
  for (const parked of await deliveries.listParked()) {
    if (parked.partnerId !== partnerId) continue;
    const outcome = await deliveries.replay(parked.webhookId);
    replayed.push({ webhookId: outcome.webhookId, outcome: outcome.outcome, attempts: outcome.attempts });
  }
  return { status: 200, body: ReplayedDeliveries.parse({ partnerId, replayed }) };
};

const declared = (route: HttpRoute<PartnerRouteDependencies>): HttpRoute<PartnerRouteDependencies> => {
  checkRouteDeclaration(route, false);
  return route;
};

/** The ministry's partner routes: webhook secrets (with rotation) and outbound subscriptions. */
export const partnerRoutes: readonly HttpRoute<PartnerRouteDependencies>[] = [
  declared({
    kind: 'command',
    method: 'POST',
    path: '/partners/{partnerId}/webhook-secrets',
    operationId: 'registerPartnerWebhookSecret',
    summary:
      "Add a signing secret for a partner's webhooks (creating the partner), retiring old ones if named",
    description:
      'Answers the new `whsec_…` secret once; hand it to the partner. Rotation: add a new secret, let the ' +
      'partner switch (both verify meanwhile), then retire the old one.',
    tags: ['partners'],
    access: MINISTRY,
    request: { params: PartnerParams, body: RegisterSecretBody },
    responses: { 201: { description: 'The new secret, shown once', schema: NewPartnerSecret } },
    handle: registerSecret,
  }),
  declared({
    kind: 'command',
    method: 'POST',
    path: '/partners/{partnerId}/webhook-secrets/{secretId}/retirement',
    operationId: 'retirePartnerWebhookSecret',
    summary: "Retire one of a partner's signing secrets (deliveries signed with it are refused)",
    tags: ['partners'],
    access: MINISTRY,
    request: { params: SecretParams },
    responses: { 200: { description: "The partner's secrets (ids only)", schema: PartnerSecrets } },
    handle: retireSecret,
  }),
  declared({
    kind: 'query',
    method: 'GET',
    path: '/partners/{partnerId}/webhook-secrets',
    operationId: 'getPartnerWebhookSecrets',
    summary: "A partner's scope and the ids and status of its signing secrets (never the secrets)",
    tags: ['partners'],
    access: MINISTRY,
    request: { params: PartnerParams },
    responses: { 200: { description: "The partner's secrets (ids only)", schema: PartnerSecrets } },
    handle: readSecrets,
  }),
  declared({
    kind: 'command',
    method: 'PUT',
    path: '/partners/{partnerId}/subscriptions/{subscriptionId}',
    operationId: 'subscribePartner',
    summary: 'Subscribe a partner to signed outbound deliveries of the events it names (or replace it)',
    description: 'A new subscription (or `rotateSecret`) answers its `whsec_…` signing secret once.',
    tags: ['partners'],
    access: MINISTRY,
    request: { params: SubscriptionParams, body: SubscribeBody },
    responses: {
      200: { description: 'The subscription, replaced', schema: Subscription },
      201: { description: 'The subscription and its signing secret, shown once', schema: Subscription },
    },
    handle: subscribe,
  }),
  declared({
    kind: 'command',
    method: 'POST',
    path: '/partners/{partnerId}/parked-deliveries/replay',
    operationId: 'replayParkedDeliveries',
    summary: "Deliver a partner's parked deliveries again (same webhook ids), once its endpoint answers",
    description:
      'Each parked delivery gets a fresh round of attempts with the subscription as it is now (a fixed ' +
      'URL, a rotated secret); what still fails stays parked. The runbook of the ' +
      '`OutboundDeliveriesParked` alarm (docs/operations.md).',
    tags: ['partners'],
    access: MINISTRY,
    request: { params: PartnerParams },
    responses: { 200: { description: 'What each replay gave', schema: ReplayedDeliveries } },
    handle: replayParked,
  }),
];
