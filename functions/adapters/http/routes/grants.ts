import * as z from 'zod';
import { Id } from '../../../../events/reference.js';
import {
  amendGrant,
  approveTranche,
  awardGrant,
  cancelGrant,
  commitCoFunderBudget,
  payTranche,
  recordTrancheRefund,
  rejectTranche,
  requestTranche,
} from '../../../application/commands/grants.js';
import { loadStream } from '../../../application/execute-command.js';
import { rolloutScope } from '../../../application/scope.js';
import {
  AmendGrantInput,
  ApproveTrancheInput,
  AwardGrantInput,
  CancelGrantInput,
  CommitCoFunderBudgetInput,
  PayTrancheInput,
  RecordTrancheRefundInput,
  RejectTrancheInput,
  RequestTrancheInput,
} from '../../../domain/grants/commands.js';
import {
  coFunderLedger,
  grantsDecider,
  grantsInOrder,
  grantsStreamId,
  ledgerTotals,
  paidOfGrant,
  refundedOfGrant,
} from '../../../domain/grants/grants.js';
import { rolloutDecider } from '../../../domain/rollout/rollout.js';
import { handlerRoute, queryRoute } from '../command.js';
import type { HttpRoute } from '../route.js';
import { reportViewsOf, TrancheStatusView } from './association-grants.js';
import { MINISTRY, PathNumber, RolloutParams } from './common.js';

const TrancheParams = RolloutParams.extend({ grantId: Id, trancheNumber: PathNumber });
const trancheOf = (params: { rolloutId: string; grantId: string; trancheNumber: number }) => ({
  rolloutId: params.rolloutId,
  grantId: params.grantId,
  trancheNumber: params.trancheNumber,
});

const Amounts = z.strictObject({
  committed: z.number().int(),
  awarded: z.number().int(),
  /** What the associations hold: paid out less refunded. */
  paid: z.number().int(),
  paidOut: z.number().int(),
  refunded: z.number().int(),
  remaining: z.number().int(),
});

const BilingualText = z.strictObject({ fr: z.string(), ar: z.string() });

/**
 * A rollout's grants (axis 3): co-funders' budgets, grants and tranches. Amounts are public data
 * (circular 4/2016); who prepared, approved and paid, and the evidence, are shown to the ministry,
 * the region's coordinator and finance officers only.
 */
export const GrantsView = z
  .strictObject({
    rolloutId: z.string(),
    totals: Amounts,
    coFunders: z.array(
      Amounts.extend({ coFunderId: z.string(), name: z.strictObject({ fr: z.string(), ar: z.string() }) }),
    ),
    grants: z.array(
      z.strictObject({
        grantId: z.string(),
        associationId: z.string(),
        amount: z.number().int(),
        status: z.enum(['active', 'cancelled']),
        purpose: BilingualText.nullable(),
        deliverables: z.array(
          z.strictObject({ deliverable: z.string(), label: BilingualText, dueBy: z.string() }),
        ),
        instrument: z.enum(['decision', 'convention']),
        /** What the association holds: paid less refunded. */
        paid: z.number().int(),
        refunded: z.number().int(),
        amendments: z.number().int(),
        tranches: z.array(
          z.strictObject({
            trancheNumber: z.number().int(),
            amount: z.number().int(),
            status: TrancheStatusView,
            refunded: z.number().int(),
            preparerId: z.string().nullable().optional(),
            approverId: z.string().nullable().optional(),
            payerId: z.string().nullable().optional(),
            evidence: z.array(z.strictObject({ evidence: z.string(), documentId: z.string() })).optional(),
            rejections: z.number().int().optional(),
          }),
        ),
        /** The association's reports with their evidence (its portal; not shown to readers). */
        reports: z
          .array(
            z.strictObject({
              reportId: z.string(),
              trancheNumber: z.number().int(),
              deliverable: z.string().nullable(),
              summary: z.strictObject({ language: z.enum(['fr', 'ar']), text: z.string() }),
              evidence: z.array(
                z.strictObject({
                  documentId: z.string(),
                  sha256: z.string(),
                  sizeBytes: z.number().int(),
                  contentType: z.string(),
                }),
              ),
            }),
          )
          .optional(),
      }),
    ),
    version: z.number().int(),
  })
  .meta({ id: 'Grants' });

