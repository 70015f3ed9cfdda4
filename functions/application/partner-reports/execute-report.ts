import type { Actor } from '../../../events/envelope.js';
import { type AnyCommandHandler, handleCommand } from '../command-handler.js';
import {
  reportAttendance,
  reportCascadeSession,
  reportModuleCompletion,
  reportSession,
  reportTrainerModuleCompletion,
} from '../commands/training.js';
import type { CommandOutcome, CommandServices } from '../execute-command.js';
import type { PartnerReport } from './reports.js';

/** How a report is recorded: the actor, the correlation id and the command id that makes it once only. */
export interface ReportContext {
  readonly actor: Actor;
  readonly correlationId: string;
  readonly commandId: string;
}

/** The command handler each partner report runs: the same handlers as the HTTP routes'. */
export const PARTNER_REPORT_HANDLERS = {
  'session.held': reportSession,
  'attendance.reported': reportAttendance,
  'module.completed': reportModuleCompletion,
  'trainer-module.completed': reportTrainerModuleCompletion,
  'cascade-session.held': reportCascadeSession,
} as const satisfies Record<PartnerReport['type'], AnyCommandHandler>;

/**
 * The stream a report's command changes, from the report alone: where a replay of its delivery
 * finds the commit carrying its command id (docs/adr/0145-webhook-deliveries-by-command-id.md).
 */
export const partnerReportStream = (report: PartnerReport): string | undefined =>
  (PARTNER_REPORT_HANDLERS[report.type] as AnyCommandHandler).streamOf?.(report.data, undefined);

/**
 * Records one partner report: its data is the command's data, run through the command's handler
 * (its stream, its facts, its decider), as the HTTP route of the same command runs it.
 */
export const executePartnerReport = async (
  services: CommandServices,
  report: PartnerReport,
  context: ReportContext,
): Promise<CommandOutcome<unknown>> => {
  const call = { actor: context.actor, correlationId: context.correlationId, commandId: context.commandId };
  switch (report.type) {
    case 'session.held':
      return handleCommand(services, PARTNER_REPORT_HANDLERS[report.type], report.data, call);
    case 'attendance.reported':
      return handleCommand(services, PARTNER_REPORT_HANDLERS[report.type], report.data, call);
    case 'module.completed':
      return handleCommand(services, PARTNER_REPORT_HANDLERS[report.type], report.data, call);
    case 'trainer-module.completed':
      return handleCommand(services, PARTNER_REPORT_HANDLERS[report.type], report.data, call);
    case 'cascade-session.held':
      return handleCommand(services, PARTNER_REPORT_HANDLERS[report.type], report.data, call);
    default:
      return report satisfies never;
  }
};
