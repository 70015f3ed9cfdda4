import { Id } from '../../../../events/reference.js';
import { correctTranchePayment } from '../../../application/commands/grants.js';
import { CorrectTranchePaymentInput } from '../../../domain/grants/commands.js';
import { handlerRoute } from '../command.js';
import type { HttpRoute } from '../route.js';
import { PathNumber, RolloutParams } from './common.js';

// Corrections (ADR 0082): a wrong record is put right by a new event with its reason, by the
// ministry or the region's coordinator (the actor is the token's subject); never by a rewrite.
// Each route group has its own file, so a function bundles only its own commands.

/** Corrections of a rollout's payment records (the grants route group). */
export const grantCorrectionRoutes: readonly HttpRoute[] = [
  handlerRoute(correctTranchePayment)({
    method: 'POST',
    path: '/rollouts/{rolloutId}/grants/{grantId}/tranches/{trancheNumber}/payment-corrections',
    operationId: 'correctTranchePayment',
    summary:
      "Correct a paid tranche's payment record (the transfer's reference or date), with the reason (a finance payer)",
    tags: ['grants', 'corrections'],
    access: { roles: ['finance-payer'] },
    request: {
      params: RolloutParams.extend({ grantId: Id, trancheNumber: PathNumber }),
      body: CorrectTranchePaymentInput.omit({ rolloutId: true, grantId: true, trancheNumber: true }),
    },
    data: ({ params, body }) => ({ ...body, ...params }),
  }),
];
