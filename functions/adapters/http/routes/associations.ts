import * as z from 'zod';
import { LegalRepresentative, RegistrationNumber, Seat } from '../../../../events/associations/parts.js';
import { Instant } from '../../../../events/envelope.js';
import { Bilingual, Id } from '../../../../events/reference.js';
import {
  AppealOutcome,
  CallPurpose,
  DeclaredFacts,
  EligibilityRule,
  RefusalReason,
} from '../../../../events/selection/parts.js';
import {
  type AssociationServices,
  refuseAssociationVerification,
  registerAssociation,
  verifyAssociation,
} from '../../../application/commands/associations.js';
import { applyAsAssociation } from '../../../application/commands/calls.js';
import { lodgeOwnAppeal } from '../../../application/commands/committee.js';
import { loadStream } from '../../../application/execute-command.js';
import { PersonContact } from '../../../application/ports/personal-data.js';
import {
  type AssociationState,
  associationDecider,
  associationStreamId,
} from '../../../domain/associations/association.js';
import {
  RefuseAssociationVerificationInput,
  RegisterAssociationInput,
} from '../../../domain/associations/commands.js';
import { type CallState, callDecider, callStreamId } from '../../../domain/call/call.js';
import {
  type CommitteeState,
  committeeDecider,
  committeeStreamId,
} from '../../../domain/committee/committee.js';
import { BilingualInput } from '../../../domain/shared/text.js';
import { type Access, actingRole } from '../access.js';
import type { Principal } from '../claims.js';
import { handlerRoute, queryRoute, routesNeeding } from '../command.js';
import { httpError } from '../problem.js';
import type { HttpRoute, RouteDependencies } from '../route.js';
import { MINISTRY } from './common.js';

// The associations' portal (issue 25 item 1; docs/adr/0106-association-registration.md and
// docs/adr/0107-association-portal.md): an association declares its identity, the ministry verifies
// it, and the verified association applies to calls, follows its file and appeals, all under its
// own id. An association token reaches only the paths of its own association (`naseej:association`),
// and is told 403 `OUT_OF_SCOPE` for any other id, whether that association exists or not.

/**
 * The portal's routes need the personal-data vault: a legal representative's names live there
 * (registering writes them through its handler, reading the association shows them).
 */
export type AssociationRouteDependencies = RouteDependencies & Pick<AssociationServices, 'personalData'>;

const { handlerRoute: handlerNeedingVault, queryRoute: queryNeedingVault } =
  routesNeeding<AssociationRouteDependencies>();

/** What the portal sends: the representative's names and contact (to the vault), and their function. */
const RegistrationBody = RegisterAssociationInput.omit({
  associationId: true,
  legalRepresentative: true,
}).extend({
  legalRepresentative: z.strictObject({
    displayName: BilingualInput,
    function: BilingualInput,
    contact: PersonContact.optional(),
  }),
});

const AssociationParams = z.strictObject({ associationId: Id });
const AssociationCallParams = z.strictObject({ associationId: Id, callId: Id });

const OWN: Access = { roles: ['association'] };
const OWN_OR_MINISTRY: Access = { roles: ['ministry', 'association'] };

/**
 * Handlers read other streams (and the vault) before the scope check on the command's stream; an
 * association's claim is checked first, as the route turns the request into the command's data, so
 * that nothing of another association (its verification, its file) is ever read on its behalf.
 */
const ownAssociationFirst = (access: Access, principal: Principal, associationId: string): void => {
  actingRole(access, principal, { associationId });
};

const notRegistered = (associationId: string) =>
  httpError(404, 'ASSOCIATION_NOT_REGISTERED', `Association ${associationId} has not registered`);

export const AssociationView = z
  .strictObject({
    associationId: z.string(),
    status: z.enum(['pending', 'verified', 'refused']),
    registrationNumber: RegistrationNumber,
    name: Bilingual,
    seat: Seat,
    /** Names from the vault; null once the person was erased. */
    legalRepresentative: LegalRepresentative.extend({ displayName: Bilingual.nullable() }),
    registeredAt: Instant,
    verifiedAt: Instant.nullable(),
    refusal: Bilingual.nullable(),
    version: z.number().int(),
  })
  .meta({ id: 'Association' });

