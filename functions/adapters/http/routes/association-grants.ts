import * as z from 'zod';
import { Sha256Hex } from '../../../../events/documents/parts.js';
import { Instant } from '../../../../events/envelope.js';
import { Bilingual, Id } from '../../../../events/reference.js';
import { SignedText, SignerCapacity } from '../../../../events/rollout/schemas.js';
import { signAgreement } from '../../../application/commands/agreements.js';
import { submitGrantReport } from '../../../application/commands/grants.js';
import { loadStream } from '../../../application/execute-command.js';
import { agreementDecider, agreementStreamId } from '../../../domain/agreements/agreements.js';
import { SubmitGrantReportInput } from '../../../domain/grants/commands.js';
import {
  type GrantState,
  grantOfAssociation,
  grantsDecider,
  grantsStreamId,
  paidOfGrant,
  reportsOfGrant,
  type TrancheStatus,
} from '../../../domain/grants/grants.js';
import { BilingualInput } from '../../../domain/shared/text.js';
import { type Access, actingRole } from '../access.js';
import type { Principal } from '../claims.js';
import { handlerRoute, queryRoute } from '../command.js';
import { httpError } from '../problem.js';
import type { HttpRoute } from '../route.js';

// An association's grant in its portal (issue 25 item 1, last clause; docs/adr/0120 and 0121): it
// reads its grant (purpose, deliverables, tranches, convention, its reports), signs its partnership
// convention as the beneficiary party, and reports on a paid tranche with its evidence files. Every
// route checks the token's association against the path's first: another association is told 403
// `OUT_OF_SCOPE` whatever the id, and nothing of it is read or appended. These routes run in the
// `grants` function (they read and write the grants' and agreements' streams).

const OWN: Access = { roles: ['association'] };
const OWN_OR_MINISTRY: Access = { roles: ['ministry', 'association'] };

const GrantParams = z.strictObject({ associationId: Id, rolloutId: Id });
const AgreementParams = z.strictObject({ associationId: Id, agreementId: Id });

const ownAssociationFirst = (access: Access, principal: Principal, associationId: string): void => {
  actingRole(access, principal, { associationId });
};

/** The report's files, as the event names them. */
const ReportEvidence = z.strictObject({
  documentId: z.string(),
  sha256: Sha256Hex,
  sizeBytes: z.number().int(),
  contentType: z.string(),
});

/** A report of the association, as recorded. */
export const GrantReportView = z.strictObject({
  reportId: z.string(),
  trancheNumber: z.number().int(),
  deliverable: z.string().nullable(),
  summary: z.strictObject({ language: z.enum(['fr', 'ar']), text: z.string() }),
  evidence: z.array(ReportEvidence),
});

/** The reports of a grant as a response gives them: copies of the recorded ones, in order. */
export const reportViewsOf = (grant: GrantState): z.infer<typeof GrantReportView>[] =>
  reportsOfGrant(grant).map((report) => ({
    ...report,
    summary: { ...report.summary },
    evidence: report.evidence.map((file) => ({ ...file })),
  }));

/** A tranche's status, as the grants' views give it (the decider's `TrancheStatus`). */
export const TrancheStatusView = z.enum([
  'planned',
  'requested',
  'approved',
  'paid',
  'dropped',
]) satisfies z.ZodType<TrancheStatus>;

/** The association's grant in a rollout, as it follows it. */
export const OwnGrantView = z
  .strictObject({
    rolloutId: z.string(),
    grantId: z.string(),
    associationId: z.string(),
    amount: z.number().int(),
    status: z.enum(['active', 'cancelled']),
    purpose: Bilingual.nullable(),
    deliverables: z.array(z.strictObject({ deliverable: z.string(), label: Bilingual, dueBy: z.string() })),
    /** What it holds: paid less refunded. */
    paid: z.number().int(),
    tranches: z.array(
      z.strictObject({
        trancheNumber: z.number().int(),
        amount: z.number().int(),
        status: TrancheStatusView,
        releaseConditions: z.array(z.strictObject({ evidence: z.string(), label: Bilingual })),
      }),
    ),
    /** Its partnership convention (a grant above 50,000 MAD); null for a grant by decision. */
    convention: z
      .strictObject({
        agreementId: z.string(),
        title: Bilingual.nullable(),
        status: z.enum(['not-drafted', 'awaiting-signatures', 'in-force']),
        signedByAssociation: z.boolean(),
        /** The text every party signs, once a signature stated it. */
        text: z.strictObject({ sha256: Sha256Hex, documentId: z.string() }).nullable(),
      })
      .nullable(),
    reports: z.array(GrantReportView),
    version: z.number().int(),
  })
  .meta({ id: 'OwnGrant' });

