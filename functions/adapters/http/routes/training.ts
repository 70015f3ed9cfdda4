import * as z from 'zod';
import { Id, ModuleCode, TrainerModuleCode } from '../../../../events/reference.js';
import {
  closeEnrolment,
  enrolBeneficiary,
  establishCompetenceHub,
  nominateMember,
  reportAttendance,
  reportCascadeSession,
  reportModuleCompletion,
  reportSession,
  reportTrainerModuleCompletion,
  selectTrainees,
} from '../../../application/commands/training.js';
import { loadStream } from '../../../application/execute-command.js';
import { rolloutScope } from '../../../application/scope.js';
import {
  CloseEnrolmentInput,
  EnrolBeneficiaryInput,
  NominateMemberInput,
} from '../../../domain/enrolment/commands.js';
import {
  enrolledAssociations,
  enrolmentDecider,
  enrolmentStreamId,
} from '../../../domain/enrolment/enrolment.js';
import { rolloutDecider } from '../../../domain/rollout/rollout.js';
import {
  EstablishCompetenceHubInput,
  ReportCascadeSessionInput,
  ReportTrainerModuleCompletionInput,
  SelectTraineesInput,
} from '../../../domain/trainers/commands.js';
import {
  certifiedTrainers,
  competenceHub,
  reach,
  selectedTrainees,
  trainerModulesOf,
  trainersDecider,
  trainersStreamId,
} from '../../../domain/trainers/trainers.js';
import {
  ReportAttendanceInput,
  ReportModuleCompletionInput,
  ReportSessionInput,
} from '../../../domain/training/commands.js';
import {
  requiredModulesByMember,
  trainingPlanDecider,
  trainingPlanStreamId,
} from '../../../domain/training/plan.js';
import {
  heldSessions,
  trainingScheduleDecider,
  trainingScheduleStreamId,
} from '../../../domain/training/schedule.js';
import {
  completedModulesOf,
  hasCompletedPlan,
  trainingDecider,
  trainingStreamId,
} from '../../../domain/training/training.js';
import { handlerRoute, queryRoute } from '../command.js';
import type { HttpRoute } from '../route.js';
import { BeneficiaryParams, MINISTRY_OR_COORDINATOR, PARTNER, RolloutParams } from './common.js';

/**
 * The operator reports its sessions and completions; the region's coordinator or the ministry key
 * them in from the signed sheets when they are late entries (a past edition, ADR 0135): the rules
 * of functions/domain/shared/fact-date.ts say who may record what, and when.
 */
const OPERATOR_OR_LATE_ENTRY = { roles: ['partner', 'ministry', 'coordinator'] } as const;

const fromRolloutPath = ({ input }: { input: { params: { rolloutId: string } } }) =>
  rolloutScope(input.params.rolloutId);

/** The bodies partners send, by JWT here or in a signed webhook (the rollout is in the path). */
export const ReportSessionBody = ReportSessionInput.omit({ rolloutId: true });
export const ReportAttendanceBody = ReportAttendanceInput.omit({ rolloutId: true, associationId: true });
export const ReportModuleCompletionBody = ReportModuleCompletionInput.omit({
  rolloutId: true,
  associationId: true,
});
export const ReportTrainerModuleBody = ReportTrainerModuleCompletionInput.omit({
  rolloutId: true,
  memberId: true,
});
export const ReportCascadeSessionBody = ReportCascadeSessionInput.omit({ rolloutId: true });

const MemberProgress = z.strictObject({
  memberId: z.string(),
  trainingTopic: ModuleCode,
  modulesCompleted: z.array(ModuleCode),
  sessionsAttended: z.number().int(),
  sessionsMissed: z.number().int(),
});

/**
 * Training progress of a rollout: axis 1 per association (and per member for everyone but
 * readers, who see counts only), axis 2 trainees and trainers, the hub and its reach.
 */
export const TrainingProgressView = z
  .strictObject({
    rolloutId: z.string(),
    sessionsHeld: z.number().int(),
    enrolmentClosed: z.boolean(),
    associations: z.array(
      z.strictObject({
        associationId: z.string(),
        province: z.string(),
        membersNominated: z.number().int(),
        membersCompletedAxisOne: z.number().int(),
        axisOneCompleted: z.boolean(),
        members: z.array(MemberProgress).optional(),
      }),
    ),
    trainees: z
      .array(
        z.strictObject({
          memberId: z.string(),
          trainerModules: z.array(TrainerModuleCode),
          certified: z.boolean(),
        }),
      )
      .optional(),
    traineesSelected: z.number().int(),
    trainersCertified: z.number().int(),
    hub: z.strictObject({ hubId: z.string(), trainerCount: z.number().int() }).nullable(),
    reach: z.strictObject({
      directAssociations: z.number().int(),
      cascadeAssociations: z.number().int(),
      cascadeSessions: z.number().int(),
      cascadeParticipants: z.number().int(),
    }),
  })
  .meta({ id: 'TrainingProgress' });

