import * as z from 'zod';
import { Instant } from '../../../../events/envelope.js';
import { Bilingual, Id, RegionCode } from '../../../../events/reference.js';
import { EscalationReason } from '../../../../events/rollout/schemas.js';
import { RankedApplication } from '../../../../events/selection/ApplicationsRanked.v1.js';
import {
  AppealOutcome,
  CallPurpose,
  CallWaitStep,
  CriterionScore,
  RefusalReason,
  ScoringCriterion,
} from '../../../../events/selection/parts.js';
import { beneficiaryCallIdOf } from '../../../application/beneficiary-list.js';
import {
  cancelCall,
  closeCall,
  escalateCall,
  extendCallWait,
  openCall,
  openRolloutCall,
  submitApplication,
} from '../../../application/commands/calls.js';
import {
  appointCommittee,
  decideAppeal,
  declareConflict,
  lodgeAppeal,
  publishSelection,
  rankApplications,
  selectAssociations,
  submitScores,
} from '../../../application/commands/committee.js';
import { loadStream } from '../../../application/execute-command.js';
import { rolloutScope } from '../../../application/scope.js';
import { type CallState, callDecider, callStreamId } from '../../../domain/call/call.js';
import {
  CancelCallInput,
  CloseCallInput,
  EscalateCallInput,
  ExtendCallWaitInput,
  OpenCallInput,
  SubmitApplicationInput,
} from '../../../domain/call/commands.js';
import {
  AppointCommitteeInput,
  DecideAppealInput,
  DeclareConflictInput,
  LodgeAppealInput,
  PublishSelectionInput,
  RankApplicationsInput,
  SubmitScoresInput,
} from '../../../domain/committee/commands.js';
import {
  type CommitteeState,
  committeeDecider,
  committeeStreamId,
  countedScoreSheets,
  visibleScores,
} from '../../../domain/committee/committee.js';
import type { HttpRole, Principal } from '../claims.js';
import { handlerRoute, queryRoute } from '../command.js';
import type { HttpRoute } from '../route.js';
import { CallParams, MINISTRY, MINISTRY_OR_COORDINATOR, RolloutParams } from './common.js';

/** The conventional id of a rollout's beneficiary call (one definition, in the application layer). */
export { beneficiaryCallIdOf };

const callRegionScope = (state: CallState) =>
  state.status === 'not-opened'
    ? {}
    : { ...rolloutScope(state.rolloutId), region: state.regionCode ?? undefined };

const committeeRegionScope = (state: CommitteeState) =>
  state.status === 'not-appointed'
    ? {}
    : { ...rolloutScope(state.rolloutId), region: state.regionCode ?? undefined };

const ScoreSheetView = z.strictObject({
  applicationId: z.string(),
  memberId: z.string(),
  scores: z.array(CriterionScore),
});

const ApplicationView = z.strictObject({
  applicationId: z.string(),
  associationId: z.string(),
  associationName: Bilingual,
  province: z.string(),
  /** When the file was keyed in, and when it reached the ministry (the date the deadline judges). */
  submittedAt: Instant,
  receivedAt: Instant,
  refusal: z.strictObject({ reason: RefusalReason, failedRuleIds: z.array(z.string()) }).nullable(),
});

/**
 * A call and its committee, as the caller's role may see them. Readers and partners see the call's
 * terms, counts and (once published) the selection; the ministry and the region's coordinator see
 * every file and every counted score; a committee member of this committee sees the files and the
 * scores `visibleScores` allows (none of a file it declared a conflict on).
 */
