import * as z from 'zod';
import { Instant } from '../../../../events/envelope.js';
import { Id, RegionCode } from '../../../../events/reference.js';
import { ProgramEdition } from '../../../../events/rollout/schemas.js';
import {
  FUNDING_FIELDS,
  fundingCsv,
  fundingRows,
  type LedgerOfRollout,
} from '../../../application/open-data/funding.js';
import {
  AUDIT_ENTITY_KINDS,
  type AuditView,
  auditKey,
  auditRegion,
  auditStreamPageKey,
  auditStreamPageOf,
  joinAuditPages,
} from '../../../application/projections/audit.js';
import { callProjection } from '../../../application/projections/call.js';
import {
  type FunnelView,
  funnelFigures,
  funnelProjection,
  funnelStages,
} from '../../../application/projections/funnel.js';
import { grantLedgerProjection } from '../../../application/projections/grant-ledger.js';
import {
  NATIONAL_KEY,
  nationalProjection,
  rolloutsOfRegion,
} from '../../../application/projections/national.js';
import { trainersProjection, trainersReach } from '../../../application/projections/trainers.js';
import { associationProgress, trainingProjection } from '../../../application/projections/training.js';
import {
  auditProjectionOf,
  emptyStanding,
  nationalOverview,
  partnershipReportOf,
  readModelsOf,
} from '../../../application/read-models/overview.js';
import type { ReadModels } from '../../../application/read-models/read-models.js';
import { visibleScores } from '../../../domain/committee/committee.js';
import {
  awardedOfGrant,
  coFunderLedger,
  grantsInOrder,
  ledgerTotals,
  paidOfGrant,
  refundedOfGrant,
} from '../../../domain/grants/grants.js';
import { regionOfRolloutId } from '../../../domain/ids.js';
import { RESERVED_PREFIXES } from '../../dynamodb/item-layout.js';
import { routesNeeding } from '../command.js';
import { checkRouteDeclaration, type HttpRoute, type RouteDependencies } from '../route.js';

// The query routes of the read models, each with an `asOf` query parameter (an instant: the view
// as it stood then, computed from the events by recordedAt). The lead adds `readModelRoutes` to
// the route table. Public where the data is public (aggregates, public funding); coordinators are
// scoped to their region; partners to their rollout.

import type { ReadModelDependencies } from '../../../application/read-models/overview.js';

export type { ReadModelDependencies };

const AsOfQuery = z.strictObject({
  /** An ISO instant (UTC, milliseconds): the view as it stood then. Absent: now. */
  asOf: Instant.optional(),
});
const RolloutParams = z.strictObject({ rolloutId: Id });
const Bilingual = z.strictObject({ fr: z.string(), ar: z.string() });
const Count = z.number().int().nonnegative();
const Centimes = z.number().int().nonnegative();

const regionOf = (rolloutId: string): RegionCode | undefined => {
  const parsed = RegionCode.safeParse(regionOfRolloutId(rolloutId));
  return parsed.success ? parsed.data : undefined;
};

const Figures = z.strictObject({
  associationsEnrolled: Count,
  membersEnrolled: Count,
  associationsCompletedAxisOne: Count,
  membersCompletedAxisOne: Count,
  trainersCertified: Count,
  cascadeAssociationsReached: Count,
  grantsAwarded: Count,
  grantsAwardedCentimes: Centimes,
  grantsPaidCentimes: Centimes,
});
const Targets = z.strictObject({
  associations: Count,
  membersPerAssociation: Count,
  trainers: Count,
  horizon: Count,
});
const Standing = z.strictObject({
  rolloutId: z.string(),
  regionCode: RegionCode.nullable(),
  edition: z.string().nullable(),
  status: z.enum(['not-launched', 'active', 'closed', 'cancelled']),
  phase: z.string().nullable(),
  escalatedPhase: z.string().nullable(),
  deadline: z.string().nullable(),
  targets: Targets.nullable(),
  launchedAt: z.string().nullable(),
  closedAt: z.string().nullable(),
});
const Stage = z.strictObject({
  stage: z.string(),
  actual: Count,
  target: Count.nullable(),
  /** `target`: the rollout's; `horizon`: the program's reach in the end, beyond this rollout. */
  targetKind: z.enum(['target', 'horizon']).nullable(),
  /** `enrolled-directly`: associations enrolled with no beneficiary call; the stage recorded nothing. */
  notRecorded: z.enum(['enrolled-directly']).nullable(),
});

