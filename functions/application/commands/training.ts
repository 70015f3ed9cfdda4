import { enrolmentDecider, enrolmentStreamId } from '../../domain/enrolment/enrolment.js';
import { trainersDecider, trainersStreamId } from '../../domain/trainers/trainers.js';
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
  traineeSelectionFacts,
} from '../facts.js';

// The handlers of enrolment, axis 1 (sessions, attendance, completions) and axis 2 (trainees,
// trainers, the hub, the cascade), each declared once (see command-handler.ts): the HTTP routes
// (adapters/http/routes/training.ts) and the partner webhooks (partner-reports/) call these.

const enrolment = commandHandler(enrolmentDecider);
const schedule = commandHandler(trainingScheduleDecider);
const training = commandHandler(trainingDecider);
const trainers = commandHandler(trainersDecider);

export const enrolBeneficiary = enrolment('EnrolBeneficiary', {
  stream: ({ rolloutId }) => enrolmentStreamId(rolloutId),
  facts: ({ rolloutId }, { store }) => enrolmentFacts(store, rolloutId),
});

export const nominateMember = enrolment('NominateMember', {
  stream: ({ rolloutId }) => enrolmentStreamId(rolloutId),
});

export const closeEnrolment = enrolment('CloseEnrolment', {
  stream: ({ rolloutId }) => enrolmentStreamId(rolloutId),
});

export const reportSession = schedule('ReportSession', {
  stream: ({ rolloutId }) => trainingScheduleStreamId(rolloutId),
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
  stream: ({ rolloutId }) => trainersStreamId(rolloutId),
  facts: ({ rolloutId }, { store }) => traineeSelectionFacts(store, rolloutId),
});

export const reportTrainerModuleCompletion = trainers('ReportTrainerModuleCompletion', {
  stream: ({ rolloutId }) => trainersStreamId(rolloutId),
});

export const establishCompetenceHub = trainers('EstablishCompetenceHub', {
  stream: ({ rolloutId }) => trainersStreamId(rolloutId),
  facts: async ({ rolloutId }, { store }) => ({ region: await regionOf(store, rolloutId) }),
});

export const reportCascadeSession = trainers('ReportCascadeSession', {
  stream: ({ rolloutId }) => trainersStreamId(rolloutId),
  facts: ({ rolloutId }, { store }) => cascadeFacts(store, rolloutId),
});