export const CallView = z
  .strictObject({
    callId: z.string(),
    purpose: CallPurpose,
    rolloutId: z.string().nullable(),
    regionCode: RegionCode.nullable(),
    seats: z.number().int(),
    status: z.enum(['open', 'closed']),
    deadline: Instant,
    /** True once the ministry cancelled the (national) call. */
    cancelled: z.boolean(),
    /** The national call's wait awaiting the ministry's answer, if any. */
    escalation: z.strictObject({ step: CallWaitStep, reason: EscalationReason, since: Instant }).nullable(),
    counts: z.strictObject({
      received: z.number().int(),
      refused: z.number().int(),
      eligible: z.number().int(),
    }),
    applications: z.array(ApplicationView).optional(),
    committee: z.strictObject({
      status: z.enum(['not-appointed', 'appointed', 'ranked', 'selected', 'published']),
      memberIds: z.array(z.string()).optional(),
      chairId: z.string().optional(),
      quorum: z.number().int().optional(),
      /** The grid a member scores on (the committee and the office only). */
      scoringGrid: z.array(ScoringCriterion).optional(),
      conflicts: z.array(z.strictObject({ memberId: z.string(), applicationId: z.string() })).optional(),
      scores: z.array(ScoreSheetView).optional(),
      ranking: z.array(RankedApplication).optional(),
      selectedAssociationIds: z.array(z.string()).optional(),
      appealWindowEndsAt: Instant.nullable().optional(),
      appeals: z
        .array(
          z.strictObject({
            appealId: z.string(),
            associationId: z.string(),
            outcome: AppealOutcome.nullable(),
            /** The publication it was lodged against (1 for the first; issue 20's re-opened selections). */
            round: z.number().int().positive().optional(),
            /** Pending when an upheld appeal withdrew its publication: it will never be decided. */
            lapsed: z.boolean().optional(),
          }),
        )
        .optional(),
      version: z.number().int(),
    }),
    version: z.number().int(),
  })
  .meta({ id: 'Call' });

type Audience = 'office' | 'committee' | 'public';

const audienceOf = (
  role: string | undefined,
  principal: Principal | undefined,
  committee: CommitteeState,
): Audience => {
  if (role === 'ministry' || role === 'coordinator') return 'office';
  if (
    role === 'committee-member' &&
    principal !== undefined &&
    committee.status !== 'not-appointed' &&
    committee.memberIds.includes(principal.subject)
  ) {
    return 'committee';
  }
  return 'public';
};

const committeeView = (committee: CommitteeState, version: number, audience: Audience, subject: string) => {
  if (committee.status === 'not-appointed') return { status: committee.status, version };
  const published = committee.status === 'published';
  if (audience === 'public') {
    return {
      status: committee.status,
      ...(published
        ? {
            selectedAssociationIds: [...committee.selectedAssociationIds],
            appealWindowEndsAt: committee.appealWindowEndsAt,
          }
        : {}),
      version,
    };
  }
  const scores = audience === 'office' ? countedScoreSheets(committee) : visibleScores(committee, subject);
  return {
    status: committee.status,
    memberIds: [...committee.memberIds],
    chairId: committee.chairId,
    quorum: committee.quorum,
    scoringGrid: committee.scoringGrid.map((criterion) => ({ ...criterion, label: { ...criterion.label } })),
    conflicts:
      audience === 'office'
        ? committee.conflicts.map((conflict) => ({ ...conflict }))
        : committee.conflicts
            .filter((conflict) => conflict.memberId === subject)
            .map((conflict) => ({ ...conflict })),
    scores: scores.map((sheet) => ({ ...sheet, scores: [...sheet.scores] })),
    ranking: [...committee.ranking],
    selectedAssociationIds: [...committee.selectedAssociationIds],
    appealWindowEndsAt: committee.appealWindowEndsAt,
    appeals: committee.appeals.map((appeal) => ({ ...appeal })),
    version,
  };
};

const CALL_READERS: readonly [HttpRole, ...HttpRole[]] = [
  'ministry',
  'coordinator',
  'committee-member',
  'partner',
  'reader',
];

