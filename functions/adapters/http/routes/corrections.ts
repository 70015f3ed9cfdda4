import { Id } from '../../../../events/reference.js';
import { correctApplication } from '../../../application/commands/calls.js';
import { correctScores } from '../../../application/commands/committee.js';
import { correctTranchePayment } from '../../../application/commands/grants.js';
import { correctAttendance, withdrawModuleCompletion } from '../../../application/commands/training.js';
import { rolloutScope } from '../../../application/scope.js';
import type { CallState } from '../../../domain/call/call.js';
import { CorrectApplicationInput } from '../../../domain/call/commands.js';
import { CorrectScoresInput } from '../../../domain/committee/commands.js';
import { CorrectTranchePaymentInput } from '../../../domain/grants/commands.js';
import { CorrectAttendanceInput, WithdrawModuleCompletionInput } from '../../../domain/training/commands.js';
import { handlerRoute } from '../command.js';
import type { HttpRoute } from '../route.js';
import {
  BeneficiaryParams,
  CallParams,
  MINISTRY_OR_COORDINATOR,
  PathNumber,
  RolloutParams,
} from './common.js';

// Corrections (ADR 0082): a wrong record is put right by a new event with its reason, by the
// ministry or the region's coordinator (the actor is the token's subject); never by a rewrite.

/** A regional call belongs to its rollout's region; the national call to no coordinator. */
const callRegionScope = (state: CallState) =>
  state.status === 'not-opened'
    ? {}
    : { ...rolloutScope(state.rolloutId), region: state.regionCode ?? undefined };

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

/** Corrections of a call's records (the selection route group). */
export const selectionCorrectionRoutes: readonly HttpRoute[] = [
  handlerRoute(correctApplication)({
    method: 'POST',
    path: '/calls/{callId}/applications/{applicationId}/corrections',
    operationId: 'correctApplication',
    summary:
      "Correct an application's record keyed in wrongly (name, province, declared facts, reception date), with the reason; its eligibility is judged again",
    description:
      '409 APPLICATION_ALREADY_RANKED once the committee ranked the files: an appeal is then the way.',
    tags: ['calls', 'corrections'],
    access: MINISTRY_OR_COORDINATOR,
    request: {
      params: CallParams.extend({ applicationId: Id }),
      body: CorrectApplicationInput.omit({ callId: true, applicationId: true }),
    },
    data: ({ params, body }) => ({ ...body, ...params }),
    scope: ({ state }) => callRegionScope(state),
  }),
  handlerRoute(correctScores)({
    method: 'POST',
    path: '/calls/{callId}/committee/score-corrections',
    operationId: 'correctScores',
    summary:
      'Correct the scores the acting committee member gave a file, before publication, with the reason (a ranking already made is withdrawn)',
    description: '409 SCORES_PUBLISHED once the selection is published: an appeal is then the way.',
    tags: ['committee', 'corrections'],
    access: { roles: ['committee-member'] },
    request: { params: CallParams, body: CorrectScoresInput.omit({ callId: true }) },
    data: ({ params, body }) => ({ ...body, callId: params.callId }),
  }),
];

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
