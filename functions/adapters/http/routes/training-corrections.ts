import { correctAttendance, withdrawModuleCompletion } from '../../../application/commands/training.js';
import { rolloutScope } from '../../../application/scope.js';
import { CorrectAttendanceInput, WithdrawModuleCompletionInput } from '../../../domain/training/commands.js';
import { handlerRoute } from '../command.js';
import type { HttpRoute } from '../route.js';
import { BeneficiaryParams, MINISTRY_OR_COORDINATOR } from './common.js';

// Corrections (ADR 0082): a wrong record is put right by a new event with its reason, by the
// ministry or the region's coordinator (the actor is the token's subject); never by a rewrite.
// Each route group has its own file, so a function bundles only its own commands.

const fromRolloutPath = ({ input }: { input: { params: { rolloutId: string } } }) =>
  rolloutScope(input.params.rolloutId);

/** Corrections of an association's axis-1 records (the training route group). */
export const trainingCorrectionRoutes: readonly HttpRoute[] = [
  handlerRoute(correctAttendance)({
    method: 'POST',
    path: '/rollouts/{rolloutId}/beneficiaries/{associationId}/attendance-corrections',
    operationId: 'correctAttendance',
    summary:
      "Correct a member's recorded attendance at a session, with the reason; a completion that falls below the threshold is withdrawn",
    tags: ['training', 'corrections'],
    access: MINISTRY_OR_COORDINATOR,
    request: {
      params: BeneficiaryParams,
      body: CorrectAttendanceInput.omit({ rolloutId: true, associationId: true }),
    },
    data: ({ params, body }) => ({ ...body, ...params }),
    scope: fromRolloutPath,
  }),
  handlerRoute(withdrawModuleCompletion)({
    method: 'POST',
    path: '/rollouts/{rolloutId}/beneficiaries/{associationId}/completion-withdrawals',
    operationId: 'withdrawModuleCompletion',
    summary:
      "Withdraw a member's module completion recorded wrongly, with the reason (a training certificate issued on it is revoked)",
    tags: ['training', 'corrections'],
    access: MINISTRY_OR_COORDINATOR,
    request: {
      params: BeneficiaryParams,
      body: WithdrawModuleCompletionInput.omit({ rolloutId: true, associationId: true }),
    },
    data: ({ params, body }) => ({ ...body, ...params }),
    scope: fromRolloutPath,
  }),
];
