import * as z from 'zod';
import { Id } from '../../../../events/reference.js';
import {
  replaceBeneficiary,
  replaceMember,
  withdrawBeneficiary,
} from '../../../application/commands/training.js';
import { rolloutScope } from '../../../application/scope.js';
import { ReplaceMemberInput, WithdrawBeneficiaryInput } from '../../../domain/enrolment/commands.js';
import { handlerRoute } from '../command.js';
import type { HttpRoute } from '../route.js';
import { BeneficiaryParams, MINISTRY_OR_COORDINATOR } from './common.js';

// Changes of a rollout's beneficiaries: an association withdraws or is excluded, the reserve of the
// beneficiary call replaces it, a member leaves and is replaced (docs/adr/0085-beneficiaries-change.md).

const fromRolloutPath = ({ input }: { input: { params: { rolloutId: string } } }) =>
  rolloutScope(input.params.rolloutId);

/** Path parameters `{rolloutId}`, `{associationId}` and `{memberId}`. */
const MemberParams = z.strictObject({ rolloutId: Id, associationId: Id, memberId: Id });

/** Routes that record a change of the beneficiaries (the ministry, or the region's coordinator). */
export const enrolmentChangeRoutes: readonly HttpRoute[] = [
  handlerRoute(withdrawBeneficiary)({
    method: 'POST',
    path: '/rollouts/{rolloutId}/beneficiaries/{associationId}/withdrawal',
    operationId: 'withdrawBeneficiary',
    summary:
      'Record that an enrolled association withdrew, or exclude it (the ministry only), with the reason',
    tags: ['enrolment'],
    access: MINISTRY_OR_COORDINATOR,
    request: {
      params: BeneficiaryParams,
      body: WithdrawBeneficiaryInput.omit({ rolloutId: true, associationId: true }),
    },
    data: ({ params, body }) => ({ ...body, ...params }),
    scope: fromRolloutPath,
  }),
  handlerRoute(replaceBeneficiary)({
    method: 'POST',
    path: '/rollouts/{rolloutId}/beneficiaries/{associationId}/replacement',
    operationId: 'replaceBeneficiary',
    summary: "Replace an association that left by the next one of the beneficiary call's ranked reserve",
    tags: ['enrolment'],
    access: MINISTRY_OR_COORDINATOR,
    request: { params: BeneficiaryParams },
    data: ({ params }) => ({ rolloutId: params.rolloutId, associationId: params.associationId }),
    scope: fromRolloutPath,
  }),
  handlerRoute(replaceMember)({
    method: 'POST',
    path: '/rollouts/{rolloutId}/beneficiaries/{associationId}/members/{memberId}/replacement',
    operationId: 'replaceMember',
    summary: 'A member leaves an enrolled association; another (by id) takes their place for the same topic',
    tags: ['enrolment'],
    access: MINISTRY_OR_COORDINATOR,
    request: {
      params: MemberParams,
      body: ReplaceMemberInput.omit({ rolloutId: true, associationId: true, leavingMemberId: true }),
    },
    data: ({ params, body }) => ({
      rolloutId: params.rolloutId,
      associationId: params.associationId,
      leavingMemberId: params.memberId,
      ...body,
    }),
    scope: fromRolloutPath,
  }),
];