/** A region's funnel: stages against targets, and the figures as `RolloutCompleted` records them. */
export const RegionFunnel = z
  .strictObject({
    asOf: z.string().nullable(),
    standing: Standing,
    operator: z.strictObject({ associationId: z.string(), name: Bilingual }).nullable(),
    stages: z.array(Stage),
    figures: Figures,
    sessionsHeld: Count,
    cascadeSessions: Count,
    cascadeParticipants: Count,
    committedCentimes: Centimes,
  })
  .meta({ id: 'RegionFunnel' });

const funnelBody = (view: FunnelView, asOf: string | null): z.input<typeof RegionFunnel> => ({
  asOf,
  standing: view.standing,
  operator: view.operator,
  stages: [...funnelStages(view)],
  figures: funnelFigures(view),
  sessionsHeld: view.sessionsHeld,
  cascadeSessions: view.cascadeSessions,
  cascadeParticipants: view.cascadeParticipants,
  committedCentimes: view.committedCentimes,
});

/** Every region's rollout with its phase and key figures. */
export const NationalOverview = z
  .strictObject({
    asOf: z.string().nullable(),
    rollouts: z.array(z.strictObject({ standing: Standing, figures: Figures })),
    waves: z.record(
      z.string(),
      z.strictObject({
        regions: z.array(RegionCode),
        started: z.array(
          z.strictObject({ waveNumber: Count, regionCode: RegionCode, rolloutId: z.string() }),
        ),
      }),
    ),
  })
  .meta({ id: 'NationalOverview' });

/** A call, its applications and its committee; what a caller sees depends on the role. */
export const CallOverview = z
  .strictObject({
    asOf: z.string().nullable(),
    callId: z.string(),
    status: z.enum(['not-opened', 'open', 'closed']),
    purpose: z.string().nullable(),
    regionCode: RegionCode.nullable(),
    deadline: z.string().nullable(),
    applications: z
      .array(
        z.strictObject({
          applicationId: z.string(),
          associationId: z.string(),
          associationName: Bilingual,
          province: z.string(),
          submittedAt: z.string(),
          /** When the file reached the ministry (the date the deadline judges). */
          receivedAt: z.string(),
          refusal: z.strictObject({ reason: z.string(), failedRuleIds: z.array(z.string()) }).nullable(),
        }),
      )
      .optional(),
    applicationCounts: z.strictObject({ received: Count, refused: Count }),
    committee: z
      .strictObject({
        status: z.string(),
        memberIds: z.array(z.string()).optional(),
        conflicts: z.array(z.strictObject({ memberId: z.string(), applicationId: z.string() })).optional(),
        scoreSheets: z
          .array(
            z.strictObject({
              applicationId: z.string(),
              memberId: z.string(),
              scores: z.array(z.strictObject({ criterionId: z.string(), score: z.number() })),
            }),
          )
          .optional(),
        ranking: z.array(z.unknown()).optional(),
        selectedAssociationIds: z.array(z.string()),
      })
      .nullable(),
    publication: z
      .strictObject({ publishedAt: z.string(), appealWindowEndsAt: z.string(), minutes: Bilingual })
      .nullable(),
  })
  .meta({ id: 'CallOverview' });