/** Routes of calls for expression of interest and their selection committees. */
export const selectionRoutes: readonly HttpRoute[] = [
  handlerRoute(openRolloutCall)({
    method: 'POST',
    path: '/rollouts/{rolloutId}/calls',
    operationId: 'openRolloutCall',
    summary: "Open a rollout's call: for its operator, or for its beneficiary associations",
    description:
      'The call id is conventional: `<region>-<edition>-operator` or `<region>-<edition>-beneficiaries`; ' +
      'the region and rollout come from the path.',
    tags: ['calls'],
    access: MINISTRY_OR_COORDINATOR,
    request: {
      params: RolloutParams,
      body: OpenCallInput.omit({ callId: true, rolloutId: true, regionCode: true }).extend({
        purpose: CallPurpose.exclude(['contact-centre-operator']),
      }),
    },
    data: ({ params, body }) => ({ ...body, rolloutId: params.rolloutId }),
    scope: ({ input }) => rolloutScope(input.params.rolloutId),
  }),
  handlerRoute(openCall)({
    method: 'POST',
    path: '/calls',
    operationId: 'openContactCentreCall',
    summary: 'Open the national call for the association that runs the contact and support centre',
    tags: ['calls'],
    access: MINISTRY,
    request: { body: OpenCallInput.omit({ purpose: true, rolloutId: true, regionCode: true, seats: true }) },
    data: ({ body }) => ({ ...body, purpose: 'contact-centre-operator' }),
  }),
  queryRoute({
    method: 'GET',
    path: '/calls/{callId}',
    operationId: 'getCall',
    summary: 'A call, its applications and its committee, as far as the caller may see',
    tags: ['calls'],
    access: { roles: CALL_READERS },
    request: { params: CallParams },
    load: async ({ params }, deps) => {
      const call = await loadStream(deps.store, callStreamId(params.callId), callDecider);
      if (call.state.status === 'not-opened') return undefined;
      const committee = await loadStream(deps.store, committeeStreamId(params.callId), committeeDecider);
      return {
        call: call.state,
        callVersion: call.version,
        committee: committee.state,
        committeeVersion: committee.version,
      };
    },
    scope: ({ resource }) => callRegionScope(resource.call),
    respond: ({ resource, principal, role }) => {
      const call = resource.call as Exclude<CallState, { status: 'not-opened' }>;
      const audience = audienceOf(role, principal, resource.committee);
      const refused = call.applications.filter((application) => application.refusal !== null).length;
      return {
        callId: call.callId,
        purpose: call.purpose,
        rolloutId: call.rolloutId,
        regionCode: call.regionCode,
        seats: call.seats,
        status: call.status,
        deadline: call.deadline,
        cancelled: call.cancelled,
        escalation: call.escalation,
        counts: { received: call.applications.length, refused, eligible: call.applications.length - refused },
        ...(audience === 'public'
          ? {}
          : {
              applications: call.applications.map(({ declaredFacts: _declared, ...application }) => ({
                ...application,
                refusal:
                  application.refusal === null
                    ? null
                    : {
                        reason: application.refusal.reason,
                        failedRuleIds: [...application.refusal.failedRuleIds],
                      },
              })),
            }),
        committee: committeeView(
          resource.committee,
          resource.committeeVersion,
          audience,
          principal?.subject ?? '',
        ),
        version: resource.callVersion,
      };
    },
    response: CallView,
    etag: (resource) => resource.callVersion,
  }),
  handlerRoute(submitApplication)({
    method: 'POST',
    path: '/calls/{callId}/applications',
    operationId: 'submitApplication',
    summary: "Record an association's application (refused with a reason when late or ineligible)",
    tags: ['calls'],
    access: MINISTRY_OR_COORDINATOR,
    request: { params: CallParams, body: SubmitApplicationInput.omit({ callId: true }) },
    data: ({ params, body }) => ({ ...body, callId: params.callId }),
    scope: ({ state }) => callRegionScope(state),
  }),
  handlerRoute(closeCall)({
    method: 'POST',
    path: '/calls/{callId}/closure',
    operationId: 'closeCall',
    summary: 'Close a call at its deadline',
    tags: ['calls'],
    access: MINISTRY_OR_COORDINATOR,
    // Optional: a closing keyed in as it happens sends none; a past one its date (ADR 0159).
    request: { params: CallParams, body: CloseCallInput.omit({ callId: true }).optional() },
    data: ({ params, body }) => ({ ...body, callId: params.callId }),
    scope: ({ state }) => callRegionScope(state),
  }),
  handlerRoute(escalateCall)({
    method: 'POST',
    path: '/calls/{callId}/escalation',
    operationId: 'escalateCall',
    summary:
      'Escalate a wait of the national contact-centre call to the ministry (the workflow does it on a timeout)',
    tags: ['calls'],
    access: MINISTRY,
    request: { params: CallParams, body: EscalateCallInput.omit({ callId: true }) },
    data: ({ params, body }) => ({ ...body, callId: params.callId }),
  }),
  handlerRoute(extendCallWait)({
    method: 'POST',
    path: '/calls/{callId}/wait-extensions',
    operationId: 'extendCallWait',
    summary: 'Answer an escalation of the national contact-centre call with a new end for its wait',
    tags: ['calls'],
    access: MINISTRY,
    request: { params: CallParams, body: ExtendCallWaitInput },
    data: ({ params, body }) => ({ ...body, callId: params.callId }),
  }),
  handlerRoute(cancelCall)({
    method: 'POST',
    path: '/calls/{callId}/cancellation',
    operationId: 'cancelCall',
    summary: 'Answer an escalation of the national contact-centre call by cancelling it',
    tags: ['calls'],
    access: MINISTRY,
    request: { params: CallParams, body: CancelCallInput },
    data: ({ params, body }) => ({ ...body, callId: params.callId }),
  }),
  handlerRoute(appointCommittee)({
    method: 'PUT',
    path: '/calls/{callId}/committee',
    operationId: 'appointCommittee',
    summary: "Appoint a call's selection committee: members, chair, quorum and scoring grid",
    tags: ['committee'],
    access: MINISTRY,
    request: { params: CallParams, body: AppointCommitteeInput.omit({ callId: true }) },
    data: ({ params, body }) => ({ ...body, callId: params.callId }),
  }),
  handlerRoute(declareConflict)({
    method: 'POST',
    path: '/calls/{callId}/committee/conflicts',
    operationId: 'declareConflict',
    summary: 'Declare, as the acting committee member, a conflict of interest on one file',
    tags: ['committee'],
    access: { roles: ['committee-member'] },
    request: { params: CallParams, body: DeclareConflictInput.omit({ callId: true }) },
    data: ({ params, body }) => ({ ...body, callId: params.callId }),
  }),
  handlerRoute(submitScores)({
    method: 'POST',
    path: '/calls/{callId}/committee/scores',
    operationId: 'submitScores',
    summary: 'Score one file on the whole grid, as the acting committee member',
    tags: ['committee'],
    access: { roles: ['committee-member'] },
    request: { params: CallParams, body: SubmitScoresInput.omit({ callId: true }) },
    data: ({ params, body }) => ({ ...body, callId: params.callId }),
  }),
  handlerRoute(rankApplications)({
    method: 'POST',
    path: '/calls/{callId}/committee/ranking',
    operationId: 'rankApplications',
    summary: 'Rank the eligible files once scoring is complete (the chair, or the ministry)',
    tags: ['committee'],
    access: { roles: ['ministry', 'committee-member'] },
    // Optional: a ranking keyed in as it happens sends none; a past one its date (ADR 0159).
    request: { params: CallParams, body: RankApplicationsInput.omit({ callId: true }).optional() },
    data: ({ params, body }) => ({ ...body, callId: params.callId }),
  }),
  handlerRoute(selectAssociations)({
    method: 'POST',
    path: '/calls/{callId}/committee/selection',
    operationId: 'selectAssociations',
    summary: 'Select the top of the ranking (the chair, or the ministry)',
    tags: ['committee'],
    access: { roles: ['ministry', 'committee-member'] },
    request: { params: CallParams },
    data: ({ params }) => ({ callId: params.callId }),
  }),
  handlerRoute(publishSelection)({
    method: 'POST',
    path: '/calls/{callId}/committee/publication',
    operationId: 'publishSelection',
    summary: 'Publish the selection with its minutes (fr, ar) and the end of the appeal window',
    tags: ['committee'],
    access: MINISTRY,
    request: { params: CallParams, body: PublishSelectionInput.omit({ callId: true }) },
    data: ({ params, body }) => ({ ...body, callId: params.callId }),
  }),
  handlerRoute(lodgeAppeal)({
    method: 'POST',
    path: '/calls/{callId}/appeals',
    operationId: 'lodgeAppeal',
    summary: "Record an applicant association's appeal against the published selection",
    tags: ['committee'],
    access: MINISTRY_OR_COORDINATOR,
    request: { params: CallParams, body: LodgeAppealInput.omit({ callId: true }) },
    data: ({ params, body }) => ({ ...body, callId: params.callId }),
    scope: ({ state }) => committeeRegionScope(state),
  }),
  handlerRoute(decideAppeal)({
    method: 'POST',
    path: '/calls/{callId}/appeals/{appealId}/decision',
    operationId: 'decideAppeal',
    summary:
      'Decide an appeal, upheld or dismissed, with a reason (the chair, or the ministry); an upheld appeal re-opens the ranking or the selection',
    tags: ['committee'],
    access: { roles: ['ministry', 'committee-member'] },
    request: {
      params: CallParams.extend({ appealId: Id }),
      body: DecideAppealInput.omit({ callId: true, appealId: true }),
    },
    data: ({ params, body }) => ({ ...body, callId: params.callId, appealId: params.appealId }),
  }),
];