/** Where an association's application stands, as the association follows it. */
export const OwnCallView = z
  .strictObject({
    callId: z.string(),
    purpose: CallPurpose,
    rolloutId: z.string().nullable(),
    status: z.enum(['open', 'closed']),
    deadline: Instant,
    cancelled: z.boolean(),
    eligibilityRules: z.array(EligibilityRule),
    application: z
      .strictObject({
        applicationId: z.string(),
        submittedAt: Instant,
        receivedAt: Instant,
        /** Eligibility: refused (late or failing rules), or eligible. */
        refusal: z.strictObject({ reason: RefusalReason, failedRuleIds: z.array(z.string()) }).nullable(),
        /**
         * How far the file went: `received` (the call is open), `refused`, `scoring` (the committee
         * scores), `ranked`, then `selected` or `not-selected` once published.
         */
        stage: z.enum(['received', 'refused', 'scoring', 'ranked', 'selected', 'not-selected']),
        rank: z.number().int().nullable(),
      })
      .nullable(),
    appealWindowEndsAt: Instant.nullable(),
    appeal: z.strictObject({ appealId: z.string(), outcome: AppealOutcome.nullable() }).nullable(),
    version: z.number().int(),
  })
  .meta({ id: 'OwnCall' });

const stageOf = (
  call: Exclude<CallState, { status: 'not-opened' }>,
  committee: CommitteeState,
  application: { readonly applicationId: string; readonly associationId: string; readonly refusal: unknown },
): z.infer<typeof OwnCallView>['application'] extends infer A
  ? A extends { stage: infer S }
    ? S
    : never
  : never => {
  if (application.refusal !== null) return 'refused';
  if (committee.status === 'not-appointed') return call.status === 'open' ? 'received' : 'scoring';
  if (committee.status === 'appointed') return 'scoring';
  if (committee.status !== 'published') return 'ranked';
  return committee.selectedAssociationIds.includes(application.associationId) ? 'selected' : 'not-selected';
};

