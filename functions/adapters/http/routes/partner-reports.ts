import { randomBytes } from 'node:crypto';
import { Webhook } from 'standardwebhooks';
import * as z from 'zod';
import { Id } from '../../../../events/reference.js';
import {
  executePartnerReport,
  partnerReportStream,
} from '../../../application/partner-reports/execute-report.js';
import { PartnerReport } from '../../../application/partner-reports/reports.js';
import type {
  InboundWebhookDependencies,
  PartnerRecord,
  WebhookRefusalReason,
} from '../../../application/ports/partner-reports.js';
import { isDomainError } from '../../../domain/shared/errors.js';
import { countMetric, logger } from '../../observability/observability.js';
import { DEFAULT_MAX_BODY_BYTES, parseJsonBody } from '../body.js';
import { accepted, CommandAccepted } from '../command.js';
import { httpError, isHttpError } from '../problem.js';
import {
  checkRouteDeclaration,
  type HttpRoute,
  type RouteDependencies,
  type RouteRequest,
} from '../route.js';
import { validatePart } from '../validation.js';

const PartnerParams = z.strictObject({ partnerId: Id });

/** A webhook id as a partner sends it (`msg_…` or a UUID), bounded so it fits in a key. */
const WEBHOOK_ID = /^[A-Za-z0-9._:-]{1,128}$/;

const REFUSAL_STATUS: Readonly<Record<WebhookRefusalReason, number>> = {
  UNKNOWN_PARTNER: 401,
  MISSING_SIGNATURE_HEADERS: 401,
  FORGED_SIGNATURE: 401,
  ROTATED_OUT_SECRET: 401,
  STALE_TIMESTAMP: 401,
  REPLAYED_DELIVERY: 409,
  CROSS_PARTNER_REPORT: 403,
};

const REFUSAL_DETAIL: Readonly<Record<WebhookRefusalReason, string>> = {
  // Never sent: an unknown partner is answered as a forged signature (or a stale timestamp).
  UNKNOWN_PARTNER: 'The delivery could not be verified',
  MISSING_SIGNATURE_HEADERS: 'webhook-id, webhook-timestamp and webhook-signature are required',
  FORGED_SIGNATURE: 'The delivery could not be verified',
  ROTATED_OUT_SECRET: 'The delivery is signed with a secret that was rotated out; sign with the current one',
  STALE_TIMESTAMP: 'webhook-timestamp is more than 5 minutes away from now',
  REPLAYED_DELIVERY: 'This webhook-id was already received',
  CROSS_PARTNER_REPORT: 'A partner reports only for its own rollout',
};

/**
 * Refuses a delivery and leaves its trace: a warn log with the reason, a metric, and a security
 * record. The body is never logged (it may be forged or hold anything). The caller is answered
 * as `answerAs` says when it differs from the reason recorded (an unknown partner, see `handle`).
 */
const refuse = async (
  webhooks: InboundWebhookDependencies,
  refusal: {
    partnerId: string;
    webhookId: string | undefined;
    reason: WebhookRefusalReason;
    correlationId: string;
    at: string;
  },
  answerAs: WebhookRefusalReason = refusal.reason,
): Promise<never> => {
  logger.warn('Inbound webhook refused', { ...refusal });
  countMetric('InboundWebhookRefused');
  countMetric(`InboundWebhookRefused${refusal.reason}`);
  await webhooks.security.record(refusal);
  throw httpError(REFUSAL_STATUS[answerAs], answerAs, REFUSAL_DETAIL[answerAs]);
};

/**
 * Stands in for a partner id nobody holds: its one secret is random and never leaves the process,
 * so nothing verifies against it, and verifying costs what it costs for a real partner.
 */
const NOBODY: PartnerRecord = {
  partnerId: 'nobody',
  associationId: 'nobody',
  rolloutId: 'nobody',
  secrets: [{ secretId: 'nobody', secret: `whsec_${randomBytes(24).toString('base64')}`, status: 'active' }],
};

type Verification = { ok: true } | { ok: false; reason: WebhookRefusalReason };

const verifies = (secret: string, body: string, headers: Record<string, string>): 'ok' | 'stale' | 'no' => {
  try {
    new Webhook(secret).verify(body, headers, { jsonParse: false });
    return 'ok';
  } catch (error) {
    return /timestamp/i.test((error as Error).message) ? 'stale' : 'no';
  }
};

/**
 * Standard Webhooks verification over the raw body with each active secret (several during a
 * rotation), the package's 5-minute tolerance on `webhook-timestamp`. A delivery that only a
 * retired secret verifies is named as such, for the partner's and the operators' sake.
 */
export const verifyDelivery = (
  partner: PartnerRecord,
  body: string,
  headers: Record<string, string>,
): Verification => {
  const active = partner.secrets.filter((secret) => secret.status === 'active');
  for (const { secret } of active) {
    const outcome = verifies(secret, body, headers);
    if (outcome === 'ok') return { ok: true };
    if (outcome === 'stale') return { ok: false, reason: 'STALE_TIMESTAMP' };
  }
  const retired = partner.secrets.filter((secret) => secret.status === 'retired');
  if (retired.some(({ secret }) => verifies(secret, body, headers) === 'ok')) {
    return { ok: false, reason: 'ROTATED_OUT_SECRET' };
  }
  return { ok: false, reason: 'FORGED_SIGNATURE' };
};