const FINANCE = ['finance-preparer', 'finance-approver', 'finance-payer'] as const;

/** Routes of axis 3: co-funders' budgets, grant awards and tranches (segregation of duties). */
export const grantRoutes: readonly HttpRoute[] = [
  handlerRoute(commitCoFunderBudget)({
    method: 'POST',
    path: '/rollouts/{rolloutId}/co-funders/{coFunderId}/commitments',
    operationId: 'commitCoFunderBudget',
    summary: "Record a co-funder's budget commitment (or top-up) to the rollout's grants",
    tags: ['grants'],
    access: MINISTRY,
    request: {
      params: RolloutParams.extend({ coFunderId: Id }),
      body: CommitCoFunderBudgetInput.omit({ rolloutId: true, coFunderId: true }),
    },
    data: ({ params, body }) => ({ ...body, ...params }),
  }),
  handlerRoute(awardGrant)({
    method: 'POST',
    path: '/rollouts/{rolloutId}/grants',
    operationId: 'awardGrant',
    summary: 'Award a grant to a beneficiary association that completed the training',
    tags: ['grants'],
    access: MINISTRY,
    request: { params: RolloutParams, body: AwardGrantInput.omit({ rolloutId: true }) },
    data: ({ params, body }) => ({ ...body, rolloutId: params.rolloutId }),
  }),
  handlerRoute(requestTranche)({
    method: 'POST',
    path: '/rollouts/{rolloutId}/grants/{grantId}/tranches/{trancheNumber}/request',
    operationId: 'requestTranche',
    summary: "Request a tranche's release with its evidence (a finance preparer)",
    tags: ['grants'],
    access: { roles: ['finance-preparer'] },
    request: {
      params: TrancheParams,
      body: RequestTrancheInput.omit({ rolloutId: true, grantId: true, trancheNumber: true }),
    },
    data: ({ params, body }) => ({ ...body, ...trancheOf(params) }),
  }),
  handlerRoute(approveTranche)({
    method: 'POST',
    path: '/rollouts/{rolloutId}/grants/{grantId}/tranches/{trancheNumber}/approval',
    operationId: 'approveTranche',
    summary: 'Approve a requested tranche (a finance approver, not its preparer)',
    tags: ['grants'],
    access: { roles: ['finance-approver'] },
    request: {
      params: TrancheParams,
      // Optional: an approval keyed in as it happens sends none; a past one its date (ADR 0153).
      body: ApproveTrancheInput.omit({ rolloutId: true, grantId: true, trancheNumber: true }).optional(),
    },
    data: ({ params, body }) => ({ ...body, ...trancheOf(params) }),
  }),
  handlerRoute(rejectTranche)({
    method: 'POST',
    path: '/rollouts/{rolloutId}/grants/{grantId}/tranches/{trancheNumber}/rejection',
    operationId: 'rejectTranche',
    summary: 'Reject a requested tranche with a reason (a finance approver); it may be requested again',
    tags: ['grants'],
    access: { roles: ['finance-approver'] },
    request: {
      params: TrancheParams,
      body: RejectTrancheInput.omit({ rolloutId: true, grantId: true, trancheNumber: true }),
    },
    data: ({ params, body }) => ({ ...body, ...trancheOf(params) }),
  }),
  handlerRoute(payTranche)({
    method: 'POST',
    path: '/rollouts/{rolloutId}/grants/{grantId}/tranches/{trancheNumber}/payment',
    operationId: 'payTranche',
    summary: 'Pay an approved tranche (a finance payer, neither its preparer nor its approver)',
    tags: ['grants'],
    access: { roles: ['finance-payer'] },
    request: {
      params: TrancheParams,
      body: PayTrancheInput.omit({ rolloutId: true, grantId: true, trancheNumber: true }),
    },
    data: ({ params, body }) => ({ ...body, ...trancheOf(params) }),
  }),
  handlerRoute(amendGrant)({
    method: 'POST',
    path: '/rollouts/{rolloutId}/grants/{grantId}/amendments',
    operationId: 'amendGrant',
    summary: "Amend a grant's amount, shares and schedule of unpaid tranches, with a reason (the ministry)",
    tags: ['grants'],
    access: MINISTRY,
    request: {
      params: RolloutParams.extend({ grantId: Id }),
      body: AmendGrantInput.omit({ rolloutId: true, grantId: true }),
    },
    data: ({ params, body }) => ({ ...body, ...params }),
  }),
  handlerRoute(recordTrancheRefund)({
    method: 'POST',
    path: '/rollouts/{rolloutId}/grants/{grantId}/tranches/{trancheNumber}/refunds',
    operationId: 'recordTrancheRefund',
    summary: 'Record money of a paid tranche coming back, returned or recovered (a finance payer)',
    tags: ['grants'],
    access: { roles: ['finance-payer'] },
    request: {
      params: TrancheParams,
      body: RecordTrancheRefundInput.omit({ rolloutId: true, grantId: true, trancheNumber: true }),
    },
    data: ({ params, body }) => ({ ...body, ...trancheOf(params) }),
  }),
  handlerRoute(cancelGrant)({
    method: 'POST',
    path: '/rollouts/{rolloutId}/grants/{grantId}/cancellation',
    operationId: 'cancelGrant',
    summary:
      'Cancel a grant with a reason: unpaid tranches dropped, what was paid accounted for (the ministry)',
    tags: ['grants'],
    access: MINISTRY,
    request: {
      params: RolloutParams.extend({ grantId: Id }),
      body: CancelGrantInput.omit({ rolloutId: true, grantId: true }),
    },
    data: ({ params, body }) => ({ ...body, ...params }),
  }),
  queryRoute({
    method: 'GET',
    path: '/rollouts/{rolloutId}/grants',
    operationId: 'getGrants',
    summary: "A rollout's co-funders, grants and tranches",
    tags: ['grants'],
    access: { roles: ['ministry', 'coordinator', ...FINANCE, 'reader'] },
    request: { params: RolloutParams },
    load: async ({ params }, deps) => {
      const rollout = await loadStream(deps.store, params.rolloutId, rolloutDecider);
      if (rollout.state.status === 'not-launched') return undefined;
      const grants = await loadStream(deps.store, grantsStreamId(params.rolloutId), grantsDecider);
      return { rolloutId: params.rolloutId, ...grants };
    },
    scope: ({ resource }) => rolloutScope(resource.rolloutId),
    respond: ({ resource, role }) => {
      const detailed = role !== 'reader';
      return {
        rolloutId: resource.rolloutId,
        totals: ledgerTotals(resource.state),
        coFunders: coFunderLedger(resource.state),
        grants: grantsInOrder(resource.state).map((grant) => ({
          grantId: grant.grantId,
          associationId: grant.associationId,
          amount: grant.amount,
          status: grant.status,
          purpose: grant.purpose,
          deliverables: grant.deliverables.map((item) => ({ ...item })),
          instrument: grant.instrument.kind,
          paid: paidOfGrant(grant),
          refunded: refundedOfGrant(grant),
          amendments: grant.amendments,
          tranches: grant.tranches.map((tranche) => ({
            trancheNumber: tranche.trancheNumber,
            amount: tranche.amount,
            status: tranche.status,
            refunded: tranche.refunded,
            ...(detailed
              ? {
                  preparerId: tranche.preparerId,
                  approverId: tranche.approverId,
                  payerId: tranche.payerId,
                  evidence: tranche.evidence.map((item) => ({ ...item })),
                  rejections: tranche.rejections,
                }
              : {}),
          })),
          ...(detailed
            ? {
                reports: reportViewsOf(grant),
              }
            : {}),
        })),
        version: resource.version,
      };
    },
    response: GrantsView,
    etag: (resource) => resource.version,
  }),
];