/** The body of the association's signature: its representative's capacity and the text it read. */
const ConventionSignatureBody = z.strictObject({
  capacity: SignerCapacity.extend({ title: BilingualInput }),
  text: SignedText,
  /** The day it was signed (default: now); never in the future. */
  signedAt: Instant.optional(),
});

/** The association portal's grant routes, in the `grants` route group. */
export const associationGrantRoutes: readonly HttpRoute[] = [
  queryRoute({
    method: 'GET',
    path: '/associations/{associationId}/rollouts/{rolloutId}/grant',
    operationId: 'getOwnGrant',
    summary: 'An association’s grant in a rollout: purpose, deliverables, tranches, convention, its reports',
    tags: ['associations'],
    access: OWN_OR_MINISTRY,
    request: { params: GrantParams },
    // Always a resource, so that the scope is checked before anyone learns whether a grant exists.
    load: async ({ params }, deps) => {
      const grants = await loadStream(deps.store, grantsStreamId(params.rolloutId), grantsDecider);
      const grant = grantOfAssociation(grants.state, params.associationId);
      const conventionId = grant?.instrument.kind === 'convention' ? grant.instrument.agreementId : null;
      const convention =
        conventionId === null
          ? null
          : (await loadStream(deps.store, agreementStreamId(conventionId), agreementDecider)).state;
      return { grant, conventionId, convention, version: grants.version };
    },
    scope: ({ input }) => ({ associationId: input.params.associationId }),
    respond: ({ input, resource }) => {
      const { grant, conventionId, convention } = resource;
      if (grant === undefined) {
        throw httpError(404, 'GRANT_NOT_FOUND', 'This association has no grant in this rollout');
      }
      const drafted = convention !== null && convention.status !== 'none' ? convention : null;
      return {
        rolloutId: input.params.rolloutId,
        grantId: grant.grantId,
        associationId: grant.associationId,
        amount: grant.amount,
        status: grant.status,
        purpose: grant.purpose,
        deliverables: grant.deliverables.map((item) => ({ ...item })),
        paid: paidOfGrant(grant),
        tranches: grant.tranches.map((tranche) => ({
          trancheNumber: tranche.trancheNumber,
          amount: tranche.amount,
          status: tranche.status,
          releaseConditions: tranche.releaseConditions.map((condition) => ({ ...condition })),
        })),
        convention:
          conventionId === null
            ? null
            : {
                agreementId: conventionId,
                title: drafted?.title ?? null,
                status: drafted === null ? ('not-drafted' as const) : drafted.status,
                signedByAssociation: drafted?.signedBy.includes(grant.associationId) ?? false,
                text:
                  drafted?.textSha256 === undefined || drafted.textDocumentId === undefined
                    ? null
                    : { sha256: drafted.textSha256, documentId: drafted.textDocumentId },
              },
        reports: reportViewsOf(grant),
        version: resource.version,
      };
    },
    response: OwnGrantView,
    etag: (resource) => resource.version,
  }),
  handlerRoute(signAgreement)({
    method: 'POST',
    path: '/associations/{associationId}/agreements/{agreementId}/signature',
    operationId: 'signGrantConvention',
    summary:
      'Sign, as the beneficiary association, its grant convention: its representative’s capacity, the text read',
    description:
      'Only an agreement whose beneficiary party is this association. The text is the convention’s document ' +
      '(accepted for this agreement, with this SHA-256); every party signs the same text (409 AGREEMENT_TEXT_MISMATCH).',
    tags: ['associations'],
    access: OWN,
    request: { params: AgreementParams, body: ConventionSignatureBody },
    // The handler signs for the path's association: its own convention only, with its accepted text.
    key: ({ params }) => ({ agreementId: params.agreementId, actingAssociation: params.associationId }),
    data: ({ params, body }, { principal }) => {
      ownAssociationFirst(OWN, principal, params.associationId);
      return body;
    },
    scope: ({ input }) => ({ associationId: input.params.associationId }),
  }),
  handlerRoute(submitGrantReport)({
    method: 'POST',
    path: '/associations/{associationId}/rollouts/{rolloutId}/grant/reports',
    operationId: 'submitGrantReport',
    summary: 'Report, as the association, on a paid tranche of its grant, with its evidence files',
    description:
      'Each file is uploaded first (POST /documents/uploads, kind tranche-evidence, this rollout, this ' +
      'association and tranche) and must have been accepted; the event names it with its SHA-256.',
    tags: ['associations'],
    access: OWN,
    request: {
      params: GrantParams,
      body: SubmitGrantReportInput.omit({ rolloutId: true, associationId: true }),
    },
    data: ({ params, body }, { principal }) => {
      ownAssociationFirst(OWN, principal, params.associationId);
      return { ...body, rolloutId: params.rolloutId, associationId: params.associationId };
    },
    scope: ({ input }) => ({ associationId: input.params.associationId }),
  }),
];