const signatureHeaders = (headers: RouteRequest['headers']) => {
  const id = headers?.['webhook-id'];
  const timestamp = headers?.['webhook-timestamp'];
  const signature = headers?.['webhook-signature'];
  if (id === undefined || timestamp === undefined || signature === undefined || !WEBHOOK_ID.test(id))
    return undefined;
  return { 'webhook-id': id, 'webhook-timestamp': timestamp, 'webhook-signature': signature };
};

const handle = async (request: RouteRequest, deps: RouteDependencies) => {
  const webhooks = deps.inboundWebhooks;
  if (webhooks === undefined) throw new Error('Inbound webhooks are not configured (deps.inboundWebhooks)');
  const { partnerId } = request.params as z.output<typeof PartnerParams>;
  const at = deps.clock();
  const trace = { partnerId, correlationId: request.correlationId, at };
  const headers = signatureHeaders(request.headers);
  if (headers === undefined) {
    return refuse(webhooks, { ...trace, webhookId: undefined, reason: 'MISSING_SIGNATURE_HEADERS' });
  }
  const webhookId = headers['webhook-id'];
  const partner = await webhooks.partners.find(partnerId);
  const body = request.rawBody ?? '';
  // An unknown partner id is verified too, against a secret nobody holds, and answered as that
  // verification says (a forged signature, or a stale timestamp): from outside, an id nobody
  // holds and a real partner's id with a wrong signature look the same, status, code, detail
  // and about the time taken, so partner ids cannot be enumerated. The trace keeps the truth.
  const verification = verifyDelivery(partner ?? NOBODY, body, headers);
  if (partner === undefined) {
    const answerAs = verification.ok ? 'FORGED_SIGNATURE' : verification.reason;
    return refuse(webhooks, { ...trace, webhookId, reason: 'UNKNOWN_PARTNER' }, answerAs);
  }
  if (!verification.ok) return refuse(webhooks, { ...trace, webhookId, reason: verification.reason });

  // Signed by the partner: now the body is read and checked like any request's.
  const json = parseJsonBody(
    { body, isBase64Encoded: false, contentType: request.headers?.['content-type'] },
    DEFAULT_MAX_BODY_BYTES,
  );
  const report = validatePart('body', PartnerReport, json);
  if (report.data.rolloutId !== partner.rolloutId) {
    return refuse(webhooks, { ...trace, webhookId, reason: 'CROSS_PARTNER_REPORT' });
  }
  // The delivery's id is the command id of the append it causes: the commit is the guard, and a
  // replay meets it (a duplicate append, or a refusal of a commit it finds). Only a delivery that
  // records nothing (a rule's refusal, nothing new) writes a guard of its own (ADR 0145).
  const commandId = `webhook:${partnerId}:${webhookId}`;
  const replayed = () => refuse(webhooks, { ...trace, webhookId, reason: 'REPLAYED_DELIVERY' });
  /** Whether a delivery that records nothing now was received before: committed, or guarded. */
  const receivedBefore = async (): Promise<boolean> => {
    const streamId = partnerReportStream(report);
    if (streamId !== undefined && (await deps.store.commandResult(streamId, commandId)) !== undefined)
      return true;
    return !(await webhooks.deliveries.claim(partnerId, webhookId, at));
  };
  let outcome: Awaited<ReturnType<typeof executePartnerReport>>;
  try {
    outcome = await executePartnerReport(deps, report, {
      actor: { id: partnerId, role: 'partner' },
      correlationId: request.correlationId,
      commandId,
    });
  } catch (error) {
    // A rule's refusal is final (a retry would be refused again), unless the delivery was
    // received before; anything else may pass next time, and leaves nothing to forget.
    if ((isDomainError(error) || (isHttpError(error) && error.status < 500)) && (await receivedBefore()))
      return replayed();
    throw error;
  }
  if (outcome.duplicate || (outcome.events.length === 0 && (await receivedBefore()))) return replayed();
  countMetric('InboundWebhookAccepted');
  return accepted(outcome);
};

const route: HttpRoute = {
  kind: 'command',
  method: 'POST',
  path: '/webhooks/partners/{partnerId}',
  operationId: 'receivePartnerReport',
  summary: "Receive a partner's report (session, attendance, completion, trainer module, cascade session)",
  description:
    'Signed per Standard Webhooks with one of the partner’s active secrets; deliveries are deduplicated ' +
    'by webhook-id (a recorded report for good, one that recorded nothing for 7 days); a partner ' +
    'reports only for its own rollout',
  tags: ['webhooks'],
  access: { signature: 'standard-webhooks', roles: ['partner'] },
  request: { params: PartnerParams, body: PartnerReport },
  responses: {
    200: { description: 'Recorded (or nothing new to record)', schema: CommandAccepted, etag: true },
    201: { description: 'Recorded; the stream was created', schema: CommandAccepted, etag: true },
  },
  handle,
};
checkRouteDeclaration(route, true);

/** The inbound webhook routes: one endpoint per partner. */
export const partnerWebhookRoutes: readonly HttpRoute[] = [route];
