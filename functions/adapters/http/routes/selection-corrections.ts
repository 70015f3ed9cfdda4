import { Id } from '../../../../events/reference.js';
import { correctApplication } from '../../../application/commands/calls.js';
import { correctScores } from '../../../application/commands/committee.js';
import { rolloutScope } from '../../../application/scope.js';
import type { CallState } from '../../../domain/call/call.js';
import { CorrectApplicationInput } from '../../../domain/call/commands.js';
import { CorrectScoresInput } from '../../../domain/committee/commands.js';
import { handlerRoute } from '../command.js';
import type { HttpRoute } from '../route.js';
import { CallParams, MINISTRY_OR_COORDINATOR } from './common.js';

// Corrections (ADR 0082): a wrong record is put right by a new event with its reason, by the
// ministry or the region's coordinator (the actor is the token's subject); never by a rewrite.
// Each route group has its own file, so a function bundles only its own commands.

/** A regional call belongs to its rollout's region; the national call to no coordinator. */
const callRegionScope = (state: CallState) =>
  state.status === 'not-opened'
    ? {}
    : { ...rolloutScope(state.rolloutId), region: state.regionCode ?? undefined };

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