/** The association portal's routes; they run in the `selection` route group (no function of their own). */
export const associationRoutes: readonly HttpRoute<AssociationRouteDependencies>[] = [
  handlerNeedingVault(registerAssociation)({
    method: 'PUT',
    path: '/associations/{associationId}/registration',
    operationId: 'registerAssociation',
    summary:
      'Declare, as the association, its identity: registration number, names, seat, legal representative',
    description:
      'Recorded once; the ministry verifies it before the association may apply. A refused declaration is made again, corrected.',
    tags: ['associations'],
    access: OWN,
    request: { params: AssociationParams, body: RegistrationBody },
    data: ({ params, body }, { principal }) => {
      ownAssociationFirst(OWN, principal, params.associationId);
      return { ...body, associationId: params.associationId };
    },
    scope: ({ input }) => ({ associationId: input.params.associationId }),
  }),
  queryNeedingVault({
    method: 'GET',
    path: '/associations/{associationId}',
    operationId: 'getAssociation',
    summary: 'An association’s declared identity and where its verification stands',
    tags: ['associations'],
    access: OWN_OR_MINISTRY,
    request: { params: AssociationParams },
    // Always a resource, so that the scope is checked before anyone learns whether it registered.
    load: async ({ params }, deps) => {
      const stream = await loadStream(
        deps.store,
        associationStreamId(params.associationId),
        associationDecider,
      );
      const representative =
        stream.state.status === 'unregistered'
          ? undefined
          : await deps.personalData.lookup(stream.state.legalRepresentative.personId);
      return { ...stream, representative };
    },
    scope: ({ input }) => ({ associationId: input.params.associationId }),
    respond: ({ input, resource }) => {
      const state: AssociationState = resource.state;
      if (state.status === 'unregistered') throw notRegistered(input.params.associationId);
      const displayName =
        resource.representative?.status === 'known'
          ? { ...resource.representative.person.displayName }
          : null;
      return {
        ...state,
        legalRepresentative: { ...state.legalRepresentative, displayName },
        version: resource.version,
      };
    },
    response: AssociationView,
    etag: (resource) => resource.version,
  }),
  handlerRoute(verifyAssociation)({
    method: 'POST',
    path: '/associations/{associationId}/verification',
    operationId: 'verifyAssociation',
    summary: 'Verify the identity an association declared (the ministry); it may then apply to calls',
    tags: ['associations'],
    access: MINISTRY,
    request: { params: AssociationParams },
    data: ({ params }) => ({ associationId: params.associationId }),
  }),
  handlerRoute(refuseAssociationVerification)({
    method: 'POST',
    path: '/associations/{associationId}/verification-refusal',
    operationId: 'refuseAssociationVerification',
    summary: 'Refuse to verify the identity an association declared, with the reason it reads (the ministry)',
    tags: ['associations'],
    access: MINISTRY,
    request: {
      params: AssociationParams,
      body: RefuseAssociationVerificationInput.omit({ associationId: true }),
    },
    data: ({ params, body }) => ({ ...body, associationId: params.associationId }),
  }),
  handlerRoute(applyAsAssociation)({
    method: 'POST',
    path: '/associations/{associationId}/calls/{callId}/application',
    operationId: 'applyToCall',
    summary: 'Apply, as a verified association, to an open call, declaring its eligibility facts',
    description:
      'Its names and province come from its verified registration. Its files are attached next (POST /documents/uploads, kind application).',
    tags: ['associations'],
    access: OWN,
    request: { params: AssociationCallParams, body: z.strictObject({ declaredFacts: DeclaredFacts }) },
    data: ({ params, body }, { principal }) => {
      ownAssociationFirst(OWN, principal, params.associationId);
      return {
        callId: params.callId,
        associationId: params.associationId,
        declaredFacts: body.declaredFacts,
      };
    },
    scope: ({ input }) => ({ associationId: input.params.associationId }),
  }),
  queryRoute({
    method: 'GET',
    path: '/associations/{associationId}/calls/{callId}',
    operationId: 'followApplication',
    summary: 'A call as an association follows it: its terms, its own file and how far it went, its appeal',
    tags: ['associations'],
    access: OWN_OR_MINISTRY,
    request: { params: AssociationCallParams },
    load: async ({ params }, deps) => ({
      call: await loadStream(deps.store, callStreamId(params.callId), callDecider),
      committee: (await loadStream(deps.store, committeeStreamId(params.callId), committeeDecider)).state,
    }),
    scope: ({ input }) => ({ associationId: input.params.associationId }),
    respond: ({ input, resource }) => {
      const call = resource.call.state;
      if (call.status === 'not-opened') throw httpError(404, 'NOT_FOUND', `No call ${input.params.callId}`);
      const { committee } = resource;
      const own = call.applications.find(
        (candidate) => candidate.associationId === input.params.associationId,
      );
      const published = committee.status === 'published';
      const appeal =
        committee.status === 'not-appointed'
          ? undefined
          : committee.appeals.find((candidate) => candidate.associationId === input.params.associationId);
      const rank =
        own === undefined || committee.status === 'not-appointed'
          ? null
          : (committee.ranking.find((entry) => entry.applicationId === own.applicationId)?.rank ?? null);
      return {
        callId: call.callId,
        purpose: call.purpose,
        rolloutId: call.rolloutId,
        status: call.status,
        deadline: call.deadline,
        cancelled: call.cancelled,
        eligibilityRules: call.eligibilityRules.map((rule) => ({ ...rule })),
        application:
          own === undefined
            ? null
            : {
                applicationId: own.applicationId,
                submittedAt: own.submittedAt,
                receivedAt: own.receivedAt,
                refusal:
                  own.refusal === null
                    ? null
                    : { reason: own.refusal.reason, failedRuleIds: [...own.refusal.failedRuleIds] },
                stage: stageOf(call, committee, own),
                rank,
              },
        appealWindowEndsAt: published ? committee.appealWindowEndsAt : null,
        appeal: appeal === undefined ? null : { appealId: appeal.appealId, outcome: appeal.outcome },
        version: resource.call.version,
      };
    },
    response: OwnCallView,
    etag: (resource) => resource.call.version,
  }),
  handlerRoute(lodgeOwnAppeal)({
    method: 'POST',
    path: '/associations/{associationId}/calls/{callId}/appeal',
    operationId: 'appealSelection',
    summary: 'Appeal, as an applicant association, against a published selection, with its letter',
    description:
      'The letter is uploaded first (POST /documents/uploads, kind appeal) and must have been accepted, as this association’s.',
    tags: ['associations'],
    access: OWN,
    request: { params: AssociationCallParams, body: z.strictObject({ groundsDocumentId: Id }) },
    data: ({ params, body }, { principal }) => {
      ownAssociationFirst(OWN, principal, params.associationId);
      return {
        callId: params.callId,
        associationId: params.associationId,
        groundsDocumentId: body.groundsDocumentId,
      };
    },
    scope: ({ input }) => ({ associationId: input.params.associationId }),
  }),
];
