import * as z from 'zod';
import { Id } from '../../../../events/reference.js';
import { beneficiaryListOf } from '../../../application/beneficiary-list.js';
import { launchedRollout } from '../../../application/facts.js';
import type { EventStore } from '../../../application/ports/event-store.js';
import { rolloutScope } from '../../../application/scope.js';
import {
  ReplaceMemberInput,
  type ReplacementFacts,
  WithdrawBeneficiaryInput,
} from '../../../domain/enrolment/commands.js';
import { enrolmentDecider, enrolmentStreamId } from '../../../domain/enrolment/enrolment.js';
import { phaseIndex } from '../../../domain/rollout/rollout.js';
import { commandRoute } from '../command.js';
import type { HttpRoute } from '../route.js';
import { BeneficiaryParams, MINISTRY_OR_COORDINATOR } from './common.js';

// Changes of a rollout's beneficiaries: an association withdraws or is excluded, the reserve of the
// beneficiary call replaces it, a member leaves and is replaced (docs/adr/0085-beneficiaries-change.md).

const enrolmentCommand = commandRoute(enrolmentDecider);

const fromRolloutPath = ({ input }: { input: { params: { rolloutId: string } } }) =>
  rolloutScope(input.params.rolloutId);

/** Path parameters `{rolloutId}`, `{associationId}` and `{memberId}`. */
const MemberParams = z.strictObject({ rolloutId: Id, associationId: Id, memberId: Id });

/** A replacement: the rollout's member target, its beneficiary call's reserve, and its phase. */
export const replacementFacts = async (store: EventStore, rolloutId: string): Promise<ReplacementFacts> => {
  const rollout = await launchedRollout(store, rolloutId);
  return {
    memberTarget: rollout.targets.membersPerAssociation,
    beneficiaryList: await beneficiaryListOf(store, rolloutId),
    trainingOpen: rollout.status === 'active' && phaseIndex(rollout.phase) <= phaseIndex('axis-1-training'),
  };
};

/** Routes that record a change of the beneficiaries (the ministry, or the region's coordinator). */
export const enrolmentChangeRoutes: readonly HttpRoute[] = [
  enrolmentCommand({
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
    stream: ({ params }) => enrolmentStreamId(params.rolloutId),
    command: async ({ params, body }, { deps }) => {
      await launchedRollout(deps.store, params.rolloutId);
      return {
        type: 'WithdrawBeneficiary',
        data: { ...body, ...params },
        facts: { beneficiaryList: await beneficiaryListOf(deps.store, params.rolloutId) },
      };
    },
    scope: fromRolloutPath,
  }),
  enrolmentCommand({
    method: 'POST',
    path: '/rollouts/{rolloutId}/beneficiaries/{associationId}/replacement',
    operationId: 'replaceBeneficiary',
    summary: "Replace an association that left by the next one of the beneficiary call's ranked reserve",
    tags: ['enrolment'],
    access: MINISTRY_OR_COORDINATOR,
    request: { params: BeneficiaryParams },
    stream: ({ params }) => enrolmentStreamId(params.rolloutId),
    command: async ({ params }, { deps }) => ({
      type: 'ReplaceBeneficiary',
      data: { rolloutId: params.rolloutId, associationId: params.associationId },
      facts: await replacementFacts(deps.store, params.rolloutId),
    }),
    scope: fromRolloutPath,
  }),
  enrolmentCommand({
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
    stream: ({ params }) => enrolmentStreamId(params.rolloutId),
    command: ({ params, body }) => ({
      type: 'ReplaceMember',
      data: {
        rolloutId: params.rolloutId,
        associationId: params.associationId,
        leavingMemberId: params.memberId,
        ...body,
      },
    }),
    scope: fromRolloutPath,
  }),
];
