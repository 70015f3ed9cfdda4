import { enrolmentDecider, enrolmentStreamId } from '../../domain/enrolment/enrolment.js';
import { trainersDecider, trainersStreamId } from '../../domain/trainers/trainers.js';
import { trainingPlanDecider, trainingPlanStreamId } from '../../domain/training/plan.js';
import { trainingScheduleDecider, trainingScheduleStreamId } from '../../domain/training/schedule.js';
import { trainingDecider, trainingStreamId } from '../../domain/training/training.js';
import { commandHandler } from '../command-handler.js';
import {
  attendanceFacts,
  cascadeFacts,
  enrolmentFacts,
  moduleCompletionFacts,
  regionOf,
  regionProvincesOf,
  replacementFacts,
  traineeSelectionFacts,
  trainingPlanFacts,
  withdrawalFacts,
} from '../facts.js';

// The handlers of enrolment and its changes (withdrawal, replacements), axis 1 (its plan, sessions,
// attendance, completions) and axis 2 (trainees, trainer modules, the hub, the cascade), each
// declared once (see command-handler.ts): the HTTP routes (adapters/http/routes/training.ts,
// enrolment-changes.ts, corrections.ts) and the partner webhooks (partner-reports/) call these.

const enrolment = commandHandler(enrolmentDecider);
const schedule = commandHandler(trainingScheduleDecider);
const training = commandHandler(trainingDecider);
const trainers = commandHandler(trainersDecider);
const plan = commandHandler(trainingPlanDecider);

/** The streams of a rollout's enrolment, schedule and trainers, named by the command's `rolloutId`. */
type OfRollout = { readonly rolloutId: string };
const enrolmentStream = ({ rolloutId }: OfRollout) => enrolmentStreamId(rolloutId);
const scheduleStream = ({ rolloutId }: OfRollout) => trainingScheduleStreamId(rolloutId);
const trainersStream = ({ rolloutId }: OfRollout) => trainersStreamId(rolloutId);

export const enrolBeneficiary = enrolment('EnrolBeneficiary', {
  stream: enrolmentStream,
  facts: ({ rolloutId }, { store }) => enrolmentFacts(store, rolloutId),
});

export const withdrawBeneficiary = enrolment('WithdrawBeneficiary', {
  stream: enrolmentStream,
  facts: ({ rolloutId }, { store }) => withdrawalFacts(store, rolloutId),
});

export const replaceBeneficiary = enrolment('ReplaceBeneficiary', {
  stream: enrolmentStream,
  facts: ({ rolloutId }, { store }) => replacementFacts(store, rolloutId),
});

export const replaceMember = enrolment('ReplaceMember', { stream: enrolmentStream });

export const nominateMember = enrolment('NominateMember', {
  stream: enrolmentStream,
});

export const closeEnrolment = enrolment('CloseEnrolment', {
  stream: enrolmentStream,
});

/** The region's axis-1 plan by topic (docs/adr/0087-training-plan-by-topic.md), before the first session. */
export const setTrainingPlan = plan('SetTrainingPlan', {
  stream: ({ rolloutId }) => trainingPlanStreamId(rolloutId),
  facts: ({ rolloutId }, { store }) => trainingPlanFacts(store, rolloutId),
});

export const reportSession = schedule('ReportSession', {
  stream: scheduleStream,
  facts: async ({ rolloutId }, { store }) => ({ regionProvinces: await regionProvincesOf(store, rolloutId) }),
});

export const reportAttendance = training('ReportAttendance', {
  stream: ({ rolloutId, associationId }) => trainingStreamId(rolloutId, associationId),
  facts: ({ rolloutId, associationId, sessionId }, { store }) =>
    attendanceFacts(store, rolloutId, associationId, sessionId),
});

export const reportModuleCompletion = training('ReportModuleCompletion', {
  stream: ({ rolloutId, associationId }) => trainingStreamId(rolloutId, associationId),
  facts: ({ rolloutId, associationId, module }, { store }) =>
    moduleCompletionFacts(store, rolloutId, associationId, module),
});

export const selectTrainees = trainers('SelectTrainees', {
  stream: trainersStream,
  facts: ({ rolloutId }, { store }) => traineeSelectionFacts(store, rolloutId),
});

export const reportTrainerModuleCompletion = trainers('ReportTrainerModuleCompletion', {
  stream: trainersStream,
});

export const establishCompetenceHub = trainers('EstablishCompetenceHub', {
  stream: trainersStream,
  facts: async ({ rolloutId }, { store }) => ({ region: await regionOf(store, rolloutId) }),
});

export const reportCascadeSession = trainers('ReportCascadeSession', {
  stream: trainersStream,
  facts: ({ rolloutId }, { store }) => cascadeFacts(store, rolloutId),
});

export const correctAttendance = training('CorrectAttendance', {
  stream: ({ rolloutId, associationId }) => trainingStreamId(rolloutId, associationId),
});

export const withdrawModuleCompletion = training('WithdrawModuleCompletion', {
  stream: ({ rolloutId, associationId }) => trainingStreamId(rolloutId, associationId),
});