/** Training progress per association and member (members hidden from readers). */
export const TrainingProgress = z
  .strictObject({
    asOf: z.string().nullable(),
    rolloutId: z.string(),
    enrolmentClosed: z.boolean(),
    sessionsHeld: Count,
    associations: z.array(
      z.strictObject({
        associationId: z.string(),
        name: Bilingual,
        province: z.string(),
        memberTarget: Count,
        membersNominated: Count,
        modulesCompleted: Count,
        axisOneCompleted: z.boolean(),
        members: z
          .array(
            z.strictObject({
              memberId: z.string(),
              trainingTopic: z.string(),
              modulesCompleted: z.array(z.string()),
              attendanceRatePercent: z.number(),
              evaluationScore: z.number().nullable(),
            }),
          )
          .optional(),
      }),
    ),
  })
  .meta({ id: 'TrainingProgress' });

/** Trainers and the hub's reach, direct and cascade counted apart (trainer ids hidden from readers). */
export const TrainersOverview = z
  .strictObject({
    asOf: z.string().nullable(),
    rolloutId: z.string(),
    traineesSelected: Count,
    trainersCertified: Count,
    hub: z
      .strictObject({ hubId: z.string(), trainers: Count, trainerIds: z.array(z.string()).optional() })
      .nullable(),
    reach: z.strictObject({
      directAssociations: Count,
      cascadeAssociations: Count,
      cascadeSessions: Count,
      cascadeParticipants: Count,
      cascadeAssociationsByProvince: z.record(z.string(), Count),
    }),
  })
  .meta({ id: 'TrainersOverview' });

/** `paid`: what the associations hold, `paidOut − refunded`. */
const Amounts = {
  committed: Centimes,
  awarded: Centimes,
  paid: Centimes,
  paidOut: Centimes,
  refunded: Centimes,
  remaining: z.number().int(),
};

/** The grant ledger per co-funder and per grant (public funding data: amounts, no officers). */
export const GrantLedger = z
  .strictObject({
    asOf: z.string().nullable(),
    rolloutId: z.string(),
    totals: z.strictObject(Amounts),
    coFunders: z.array(z.strictObject({ coFunderId: z.string(), name: Bilingual, ...Amounts })),
    grants: z.array(
      z.strictObject({
        grantId: z.string(),
        associationId: z.string(),
        associationName: Bilingual.nullable(),
        instrument: z.enum(['decision', 'convention']),
        awardedAt: z.string().nullable(),
        status: z.enum(['active', 'cancelled']),
        /** As awarded or last amended; a cancelled grant weighs only `awarded`. */
        amount: Centimes,
        /** What the grant weighs on the budgets: `amount`, or for a cancelled grant what is held of it. */
        awarded: Centimes,
        paid: Centimes,
        refunded: Centimes,
      }),
    ),
  })
  .meta({ id: 'GrantLedger' });

/**
 * A stream's trail: its pages of versions (see audit.ts), as many as the stream's version calls
 * for, read at once and joined. At an instant, the pages stop at the first that held nothing yet.
 */
const streamAuditTrail = async (
  deps: ReadModelRouteDependencies,
  streamId: string,
  asOf: string | undefined,
): Promise<{ readonly view: AuditView; readonly asOf: string | null } | undefined> => {
  // Ids under the store's reserved prefixes (views, snapshots, tokens) name no stream.
  if (RESERVED_PREFIXES.some((prefix) => streamId.startsWith(prefix))) return undefined;
  const version = await deps.store.streamVersion(streamId);
  const audit = auditProjectionOf(deps);
  const keys = Array.from(
    { length: version === 0 ? 0 : auditStreamPageOf(version, audit.streamPageSize) + 1 },
    (_, page) => auditStreamPageKey(streamId, page),
  );
  const documents = await readModelsOf(deps).views(audit, keys, asOf);
  const missing = documents.indexOf(undefined);
  const pages = (missing === -1 ? documents : documents.slice(0, missing)).filter(
    (document) => document !== undefined,
  );
  return joinAuditPages(pages);
};

