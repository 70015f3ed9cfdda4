import type { Actor } from '../../../events/envelope.js';
import { trainersDecider, trainersStreamId } from '../../domain/trainers/trainers.js';
import { trainingScheduleDecider, trainingScheduleStreamId } from '../../domain/training/schedule.js';
import { trainingDecider, trainingStreamId } from '../../domain/training/training.js';
import { type CommandOutcome, type CommandServices, executeCommand } from '../execute-command.js';
import { attendanceFacts, cascadeFacts, moduleCompletionFacts, regionProvincesOf } from '../facts.js';
import type { PartnerReport } from './reports.js';

/** How a report is recorded: the actor, the correlation id and the command id that makes it once only. */
export interface ReportContext {
  readonly actor: Actor;
  readonly correlationId: string;
  readonly commandId: string;
}

/**
 * Records one partner report through the shared application service: the command of the matching
 * decider, its facts read from the other aggregates (as the HTTP routes read them).
 */
export const executePartnerReport = async (
  services: CommandServices,
  report: PartnerReport,
  context: ReportContext,
): Promise<CommandOutcome<unknown>> => {
  const { store } = services;
  const common = { actor: context.actor, correlationId: context.correlationId, commandId: context.commandId };
  switch (report.type) {
    case 'session.held':
      return executeCommand(services, trainingScheduleDecider, {
        ...common,
        streamId: trainingScheduleStreamId(report.data.rolloutId),
        command: {
          type: 'ReportSession',
          data: report.data,
          facts: { regionProvinces: await regionProvincesOf(store, report.data.rolloutId) },
        },
      });
    case 'attendance.reported': {
      const { rolloutId, associationId, sessionId } = report.data;
      return executeCommand(services, trainingDecider, {
        ...common,
        streamId: trainingStreamId(rolloutId, associationId),
        command: {
          type: 'ReportAttendance',
          data: report.data,
          facts: await attendanceFacts(store, rolloutId, associationId, sessionId),
        },
      });
    }
    case 'module.completed': {
      const { rolloutId, associationId, module } = report.data;
      return executeCommand(services, trainingDecider, {
        ...common,
        streamId: trainingStreamId(rolloutId, associationId),
        command: {
          type: 'ReportModuleCompletion',
          data: report.data,
          facts: await moduleCompletionFacts(store, rolloutId, associationId, module),
        },
      });
    }
    case 'trainer-module.completed':
      return executeCommand(services, trainersDecider, {
        ...common,
        streamId: trainersStreamId(report.data.rolloutId),
        command: { type: 'ReportTrainerModuleCompletion', data: report.data },
      });
    case 'cascade-session.held':
      return executeCommand(services, trainersDecider, {
        ...common,
        streamId: trainersStreamId(report.data.rolloutId),
        command: {
          type: 'ReportCascadeSession',
          data: report.data,
          facts: await cascadeFacts(store, report.data.rolloutId),
        },
      });
    default:
      return report satisfies never;
  }
};