/** Routes of enrolment, axis 1 (sessions, attendance, completions) and axis 2 (trainers, hub, cascade). */
export const trainingRoutes: readonly HttpRoute[] = [
  handlerRoute(enrolBeneficiary)({
    method: 'POST',
    path: '/rollouts/{rolloutId}/beneficiaries',
    operationId: 'enrolBeneficiary',
    summary: 'Enrol an association as a direct beneficiary of the rollout',
    tags: ['enrolment'],
    access: MINISTRY_OR_COORDINATOR,
    request: { params: RolloutParams, body: EnrolBeneficiaryInput.omit({ rolloutId: true }) },
    data: ({ params, body }) => ({ ...body, rolloutId: params.rolloutId }),
    scope: fromRolloutPath,
  }),
  handlerRoute(nominateMember)({
    method: 'POST',
    path: '/rollouts/{rolloutId}/beneficiaries/{associationId}/members',
    operationId: 'nominateMember',
    summary: 'Nominate a member of an enrolled association (by id), for a training topic',
    tags: ['enrolment'],
    access: MINISTRY_OR_COORDINATOR,
    request: {
      params: BeneficiaryParams,
      body: NominateMemberInput.omit({ rolloutId: true, associationId: true }),
    },
    data: ({ params, body }) => ({ ...body, ...params }),
    scope: fromRolloutPath,
  }),
  handlerRoute(closeEnrolment)({
    method: 'POST',
    path: '/rollouts/{rolloutId}/enrolment/closure',
    operationId: 'closeEnrolment',
    summary: "Close the rollout's enrolment once every association has its members",
    tags: ['enrolment'],
    access: MINISTRY_OR_COORDINATOR,
    request: {
      params: RolloutParams,
      // Optional: a closing keyed in as it happens sends none; a past one its date (ADR 0161).
      body: CloseEnrolmentInput.omit({ rolloutId: true }).optional(),
    },
    data: ({ params, body }) => ({ ...body, rolloutId: params.rolloutId }),
    scope: fromRolloutPath,
  }),
  handlerRoute(reportSession)({
    method: 'POST',
    path: '/rollouts/{rolloutId}/sessions',
    operationId: 'reportSession',
    summary:
      'Report an axis-1 session held (the operator; also by signed webhook; late, from the signed sheet)',
    tags: ['training'],
    access: OPERATOR_OR_LATE_ENTRY,
    request: { params: RolloutParams, body: ReportSessionBody },
    data: ({ params, body }) => ({ ...body, rolloutId: params.rolloutId }),
    scope: fromRolloutPath,
  }),
  handlerRoute(reportAttendance)({
    method: 'POST',
    path: '/rollouts/{rolloutId}/beneficiaries/{associationId}/attendance',
    operationId: 'reportAttendance',
    summary: "Report which of an association's members attended a session (the operator)",
    tags: ['training'],
    access: PARTNER,
    request: { params: BeneficiaryParams, body: ReportAttendanceBody },
    data: ({ params, body }) => ({ ...body, ...params }),
    scope: fromRolloutPath,
  }),
  handlerRoute(reportModuleCompletion)({
    method: 'POST',
    path: '/rollouts/{rolloutId}/beneficiaries/{associationId}/completions',
    operationId: 'reportModuleCompletion',
    summary:
      'Report that a member completed an axis-1 module, with the evaluation score (the operator; late, from the signed sheet)',
    tags: ['training'],
    access: OPERATOR_OR_LATE_ENTRY,
    request: { params: BeneficiaryParams, body: ReportModuleCompletionBody },
    data: ({ params, body }) => ({ ...body, ...params }),
    scope: fromRolloutPath,
  }),
  handlerRoute(selectTrainees)({
    method: 'POST',
    path: '/rollouts/{rolloutId}/trainees',
    operationId: 'selectTrainees',
    summary: 'Select the trainees of axis 2 by the stated criteria (up to the trainer target)',
    tags: ['trainers'],
    access: MINISTRY_OR_COORDINATOR,
    request: { params: RolloutParams, body: SelectTraineesInput.omit({ rolloutId: true }) },
    data: ({ params, body }) => ({ ...body, rolloutId: params.rolloutId }),
    scope: fromRolloutPath,
  }),
  handlerRoute(reportTrainerModuleCompletion)({
    method: 'POST',
    path: '/rollouts/{rolloutId}/trainees/{memberId}/trainer-modules',
    operationId: 'reportTrainerModuleCompletion',
    summary:
      'Report a trainer module completed; the third certifies the trainer (the operator; a late entry from the signed sheet, the coordinator or the ministry)',
    tags: ['trainers'],
    access: OPERATOR_OR_LATE_ENTRY,
    request: { params: RolloutParams.extend({ memberId: Id }), body: ReportTrainerModuleBody },
    data: ({ params, body }) => ({ ...body, rolloutId: params.rolloutId, memberId: params.memberId }),
    scope: fromRolloutPath,
  }),
  handlerRoute(establishCompetenceHub)({
    method: 'PUT',
    path: '/rollouts/{rolloutId}/hub',
    operationId: 'establishCompetenceHub',
    summary: "Establish the region's competence hub with the certified trainers",
    tags: ['trainers'],
    access: MINISTRY_OR_COORDINATOR,
    request: { params: RolloutParams, body: EstablishCompetenceHubInput.omit({ rolloutId: true }) },
    data: ({ params, body }) => ({ ...body, rolloutId: params.rolloutId }),
    scope: fromRolloutPath,
  }),
  handlerRoute(reportCascadeSession)({
    method: 'POST',
    path: '/rollouts/{rolloutId}/cascade-sessions',
    operationId: 'reportCascadeSession',
    summary: "Report a cascade session run by a hub trainer in one of the region's provinces (the operator)",
    tags: ['trainers'],
    access: PARTNER,
    request: { params: RolloutParams, body: ReportCascadeSessionBody },
    data: ({ params, body }) => ({ ...body, rolloutId: params.rolloutId }),
    scope: fromRolloutPath,
  }),
  queryRoute({
    method: 'GET',
    path: '/rollouts/{rolloutId}/training',
    operationId: 'getTrainingProgress',
    summary: 'Training progress per association and member, trainers, the hub and its reach',
    tags: ['training'],
    access: { roles: ['ministry', 'coordinator', 'partner', 'reader'] },
    request: { params: RolloutParams },
    load: async ({ params }, deps) => {
      const rollout = await loadStream(deps.store, params.rolloutId, rolloutDecider);
      if (rollout.state.status === 'not-launched') return undefined;
      const enrolment = await loadStream(deps.store, enrolmentStreamId(params.rolloutId), enrolmentDecider);
      const schedule = await loadStream(
        deps.store,
        trainingScheduleStreamId(params.rolloutId),
        trainingScheduleDecider,
      );
      const trainers = await loadStream(deps.store, trainersStreamId(params.rolloutId), trainersDecider);
      const plan = await loadStream(deps.store, trainingPlanStreamId(params.rolloutId), trainingPlanDecider);
      const associations = [];
      for (const association of enrolledAssociations(enrolment.state)) {
        const training = await loadStream(
          deps.store,
          trainingStreamId(params.rolloutId, association.associationId),
          trainingDecider,
        );
        const required = requiredModulesByMember(plan.state, association.members);
        associations.push({ association, training: training.state, required });
      }
      return {
        rolloutId: params.rolloutId,
        enrolment: enrolment.state,
        enrolmentVersion: enrolment.version,
        sessionsHeld: heldSessions(schedule.state).length,
        trainers: trainers.state,
        associations,
      };
    },
    scope: ({ resource }) => rolloutScope(resource.rolloutId),
    respond: ({ resource, role }) => {
      const detailed = role !== 'reader';
      const certified = new Set(certifiedTrainers(resource.trainers));
      const hub = competenceHub(resource.trainers);
      const directIds = resource.associations.map(({ association }) => association.associationId);
      const { cascadeAssociationsByProvince: _byProvince, ...reachFigures } = reach(
        resource.trainers,
        directIds,
      );
      return {
        rolloutId: resource.rolloutId,
        sessionsHeld: resource.sessionsHeld,
        enrolmentClosed: resource.enrolment.closed,
        associations: resource.associations.map(({ association, training, required }) => {
          const members = association.members.map((member) => {
            const entries = training.attendance.filter((entry) => entry.memberId === member.memberId);
            return {
              memberId: member.memberId,
              trainingTopic: member.trainingTopic,
              modulesCompleted: [...completedModulesOf(training, member.memberId)],
              sessionsAttended: entries.filter((entry) => entry.attended).length,
              sessionsMissed: entries.filter((entry) => !entry.attended).length,
            };
          });
          return {
            associationId: association.associationId,
            province: association.province,
            membersNominated: association.members.length,
            // Against each member's plan (docs/adr/0087-training-plan-by-topic.md): all eight without one.
            membersCompletedAxisOne: members.filter((member) =>
              hasCompletedPlan(training, member.memberId, required[member.memberId]),
            ).length,
            axisOneCompleted: training.axisOneCompleted,
            ...(detailed ? { members } : {}),
          };
        }),
        ...(detailed
          ? {
              trainees: selectedTrainees(resource.trainers).map((trainee) => ({
                memberId: trainee.memberId,
                trainerModules: [...trainerModulesOf(resource.trainers, trainee.memberId)],
                certified: certified.has(trainee.memberId),
              })),
            }
          : {}),
        traineesSelected: selectedTrainees(resource.trainers).length,
        trainersCertified: certified.size,
        hub: hub === null ? null : { hubId: hub.hubId, trainerCount: hub.trainerIds.length },
        reach: reachFigures,
      };
    },
    response: TrainingProgressView,
    etag: (resource) => resource.enrolmentVersion,
  }),
];