/** An entity's audit trail: who did what, when, why, under which correlation id. */
export const AuditTrail = z
  .strictObject({
    asOf: z.string().nullable(),
    entity: z.string(),
    entries: z.array(
      z.strictObject({
        streamId: z.string(),
        version: Count,
        eventId: z.string(),
        type: z.string(),
        occurredAt: z.string(),
        recordedAt: z.string(),
        actor: z.strictObject({ id: z.string(), role: z.string() }),
        correlationId: z.string(),
        causationId: z.string().nullable(),
        why: z
          .union([
            z.string(),
            Bilingual,
            z.strictObject({
              code: z.string(),
              values: z.record(z.string(), z.union([z.number(), z.string()])),
            }),
          ])
          .nullable(),
      }),
    ),
  })
  .meta({ id: 'AuditTrail' });

const FundingRowSchema = z.strictObject(
  Object.fromEntries(
    FUNDING_FIELDS.map((field) => [
      field,
      field.endsWith('Centimes') || field.startsWith('tranches') ? z.number().int() : z.string().nullable(),
    ]),
  ) as unknown as Record<(typeof FUNDING_FIELDS)[number], z.ZodType>,
);

/** Public funding per association (circular 4/2016), fields documented in docs/open-data.md. */
export const PublicFunding = z
  .strictObject({ asOf: z.string(), fields: z.array(z.string()), rows: z.array(FundingRowSchema) })
  .meta({ id: 'PublicFunding' });

/** The annual partnership report, per region and nationally. */
export const PartnershipReport = z
  .strictObject({
    year: z.number().int(),
    asOf: z.string(),
    regions: z.array(z.unknown()),
    national: z.strictObject({
      figures: Figures,
      // The money of the year: awarded and paid are net of the year's amendments, cancellations
      // and refunds (issue 20), so a year with more coming back than going out reads negative.
      year: z.strictObject({ committed: Centimes, awarded: z.number().int(), paid: z.number().int() }),
    }),
  })
  .meta({ id: 'PartnershipReport' });

const publicFundingRows = async (models: ReadModels, asOf: string | undefined) => {
  const national = await models.view(nationalProjection, NATIONAL_KEY, asOf);
  const standings = Object.values(national?.view.rollouts ?? {}).sort((a, b) =>
    a.rolloutId.localeCompare(b.rolloutId),
  );
  const ledgers: LedgerOfRollout[] = [];
  for (const standing of standings) {
    const ledger = await models.view(grantLedgerProjection, standing.rolloutId, asOf);
    if (ledger !== undefined) ledgers.push({ standing, ledger: ledger.view });
  }
  return fundingRows(ledgers);
};

const NATIONAL_ROLES = ['ministry', 'coordinator'] as const;
const YearParams = z.strictObject({
  year: z
    .string()
    .regex(/^20[0-9]{2}$/, 'a year such as 2026')
    .transform(Number),
});
const PublicFundingQuery = AsOfQuery;

/** The CSV export: the same rows as the JSON one, as a file (a route the table cannot type as JSON). */
const publicFundingCsvRoute: HttpRoute<ReadModelRouteDependencies> = (() => {
  const route: HttpRoute<ReadModelRouteDependencies> = {
    kind: 'query',
    method: 'GET',
    path: '/open-data/public-funding/csv',
    operationId: 'exportPublicFundingCsv',
    summary: 'Public funding per association, as CSV (circular 4/2016)',
    description: 'RFC 4180 CSV, UTF-8, header row = the fields of docs/open-data.md. No personal data.',
    tags: ['open-data'],
    access: { public: true },
    request: { query: PublicFundingQuery },
    responses: { 200: { description: 'text/csv; charset=utf-8' } },
    handle: async (request, deps) => {
      const { asOf } = request.query as z.output<typeof PublicFundingQuery>;
      const rows = await publicFundingRows(readModelsOf(deps), asOf);
      return {
        status: 200,
        body: fundingCsv(rows),
        headers: {
          'content-type': 'text/csv; charset=utf-8',
          'content-disposition': 'attachment; filename="naseej-public-funding.csv"',
        },
      };
    },
  };
  checkRouteDeclaration(route, false);
  return route;
})();

