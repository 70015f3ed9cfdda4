import { rolloutScope } from '../../app/scope.js';
import { CorrectScoresInput } from '../../domain/committee/commands.js';
import { committeeDecider, committeeStreamId } from '../../domain/committee/committee.js';
import { CorrectAttendanceInput, WithdrawModuleCompletionInput } from '../../domain/training/commands.js';
import { trainingDecider, trainingStreamId } from '../../domain/training/training.js';
import { commandRoute } from '../command.js';
import type { HttpRoute } from '../route.js';
import { BeneficiaryParams, CallParams, MINISTRY_OR_COORDINATOR } from './common.js';

// Corrections (ADR 0082): a wrong record is put right by a new event with its reason, by the
// ministry or the region's coordinator (the actor is the token's subject); never by a rewrite.

const trainingCommand = commandRoute(trainingDecider);
const committeeCommand = commandRoute(committeeDecider);

const fromRolloutPath = ({ input }: { input: { params: { rolloutId: string } } }) =>
  rolloutScope(input.params.rolloutId);

/** Corrections of an association's axis-1 records (the training route group). */
export const trainingCorrectionRoutes: readonly HttpRoute[] = [
  trainingCommand({
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
    stream: ({ params }) => trainingStreamId(params.rolloutId, params.associationId),
    command: ({ params, body }) => ({ type: 'CorrectAttendance', data: { ...body, ...params } }),
    scope: fromRolloutPath,
  }),
  trainingCommand({
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
    stream: ({ params }) => trainingStreamId(params.rolloutId, params.associationId),
    command: ({ params, body }) => ({ type: 'WithdrawModuleCompletion', data: { ...body, ...params } }),
    scope: fromRolloutPath,
  }),
];

/** Corrections of a call's records (the selection route group). */
export const selectionCorrectionRoutes: readonly HttpRoute[] = [
  committeeCommand({
    method: 'POST',
    path: '/calls/{callId}/committee/score-corrections',
    operationId: 'correctScores',
    summary:
      'Correct the scores the acting committee member gave a file, before publication, with the reason (a ranking already made is withdrawn)',
    description: '409 SCORES_PUBLISHED once the selection is published: an appeal is then the way.',
    tags: ['committee', 'corrections'],
    access: { roles: ['committee-member'] },
    request: { params: CallParams, body: CorrectScoresInput.omit({ callId: true }) },
    stream: ({ params }) => committeeStreamId(params.callId),
    command: ({ params, body }) => ({ type: 'CorrectScores', data: { ...body, callId: params.callId } }),
  }),
];