/** The read models' query routes and the open-data exports. */
/** What the read models' routes need: the store and the runtime's read models. */
export type ReadModelRouteDependencies = RouteDependencies & ReadModelDependencies;

const { queryRoute } = routesNeeding<ReadModelRouteDependencies>();

export const readModelRoutes: readonly HttpRoute<ReadModelRouteDependencies>[] = [
  queryRoute({
    method: 'GET',
    path: '/views/national',
    operationId: 'readNationalOverview',
    summary: "Every region's rollout: phase and key figures",
    tags: ['read-models'],
    access: { public: true },
    request: { query: AsOfQuery },
    load: async ({ query }, deps) => nationalOverview(readModelsOf(deps), query.asOf),
    respond: ({ resource }) => ({
      asOf: resource.asOf,
      rollouts: resource.rollouts.map(({ standing, funnel }) => ({
        standing,
        figures: funnelFigures(funnel),
      })),
      waves: resource.waves as z.input<typeof NationalOverview>['waves'],
    }),
    response: NationalOverview,
  }),
  queryRoute({
    method: 'GET',
    path: '/views/regions/{regionCode}/funnel',
    operationId: 'readRegionFunnel',
    summary: "A region's funnel, from applications to grants paid, against the targets",
    description: 'The latest launched edition unless `edition` names one.',
    tags: ['read-models'],
    access: { public: true },
    request: {
      params: z.strictObject({ regionCode: RegionCode }),
      query: AsOfQuery.extend({ edition: ProgramEdition.optional() }),
    },
    load: async ({ params, query }, deps) => {
      const models = readModelsOf(deps);
      const national = await models.view(nationalProjection, NATIONAL_KEY, query.asOf);
      const standing = national
        ? rolloutsOfRegion(national.view, params.regionCode).find(
            (candidate) => query.edition === undefined || candidate.edition === query.edition,
          )
        : undefined;
      if (standing === undefined) return undefined;
      const funnel = await models.view(funnelProjection, standing.rolloutId, query.asOf);
      return funnelBody(funnel?.view ?? emptyStanding(standing), funnel?.asOf ?? national?.asOf ?? null);
    },
    respond: ({ resource }) => resource,
    response: RegionFunnel,
  }),
  queryRoute({
    method: 'GET',
    path: '/views/calls/{callId}',
    operationId: 'readCallOverview',
    summary: 'A call with its applications and committee state (a conflicted member does not see that file)',
    tags: ['read-models'],
    access: { roles: ['ministry', 'coordinator', 'committee-member', 'reader'] },
    request: { params: z.strictObject({ callId: Id }), query: AsOfQuery },
    load: async ({ params, query }, deps) =>
      readModelsOf(deps).view(callProjection, params.callId, query.asOf),
    scope: ({ resource }) => ({
      region:
        resource.view.call.status === 'not-opened' ? undefined : (resource.view.call.regionCode ?? undefined),
    }),
    respond: ({ resource, role, principal }) => {
      const { call, committee, publication } = resource.view;
      const applications = call.status === 'not-opened' ? [] : call.applications;
      const full = role === 'ministry' || role === 'coordinator';
      const member = role === 'committee-member' ? (principal?.subject ?? '') : undefined;
      const published = publication !== null;
      return {
        asOf: resource.asOf,
        callId: resource.view.callId,
        status: call.status,
        purpose: call.status === 'not-opened' ? null : call.purpose,
        regionCode: call.status === 'not-opened' ? null : call.regionCode,
        deadline: call.status === 'not-opened' ? null : call.deadline,
        ...(full || member !== undefined
          ? {
              applications: applications.map(({ declaredFacts: _declared, ...application }) => ({
                ...application,
                refusal: application.refusal && {
                  ...application.refusal,
                  failedRuleIds: [...application.refusal.failedRuleIds],
                },
              })),
            }
          : {}),
        applicationCounts: {
          received: applications.length,
          refused: applications.filter((application) => application.refusal !== null).length,
        },
        committee:
          committee.status === 'not-appointed'
            ? null
            : {
                status: committee.status,
                ...(full ? { memberIds: [...committee.memberIds], conflicts: [...committee.conflicts] } : {}),
                ...(full
                  ? {
                      scoreSheets: committee.scoreSheets.map((sheet) => ({
                        ...sheet,
                        scores: [...sheet.scores],
                      })),
                    }
                  : member !== undefined
                    ? {
                        scoreSheets: visibleScores(committee, member).map((sheet) => ({
                          ...sheet,
                          scores: [...sheet.scores],
                        })),
                        conflicts: committee.conflicts.filter((conflict) => conflict.memberId === member),
                      }
                    : {}),
                ...(full || member !== undefined ? { ranking: [...committee.ranking] } : {}),
                selectedAssociationIds: full || published ? [...committee.selectedAssociationIds] : [],
              },
        publication,
      };
    },
    response: CallOverview,
  }),
  queryRoute({
    method: 'GET',
    path: '/views/rollouts/{rolloutId}/training',
    operationId: 'readTrainingProgress',
    summary: 'Training progress per association and member (axis 1)',
    tags: ['read-models'],
    access: { roles: ['ministry', 'coordinator', 'partner', 'reader'] },
    request: { params: RolloutParams, query: AsOfQuery },
    load: async ({ params, query }, deps) =>
      readModelsOf(deps).view(trainingProjection, params.rolloutId, query.asOf),
    scope: ({ input }) => ({ region: regionOf(input.params.rolloutId), rolloutId: input.params.rolloutId }),
    respond: ({ resource, role }) => ({
      asOf: resource.asOf,
      rolloutId: resource.view.rolloutId,
      enrolmentClosed: resource.view.enrolment.closed,
      sessionsHeld: Object.keys(resource.view.sessions).length,
      associations: associationProgress(resource.view).map((association) => ({
        associationId: association.associationId,
        name: association.name,
        province: association.province,
        memberTarget: association.memberTarget,
        membersNominated: association.members.length,
        modulesCompleted: association.modulesCompleted,
        axisOneCompleted: association.axisOneCompleted,
        ...(role === 'reader'
          ? {}
          : {
              members: association.members.map((member) => ({
                ...member,
                modulesCompleted: [...member.modulesCompleted],
              })),
            }),
      })),
    }),
    response: TrainingProgress,
  }),
  queryRoute({
    method: 'GET',
    path: '/views/rollouts/{rolloutId}/trainers',
    operationId: 'readTrainersOverview',
    summary: "Trainers and the competence hub's reach, direct and cascade counted apart",
    tags: ['read-models'],
    access: { roles: ['ministry', 'coordinator', 'partner', 'reader'] },
    request: { params: RolloutParams, query: AsOfQuery },
    load: async ({ params, query }, deps) =>
      readModelsOf(deps).view(trainersProjection, params.rolloutId, query.asOf),
    scope: ({ input }) => ({ region: regionOf(input.params.rolloutId), rolloutId: input.params.rolloutId }),
    respond: ({ resource, role }) => {
      const { trainers } = resource.view;
      return {
        asOf: resource.asOf,
        rolloutId: resource.view.rolloutId,
        traineesSelected: trainers.trainees.length,
        trainersCertified: trainers.certifiedTrainerIds.length,
        hub:
          trainers.hub === null
            ? null
            : {
                hubId: trainers.hub.hubId,
                trainers: trainers.hub.trainerIds.length,
                ...(role === 'reader' ? {} : { trainerIds: [...trainers.hub.trainerIds] }),
              },
        reach: { ...trainersReach(resource.view) },
      };
    },
    response: TrainersOverview,
  }),
  queryRoute({
    method: 'GET',
    path: '/views/rollouts/{rolloutId}/grant-ledger',
    operationId: 'readGrantLedger',
    summary: 'The grant ledger per co-funder (committed, awarded, paid) and per grant',
    tags: ['read-models'],
    access: { public: true },
    request: { params: RolloutParams, query: AsOfQuery },
    load: async ({ params, query }, deps) =>
      readModelsOf(deps).view(grantLedgerProjection, params.rolloutId, query.asOf),
    respond: ({ resource }) => {
      const ledger = resource.view;
      return {
        asOf: resource.asOf,
        rolloutId: ledger.rolloutId,
        totals: ledgerTotals(ledger.grants),
        coFunders: coFunderLedger(ledger.grants),
        grants: grantsInOrder(ledger.grants).map((grant) => ({
          grantId: grant.grantId,
          associationId: grant.associationId,
          associationName: Object.hasOwn(ledger.associations, grant.associationId)
            ? (ledger.associations[grant.associationId]?.name ?? null)
            : null,
          instrument: grant.instrument.kind,
          awardedAt:
            (Object.hasOwn(ledger.awardedAt, grant.grantId) ? ledger.awardedAt[grant.grantId] : null) ?? null,
          status: grant.status,
          amount: grant.amount,
          awarded: awardedOfGrant(grant),
          paid: paidOfGrant(grant),
          refunded: refundedOfGrant(grant),
        })),
      };
    },
    response: GrantLedger,
  }),
  queryRoute({
    method: 'GET',
    path: '/views/audit/{entityKind}/{entityId}',
    operationId: 'readAuditTrail',
    summary: 'The audit trail of an entity: who did what, when, why, under which correlation id',
    description: `Entity kinds: ${AUDIT_ENTITY_KINDS.join(', ')} (\`stream\` takes any stream id).`,
    tags: ['read-models'],
    access: { roles: [...NATIONAL_ROLES] },
    request: {
      params: z.strictObject({
        entityKind: z.enum(AUDIT_ENTITY_KINDS),
        entityId: z.string().min(1).max(600),
      }),
      query: AsOfQuery,
    },
    load: async ({ params, query }, deps) =>
      params.entityKind === 'stream'
        ? streamAuditTrail(deps, params.entityId, query.asOf)
        : readModelsOf(deps).view(
            auditProjectionOf(deps),
            auditKey(params.entityKind, params.entityId),
            query.asOf,
          ),
    scope: ({ resource }) => {
      const parsed = RegionCode.safeParse(auditRegion(resource.view));
      return { region: parsed.success ? parsed.data : undefined };
    },
    respond: ({ resource }) => ({
      asOf: resource.asOf,
      entity: resource.view.entity,
      entries: resource.view.entries.map((entry) => ({ ...entry, actor: { ...entry.actor } })),
    }),
    response: AuditTrail,
  }),
  queryRoute({
    method: 'GET',
    path: '/open-data/public-funding',
    operationId: 'exportPublicFunding',
    summary: 'Public funding per association, as JSON (circular 4/2016)',
    description: 'One row per grant; fields documented in docs/open-data.md. No personal data.',
    tags: ['open-data'],
    access: { public: true },
    request: { query: PublicFundingQuery },
    load: async ({ query }, deps) => ({
      asOf: query.asOf ?? deps.clock(),
      rows: await publicFundingRows(readModelsOf(deps), query.asOf),
    }),
    respond: ({ resource }) => ({ asOf: resource.asOf, fields: [...FUNDING_FIELDS], rows: resource.rows }),
    response: PublicFunding,
  }),
  publicFundingCsvRoute,
  queryRoute({
    method: 'GET',
    path: '/open-data/partnership-report/{year}',
    operationId: 'readPartnershipReport',
    summary: 'The annual partnership report, per region and nationally (facts dated by 31 December)',
    description:
      'What is known of the year by each fact’s date: every fact that happened by 31 December, as known now, or as known at `asOf` (by recording time). ADR 0136.',
    tags: ['open-data'],
    access: { public: true },
    request: { params: YearParams, query: AsOfQuery },
    load: async ({ params, query }, deps) =>
      partnershipReportOf(readModelsOf(deps), params.year, (query as z.output<typeof AsOfQuery>).asOf),
    respond: ({ resource }) => ({ ...resource, regions: [...resource.regions] }),
    response: PartnershipReport,
  }),
];
